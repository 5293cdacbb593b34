"""One run of seckg validate reports every problem of every file, each at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import validate
from kg.errors import SeedsInvalid
from tests.conftest import edit, line_of

NEW = Path("jpn") / "tst-2020.yaml"
OLD = Path("jpn") / "tst-2010.yaml"


def problems(seeds: Path) -> list[tuple[str, int | None, str]]:
    with pytest.raises(SeedsInvalid) as raised:
        validate(seeds)
    return [(Path(str(e.file)).name, e.line, f"{e.message} [{e.shape}]" if e.shape else e.message)
            for e in raised.value.errors]


def test_a_misspelled_key_does_not_hide_an_unknown_target(seeds_copy: Path) -> None:
    doc = seeds_copy / NEW
    edit(doc, "    - target: CHN\n      section: environment\n", "    - target: CHN\n      sectoin: environment\n")
    edit(doc, "    - target: PRK\n", "    - target: XYZ\n")
    found = problems(seeds_copy)
    assert ("tst-2020.yaml", line_of(doc, "sectoin:"), "unknown field 'sectoin' (see seeds/README.md for the "
            "fields of this record)") in found
    [target] = [p for p in found if "[Designation-target]" in p[2]]
    assert target[1] == line_of(doc, "target: XYZ")
    assert len(found) == 2  # not blamed again on the coverage line the graph infers from the target


def test_a_bad_date_does_not_hide_a_bad_verification(seeds_copy: Path) -> None:
    doc = seeds_copy / OLD
    edit(doc, "  issued: 2010-06-01", "  issued: 2010-13-01")
    edit(doc, "verification: verbatim-official, page: 12}", "verification: verbatim-officail, page: 12}")
    found = problems(seeds_copy)
    assert [line for _, line, _ in found] == [line_of(doc, "issued:"), line_of(doc, "verbatim-officail")]
    assert "'document.issued'" in found[0][2] and "'verbatim-officail' is not one of" in found[1][2]


def test_an_unclosed_quote_is_reported_where_it_opens(seeds_copy: Path) -> None:
    doc = seeds_copy / OLD
    edit(doc, '{quote: "China is a concern", lang', '{quote: "China is a concern, lang')
    [(name, line, message)] = problems(seeds_copy)
    assert (name, line) == ("tst-2010.yaml", line_of(doc, "China is a concern")) and "YAML syntax" in message
    assert "starts on this line" in message


def test_a_file_that_cannot_be_read_on_past_gives_only_its_own_problems(seeds_copy: Path) -> None:
    edit(seeds_copy / OLD, "  issued: 2010-06-01", "  issued: 2010-13-01")  # the document itself: not pruned
    edit(seeds_copy / NEW, "    - target: PRK\n", "    - target: XYZ\n")
    found = problems(seeds_copy)
    assert [name for name, _, _ in found] == ["tst-2010.yaml"]  # no cascade from the graph's checks
