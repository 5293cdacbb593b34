"""The reliability sample and Krippendorff's alpha (codebook R10)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from kg.ask.changes import changes
from kg.ask.reliability import RANK, alpha, band_score, draw, interval, nominal, ordinal, score, units, write_sample

N = None
# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the worked example with
# four coders, twelve units and missing values: nominal 0.743, ordinal 0.815, interval 0.849.
EXAMPLE = list(zip([1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
                   [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N], strict=True))


def test_alpha_reproduces_the_worked_example():
    assert round(alpha(EXAMPLE, nominal), 3) == 0.743
    assert round(alpha(EXAMPLE, ordinal), 3) == 0.815
    assert round(alpha(EXAMPLE, interval), 3) == 0.849


def test_alpha_of_perfect_and_of_opposed_coding():
    assert alpha([[1, 1], [2, 2], [5, 5]]) == 1.0
    assert alpha([[1, 5], [5, 1], [2, 4], [4, 2]]) < 0
    assert math.isnan(alpha([[1, None]]))


def test_sample_is_stratified_seeded_and_blind(store, tmp_path: Path):
    everything = units(store)
    drawn = draw(everything, share=0.25, seed=7)
    assert drawn == draw(everything, share=0.25, seed=7) and drawn != draw(everything, share=0.25, seed=8)
    for issuer in {u.issuer for u in everything}:
        have = sum(u.issuer == issuer for u in everything)
        assert sum(u.issuer == issuer for u in drawn) >= 0.25 * have
    write_sample(drawn, tmp_path, share=0.25, seed=7)
    sheet = (tmp_path / "sheet.yaml").read_text(encoding="utf-8")
    for unit in drawn:
        assert unit.designation not in sheet  # the IRI names the category
    fields = {key for unit in yaml.safe_load(sheet)["units"] for key in unit}
    assert fields == {"id", "issuer", "target", "document", "title", "issued", "section", "quotes"}
    sample = yaml.safe_load((tmp_path / "sample.yaml").read_text(encoding="utf-8"))["units"]
    assert [u["first_coding"] for u in sample] == [u.category for u in drawn]  # kept apart, in the same order


def test_score_from_the_files_alone(store, tmp_path: Path):
    drawn = draw(units(store), share=1.0, seed=1)
    write_sample(drawn, tmp_path, share=1.0, seed=1)
    assert score(tmp_path)["measured"] is False
    sample = yaml.safe_load((tmp_path / "sample.yaml").read_text(encoding="utf-8"))["units"]
    second = {u["id"]: u["first_coding"] for u in sample}
    first_id = sample[0]["id"]
    second[first_id] = "enemy" if sample[0]["first_coding"] != "enemy" else "ally"
    (tmp_path / "coding-b.yaml").write_text(yaml.safe_dump(second), encoding="utf-8")
    figures = score(tmp_path)
    assert figures["coded"] == len(sample) and len(figures["disagreements"]) == 1
    assert 0 < figures["alpha_ordinal"] < 1 and figures["agreement"] == (len(sample) - 1) / len(sample)
    (tmp_path / "coding-b.yaml").write_text(yaml.safe_dump({first_id: "hostile"}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a category"):
        score(tmp_path)
    assert set(RANK) == {"ally", "partner", "cooperation", "neutral", "concern", "competitor", "challenge",
                         "rival", "threat", "enemy"}


def test_band_reading_confirms_or_disputes_moves(seeds_copy, tmp_path: Path):
    from kg.build import build
    from kg.stores.disk_handle import StoreHandle
    from tests.conftest import edit

    for name in ("tst-2010", "tst-2020"):
        doc = seeds_copy / "jpn" / f"{name}.yaml"
        text = doc.read_text(encoding="utf-8")
        line = next(x for x in text.splitlines() if x.startswith("  coverage: ["))
        edit(doc, line, "  coverage:\n    full-text: " + line.split(": ", 1)[1])
    build(seeds_copy, tmp_path / "store")
    store = StoreHandle(tmp_path / "store").get()
    moves = changes(store, year="2020")
    assert [(m["target"], m["crosses_band"]) for m in moves] == [("RUS", True)]
    folder = tmp_path / "rel"
    folder.mkdir()
    assert band_score(store, folder, moves)["measured"] is False
    (folder / "band-reading.yaml").write_text(yaml.safe_dump({
        "tst-2010": {"RUS": "aligned", "CHN": "wary"}, "tst-2020": {"RUS": "wary", "CHN": "adversarial"}}))
    figures = band_score(store, folder, moves)
    assert (figures["moves"], figures["confirmed"]) == (1, 1)  # RUS: aligned to wary, as our move
    assert (figures["reading_changes"], figures["shown"]) == (2, 1)  # CHN's change is not one of our moves
