"""Graph-level problems (SHACL after inference) come back as file:line with the shape that fired."""

from pathlib import Path

import pytest

from kg.build import validate
from kg.errors import SeedsInvalid
from tests.conftest import edit, line_of


def shacl_problems(root: Path) -> list:
    with pytest.raises(SeedsInvalid) as info:
        validate(root)
    return info.value.errors


def test_fixture_seeds_are_valid():
    from tests.conftest import FIXTURE_SEEDS

    assert validate(FIXTURE_SEEDS).counts["designations"] == 12


def test_unknown_target_actor(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2020.yaml"
    edit(doc, "    - target: PRK", "    - target: XYZ")
    errors = shacl_problems(seeds_copy)
    target = [e for e in errors if e.shape == "Designation-target"]
    assert target and target[0].line == line_of(doc, "target: XYZ")
    assert str(target[0].file).endswith("tst-2020.yaml")


def test_unknown_category(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, "      category: cooperation", "      category: frenemy")
    errors = shacl_problems(seeds_copy)
    assert {e.shape for e in errors} == {"Designation-category"}
    assert errors[0].line == line_of(doc, "category: frenemy")


def test_conflicting_categories(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    # the section implies partner; an explicit threat disagrees
    edit(doc, "      section: partners\n", "      section: partners\n      category: threat\n")
    errors = shacl_problems(seeds_copy)
    assert [e.shape for e in errors] == ["Designation-category"]
    assert "exactly one category" in errors[0].message


def test_unknown_term(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, "      term: concern-a", "      term: concern-z")
    shapes = {e.shape for e in shacl_problems(seeds_copy)}
    assert "Designation-term" in shapes


def test_unknown_source(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, "lang: en, source: tst-official, verification: verbatim-official, page: 12",
         "lang: en, source: nowhere, verification: verbatim-official, page: 12")
    [error] = shacl_problems(seeds_copy)
    assert error.shape == "Evidence-source"
    assert error.line == line_of(doc, "source: nowhere")


def test_self_designation(seeds_copy):
    doc = seeds_copy / "nato" / "tc-2022.yaml"
    edit(doc, "    - target: JPN", "    - target: NATO")
    errors = shacl_problems(seeds_copy)
    assert [e.shape for e in errors] == ["Designation-issuer-differs-from-target"]
    assert errors[0].line == line_of(doc, "target: NATO")


def test_edition_replacing_a_later_one(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2020.yaml"
    edit(doc, "  issued: 2020-12-01", "  issued: 2009-12-01")
    errors = shacl_problems(seeds_copy)
    assert [e.shape for e in errors] == ["StrategyDocument-replaces-earlier-edition"]
    assert errors[0].line == line_of(doc, "replaces: tst-2010")


def test_unknown_series(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, "  series: tst", "  series: tsx")
    errors = shacl_problems(seeds_copy)
    assert "StrategyDocument-series" in {e.shape for e in errors}


def test_unknown_iso_code(seeds_copy):
    actors = seeds_copy / "actors.yaml"
    edit(actors, "{code: IND, kind: state", "{code: XXA, kind: state")
    edit(seeds_copy / "jpn" / "tst-2010.yaml", "[RUS, CHN, KOR, USA, IND, AUS]", "[RUS, CHN, KOR, USA, XXA, AUS]")
    errors = shacl_problems(seeds_copy)
    assert [e.shape for e in errors] == ["State-iso-code"]
    assert errors[0].line == line_of(actors, "XXA")


def test_unknown_or_missing_rule(seeds_copy):
    """Every designation names a codebook rule (seeds/CODEBOOK.md); an unknown one is refused at its line."""
    doc = seeds_copy / "jpn" / "tst-2020.yaml"
    edit(doc, "      rules: [R2.9]\n      evidence:\n        - {quote: \"a grave threat\"",
         "      rules: [R99]\n      evidence:\n        - {quote: \"a grave threat\"")
    old = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(old, "      rules: [R2.3]\n", "")
    errors = [e for e in shacl_problems(seeds_copy) if e.shape == "Designation-rule"]
    where = {(Path(e.file).name, e.line) for e in errors}
    assert ("tst-2020.yaml", line_of(doc, "rules: [R99]")) in where
    assert any(name == "tst-2010.yaml" for name, _ in where) and len(errors) == 2


def test_malformed_rule_is_a_seeds_error(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2020.yaml"
    edit(doc, "      rules: [R2.9]\n      evidence:\n        - {quote: \"a grave threat\"",
         "      rules: [threat]\n      evidence:\n        - {quote: \"a grave threat\"")
    [error] = [e for e in shacl_problems(seeds_copy) if "rules" in e.message]
    assert error.line == line_of(doc, "rules: [threat]")
