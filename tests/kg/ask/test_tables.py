"""The data package: CSV tables that pandas (as R or Stata would) reads back with the columns it declares."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyoxigraph as ox

from kg.ask.changes import changes
from kg.ask.tables import change_sides, export

PANDAS = {"string": "object", "integer": "Int64", "boolean": "boolean"}


def test_every_csv_has_the_columns_and_types_of_its_schema(store: ox.Store, tmp_path: Path) -> None:
    written = export(store, tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["path"] for r in package["resources"]} == {p.name for p in written if p.suffix == ".csv"}
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        frame = pd.read_csv(tmp_path / resource["path"], encoding="utf-8",
                            dtype={f["name"]: PANDAS[f["type"]] for f in fields},
                            true_values=["true"], false_values=["false"])
        assert list(frame.columns) == [f["name"] for f in fields], resource["name"]
        assert len(frame) > 0, resource["name"]


def test_changes_come_one_row_per_change_and_side(store: ox.Store, tmp_path: Path) -> None:
    export(store, tmp_path)
    frame = pd.read_csv(tmp_path / "changes.csv", dtype={"year": "Int64"})
    rus = frame[(frame["target"] == "RUS") & (frame["kind"] == "CategoryMove")]
    assert list(rus["side"]) == ["from", "to"] and list(rus["category"]) == ["partner", "concern"]
    assert rus.iloc[0]["quote"] == "cooperation with Russia in all areas" and rus.iloc[0]["year"] == 2020


def test_the_sides_of_a_change(store: ox.Store) -> None:
    [move] = changes(store, year="2020")
    sides = change_sides(move)
    assert [s["side"] for s in sides] == ["from", "to"]
    assert {s["change"] for s in sides} == {move["iri"]} and sides[1]["document"] == "tst-2020"
