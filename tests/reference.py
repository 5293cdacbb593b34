"""Reference implementations the tests compare the package with: rdflib graphs and pyshacl.

They are too slow for a build (pyshacl took most of a 0.1 M triple build; bench/README.md),
which is why the package does not use them, and exactly why the tests do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.pipeline.validate import Problem, check_store, shape_name, shapes_graph
from kg.vocab import XSD


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to a pyoxigraph term")


def from_ox(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype == XSD.string:  # RDF 1.1 simple literal: rdflib keeps it untyped
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def graph_to_quads(graph: Graph, into: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as quads of the graph ``into``."""
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), into)


def quads_to_graph(quads: Iterable[ox.Quad], graph: Graph | None = None) -> Graph:
    """The triples of ``quads`` (graph names dropped) as an rdflib graph."""
    g = graph if graph is not None else Graph()
    for q in quads:
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def check_graph(data: Graph) -> list[Problem]:
    """The package's validation (:func:`kg.pipeline.validate.check_store`) of an rdflib graph."""
    store = ox.Store()
    store.extend(graph_to_quads(data, ox.DefaultGraph()))
    return check_store(store)


def check_graph_with_pyshacl(data: Graph) -> list[Problem]:
    """The reference: every shape, SPARQL ones included, in pyshacl alone."""
    _, results, _ = shacl_validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=False)
    return sorted({Problem(shape_name(results.value(r, SH.sourceConstraint)
                                      if isinstance(results.value(r, SH.sourceConstraint), URIRef)
                                      else results.value(r, SH.sourceShape)),
                           str(results.value(r, SH.focusNode)), None, "")
                   for r in results.objects(None, SH.result)}, key=lambda p: (p.focus, p.shape))
