"""The questions the benchmark asks, with their parameters, in every way they can be asked.

Operations (each with a rotating list of parameter sets picked from the built store):

============== ================================= ============================ =====================
operation      in-process                        our API                      SPARQL (ours, Oxigraph)
============== ================================= ============================ =====================
changes_year   kg.changes.changes(year=)         GET /changes?year=           moved_category and
                                                                              change_evidence
moved_category kg.queries.rows(moved_category)   GET /queries/moved_category  moved_category
dyad_timeline  kg.queries.rows(dyad_timeline)    GET /queries/dyad_timeline   dyad_timeline
designated_as  kg.queries.rows(designated_as)    GET /queries/designated_as   designated_as
============== ================================= ============================ =====================

In the SPARQL columns the same query text goes to our ``/sparql`` and to the Oxigraph
server: the named query with its parameters in a ``VALUES`` block at the top of its WHERE
clause, each value the RDF term that :func:`kg.queries.bind` makes of it (the same terms
the in-process run passes as ``substitutions``). Values are never pasted as query text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg import changes, queries
from kg.rdfterms import select

OPERATIONS = ("changes_year", "moved_category", "dyad_timeline", "designated_as")
PREFIX = """PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
"""


def bound_sparql(name: str, values: dict[str, str]) -> str:
    """The named query ``name`` with ``values`` bound in a VALUES block (see the module doc)."""
    query = queries.named(name)
    bound = queries.bind(query, values)
    if not bound:
        return query.text
    names = " ".join(f"?{v.value}" for v in bound)
    terms = " ".join(str(t) for t in bound.values())  # RDF terms in SPARQL syntax
    text, found = re.subn(r"\bWHERE\s*\{", lambda m: f"{m.group(0)}\n  VALUES ({names}) {{ ({terms}) }}",
                          query.text, count=1, flags=re.IGNORECASE)
    if not found:
        raise ValueError(f"query {name} has no WHERE clause to bind parameters in")
    return text


def sparql_steps(operation: str, params: dict[str, str]) -> list[str]:
    """The SPARQL queries one operation takes (two for changes_year)."""
    if operation == "changes_year":
        return [bound_sparql("moved_category", params), bound_sparql("change_evidence", params)]
    return [bound_sparql(operation, params)]


def api_route(operation: str) -> str:
    """Our service's own route for an operation."""
    return "/changes" if operation == "changes_year" else f"/queries/{operation}"


def in_process(operation: str) -> Callable[[ox.Store, dict[str, str]], int]:
    """A function that answers ``operation`` on a store in this process; returns the row count."""
    if operation == "changes_year":
        return lambda store, params: len(changes.changes(store, year=params["year"]))
    return lambda store, params: sum(1 for _ in queries.rows(store, operation, params))


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
    if not years or not dyads:
        raise ValueError("the store has no category moves or no designations to ask about")
    dyads = rng.sample(dyads, min(sets, len(dyads)))
    pairs = rng.sample(pairs, min(sets, len(pairs)))
    return Workload({
        "changes_year": [{"year": y["year"]} for y in years],
        "moved_category": [{"year": y["year"]} for y in years],
        "dyad_timeline": dyads,
        # as of the day a document designated the target so: never an empty answer
        "designated_as": [{"target": p["target"], "category": p["category"],
                           "as_of": p["issued"] if len(p["issued"]) == 10 else p["issued"] + "-28"} for p in pairs],
    })
