from kg.ask.report import collect, markdown
from kg.cli import main


def test_figures_of_the_test_graph(store):
    report = collect(store)
    assert (report["documents"], report["issuers"], report["designations"]) == (3, 2, 12)
    # the RUS threat facet of tst-2020 rests on unverified evidence only
    assert report["by_verification"] == {"verbatim-official": 11, "verbatim-secondary": 0, "third-party-translation": 0,
                                         "unverified": 1}
    assert report["verified_share"] == 11 / 12
    assert [u["target"] for u in report["unverified"]] == ["RUS"]
    assert report["by_category"]["threat"] == 3
    assert report["pairs_with_a_move"] == 1
    assert report["changes_by_kind"]["CategoryMove"] == 1


def test_markdown_lists_documents_moves_and_unverified(store):
    text = markdown(collect(store))
    assert "| JPN | Test Strategy 2020 (2020) (`tst-2020`) | tst | 2020-12-01 | 6 |" in text
    assert "| 2020 | JPN | RUS | partner | concern | CategoryMove | medium | yes | no |" in text
    assert '- `tst-2020` on RUS (threat): "a direct threat in Europe"' in text


def test_check_detects_a_stale_report(store_root, tmp_path, capsys):
    out = tmp_path / "COVERAGE.md"
    assert main(["report", "--store", str(store_root), "--out", str(out)]) == 0
    assert main(["report", "--store", str(store_root), "--check", str(out)]) == 0
    out.write_text(out.read_text() + "edited\n")
    assert main(["report", "--store", str(store_root), "--check", str(out)]) == 1
    assert "out of date" in capsys.readouterr().err
