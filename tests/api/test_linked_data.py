"""The linked data resolves: the ontology at its namespace, things answered with the document
that describes them, the dataset with a stable IRI, and the public address in every IRI written."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
from fastapi.testclient import TestClient

from api.app import create_app
from kg.ask.ontology import describe
from kg.settings import Settings
from kg.vocab import DCAT, DCT, OWL, RDF

PUBLIC = "https://seckg.example.org"


def test_the_ontology_page_has_an_anchor_per_term(client) -> None:
    page = client.get("/ontology", headers={"Accept": "text/html"})
    assert page.status_code == 200
    for terms in describe().values():
        for term in terms:
            assert f'id="{term["name"]}"' in page.text, term["name"]


def test_the_ontology_as_rdf(client) -> None:
    for answer in (client.get("/ontology", headers={"Accept": "text/turtle"}), client.get("/ontology.ttl")):
        graph = [q.triple for q in ox.parse(answer.content, format=ox.RdfFormat.TURTLE)]
        assert ox.Triple(ox.NamedNode("https://w3id.org/seckg/ontology"), RDF.type, OWL.Ontology) in graph
    assert client.get("/ontology.jsonld").headers["content-type"] == "application/ld+json"
    assert client.get("/ontology.xyz").status_code == 404


def test_a_thing_is_answered_with_the_document_that_describes_it(client) -> None:
    turtle = client.get("/id/state/JPN", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-location"] == "http://testserver/id/state/JPN.ttl"
    page = client.get("/id/state/JPN", headers={"Accept": "text/html"})
    assert page.headers["content-location"] == "http://testserver/id/state/JPN.html"
    assert "content-location" not in client.get("/id/state/JPN.ttl").headers  # a document already


def test_the_dataset_has_a_stable_iri_a_publisher_and_a_page(client) -> None:
    triples = list(ox.parse(client.get("/dumps", headers={"Accept": "text/turtle"}).content,
                            format=ox.RdfFormat.TURTLE))
    dataset = ox.NamedNode("https://w3id.org/seckg/dataset")
    predicates = {t.predicate for t in triples if t.subject == dataset}
    assert {DCT.publisher, DCT.creator, DCT.description, DCAT.contactPoint, DCAT.landingPage} <= predicates
    html = client.get("/dumps", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "seckg.nq" in html.text
    assert client.get("/dumps.json").json()["iri"] == "https://w3id.org/seckg/dataset"


def test_the_public_address_is_in_every_iri_the_service_writes(store_root) -> None:
    settings = dataclasses.replace(Settings.from_env(), store=store_root, public_base=PUBLIC)
    with TestClient(create_app(settings=settings)) as client:
        data = client.get("/dumps.json").json()
        assert data["url"] == f"{PUBLIC}/dumps" and data["sparql_endpoint"] == f"{PUBLIC}/sparql"
        assert all(d["url"].startswith(f"{PUBLIC}/dumps/") for d in data["distributions"])
        description = client.get("/sparql", headers={"Accept": "text/turtle"}).text
        assert f"<{PUBLIC}/sparql> a sd:Service" in description and "testserver" not in description
        assert client.get("/states/JPN").json()["url"] == f"{PUBLIC}/id/state/JPN"
        assert client.get("/id/state/JPN.ttl").status_code == 200
        assert client.get("/id/state/JPN", headers={"Accept": "text/turtle"}).headers[
            "content-location"] == f"{PUBLIC}/id/state/JPN.ttl"
