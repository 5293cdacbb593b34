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


def test_the_matrix_counts_editions_each_way_and_names_the_pairs_coded_one_way() -> None:
    from kg.ask.report import _evidence_markdown, _matrix_markdown

    counts = {("USA", "PRK"): 16, ("PRK", "USA"): 24, ("KOR", "PRK"): 4, ("PRK", "KOR"): 29, ("KOR", "JPN"): 5,
              ("JPN", "CHN"): 5, ("JPN", "PRK"): 5, ("USA", "JPN"): 16, ("JPN", "USA"): 1}
    report = {"editions": [{"issuer": i, "target": t, "editions": n} for (i, t), n in counts.items()],
              "evidence_per_issuer": {"PRK": {"verbatim-official": 3, "verbatim-secondary": 1,
                                              "third-party-translation": 0, "unverified": 0}}}
    text = "\n".join(_matrix_markdown(report))
    assert "| issuer → target | JPN | KOR | PRK | USA |" in text  # CHN: one issuer designates it, and it issues none
    assert "| PRK |  | 29 | · | 24 |" in text
    assert "in at least 3 editions each way: 2 (KOR-PRK, PRK-USA)" in text  # JPN-USA: only 1 edition JPN on USA
    assert "coded one way only (the second has no coded document on the first): JPN on PRK (5), KOR on JPN (5)." in text
    assert "| PRK | 3 | 1 | 0 | 0 | 75% |" in "\n".join(_evidence_markdown(report))
