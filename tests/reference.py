"""Reference implementations the tests compare the package with: rdflib graphs and pyshacl.

They are too slow for a build (pyshacl took most of a 0.1 M triple build; bench/README.md),
which is why the package does not use them, and exactly why the tests do.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.pipeline.validate import Problem, check_store, shape_name, shapes_graph
from kg.rdfterms import from_ox, graph_to_quads


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
