"""The questions the benchmark asks, with their parameters, in every way they can be asked.

Operations (each with a rotating list of parameter sets picked from the built store):

============== ================================= ============================ =====================
operation      in-process                        our API                      SPARQL (ours, Oxigraph)
============== ================================= ============================ =====================
changes_year   kg.ask.changes.find(ChangeFilter(year=), limit=50)  GET /changes?year=           the five queries of
                                                 (its first page)             kg.ask.changes, chained
moved_category kg.ask.named.rows(moved_category)   GET /queries/moved_category  moved_category
dyad_timeline  kg.ask.named.rows(dyad_timeline)    GET /queries/dyad_timeline   dyad_timeline
designated_as  kg.ask.named.rows(designated_as)    GET /queries/designated_as   designated_as
============== ================================= ============================ =====================

In the SPARQL columns the same query text goes to our ``/sparql`` and to the Oxigraph
server: the named query with its parameters in a ``VALUES`` block at the top of its WHERE
clause, each value the RDF term that :func:`kg.ask.named.bind` makes of it (the same terms
the in-process run passes as ``substitutions``). Values are never pasted as query text.

``changes_year`` is the first page (50 changes) of ``/changes``: :mod:`kg.ask.changes` asks five
queries, each naming what the one before found in a ``VALUES`` block. Over SPARQL the
benchmark runs that same code against the endpoint (:class:`EndpointStore`), so the server
gets the very queries our service runs in-process, one request each.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.ask import changes, named
from kg.ask.change_filter import ChangeFilter
from kg.rdfterms import select
from kg.stores.remote import with_values

PAGE = 50  # the first page of /changes, as the route gives it

OPERATIONS = ("changes_year", "moved_category", "dyad_timeline", "designated_as")
PREFIX = """PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
"""


def bound_sparql(name: str, values: dict[str, str]) -> str:
    """The named query ``name`` with ``values`` bound in a VALUES block (see the module doc)."""
    query = named.query(name)
    bound = query.bind(values)
    if not bound:
        return query.text
    names = " ".join(f"?{v.value}" for v in bound)
    terms = " ".join(str(t) for t in bound.values())  # RDF terms in SPARQL syntax
    text, found = re.subn(r"\bWHERE\s*\{", lambda m: f"{m.group(0)}\n  VALUES ({names}) {{ ({terms}) }}",
                          query.text, count=1, flags=re.IGNORECASE)
    if not found:
        raise ValueError(f"query {name} has no WHERE clause to bind parameters in")
    return text


JOIN = Path(__file__).with_name("moved_category_join.rq")


def join_sparql(params: dict[str, str]) -> str:
    """The moved-category question asked of the designations alone (moved_category_join.rq),
    for an engine without our derived change records, with the year in a VALUES block."""
    return with_values(JOIN.read_text(encoding="utf-8"), named.query("moved_category").bind({"year": params["year"]}))


class EndpointStore:
    """The part of pyoxigraph's ``Store.query`` that :mod:`kg.ask.changes` uses, over a SPARQL endpoint:
    ``ask`` sends a query and gives back the SPARQL JSON results."""

    def __init__(self, ask: Callable[[str], bytes]):
        self.ask = ask

    def query(self, query: str, *, substitutions: dict[Any, Any] | None = None,
              use_default_graph_as_union: bool = True) -> ox.QuerySolutions:
        body = self.ask(with_values(query, substitutions or {}))
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)  # type: ignore[return-value]


def changes_page(store: Any, params: dict[str, str]) -> int:
    """The first page of the changes of ``params["year"]``; the number of changes on it."""
    return len(changes.find(store, ChangeFilter(year=params["year"]), limit=PAGE).records)


# the REST resources measured through HTTP only (no SPARQL twin): path template, parameters from pick()
REST = {"dyad": "/dyads/{issuer}/{target}", "state": "/states/{code}", "document": "/documents/{id}"}


def api_route(operation: str) -> str:
    """Our service's own route for an operation."""
    return "/changes" if operation == "changes_year" else f"/queries/{operation}"


def in_process(operation: str) -> Callable[[ox.Store, dict[str, str]], int]:
    """A function that answers ``operation`` on a store in this process; returns the row count."""
    if operation == "changes_year":
        return changes_page
    return lambda store, params: sum(1 for _ in named.rows(store, operation, params))


@dataclass(frozen=True)
class Workload:
    """Parameter sets for every operation, picked deterministically from one store."""

    params: dict[str, list[dict[str, str]]]

    def to_json(self) -> dict[str, Any]:
        return {"params": self.params}


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    result = select(store, PREFIX + query)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names} for row in result]


def pick(store: ox.Store, *, sets: int = 10, seed: int = 0) -> Workload:
    """The busiest years for category moves, and dyads and (target, category) pairs that occur."""
    rng = random.Random(seed)
    years = _rows(store, """SELECT ?year (COUNT(?c) AS ?n) WHERE { ?c a seckg:CategoryMove ; seckg:year ?year }
                            GROUP BY ?year ORDER BY DESC(?n) ?year LIMIT 5""")
    dyads = _rows(store, """SELECT DISTINCT ?issuer ?target WHERE {
                              ?d a seckg:Designation ; seckg:issuer/seckg:code ?issuer ;
                                 seckg:target/seckg:code ?target } ORDER BY ?issuer ?target""")
    pairs = _rows(store, """SELECT DISTINCT ?target ?category ?issued WHERE {
                              ?d a seckg:Designation ; seckg:target/seckg:code ?target ;
                                 seckg:category/skos:notation ?category ; seckg:document/dct:issued ?issued }
                            ORDER BY ?target ?category ?issued""")
    documents = _rows(store, """SELECT ?id WHERE { ?d a seckg:PolicyDocument
                                  BIND (STRAFTER(STR(?d), "/id/document/") AS ?id) } ORDER BY ?id""")
    if not years or not dyads:
        raise ValueError("the store has no category moves or no designations to ask about")
    dyads = rng.sample(dyads, min(sets, len(dyads)))
    pairs = rng.sample(pairs, min(sets, len(pairs)))
    documents = rng.sample(documents, min(sets, len(documents)))
    return Workload({
        "changes_year": [{"year": y["year"]} for y in years],
        "moved_category": [{"year": y["year"]} for y in years],
        "dyad_timeline": dyads,
        # as of the day a document designated the target so: never an empty answer
        "designated_as": [{"target": p["target"], "category": p["category"],
                           "as_of": p["issued"] if len(p["issued"]) == 10 else p["issued"] + "-28"} for p in pairs],
        "dyad": dyads,
        "state": [{"code": c} for c in sorted({d["issuer"] for d in dyads} | {d["target"] for d in dyads})][:sets],
        "document": [{"id": d["id"]} for d in documents],
    })
