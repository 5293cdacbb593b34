"""The CLI: exit codes and messages a curator or analyst sees."""

import json

from kg.cli import main
from tests.conftest import FIXTURE_SEEDS, edit, line_of


def test_validate_ok(capsys):
    assert main(["validate", "--seeds", str(FIXTURE_SEEDS)]) == 0
    assert "valid: 3 documents, 12 designations" in capsys.readouterr().out


def test_validate_reports_file_and_line(seeds_copy, capsys):
    doc = seeds_copy / "jpn" / "tst-2020.yaml"
    edit(doc, "    - target: PRK", "    - target: XYZ")
    assert main(["validate", "--seeds", str(seeds_copy)]) == 1
    err = capsys.readouterr().err
    assert f"tst-2020.yaml:{line_of(doc, 'target: XYZ')}:" in err
    assert "[Designation-target]" in err


def test_build_failure_keeps_store_and_says_so(seeds_copy, tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["build", "--seeds", str(seeds_copy), "--store", str(store)]) == 0
    edit(seeds_copy / "jpn" / "tst-2010.yaml", "  language: en\n", "  language: en\n  colour: red\n")
    assert main(["build", "--seeds", str(seeds_copy), "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert "unknown field 'colour'" in err and "store in service was not changed" in err
    assert main(["changes", "--year", "2020", "--store", str(store), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["target"] == "RUS"


def test_changes_table(store_root, capsys):
    assert main(["changes", "--year", "2020", "--store", str(store_root)]) == 0
    out = capsys.readouterr().out
    assert ("JPN on RUS: partner -> concern [CategoryMove, toward hostility (+3), crosses a band, "
            "confidence medium]") in out
    assert '"cooperation with Russia in all areas" (en, verbatim-official)' in out


def test_named_query_csv(store_root, capsys):
    assert main(["query", "--name", "moved_category", "--param", "year=2020",
                 "--format", "csv", "--store", str(store_root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("change,issuer,target,fromCategory,toCategory")
    assert len(lines) == 2


def test_sparql_query_and_refusals(store_root, capsys):
    assert main(["query", "ASK { ?s ?p ?o }", "--store", str(store_root)]) == 0
    assert capsys.readouterr().out.strip() == "true"
    assert main(["query", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
                 "--store", str(store_root)]) == 2
    assert "SERVICE" in capsys.readouterr().err
    assert main(["query", "SELEC nothing", "--store", str(store_root)]) == 2
    assert "SPARQL syntax" in capsys.readouterr().err


def test_bad_parameter_names_it(store_root, capsys):
    assert main(["query", "--name", "moved_category", "--param", "year=20", "--store", str(store_root)]) == 2
    assert "parameter 'year'" in capsys.readouterr().err


def test_queries_lists_every_named_query(capsys):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    assert "moved_category(year:gYear" in out and "dyad_timeline(" in out


def test_export_to_file(store_root, tmp_path):
    out = tmp_path / "dump.ttl"
    assert main(["export", "--format", "turtle", "--out", str(out), "--store", str(store_root)]) == 0
    assert "@prefix seckg:" in out.read_text()


def test_suggest_proposes_entries_to_paste_and_measures_itself(store_root, capsys):
    assert main(["suggest", "--document", "tst-2010", "--include-coded", "--store", str(store_root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# tst-2010: 3 proposals")
    assert "## 1. #char=" in out and "source: tst-official" in out and "verification: verbatim-official" in out
    assert main(["suggest", "--document", "tst-2010", "--store", str(store_root)]) == 0
    assert capsys.readouterr().out.startswith("# tst-2010: 0 proposals")  # all three are coded
    assert main(["suggest", "--document", "tst-2010", "--measure", "--format", "json",
                 "--store", str(store_root)]) == 0
    assert json.loads(capsys.readouterr().out)["recall"] == 0.75


def test_changes_takes_a_direction(store_root, capsys):
    assert main(["changes", "--year", "2020", "--direction", "friendship", "--store", str(store_root)]) == 0
    assert "no changes in 2020" in capsys.readouterr().err
    assert main(["changes", "--year", "2020", "--direction", "hostility", "--store", str(store_root)]) == 0
    assert "JPN on RUS: partner -> concern" in capsys.readouterr().out


def test_a_misspelled_code_on_the_command_line(store_root, capsys):
    assert main(["changes", "--year", "2020", "--issuer", "JAP", "--store", str(store_root)]) != 0
    err = capsys.readouterr().err
    assert "parameter 'issuer'" in err and "the closest known: JPN" in err
