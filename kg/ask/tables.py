"""The graph as flat tables: CSV for R, Stata and spreadsheets, and a Frictionless data package.

The rows are those of the notebook client (:mod:`kg.ask.rows`), so a table read from a CSV
and a DataFrame from ``kg.client`` have the same columns. Changes come one row per change
and side (``from``, ``to``), each side with its document, position, term and quotes.

:func:`export` writes ``datapackage.json`` and one CSV per table (UTF-8, a header line,
RFC 4180 quoting, empty cells for missing values), the package describing every column
with its type and meaning, and the data's licence.

>>> print(csv_text([{"a": 1, "b": 'a "b" c'}, {"a": None, "b": True}], ["a", "b"]), end="")
a,b
1,"a ""b"" c"
,true
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.ask import rows, views
from kg.ask.change_filter import ChangeFilter
from kg.ask.changes import find

LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}
TYPES = {rows.STRING: "string", rows.INT: "integer", rows.BOOL: "boolean", rows.DATETIME: "string"}

CHANGE_SIDE = {
    "change": rows.STRING, "year": rows.INT, "issuer": rows.STRING, "target": rows.STRING, "kind": rows.STRING,
    "direction": rows.STRING, "rank_delta": rows.INT, "confidence": rows.STRING, "crosses_band": rows.BOOL,
    "robust": rows.BOOL, "side": rows.STRING, "document": rows.STRING, "category": rows.STRING,
    "term": rows.STRING, "quote": rows.STRING, "band": rows.STRING, "passages": rows.STRING, "depth": rows.STRING,
}
DESCRIPTIONS = {
    "change": "The change record's IRI.", "side": "from (the replaced edition) or to (the newer one).",
    "kind": "CategoryMove, TermChange, UnevenReading, HarshestFacetChange, NewlyDesignated, NoLongerMentioned "
            "or NotCoded (see the README).",
    "direction": "toward hostility or toward friendship (moves only).",
    "rank_delta": "The difference of the two categories' ranks on the shared scale (moves only).",
    "confidence": "high, medium, low or unverified (codebook R9.4).",
    "category": "The category of this side's position (codebook R8).", "quote": "The words, English where the "
    "evidence has them, several joined with ' | '.",
    "band": "The band of the position (aligned, cooperative, wary, adversarial).",
    "passages": "The passages per band the position rests on ('wary 1, adversarial 1').",
    "depth": "How far the edition was read on this target (full text, sections, excerpts).",
    "issued": "The issue date as the document gives it: YYYY-MM-DD or YYYY-MM.",
    "position": "Whether this facet shows the target's derived position in the document (codebook R8.1).",
    "harshest": "Whether this facet is the document's most hostile one on the target (R8.3).",
    "rank": "The category's rank on the shared scale, 1 (ally) to 10 (enemy).",
}


def change_sides(record: dict[str, Any]) -> list[dict[str, Any]]:
    """A change record as two rows, one per side."""
    wide = rows.change_row(record)
    shared = {k: wide[k] for k in ("change", "year", "issuer", "target", "kind", "direction", "rank_delta",
                                  "confidence", "crosses_band", "robust")}
    return [{**shared, "side": side, "document": wide[f"{side}_document"], "category": wide[f"{side}_category"],
             "term": wide[f"{side}_term"], "quote": wide[f"{side}_quote"], "band": wide[f"{side}_band"],
             "passages": wide[f"{side}_passages"], "depth": wide[f"{side}_depth"]} for side in ("from", "to")]


def csv_text(found: Iterable[dict[str, Any]], columns: Iterable[str]) -> str:
    """Rows as CSV text (a header line first; None as an empty cell; booleans as true/false)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = list(columns)
    writer.writerow(names)
    for row in found:
        writer.writerow(["" if row.get(n) is None else str(row[n]).lower() if isinstance(row[n], bool) else row[n]
                         for n in names])
    return out.getvalue()


def tables(store: Any) -> dict[str, tuple[dict[str, str], list[dict[str, Any]], str]]:
    """Every table of the package: its columns with their types, its rows, its description."""
    years = sorted({d["issued"][:4] for d in views.documents(store) if d["replaces"]})
    changes = [side for year in years
               for record in find(store, ChangeFilter(year=year, all_kinds=True, min_confidence="unverified")).records
               for side in change_sides(record)]
    return {
        "states": (rows.STATE, [rows.state_row(a) for a in views.actors(store)],
                   "Every state and organisation, with how many designations it issues and receives."),
        "documents": (rows.DOCUMENT, [rows.document_row(d) for d in views.documents(store)],
                      "Every strategy document, with the edition it replaces."),
        "designations": (rows.DESIGNATION, [rows.designation_row(d) for d in views.designations(store)],
                         "Every designation with its verified words (unverified words are left out)."),
        "changes": (CHANGE_SIDE, changes, "Every change between two editions, of every kind and confidence, one row "
                                          "per change and side."),
    }


def package(described: dict[str, tuple[dict[str, str], list[dict[str, Any]], str]]) -> dict[str, Any]:
    """The Frictionless ``datapackage.json`` of the tables."""
    return {
        "profile": "tabular-data-package", "name": "seckg",
        "title": "How states designate one another in their strategy documents",
        "licenses": [LICENSE],
        "resources": [{
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": description,
            "schema": {"fields": [{"name": column, "type": TYPES[kind],
                                   **({"description": DESCRIPTIONS[column]} if column in DESCRIPTIONS else {})}
                                  for column, kind in columns.items()]},
        } for name, (columns, _, description) in described.items()],
    }


def export(store: Any, folder: Path) -> list[Path]:
    """Write the data package into ``folder``: its CSV tables and ``datapackage.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    described = tables(store)
    written = []
    for name, (columns, found, _) in described.items():
        path = folder / f"{name}.csv"
        path.write_text(csv_text(found, columns), encoding="utf-8")
        written.append(path)
    path = folder / "datapackage.json"
    path.write_text(json.dumps(package(described), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [*written, path]
