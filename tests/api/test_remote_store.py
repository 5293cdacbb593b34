"""The service over a real Oxigraph server answers as it does over the embedded store."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from api.app import create_app
from kg.settings import Settings
from tests.stores import Misbehaving, free_port

SAME_JSON = [
    "/changes?year=2020",
    "/changes?year=2020&all_kinds=true&include_unverified=true",
    "/changes?year=2020&issuer=JPN&direction=hostility",
    "/states",
    "/states/JPN",
    "/states/RUS/designations?direction=received&include_unverified=true",
    "/documents",
    "/documents/tst-2020",
    "/documents/tst-2010?include_unverified=true",
    "/dyads/JPN/RUS",
    "/categories",
    "/queries/moved_category?year=2020",
    "/queries/designations?target=RUS&as_of=2021-01-01",
    "/id/document/tst-2020.json",
]


@pytest.mark.parametrize("path", SAME_JSON)
def test_same_json_as_the_embedded_store(client, remote_client, path):
    embedded, remote = client.get(path), remote_client.get(path)
    assert remote.status_code == embedded.status_code == 200
    assert remote.json() == embedded.json()


@pytest.mark.parametrize("path", ["/documents/tst-2020.ttl", "/changes?year=2020&format=ttl", "/id/state/JPN.ttl"])
def test_same_rdf_as_the_embedded_store(client, remote_client, path):
    embedded = client.get(path, headers={"accept": "text/turtle"})
    remote = remote_client.get(path, headers={"accept": "text/turtle"})
    assert remote.status_code == embedded.status_code == 200
    graphs = [Graph().parse(data=r.text, format="turtle") for r in (remote, embedded)]
    assert len(graphs[1]) > 5 and isomorphic(*graphs)


@pytest.mark.parametrize("path", ["/", "/changes.html?year=2020", "/id/state/JPN", "/id/document/tst-2020",
                                  "/id/change/tst-2020/rus", "/id/category/threat"])
def test_same_pages_as_the_embedded_store(client, remote_client, path):
    embedded = client.get(path, headers={"accept": "text/html"})
    remote = remote_client.get(path, headers={"accept": "text/html"})
    assert remote.status_code == embedded.status_code == 200 and remote.text == embedded.text


def test_unknown_ids_are_404_too(client, remote_client):
    for path in ("/documents/nope-2000", "/states/XYZ", "/id/document/nope-2000"):
        assert remote_client.get(path).status_code == client.get(path).status_code == 404


def test_healthz_reports_the_published_build(remote_client):
    body = remote_client.get("/healthz").json()
    assert body["status"] == "ok" and body["store"] == "remote" and body["counts"]["documents"] == 3


SELECT = "PREFIX seckg: <https://w3id.org/seckg/ontology#> SELECT ?c ?code WHERE { ?c seckg:code ?code } ORDER BY ?code"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_sparql_select_in_every_format(client, remote_client, accept):
    embedded = client.get("/sparql", params={"query": SELECT}, headers={"accept": accept})
    remote = remote_client.get("/sparql", params={"query": SELECT}, headers={"accept": accept})
    assert remote.status_code == 200 and remote.headers["content-type"] == embedded.headers["content-type"]
    assert remote.content == embedded.content


def test_sparql_construct_and_ask(client, remote_client):
    construct = "CONSTRUCT { ?d ?p ?o } WHERE { ?d a <https://w3id.org/seckg/ontology#StrategyDocument> ; ?p ?o }"
    graphs = [Graph().parse(data=c.get("/sparql", params={"query": construct},
                                       headers={"accept": "text/turtle"}).text, format="turtle")
              for c in (client, remote_client)]
    assert len(graphs[0]) > 10 and isomorphic(*graphs)
    assert remote_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_sparql_row_cap_says_so(remote_url):
    settings = replace(Settings.from_env(), max_rows=5)
    with TestClient(create_app(settings=settings, store_url=remote_url)) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                  headers={"accept": "application/sparql-results+json"})
        assert r.status_code == 200 and r.headers["sparql-results-truncated"] == "true"
        assert len(r.json()["results"]["bindings"]) == 5
        r = c.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                  headers={"accept": "application/n-triples"})
        assert r.headers["sparql-results-truncated"] == "true" and len(r.text.strip().splitlines()) == 5


def test_sparql_errors_are_the_same(remote_client):
    assert remote_client.get("/sparql", params={"query": "SELEC nothing"}).status_code == 400
    assert remote_client.get("/sparql", params={"query": "DROP ALL"}).status_code == 403
    federated = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert remote_client.get("/sparql", params={"query": federated}).status_code == 403
    assert remote_client.get("/sparql", params={"query": "ASK {}", "format": "turtle"}).status_code == 406


def test_sparql_graph_patterns_see_only_the_build(remote_client):
    """The store's metadata and other builds are not in the dataset of a user query."""
    r = remote_client.get("/sparql", params={"query": "SELECT ?g WHERE { GRAPH ?g { } }"},
                          headers={"accept": "application/sparql-results+json"})
    assert r.json()["results"]["bindings"] == []


def test_dumps_are_made_on_demand(client, remote_client):
    remote = remote_client.get("/dumps/seckg.nt")
    assert remote.status_code == 200 and remote.headers["content-type"].startswith("application/n-triples")
    embedded = client.get("/dumps/seckg.nt")
    assert isomorphic(Graph().parse(data=remote.text, format="nt"), Graph().parse(data=embedded.text, format="nt"))
    assert remote_client.get("/dumps/seckg.nt", headers={"if-none-match": remote.headers["etag"]}).status_code == 304
    trig = remote_client.get("/dumps/seckg.trig")
    assert trig.status_code == 404 and "one graph" in trig.json()["detail"]
    listed = {d["url"].rsplit("/", 1)[-1] for d in remote_client.get("/dumps").json()["distributions"]}
    assert listed == {"seckg.ttl", "seckg.nt", "seckg.jsonld", "seckg-tables.zip"}
    tables = remote_client.get("/dumps/seckg-tables.zip")  # made by the same questions, asked over HTTP
    assert tables.status_code == 200
    remote_files, embedded_files = (zipfile.ZipFile(io.BytesIO(r.content)) for r in
                                    (tables, client.get("/dumps/seckg-tables.zip")))
    assert {n: remote_files.read(n) for n in remote_files.namelist()} == {
        n: embedded_files.read(n) for n in embedded_files.namelist()}


# ---- a store that fails ----------------------------------------------------------------

def app_over(url: str) -> TestClient:
    settings = replace(Settings.from_env(), query_timeout=1, store_max_bytes=100_000)
    return TestClient(create_app(settings=settings, store_url=url))


@pytest.mark.parametrize(("mode", "status"), [
    ("slow", 504), ("trickle", 504), ("truncated", 502), ("cut", 502), ("chunked", 502), ("redirect", 502),
    ("huge", 502), ("endless", 502), ("html", 502), ("error", 502), ("busy", 503),
])
@pytest.mark.parametrize("path", ["/changes?year=2020", "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D",
                                  "/documents/tst-2020"])
def test_a_failing_store_is_a_clear_gateway_error(mode, status, path):
    with Misbehaving(mode) as store, app_over(store.url) as c:
        started = time.monotonic()
        r = c.get(path, headers={"accept": "application/json"})
        assert time.monotonic() - started < 4
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json" and "store" in r.json()["detail"]
    assert "Traceback" not in r.text


@pytest.mark.parametrize(("mode", "status"), [("slow", 504), ("html", 502), ("busy", 503)])
def test_healthz_says_when_the_store_fails(mode, status):
    with Misbehaving(mode, pointer=False) as store, app_over(store.url) as c:
        assert c.get("/healthz").status_code == status


def test_a_refused_connection_is_503_with_retry_after():
    with app_over(f"http://127.0.0.1:{free_port()}") as c:
        r = c.get("/changes?year=2020")
    assert r.status_code == 503 and r.headers["retry-after"] and "cannot connect" in r.json()["detail"]
