"""SELECT and CONSTRUCT on a pyoxigraph store, over the union of its graphs unless told otherwise.

(The conversions between rdflib and pyoxigraph terms that only the tests' reference
implementations need are in ``tests/reference.py``.)"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox


def _run(store: ox.Store, query: str, expected: type, what: str, options: dict[str, Any]) -> Any:
    options.setdefault("use_default_graph_as_union", True)
    result = store.query(query, **options)
    if not isinstance(result, expected):
        raise TypeError(f"expected {what}")
    return result


def select(store: ox.Store, query: str, **options: Any) -> ox.QuerySolutions:
    """Run a SELECT over the union of all graphs (unless options say otherwise)."""
    return _run(store, query, ox.QuerySolutions, "a SELECT query", options)  # type: ignore[no-any-return]


def construct(store: ox.Store, query: str, **options: Any) -> ox.QueryTriples:
    """Run a CONSTRUCT over the union of all graphs (unless options say otherwise)."""
    return _run(store, query, ox.QueryTriples, "a CONSTRUCT or DESCRIBE query", options)  # type: ignore[no-any-return]
