"""Dumps at stable URLs with cheap polling, and the VoID/DCAT description."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"


@pytest.fixture(scope="module")
def turtle(client) -> Graph:
    return Graph().parse(data=client.get("/dumps/seckg.ttl").text, format="turtle")


@pytest.mark.parametrize("name, fmt", [("seckg.nt", "nt"), ("seckg.jsonld", "json-ld")])
def test_dumps_are_the_same_graph(client, turtle, name, fmt):
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200
    assert isomorphic(Graph().parse(data=r.content, format=fmt), turtle)


def test_trig_dump_has_a_graph_per_document(client):
    ds = Dataset()
    ds.parse(data=client.get("/dumps/seckg.trig").text, format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/seckg/id/graph/document/tst-2020" in names


def test_conditional_requests(client):
    first = client.get("/dumps/seckg.nt")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get("/dumps/seckg.nt", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/dumps/seckg.nt", headers={"if-modified-since": modified}).status_code == 304
    assert client.get("/dumps/seckg.nt", headers={"if-none-match": '"other"'}).status_code == 200


def test_unknown_dump_is_404(client):
    assert client.get("/dumps/seckg.xlsx").status_code == 404


def test_dataset_description(client):
    g = Graph().parse(data=client.get("/dumps", headers={"accept": "text/turtle"}).text, format="turtle")
    dataset = next(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(VOID + "Dataset")))
    assert g.value(dataset, URIRef("http://purl.org/dc/terms/license")) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert str(g.value(dataset, URIRef(VOID + "sparqlEndpoint"))).endswith("/sparql")
    dumps = {str(o).rsplit("/", 1)[-1] for o in g.objects(dataset, URIRef(VOID + "dataDump"))}
    assert dumps == {"seckg.ttl", "seckg.nt", "seckg.jsonld", "seckg.trig", "seckg.nq", "seckg-tables.zip"}
    assert len(list(g.objects(dataset, URIRef(DCAT + "distribution")))) == 6  # five RDF dumps and the CSV tables
    assert int(g.value(dataset, URIRef(VOID + "triples"))) > 500
    examples = {str(o) for o in g.objects(dataset, URIRef(VOID + "exampleResource"))}
    assert "https://w3id.org/seckg/id/change/tst-2020/rus" in examples
    body = client.get("/.well-known/void").json()
    assert body["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    for dist in body["distributions"]:
        path = dist["url"].split("testserver", 1)[1]
        assert client.get(path).status_code == 200


def test_a_dump_is_written_on_its_first_request(tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from kg.build import build
    from kg.stores.disk import dumps_dir
    from tests.conftest import FIXTURE_SEEDS

    path = Path(build(FIXTURE_SEEDS, tmp_path)["path"])
    assert sorted(p.name for p in dumps_dir(path).iterdir()) == ["seckg.nq"]  # the build writes only N-Quads
    with TestClient(create_app(store_root=tmp_path)) as client:
        sizes = {d["url"].rsplit("/", 1)[-1]: d["bytes"] for d in client.get("/dumps").json()["distributions"]}
        assert sizes == {"seckg.nq": (dumps_dir(path) / "seckg.nq").stat().st_size,
                         **dict.fromkeys(["seckg.jsonld", "seckg.nt", "seckg.trig", "seckg.ttl", "seckg-tables.zip"])}
        g = Graph().parse(data=client.get("/dumps", headers={"accept": "text/turtle"}).text, format="turtle")
        assert len(list(g.objects(None, URIRef(DCAT + "byteSize")))) == 1  # sizes not known yet are not given
        body = client.get("/dumps/seckg.ttl").content
        assert (dumps_dir(path) / "seckg.ttl").read_bytes() == body
        assert client.get("/dumps/seckg.ttl").content == body
        sizes = {d["url"].rsplit("/", 1)[-1]: d["bytes"] for d in client.get("/dumps").json()["distributions"]}
        assert sizes["seckg.ttl"] == len(body) and sizes["seckg.nt"] is None
        g = Graph().parse(data=client.get("/dumps", headers={"accept": "text/turtle"}).text, format="turtle")
        ttl = URIRef(next(d["url"] for d in client.get("/dumps").json()["distributions"] if d["url"].endswith(".ttl")))
        assert int(g.value(ttl, URIRef(DCAT + "byteSize"))) == len(body)
        nquads = Dataset()
        nquads.parse(data=client.get("/dumps/seckg.nq").content, format="nquads")
    assert isomorphic(Graph().parse(data=body, format="turtle"), nquads_union(nquads))


def nquads_union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


def test_the_data_package_is_a_dump_too(client):
    import io
    import json
    import zipfile

    import pandas as pd

    r = client.get("/dumps/seckg-tables.zip")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    package = json.loads(archive.read("seckg/datapackage.json"))
    for resource in package["resources"]:
        frame = pd.read_csv(io.BytesIO(archive.read(f"seckg/{resource['path']}")))
        assert list(frame.columns) == [f["name"] for f in resource["schema"]["fields"]]
    assert client.get("/dumps/seckg-tables.zip", headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    assert any(d["url"].endswith("/dumps/seckg-tables.zip") for d in client.get("/dumps").json()["distributions"])
