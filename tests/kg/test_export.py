"""Dumps parse back into the same graph, whatever the format."""

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.export import Format, export


@pytest.fixture(scope="module")
def turtle_graph(store) -> Graph:
    return Graph().parse(data=export(store, Format.turtle), format="turtle")


@pytest.mark.parametrize("fmt, rdflib_format", [(Format.ntriples, "nt"), (Format.jsonld, "json-ld")])
def test_triple_formats_give_the_same_graph(store, turtle_graph, fmt, rdflib_format):
    other = Graph().parse(data=export(store, fmt), format=rdflib_format)
    assert isomorphic(other, turtle_graph)


def test_trig_has_one_named_graph_per_document(store):
    ds = Dataset()
    ds.parse(data=export(store, Format.trig), format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    for doc in ("tst-2010", "tst-2020", "nato-tc-2022"):
        assert f"https://w3id.org/seckg/id/graph/document/{doc}" in names


def test_export_to_a_file(store, tmp_path):
    out = tmp_path / "dump.nt"
    export(store, Format.ntriples, str(out))
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES))) > 100
