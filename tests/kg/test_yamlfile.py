import pytest

from kg.errors import SeedError
from kg.yamlfile import MAX_DEPTH, loads


def test_lines_of_keys_and_items():
    doc = loads("a: 1\nb:\n  - x: 1\n  - y: 2\n", "f.yaml")
    assert doc.line_of("b") == 2
    assert doc["b"].line_of(1) == 4
    assert doc["b"][1].line_of("y") == 4


def test_syntax_error_names_line():
    with pytest.raises(SeedError) as info:
        loads("a: 1\nb: [1, 2\nc: 3\n", "f.yaml")
    assert info.value.file == "f.yaml"
    assert info.value.line == 2  # where the bracket that is never closed opens, not where it is noticed
    assert "starts on this line" in info.value.message


def test_aliases_are_refused():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(SeedError, match="aliases"):
        loads(bomb, "bomb.yaml")


def test_duplicate_key_is_refused_with_both_lines():
    with pytest.raises(SeedError) as info:
        loads("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert info.value.line == 3
    assert "first on line 1" in info.value.message


def test_an_impossible_date_is_left_as_text_for_its_record_to_refuse():
    # so that it does not hide the file's other problems (tests/kg/pipeline/test_lenient.py)
    parsed = loads("x: 1\nissued: 2022-02-30\nok: 2022-02-28\n", "f.yaml")
    assert parsed["issued"] == "2022-02-30" and parsed.line_of("issued") == 2
    assert str(parsed["ok"]) == "2022-02-28" and not isinstance(parsed["ok"], str)


def test_deep_nesting_is_refused():
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(SeedError, match="nesting"):
        loads(text, "deep.yaml")


def test_oversized_text_is_refused():
    with pytest.raises(SeedError, match="larger than"):
        loads("a: '" + "x" * (3 * 1024 * 1024) + "'\n", "big.yaml")
