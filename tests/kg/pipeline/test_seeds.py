"""Structural checks of the seeds: each problem is one message with file and line."""

from pathlib import Path

import pytest

from kg.errors import SeedsInvalid
from kg.pipeline.seeds import read_seeds
from tests.conftest import FIXTURE_SEEDS, edit, line_of


def problems(root: Path) -> list:
    with pytest.raises(SeedsInvalid) as info:
        read_seeds(root)
    return info.value.errors


def test_fixture_seeds_read():
    seeds = read_seeds(FIXTURE_SEEDS)
    assert sorted(seeds.documents) == ["nato-tc-2022", "tst-2010", "tst-2020"]
    assert "NATO" in seeds.actors


def test_unknown_field(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, "  language: en\n", "  language: en\n  langauge: fr\n")
    [error] = problems(seeds_copy)
    assert error.line == line_of(doc, "langauge")
    assert "unknown field 'langauge'" in error.message
    assert str(error.file).endswith("tst-2010.yaml")


def test_missing_required_field(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, "  issued: 2010-06-01\n", "")
    [error] = problems(seeds_copy)
    assert "missing required field 'document.issued'" in error.message
    assert error.line == line_of(doc, "document:")


def test_bad_value_names_its_line(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, "verification: verbatim-official, page: 12", "verification: probably, page: 12")
    [error] = problems(seeds_copy)
    assert error.line == line_of(doc, "verification: probably")
    assert "probably" in error.message


def test_yaml_syntax_error(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2020.yaml"
    edit(doc, "  coverage: [RUS, CHN, KOR, USA, PRK, AUS]", "  coverage: [RUS, CHN")
    [error] = problems(seeds_copy)
    assert "YAML syntax" in error.message
    assert error.line is not None and error.line >= line_of(doc, "coverage:")


def test_duplicate_document_id(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2020.yaml"
    edit(doc, "  id: tst-2020", "  id: tst-2010")
    errors = problems(seeds_copy)
    assert any("duplicate document 'tst-2010'" in e.message and e.line == line_of(doc, "id: tst-2010")
               for e in errors)


def test_duplicate_designation_needs_an_id(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, "    - target: KOR\n      category: cooperation", "    - target: USA\n      category: ally")
    [error] = problems(seeds_copy)
    assert "duplicate designation 'usa/ally'" in error.message


def test_section_of_another_document(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2020.yaml"
    edit(doc, "      section: environment\n      term: concern-b", "      section: partners\n      term: concern-b")
    [error] = problems(seeds_copy)
    assert "section 'partners' is not a section of document 'tst-2020'" in error.message
    assert error.line == line_of(doc, "section: partners")


def test_quote_without_source(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, '{quote: "China is a concern", lang: en, source: tst-official, ',
         '{quote: "China is a concern", lang: en, ')
    [error] = problems(seeds_copy)
    assert "source" in error.message
    assert error.line == line_of(doc, "China is a concern")


def test_quote_with_edge_spaces(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(doc, '"China is a concern"', '" China is a concern"')
    [error] = problems(seeds_copy)
    assert "white space" in error.message


def test_all_problems_are_reported_together(seeds_copy):
    edit(seeds_copy / "jpn" / "tst-2010.yaml", "  language: en\n", "  language: en\n  colour: red\n")
    edit(seeds_copy / "jpn" / "tst-2020.yaml", "  language: ja\n", "  language: ja\n  flavour: sweet\n")
    assert len(problems(seeds_copy)) == 2


def test_not_a_seeds_file(seeds_copy):
    (seeds_copy / "stray.yaml").write_text("something: else\n")
    [error] = problems(seeds_copy)
    assert "not a seeds file" in error.message


def test_a_target_has_one_depth_of_reading(seeds_copy):
    doc = seeds_copy / "jpn" / "tst-2020.yaml"
    edit(doc, "  coverage: [RUS, CHN, KOR, USA, PRK, AUS]",
         "  coverage:\n    full-text: [RUS, CHN]\n    excerpts: [RUS, KOR, USA, PRK, AUS]")
    with pytest.raises(SeedsInvalid) as info:
        read_seeds(seeds_copy)
    [error] = info.value.errors
    assert "RUS" in error.message and "one depth of reading" in error.message
    assert error.line == line_of(doc, "  coverage:")


def test_files_read_in_worker_processes_give_what_one_process_gives(tmp_path, monkeypatch):
    """Many files are parsed in worker processes: the same records, lines and problems, in order."""
    from kg.pipeline import seeds as seeds_module
    from kg.pipeline.synth import synth

    folder = tmp_path / "synth"
    synth(folder, issuers=6, editions=3, targets=5, seed=1)
    broken = next(p for p in sorted(folder.rglob("*.yaml")) if "issued:" in p.read_text(encoding="utf-8"))
    broken.write_text(broken.read_text(encoding="utf-8").replace("issued:", "isued:", 1), encoding="utf-8")

    def read(parallel_from: int):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(seeds_module, "PARALLEL_FROM", parallel_from)
        found = read_seeds(folder, lenient=True)
        return ({k: (d, w.file, w.raw.line) for k, (d, w) in found.documents.items()},
                [(a, w.file) for a, w in found.actors.values()], [(r, w.file) for r, w in found.registers],
                [str(e) for e in found.problems], found.whole)

    one, many = read(10**9), read(1)
    assert one == many
    assert one[0] and any("isued" in p for p in one[3])
