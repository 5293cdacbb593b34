"""The embedded backend: a build on disk, opened read-only, queried in-process.

It answers with the records of ``kg.ask.views`` and ``kg.ask.changes`` -- the functions the REST
routes call -- and with SPARQL JSON for ``select``, after the checks the service makes
(known actors, no ``SERVICE`` or updates; :class:`~kg.client.client.Client` checks the
form of codes), so it raises what the service would answer: :class:`~kg.errors.NotFound`
for an unknown actor, :class:`~kg.errors.BadParameter` for a malformed date, and so on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.ask import views
from kg.ask.change_filter import ChangeFilter
from kg.ask.changes import find as find_changes
from kg.errors import BadParameter, NotFound, QueryError, QuerySyntax
from kg.sparql_text import check_query
from kg.stores.disk_handle import StoreHandle
from kg.stores.user_query import UserQuery, dataset_options

TABLES_ONLY = "query() answers SELECT and ASK queries; use /sparql or 'seckg export' for graphs"


def _flag(value: bool) -> str | None:
    return "true" if value else None


class Embedded:
    """The build in service under a store root, read-only (reopened when a new build is switched in)."""

    def __init__(self, root: Path):
        self.handle = StoreHandle(root)
        self.handle.get()  # StoreError now if there is no build

    @property
    def where(self) -> str:
        return str(self.handle.path())

    def _actor(self, code: str) -> str:
        if not views.actors(self.handle.get(), code):
            raise NotFound(f"no state or organisation with code {code!r}")
        return code

    def select(self, sparql: str) -> dict[str, Any]:
        """SPARQL JSON of a SELECT or ASK query, on the union of all graphs unless it says ``FROM``."""
        check_query(sparql)
        dataset = dataset_options(UserQuery(sparql, None, 0))  # a query's own FROM defines its dataset
        try:
            result = self.handle.get().query(sparql, **dataset)
        except SyntaxError as exc:
            raise QuerySyntax(str(exc)) from None
        if isinstance(result, ox.QueryBoolean):
            return {"head": {}, "boolean": bool(result)}
        if isinstance(result, ox.QuerySolutions):
            return dict(json.loads(result.serialize(format=ox.QueryResultsFormat.JSON) or b"{}"))
        raise QueryError(TABLES_ONLY)

    def changes(self, which: ChangeFilter) -> list[dict[str, Any]]:
        return find_changes(self.handle.get(), which).records

    def dyad(self, a: str, b: str, include_unverified: bool) -> dict[str, Any]:
        self._actor(a)
        self._actor(b)
        if a == b:
            raise BadParameter("b", "a dyad needs two different actors")
        return views.dyad(self.handle.get(), a, b, include_unverified=include_unverified)

    def designations(self, of: str | None, direction: str, as_of: str | None, category: str | None,
                     include_unverified: bool) -> list[dict[str, Any]]:
        filters = {"as_of": as_of, "category": category, "include_unverified": _flag(include_unverified)}
        if of is not None:
            filters["issuer" if direction == "issued" else "target"] = self._actor(of)
        return views.designations(self.handle.get(), **filters)

    def documents(self, issuer: str | None) -> list[dict[str, Any]]:
        return views.documents(self.handle.get(), issuer=issuer)

    def states(self) -> list[dict[str, Any]]:
        return views.actors(self.handle.get())

    def close(self) -> None:
        """Nothing to release: the store is dropped with the object."""
