"""The graph at a glance: who designates whom now, the latest moves, and how much is coded.

:func:`matrix` gives each issuer's position on each target in its latest edition that speaks
of it (codebook R8), for the targets that more than one issuer designates; :func:`latest_moves`
the category moves of the most recent year that has any, at the default confidence.
"""

from __future__ import annotations

from typing import Any

from kg.ask import named, views
from kg.ask.change_filter import ChangeFilter
from kg.ask.changes import find


def matrix(store: Any, min_issuers: int = 2) -> dict[str, Any]:
    """Issuers x targets: each cell the position of the issuer's latest edition on the target
    (category, band, document, issued); targets designated by fewer than ``min_issuers`` left out."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in named.rows(store, "positions", {}):
        key = (row["issuer"], row["target"])
        if key not in latest or str(row["issued"]) > str(latest[key]["issued"]):
            latest[key] = row
    by_target: dict[str, int] = {}
    for _, target in latest:
        by_target[target] = by_target.get(target, 0) + 1
    targets = sorted((t for t, n in by_target.items() if n >= min_issuers), key=lambda t: (-by_target[t], t))
    issuers = sorted({issuer for issuer, _ in latest})
    cells = {issuer: {target: latest.get((issuer, target)) for target in targets} for issuer in issuers}
    return {"issuers": issuers, "targets": targets, "cells": cells, "left_out": len(by_target) - len(targets)}


def latest_moves(store: Any) -> tuple[str | None, list[dict[str, Any]]]:
    """The most recent year with category moves at the default confidence, and those moves."""
    years = sorted({d["issued"][:4] for d in views.documents(store) if d["replaces"]}, reverse=True)
    for year in years:
        found = find(store, ChangeFilter(year=year)).records
        if found:
            return year, found
    return None, []
