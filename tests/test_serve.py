"""The service as users run it: `seckg serve` in its own process, spoken to over HTTP."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.cli import main
from tests.conftest import edit
from tests.service import running_service


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path, Path]]:
    import shutil

    from tests.conftest import FIXTURE_SEEDS

    root = tmp_path_factory.mktemp("serve")
    seeds = root / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    store = root / "store"
    assert main(["build", "--seeds", str(seeds), "--store", str(store)]) == 0
    with running_service(store) as base:
        yield base, seeds, store


def test_answers_healthz_ask_and_changes(server):
    base, _, _ = server
    assert httpx.get(base + "/healthz").json()["status"] == "ok"
    assert httpx.get(base + "/sparql", params={"query": "ASK{?s ?p ?o}"}).json()["boolean"] is True
    [rus] = httpx.get(base + "/changes", params={"year": "2020"}).json()["changes"]
    assert rus["target"] == "RUS" and rus["from"] and rus["to"]


def test_rdflib_sparqlstore_client(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    base, _, _ = server
    remote = SPARQLStore(base + "/sparql")
    rows = list(remote.query("PREFIX seckg: <https://w3id.org/seckg/ontology#> "
                             "SELECT ?c WHERE { ?c a seckg:CategoryMove }"))
    assert [str(r[0]) for r in rows] == ["https://w3id.org/seckg/id/change/tst-2020/rus"]


def test_broken_seeds_keep_the_served_graph(server, capsys):
    base, seeds, store = server
    before = httpx.get(base + "/healthz").json()["build"]
    edit(seeds / "jpn" / "tst-2020.yaml", "    - target: PRK", "    - target: XYZ")
    assert main(["build", "--seeds", str(seeds), "--store", str(store)]) == 1
    assert "tst-2020.yaml:" in capsys.readouterr().err
    assert httpx.get(base + "/healthz").json()["build"] == before
    assert httpx.get(base + "/changes", params={"year": "2020"}).json()["count"] == 1


def test_a_new_build_is_served_without_restart(server):
    base, seeds, store = server
    before = httpx.get(base + "/healthz").json()["build"]
    edit(seeds / "jpn" / "tst-2020.yaml", "    - target: XYZ", "    - target: PRK")
    edit(seeds / "nato" / "tc-2022.yaml", "    - target: JPN", "    - target: KOR")
    assert main(["build", "--seeds", str(seeds), "--store", str(store)]) == 0
    assert httpx.get(base + "/healthz").json()["build"] != before
    q = ("ASK { ?d <https://w3id.org/seckg/ontology#target> <https://w3id.org/seckg/id/state/KOR> ; "
         "<https://w3id.org/seckg/ontology#issuer> <https://w3id.org/seckg/id/organization/NATO> }")
    assert httpx.get(base + "/sparql", params={"query": q}).json()["boolean"] is True


SELECT_MOVES = ("PREFIX seckg: <https://w3id.org/seckg/ontology#> "
                "SELECT ?c WHERE { ?c a seckg:CategoryMove }")
CONSTRUCT_MOVES = ("PREFIX seckg: <https://w3id.org/seckg/ontology#> "
                   "CONSTRUCT { ?c ?p ?o } WHERE { ?c a seckg:CategoryMove ; ?p ?o }")
MOVE = "https://w3id.org/seckg/id/change/tst-2020/rus"


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_in_every_format(server, fmt):
    from SPARQLWrapper import SPARQLWrapper

    base, _, _ = server
    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(SELECT_MOVES)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == "json":
        assert [b["c"]["value"] for b in result["results"]["bindings"]] == [MOVE]
    elif fmt == "xml":
        assert [u.firstChild.data for u in result.getElementsByTagName("uri")] == [MOVE]
    else:
        text = result.decode() if isinstance(result, bytes) else result
        assert MOVE in text


@pytest.mark.parametrize("fmt", ["turtle", "n3", "json-ld", "xml"])
def test_sparqlwrapper_construct_in_every_format(server, fmt):
    from rdflib import Graph, URIRef
    from SPARQLWrapper import SPARQLWrapper

    base, _, _ = server
    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(CONSTRUCT_MOVES)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    graph = result if isinstance(result, Graph) else Graph().parse(
        data=result, format={"n3": "turtle", "json-ld": "json-ld", "turtle": "turtle"}[fmt])
    assert (URIRef(MOVE), None, None) in graph


def test_several_serving_processes_answer_alike_and_follow_a_new_build(tmp_path):
    """`seckg serve --processes 2`: each process answers, tags alike, and sees the next build."""
    import shutil

    from tests.conftest import FIXTURE_SEEDS

    own_seeds, store = tmp_path / "seeds", tmp_path / "store"
    shutil.copytree(FIXTURE_SEEDS, own_seeds)
    assert main(["build", "--seeds", str(own_seeds), "--store", str(store)]) == 0
    command = [sys.executable, "-m", "kg.cli", "serve", "--port", "PORT", "--processes", "2"]
    with running_service(store, command=command) as base:
        # a new connection each time, so that both processes take some of them
        answers = [httpx.get(base + "/documents/tst-2020") for _ in range(8)]
        assert {r.status_code for r in answers} == {200} and len({r.headers["etag"] for r in answers}) == 1
        tag = answers[0].headers["etag"]
        assert {httpx.get(base + "/documents/tst-2020", headers={"If-None-Match": tag}).status_code
                for _ in range(4)} == {304}
        edit(own_seeds / "jpn" / "tst-2020.yaml", '"Test Strategy 2020"', '"Test Strategy 2020, renamed"')
        assert main(["build", "--seeds", str(own_seeds), "--store", str(store)]) == 0
        fresh = [httpx.get(base + "/documents/tst-2020", headers={"If-None-Match": tag}) for _ in range(8)]
        assert {r.status_code for r in fresh} == {200} and all("renamed" in r.text for r in fresh)
