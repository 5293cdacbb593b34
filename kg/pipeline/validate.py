"""SHACL validation of the inferred graph, reported as seeds file:line for the curator.

The shapes (``shapes/*.ttl``, one file per target class) run on the graph after
inference, so that a category implied by a section or by a national term counts. Every
result is mapped back to the seeds line that wrote its focus node (or the property the
result is about) and carries the name of the shape that fired.

Every constraint runs in pyoxigraph, once over all the focus nodes of a shape: the SHACL
Core ones compiled to SPARQL by :mod:`kg.pipeline.shacl`, the SHACL-SPARQL ones (``sh:sparql``) as
written, with ``$this`` bound to the shape's target class. pyshacl is the reference, too
slow to run at every build (bench/README.md); ``tests/kg/pipeline/test_shacl.py`` checks
that both find the same violations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from kg.errors import SeedError
from kg.pipeline import shacl
from kg.pipeline.load import Locations
from kg.rdfterms import select
from kg.resources import shape_files
from kg.vocab import SHAPES


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
        checks.append(SparqlCheck(shape_name(constraint), str(g.value(constraint, SH.message)), query))
    return tuple(checks)


def shape_name(node: object) -> str:
    text = str(node)
    return text[len(str(SHAPES)):] if text.startswith(str(SHAPES)) else text


def check_store(store: ox.Store) -> list[Problem]:
    """Validate every graph of an (inferred) store as one data graph."""
    return _check(store)


@cache
def core_checks() -> tuple[shacl.Check, ...]:
    return tuple(shacl.compile_shapes(core_shapes()))


def _check(store: ox.Store) -> list[Problem]:
    problems = []
    for check in core_checks():
        for row in select(store, check.query):
            value = row["value"]
            problems.append(Problem(shape_name(check.shape), row["this"].value, check.path, check.message,
                                    value.value if value is not None else None))
    for sparql_check in sparql_checks():
        for row in select(store, sparql_check.query):
            problems.append(Problem(sparql_check.name, row["this"].value, row["path"].value, sparql_check.message,
                                    row["value"].value if row["value"] is not None else None))
    return sorted(set(problems), key=lambda p: (p.focus, p.shape))


def as_seed_errors(problems: list[Problem], located: Locations) -> list[SeedError]:
    """Locate each problem in the seeds (:func:`kg.pipeline.load.locations`): the line of its property,
    else of its node.

    A node that no seeds line wrote (a typo'd term, say, typed only by an rdfs:range) is
    reported where it is used; problems about the phantom node itself are dropped. An unknown
    actor that a designation names is reported at the designation's ``target:`` line only, not
    again at the ``coverage:`` that the graph infers from it.
    """
    errors = []
    used = {p.value for p in problems if located.locate(p.focus) is not None}
    targets = {p.value for p in problems if p.shape == "Designation-target"}
    for p in problems:
        where = located.locate(p.focus, p.path)
        if where is None and p.focus in used:
            continue
        if p.shape == "StrategyDocument-covers" and p.value in targets:
            continue
        file, line = where if where else (Path("(graph)"), None)
        errors.append(SeedError(file, line, f"{p.message} (node <{p.focus}>)", shape=p.shape))
    return errors
