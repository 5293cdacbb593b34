"""SHACL validation of the inferred graph, reported as seeds file:line for the curator.

The shapes (``shapes/*.ttl``, one file per target class) run on the graph after
inference, so that a category implied by a section or by a national term counts. Every
result is mapped back to the seeds line that wrote its focus node (or the property the
result is about) and carries the name of the shape that fired.

Two engines share the work. pyshacl checks the SHACL Core constraints. The SHACL-SPARQL
constraints (``sh:sparql``) are run by pyoxigraph, once per constraint over all focus
nodes of the shape's target class, instead of once per focus node in rdflib's SPARQL
engine (on the real seeds that took 15 of pyshacl's 17 seconds).
``tests/kg/test_validate.py`` checks that both engines find the same violations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.errors import SeedError
from kg.load import Loaded
from kg.rdfterms import graph_to_quads, quads_to_graph, select
from kg.resources import shape_files

SHAPES_NS = "https://w3id.org/seckg/shapes#"


@dataclass(frozen=True)
class Problem:
    """One SHACL result: the shape that fired, the node, the property and the message."""

    shape: str
    focus: str
    path: str | None
    message: str
    value: str | None = None


@cache
def shapes_graph() -> Graph:
    g = Graph()
    for f in shape_files():
        g.parse(f, format="turtle")
    return g


@dataclass(frozen=True)
class SparqlCheck:
    """One SHACL-SPARQL constraint, rewritten to find all its focus nodes in one query."""

    name: str
    message: str
    query: str


@cache
def core_shapes() -> Graph:
    """The shapes without their sh:sparql constraints (those run in pyoxigraph)."""
    g = Graph()
    for t in shapes_graph():
        if t[1] != SH.sparql:
            g.add(t)
    return g


@cache
def sparql_checks() -> tuple[SparqlCheck, ...]:
    g = shapes_graph()
    checks = []
    for shape, constraint in g.subject_objects(SH.sparql):
        target = g.value(shape, SH.targetClass)
        select = str(g.value(constraint, SH.select))
        # every focus node of the shape's target class is $this
        query, found = re.subn(r"WHERE\s*\{", f"WHERE {{ $this a <{target}> .", select, count=1, flags=re.I)
        if target is None or not found:
            raise ValueError(f"shape {constraint}: sh:sparql needs a targetClass and a WHERE clause")
        checks.append(SparqlCheck(_shape_name(constraint), str(g.value(constraint, SH.message)), query))
    return tuple(checks)


def _shape_name(node: object) -> str:
    text = str(node)
    return text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else text


def check_graph(data: Graph) -> list[Problem]:
    """Run the shapes on an rdflib graph; every violation as a :class:`Problem`."""
    store = ox.Store()
    store.extend(graph_to_quads(data, ox.DefaultGraph()))
    return _check(data, store)


def check_store(store: ox.Store) -> list[Problem]:
    """Validate every graph of an (inferred) store as one data graph."""
    return _check(quads_to_graph(store.quads_for_pattern(None, None, None, None)), store)


def _check(data: Graph, store: ox.Store) -> list[Problem]:
    problems = _core_problems(data)
    for check in sparql_checks():
        for row in select(store, check.query):
            problems.append(Problem(check.name, row["this"].value, row["path"].value, check.message,
                                    row["value"].value if row["value"] is not None else None))
    return sorted(set(problems), key=lambda p: (p.focus, p.shape))


def _core_problems(data: Graph) -> list[Problem]:
    from pyshacl import validate as shacl_validate  # slow to import: only when validating

    conforms, results, _ = shacl_validate(
        data, shacl_graph=core_shapes(), inference="none", abort_on_first=False, allow_warnings=False,
    )
    if conforms:
        return []
    problems = []
    # only the report's own results, not the nested sh:detail ones of sh:node constraints
    for result in results.objects(None, SH.result):
        constraint = results.value(result, SH.sourceConstraint)
        shape = results.value(result, SH.sourceShape)
        fired = constraint if isinstance(constraint, URIRef) else shape
        message = results.value(result, SH.resultMessage)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        problems.append(Problem(
            shape=_shape_name(fired),
            focus=str(results.value(result, SH.focusNode)),
            path=str(path) if isinstance(path, URIRef) else None,
            message=str(message) if message is not None else "constraint violated",
            value=str(value) if value is not None else None,
        ))
    return problems


def check_graph_with_pyshacl(data: Graph) -> list[Problem]:
    """The reference: every shape, SPARQL ones included, in pyshacl alone (slow; for tests)."""
    from pyshacl import validate as shacl_validate

    _, results, _ = shacl_validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=False)
    return sorted({Problem(_shape_name(results.value(r, SH.sourceConstraint)
                                       if isinstance(results.value(r, SH.sourceConstraint), URIRef)
                                       else results.value(r, SH.sourceShape)),
                           str(results.value(r, SH.focusNode)), None, "")
                   for r in results.objects(None, SH.result)}, key=lambda p: (p.focus, p.shape))


def as_seed_errors(problems: list[Problem], loaded: Loaded) -> list[SeedError]:
    """Locate each problem in the seeds: the line of its property, else of its node.

    A node that no seeds line wrote (a typo'd term, say, typed only by an rdfs:range) is
    reported where it is used; problems about the phantom node itself are dropped.
    """
    errors = []
    used = {p.value for p in problems if loaded.locate(URIRef(p.focus)) is not None}
    for p in problems:
        where = loaded.locate(URIRef(p.focus), URIRef(p.path) if p.path else None)
        if where is None and p.focus in used:
            continue
        file, line = where if where else (Path("(graph)"), None)
        errors.append(SeedError(file, line, f"{p.message} (node <{p.focus}>)", shape=p.shape))
    return errors
