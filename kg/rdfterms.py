"""Conversions between rdflib terms (the loader, pyshacl) and pyoxigraph terms (the store)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.vocab import XSD


def to_ox(term: Node) -> Any:
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
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), into)


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
