"""Flat rows from the nested records of ``kg.ask.views`` and ``kg.ask.changes`` (and the REST routes).

The service answers ``/changes``, ``/dyads`` ... with the very records these functions
read, so an embedded graph and a remote one give the same rows. Each ``*_row`` function
takes one record and returns one flat dict whose keys are the columns of the matching
schema; :func:`kg.client.frames.from_records` turns a list of them into a typed DataFrame,
and :mod:`kg.ask.tables` into CSV tables.

Quotes: a row carries the English words where the evidence has them, else the original
ones, joined with `` | `` when there are several.

>>> quote_text([{"text": "脅威", "lang": "ja"}, {"text": "threat", "lang": "en"}])
'threat'
>>> local("https://w3id.org/seckg/id/document/jpn-nss-2022")
'jpn-nss-2022'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# the column types, as pandas dtype names (kg.client.frames makes typed DataFrames of them;
# kg.ask.tables maps them to the types of a Frictionless table schema)
STRING, INT, FLOAT, BOOL, DATETIME = "string", "Int64", "Float64", "boolean", "datetime64[ns]"

SEPARATOR = " | "


def local(iri: str | None) -> str | None:
    """The last path segment of an IRI (a document id from its IRI)."""
    return None if iri is None else iri.rsplit("/", 1)[-1]


def quote_text(quotes: Iterable[dict[str, Any]]) -> str | None:
    """The English quotes if there are any, else all of them, joined; None without quotes."""
    quotes = list(quotes)
    english = [q for q in quotes if q.get("lang") == "en"] or quotes
    texts = list(dict.fromkeys(q["text"] for q in english))
    return SEPARATOR.join(texts) if texts else None


CHANGE = {
    "year": INT, "issuer": STRING, "target": STRING, "kind": STRING,
    "from_category": STRING, "to_category": STRING, "direction": STRING, "rank_delta": INT,
    "from_document": STRING, "to_document": STRING, "from_term": STRING, "to_term": STRING,
    "from_quote": STRING, "to_quote": STRING, "confidence": STRING, "crosses_band": BOOL, "robust": BOOL,
    "from_band": STRING, "to_band": STRING, "from_passages": STRING, "to_passages": STRING,
    "from_depth": STRING, "to_depth": STRING, "change": STRING,
}


def _inputs(position: dict[str, Any] | None) -> tuple[str | None, str | None, str | None]:
    """A position's band, its passages per band ("wary 1, adversarial 1") and its reading depth."""
    if not position:
        return None, None, None
    passages = ", ".join(f"{band} {n}" for band, n in position["passages_per_band"].items()) or None
    return position["band"], passages, position["reading_depth"]


def _position(facets: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The term and quotes of a side's position (the facet that shows its derived position)."""
    positions = [f for f in facets if f.get("position")]
    terms = list(dict.fromkeys(f["term"] for f in positions if f.get("term")))
    return (SEPARATOR.join(terms) or None), quote_text(q for f in positions for q in f["quotes"])


def change_row(record: dict[str, Any]) -> dict[str, Any]:
    """One change record of ``kg.ask.changes.changes`` (or ``GET /changes``) as a row."""
    from_term, from_quote = _position(record["from"])
    to_term, to_quote = _position(record["to"])
    from_band, from_passages, from_depth = _inputs(record.get("from_position"))
    to_band, to_passages, to_depth = _inputs(record.get("to_position"))
    return {
        "year": int(record["year"]), "issuer": record["issuer"], "target": record["target"],
        "kind": record["kind"], "from_category": record["from_category"], "to_category": record["to_category"],
        "direction": record["direction"], "rank_delta": record["rank_delta"],
        "from_document": local(record["from_document"]), "to_document": local(record["to_document"]),
        "from_term": from_term, "to_term": to_term, "from_quote": from_quote, "to_quote": to_quote,
        "confidence": record.get("confidence"), "crosses_band": record.get("crosses_band"),
        "robust": record.get("robust"),
        "from_band": from_band, "to_band": to_band, "from_passages": from_passages, "to_passages": to_passages,
        "from_depth": from_depth, "to_depth": to_depth, "change": record["iri"],
    }


DESIGNATION = {
    "issued": DATETIME, "issuer": STRING, "target": STRING, "category": STRING, "rank": INT,
    "position": BOOL, "harshest": BOOL, "term": STRING, "scope": STRING, "quote": STRING, "document": STRING,
    "document_title": STRING, "section": STRING, "designation": STRING,
}
DESIGNATION_ORDER = (["issued", "issuer", "target", "rank", "designation"], [True, True, True, False, True])


def designation_row(record: dict[str, Any]) -> dict[str, Any]:
    """One designation of ``kg.ask.views.designations`` (or of ``/states/{code}/designations``) as a row."""
    document, section = record["document"], record["section"]
    return {
        "issued": document["issued"], "issuer": record["issuer"], "target": record["target"],
        "category": record["category"], "rank": record["rank"], "position": record["position"],
        "harshest": record.get("harshest"),
        "term": record["term"], "scope": record["scope"], "quote": quote_text(record["quotes"]),
        "document": document["id"], "document_title": document["title"],
        "section": None if section is None else section["title"], "designation": record["iri"],
    }


DOCUMENT = {
    "id": STRING, "issuer": STRING, "issued": DATETIME, "title": STRING, "series": STRING, "language": STRING,
    "replaces": STRING, "replaced_by": STRING, "designations": INT, "url": STRING, "iri": STRING,
}
DOCUMENT_ORDER = (["issuer", "issued", "id"], [True, True, True])


def document_row(record: dict[str, Any]) -> dict[str, Any]:
    """One document of ``kg.ask.views.documents`` (or of ``GET /documents``) as a row."""
    return {
        "id": record["id"], "issuer": record["issuer"], "issued": record["issued"], "title": record["title"],
        "series": record["series"]["title"], "language": record["language"],
        "replaces": local(record["replaces"]), "replaced_by": local(record["replaced_by"]),
        "designations": record["designations"], "url": record["url"], "iri": record["iri"],
    }


STATE = {
    "code": STRING, "name": STRING, "kind": STRING, "wikidata": STRING,
    "designations_issued": INT, "designations_received": INT, "iri": STRING,
}


def state_row(record: dict[str, Any]) -> dict[str, Any]:
    """One actor of ``kg.ask.views.actors`` (or of ``GET /states``) as a row."""
    return {name: record[name] for name in STATE}
