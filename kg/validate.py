"""SHACL validation of the inferred graph, reported as seeds file:line for the curator.

The shapes (``shapes/*.ttl``, one file per target class) run on the graph after
inference, so that a category implied by a section or by a national term counts. Every
result is mapped back to the seeds line that wrote its focus node (or the property the
result is about) and carries the name of the shape that fired.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kg.errors import SeedError
from kg.load import Loaded
from kg.rdfterms import quads_to_graph
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


def _shape_name(node: object) -> str:
    text = str(node)
    return text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else text


def check_graph(data: Graph) -> list[Problem]:
    """Run the shapes on ``data``; every violation as a :class:`Problem`."""
    from pyshacl import validate as shacl_validate  # slow to import: only when validating

    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", abort_on_first=False,
        allow_warnings=False, advanced=True,
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
    return sorted(set(problems), key=lambda p: (p.focus, p.shape))


def check_store(store: ox.Store) -> list[Problem]:
    """Validate every graph of an (inferred) store as one data graph."""
    return check_graph(quads_to_graph(store.quads_for_pattern(None, None, None, None)))


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
