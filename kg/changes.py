"""Answers to "which states moved category in year Y?", with both documents and quotes.

:func:`changes` runs the named queries ``moved_category`` (or ``changes``) and
``change_evidence`` and folds their rows into one record per change: issuer, target,
from and to category, direction and size, the two documents, and on each side every
facet of the target with its section and quotes. Unverified evidence is left out unless
``include_unverified`` is set; each quote says how well it was verified.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg import queries

SECKG = "https://w3id.org/seckg/ontology#"


def _local(iri: str | None) -> str | None:
    if iri is None:
        return None
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _direction(iri: str | None) -> str | None:
    return {"towardHostility": "toward hostility", "towardFriendship": "toward friendship"}.get(_local(iri) or "")


def changes(
    store: ox.Store,
    *,
    year: str,
    issuer: str | None = None,
    target: str | None = None,
    direction: str | None = None,
    kind: str | None = None,
    moves_only: bool = True,
    include_unverified: bool = False,
) -> list[dict[str, Any]]:
    """The changes of ``year`` as records; only category moves unless ``moves_only`` is False."""
    if moves_only:
        found = queries.rows(store, "moved_category",
                             {"year": year, "issuer": issuer, "target": target, "direction": direction})
    else:
        found = queries.rows(store, "changes", {"year": year, "issuer": issuer, "target": target, "kind": kind})
    records: dict[str, dict[str, Any]] = {}
    for row in found:
        records[row["change"]] = {
            "iri": row["change"],
            "kind": _local(row.get("kind")) or "CategoryMove",
            "year": row["year"],
            "issuer": row["issuer"],
            "target": row["target"],
            "from_category": row["fromCategory"],
            "to_category": row["toCategory"],
            "direction": _direction(row.get("direction")),
            "rank_delta": row.get("rankDelta"),
            "from_document": row["fromDocument"],
            "to_document": row["toDocument"],
            "from": [],
            "to": [],
        }
    if not records:
        return []
    evidence = queries.rows(store, "change_evidence", {
        "year": year, "issuer": issuer, "target": target,
        "include_unverified": "true" if include_unverified else None,
    })
    facets: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in evidence:
        record = records.get(row["change"])
        if record is None:
            continue
        key = (row["change"], row["side"], row["designation"])
        facet = facets.get(key)
        if facet is None:
            facet = facets[key] = {
                "designation": row["designation"],
                "category": row["category"],
                "position": row["position"],
                "term": row["term"],
                "section": row["section"],
                "quotes": [],
            }
            record[row["side"]].append(facet)
        if row["quote"] is not None:
            facet["quotes"].append({
                "text": row["quote"],
                "lang": row["lang"],
                "verification": row["verification"],
                "source": row["sourceUrl"],
                "page": row["page"],
            })
    return list(records.values())
