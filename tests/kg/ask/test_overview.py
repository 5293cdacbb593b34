"""The graph at a glance: the latest positions issuer by target, and the latest moves."""

from __future__ import annotations

import pyoxigraph as ox

from kg.ask.overview import latest_moves, matrix


def test_the_matrix_holds_each_issuer_s_latest_position(store: ox.Store) -> None:
    found = matrix(store, min_issuers=1)
    assert found["issuers"] == ["JPN", "NATO"]
    cell = found["cells"]["JPN"]["RUS"]
    assert (cell["category"], cell["band"], cell["document"].endswith("/tst-2020")) == ("concern", "wary", True)
    assert found["cells"]["NATO"]["RUS"]["category"] == "threat"


def test_only_targets_several_issuers_designate_by_default(store: ox.Store) -> None:
    found = matrix(store)
    assert found["targets"] == ["RUS"] and found["left_out"] > 0  # JPN and NATO both speak of Russia


def test_the_latest_moves(store: ox.Store) -> None:
    year, moves = latest_moves(store)
    assert year == "2020" and [(m["issuer"], m["target"]) for m in moves] == [("JPN", "RUS")]
