"""/sparql: the protocol, formats, negotiation, refusals, limits (in-process HTTP)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph

MOVES = ("PREFIX seckg: <https://w3id.org/seckg/ontology#> "
         "SELECT ?c WHERE { ?c a seckg:CategoryMove } ORDER BY ?c")
CONSTRUCT = ("PREFIX seckg: <https://w3id.org/seckg/ontology#> "
             "CONSTRUCT { ?c ?p ?o } WHERE { ?c a seckg:CategoryMove ; ?p ?o }")
RUS_CHANGE = "https://w3id.org/seckg/id/change/tst-2020/rus"


def test_get_select_json(client):
    r = client.get("/sparql", params={"query": MOVES})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    body = r.json()
    assert body["head"]["vars"] == ["c"]
    assert [b["c"] for b in body["results"]["bindings"]] == [{"type": "uri", "value": RUS_CHANGE}]


def test_post_form_and_direct(client):
    form = client.post("/sparql", data={"query": MOVES})
    direct = client.post("/sparql", content=MOVES, headers={"content-type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()


def test_ask(client):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/html, */*;q=0.1", "application/sparql-results+json"),
])
def test_select_negotiation(client, accept, media):
    r = client.get("/sparql", params={"query": MOVES}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media


def test_select_formats_carry_the_same_rows(client):
    xml = ET.fromstring(client.get("/sparql", params={"query": MOVES, "format": "xml"}).content)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [u.text for u in xml.findall(".//r:uri", ns)] == [RUS_CHANGE]
    rows = list(csv.reader(io.StringIO(client.get("/sparql", params={"query": MOVES, "format": "csv"}).text)))
    assert rows == [["c"], [RUS_CHANGE]]
    tsv = client.get("/sparql", params={"query": MOVES, "format": "tsv"}).text.splitlines()
    assert tsv == ["?c", f"<{RUS_CHANGE}>"]


@pytest.mark.parametrize("accept, rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
])
def test_construct_formats_parse_to_the_same_graph(client, accept, rdflib_format):
    reference = Graph().parse(data=client.get("/sparql", params={"query": CONSTRUCT},
                                              headers={"accept": "text/turtle"}).text, format="turtle")
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = Graph().parse(data=r.content, format=rdflib_format)
    assert len(g) == len(reference) > 5
    from rdflib.compare import isomorphic
    assert isomorphic(g, reference)


def test_not_acceptable(client):
    r = client.get("/sparql", params={"query": MOVES}, headers={"accept": "image/png"})
    assert r.status_code == 406


def test_default_graph_uri_selects_the_dataset(client):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/seckg/ontology#Designation> }"
    union = client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"]
    one = client.get("/sparql", params={
        "query": q, "default-graph-uri": "https://w3id.org/seckg/id/graph/document/nato-tc-2022",
    }).json()["results"]["bindings"][0]["n"]["value"]
    assert (int(union), int(one)) == (12, 2)


@pytest.mark.parametrize("request_kwargs", [
    {"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}},
    {"params": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}},
    {"params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}},
])
def test_refusals(client, request_kwargs):
    r = client.get("/sparql", **request_kwargs)
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"


def test_update_by_post_is_refused(client):
    r = client.post("/sparql", content="CLEAR ALL", headers={"content-type": "application/sparql-update"})
    assert r.status_code == 403
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_syntax_error_is_400_without_a_trace(client):
    r = client.get("/sparql", params={"query": "SELEC ?x WHERE"})
    assert r.status_code == 400
    assert "Traceback" not in r.text and r.json()["title"] == "Malformed query"


def test_url_bytes_that_are_not_utf8_name_the_query_string(client):
    r = client.get("/sparql?query=ASK%20%7B%FF%7D")
    assert r.status_code == 422 and r.json()["parameter"] == "query-string"


def test_a_replacement_character_sent_on_purpose_is_kept(client):
    # U+FFFD percent-encoded in the URL is valid UTF-8: the query gets it as it is
    r = client.get("/sparql?query=SELECT%20%3Fx%20WHERE%20%7B%20BIND(%22%EF%BF%BD%22%20AS%20%3Fx)%20%7D")
    assert r.status_code == 200
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "\ufffd"


def test_unknown_format_names_the_parameter(client):
    r = client.get("/sparql", params={"query": MOVES, "format": "yaml"})
    assert r.status_code == 422 and r.json()["parameter"] == "format"


def test_service_description(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert len(list(g.triples((None, None, None)))) > 5
    assert any(str(o) == sd + "SPARQL11Query" for o in g.objects())
    jsonld = client.get("/sparql", headers={"accept": "application/ld+json"})
    assert json.loads(jsonld.text)


def test_queries_go_to_the_build_switched_in(tmp_path):
    import pyoxigraph as ox
    from fastapi.testclient import TestClient

    from api.app import create_app
    from kg.stores.disk import MARKER, new_build_dir, store_dir, switch

    root = tmp_path / "store"

    def publish(value: str) -> None:
        build = new_build_dir(root)
        disk = ox.Store(str(store_dir(build)))
        disk.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                         ox.Literal(value), ox.NamedNode("http://example.org/g")))
        disk.flush()
        del disk
        (build / MARKER).write_text("{}", encoding="utf-8")
        switch(root, build)

    def values(client: TestClient) -> list[str]:
        body = client.get("/sparql", params={"query": "SELECT ?o WHERE { ?s ?p ?o }"}).json()
        return [b["o"]["value"] for b in body["results"]["bindings"]]

    publish("first")
    with TestClient(create_app(store_root=root)) as client:
        assert values(client) == ["first"]
        publish("second")
        assert values(client) == ["second"]


def test_common_prefixes_are_declared_and_errors_are_one_sentence(client):
    ok = client.get("/sparql", params={"query": "SELECT ?d WHERE { ?d a seckg:Designation } LIMIT 1"})
    assert ok.status_code == 200 and ok.json()["results"]["bindings"]
    bad = client.get("/sparql", params={"query": "SELECT ?d WHERE { ?d a foo:Designation }"})
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith("line 1, column 24: the prefix 'foo:' is not declared")
    assert "seckg:" in client.get("/sparql", headers={"Accept": "text/html"}).text
