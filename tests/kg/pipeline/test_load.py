"""Seeds become pyoxigraph quads directly; locations are found again only when needed."""

from __future__ import annotations

import pyoxigraph as ox

from kg.pipeline.load import load, locations, quads
from kg.pipeline.seeds import read_seeds
from tests.conftest import FIXTURE_SEEDS, line_of

ID = "https://w3id.org/seckg/id/"
SECKG = "https://w3id.org/seckg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DOC = FIXTURE_SEEDS / "jpn" / "tst-2020.yaml"


def test_load_adds_every_quad_to_the_store():
    seeds = read_seeds(FIXTURE_SEEDS)
    store = ox.Store()
    made = load(seeds, store)
    expected = quads(seeds)
    assert made == len(expected) > 200
    assert set(store) == set(expected)


def test_each_document_has_its_own_graph():
    graphs = {q.graph_name.value for q in quads(read_seeds(FIXTURE_SEEDS))}  # type: ignore[union-attr]
    assert {ID + "graph/registers", ID + "graph/document/tst-2010", ID + "graph/document/tst-2020"} <= graphs


def test_literals_keep_their_datatypes_and_languages():
    made = set(quads(read_seeds(FIXTURE_SEEDS)))
    doc, graph = ox.NamedNode(ID + "document/tst-2020"), ox.NamedNode(ID + "graph/document/tst-2020")
    issued = ox.NamedNode("http://purl.org/dc/terms/issued")
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    assert ox.Quad(doc, issued, ox.Literal("2020-12-01", datatype=ox.NamedNode(XSD + "date")), graph) in made
    assert ox.Quad(doc, title, ox.Literal("試験戦略", language="ja"), graph) in made
    section = ox.NamedNode(ID + "document/tst-2020/section/environment")
    order = ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))
    assert ox.Quad(section, ox.NamedNode(SECKG + "order"), order, graph) in made


def test_locations_give_the_line_of_a_node_and_of_its_properties():
    found = locations(read_seeds(FIXTURE_SEEDS))
    file, line = found.locate(ID + "document/tst-2020")  # type: ignore[misc]
    assert file.name == "tst-2020.yaml" and line == line_of(DOC, "id: tst-2020")
    assert found.locate(ID + "document/tst-2020", SECKG + "replacesEdition")[1] == line_of(DOC, "replaces:")  # type: ignore[index]
    # a property without a line of its own falls back to the node's line
    assert found.locate(ID + "document/tst-2020", SECKG + "nowhere") == (file, line)
    designation = ID + "designation/tst-2020/usa/ally"
    assert found.locate(designation, SECKG + "category")[1] == line_of(DOC, "category: ally")  # type: ignore[index]
    assert found.locate(ID + "document/none") is None
