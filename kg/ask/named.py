"""The named queries: one ``.rq`` file per question in ``kg/ask/queries/``, each served at
``/queries/{name}``, run by ``seckg query --name`` and by the client.

Each file describes itself in its ``#+`` header (summary, parameters and their types, an
example: :mod:`kg.query_files`); each parameter binds the SPARQL variable of the same name,
checked against its type, never pasted into the text.

>>> q = query("moved_category")
>>> sorted(q.params)
['direction', 'issuer', 'target', 'year']
>>> q.bind({"year": "2022"})
{<Variable value=year>: <Literal value=2022 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#gYear>>}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import UnknownQuery
from kg.query_files import Folder, QueryFile
from kg.vocab import XSD

NAMED = Folder(Path(__file__).parent / "queries")


def catalogue() -> dict[str, QueryFile]:
    """Every named query shipped in the package, by name."""
    return {name: NAMED[name] for name in NAMED.names()}


def query(name: str) -> QueryFile:
    """The named query ``name``; UnknownQuery (404) names the ones there are."""
    if name not in NAMED.names():
        raise UnknownQuery(f"no named query '{name}'; known: {', '.join(NAMED.names())}")
    return NAMED[name]


def run(store: ox.Store, name: str, values: Mapping[str, str | None] | None = None) -> Any:
    """Run a named query with bound parameters; the pyoxigraph result object."""
    return query(name).run(store, values or {})


def term_value(term: Any) -> Any:
    """A plain Python value for a result term: IRIs and strings as str, numbers and booleans typed."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype in (XSD + "integer", XSD + "int", XSD + "long"):
            return int(term.value)
        if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return term.value


def rows(store: ox.Store, name: str, values: Mapping[str, str | None] | None = None) -> Iterator[dict[str, Any]]:
    """Run a named SELECT query; each solution as a dict of plain values (unbound: None)."""
    yield from plain(run(store, name, values))


def plain(solutions: ox.QuerySolutions) -> Iterator[dict[str, Any]]:
    """Each solution of a SELECT query as a dict of plain values (:func:`term_value`; unbound: None)."""
    variables = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {v: term_value(solution[v]) for v in variables}
