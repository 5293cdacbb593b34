"""The SHACL Core constraints our shapes use, compiled to SPARQL and run by pyoxigraph.

pyshacl is the reference implementation, but it walks an rdflib graph in Python: on 0.1 M
triples it took most of a build's time, and it grows with the data. Our shapes use a small
part of SHACL Core -- ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:or`` of
datatypes, ``sh:pattern``, ``sh:in``, ``sh:nodeKind sh:IRI``, ``sh:node`` to a shape made of
``sh:minCount 1`` and ``sh:hasValue`` properties -- on simple property paths of classes
named by ``sh:targetClass``. Each property shape becomes one SELECT over all its focus
nodes at once. Anything else in a shape is refused when the shapes are compiled, so a new
kind of constraint cannot be silently ignored; ``tests/kg/test_shacl.py`` checks that the
results equal pyshacl's on every shape's valid and invalid example and on generated graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

# the predicates a property shape may carry, beyond those compiled into its query
HANDLED = {RDF.type, SH.path, SH.message, SH.minCount, SH.maxCount, SH.datatype, SH["or"], SH.pattern,
           SH["in"], SH.nodeKind, SH.node, SH.name, SH.description}


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT yielding ?this and ?value (unbound for counts) per violation."""

    shape: str
    path: str
    message: str
    query: str


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise ValueError(f"cannot write {node!r} in a query")


def _known(shapes: Graph, shape: Node) -> str:
    """A FILTER expression true when ?value does NOT conform to the node shape ``shape``."""
    fails = []
    for prop in shapes.objects(shape, SH.property):
        path = shapes.value(prop, SH.path)
        has_value = shapes.value(prop, SH.hasValue)
        min_count = shapes.value(prop, SH.minCount)
        extra = set(shapes.predicates(prop)) - {SH.path, SH.hasValue, SH.minCount}
        if extra or not isinstance(path, URIRef) or (has_value is None and min_count is None):
            raise ValueError(f"sh:node {shape}: only sh:minCount 1 and sh:hasValue properties are compiled")
        if has_value is not None:
            fails.append(f"NOT EXISTS {{ ?value {_term(path)} {_term(has_value)} }}")
        if min_count is not None:
            if int(str(min_count)) != 1:
                raise ValueError(f"sh:node {shape}: only sh:minCount 1 is compiled")
            fails.append(f"NOT EXISTS {{ ?value {_term(path)} ?any }}")
    if not fails:
        raise ValueError(f"sh:node {shape} has no property to check")
    return " || ".join(fails)


def _value_filter(shapes: Graph, prop: Node) -> str | None:
    """The FILTER expression true for a value that breaks the shape's value constraints."""
    fails = []
    datatype = shapes.value(prop, SH.datatype)
    if datatype is not None:
        fails.append(f"!isLiteral(?value) || DATATYPE(?value) != {_term(datatype)}")
    alternatives = shapes.value(prop, SH["or"])
    if alternatives is not None:
        types = []
        for alt in Collection(shapes, alternatives):
            if set(shapes.predicates(alt)) != {SH.datatype}:
                raise ValueError(f"{prop}: sh:or is compiled only for alternatives of sh:datatype")
            alt_type = shapes.value(alt, SH.datatype)
            assert alt_type is not None
            types.append(_term(alt_type))
        fails.append(f"!isLiteral(?value) || !(DATATYPE(?value) IN ({', '.join(types)}))")
    pattern = shapes.value(prop, SH.pattern)
    if pattern is not None:
        fails.append(f"isBlank(?value) || !REGEX(STR(?value), {Literal(str(pattern)).n3()})")
    allowed = shapes.value(prop, SH["in"])
    if allowed is not None:
        fails.append(f"!(?value IN ({', '.join(_term(v) for v in Collection(shapes, allowed))}))")
    kind = shapes.value(prop, SH.nodeKind)
    if kind is not None:
        if kind != SH.IRI:
            raise ValueError(f"{prop}: only sh:nodeKind sh:IRI is compiled")
        fails.append("!isIRI(?value)")
    node = shapes.value(prop, SH.node)
    if node is not None:
        fails.append(_known(shapes, node))
    return " || ".join(f"({f})" for f in fails) if fails else None


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every property shape of every targeted node shape, as SPARQL checks."""
    checks = []
    for node_shape, target in sorted(shapes.subject_objects(SH.targetClass), key=str):
        for prop in sorted(shapes.objects(node_shape, SH.property), key=str):
            unknown = set(shapes.predicates(prop)) - HANDLED
            if unknown:
                raise ValueError(f"{prop}: constraints not compiled: {sorted(str(u) for u in unknown)}")
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef):
                raise ValueError(f"{prop}: only simple property paths are compiled")
            name = str(prop)
            message = str(shapes.value(prop, SH.message) or "constraint violated")
            focus = f"?this a {_term(target)} ."
            p = _term(path)
            counts = []
            min_count, max_count = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
            if min_count is not None:
                counts.append(f"?n < {int(str(min_count))}")
            if max_count is not None:
                counts.append(f"?n > {int(str(max_count))}")
            if counts:
                checks.append(Check(name, str(path), message,
                                    f"SELECT ?this ?value WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) "
                                    f"WHERE {{ {focus} OPTIONAL {{ ?this {p} ?v }} }} GROUP BY ?this }} "
                                    f"FILTER ({' || '.join(counts)}) }}"))
            value_filter = _value_filter(shapes, prop)
            if value_filter is not None:
                checks.append(Check(name, str(path), message,
                                    f"SELECT ?this ?value WHERE {{ {focus} ?this {p} ?value . "
                                    f"FILTER ({value_filter}) }}"))
    return checks

