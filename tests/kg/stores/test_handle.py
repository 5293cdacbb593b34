"""The store interface: the same tests on the disk, in-memory and remote stores."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import NotFound, UnsafeQuery
from kg.stores import http_at
from kg.stores.disk_handle import StoreHandle
from kg.stores.handle import Handle
from kg.stores.remote_handle import RemoteHandle
from kg.stores.resident import ResidentHandle
from kg.stores.user_query import UserQuery

JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
KINDS = {"disk": "embedded", "resident": "embedded", "remote": "remote"}


@pytest.fixture(params=list(KINDS))
def handle(request: pytest.FixtureRequest, store_root: Path) -> Iterator[Handle]:
    """A started handle of each kind on a build of the test seeds; closed afterwards."""
    made: Handle
    if request.param == "remote":
        made = RemoteHandle(http_at(request.getfixturevalue("remote_url")))
    elif request.param == "resident":
        made = ResidentHandle(store_root, workers=1)
    else:
        made = StoreHandle(store_root, workers=1)
    asyncio.run(made.start())
    if isinstance(made, ResidentHandle):
        assert made.wait(timeout=60)
    yield made
    asyncio.run(made.close())


def run(handle: Handle, query: str, accept: str = JSON, max_rows: int = 100) -> tuple[str, bytes, bool]:
    answer = asyncio.run(handle.run_query(UserQuery(query, accept, max_rows)))
    return answer.media_type, answer.body, answer.truncated


def test_the_kind_is_said(handle: Handle, request: pytest.FixtureRequest) -> None:
    assert handle.kind == KINDS[request.node.callspec.params["handle"]]


def test_the_build_in_service_is_described(handle: Handle) -> None:
    described = handle.describe()
    assert described["build"] == handle.info()["build"]
    assert described["store"] == handle.kind
    assert described["in_memory"] is isinstance(handle, ResidentHandle)
    assert described["counts"]["designations"] > 0
    assert "seckg.ttl" in described["dumps"]


def test_the_service_queries_the_build_in_service(handle: Handle) -> None:
    ask = handle.get().query("ASK { ?d a <https://w3id.org/seckg/ontology#Designation> }",
                             use_default_graph_as_union=True)
    assert isinstance(ask, ox.QueryBoolean) and bool(ask)


def test_a_user_query_is_answered_in_the_format_asked(handle: Handle) -> None:
    media, body, truncated = run(handle, "SELECT ?d WHERE { ?d a <https://w3id.org/seckg/ontology#Designation> }")
    assert media == JSON and not truncated
    assert json.loads(body)["results"]["bindings"]


def test_a_user_query_is_cut_at_the_row_cap(handle: Handle) -> None:
    media, body, truncated = run(handle, "CONSTRUCT WHERE { ?s ?p ?o }", accept=N_TRIPLES, max_rows=3)
    assert media == N_TRIPLES and truncated
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == 3


@pytest.mark.parametrize("query", ["SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                                   "DELETE WHERE { ?s ?p ?o }"])
def test_the_guard_refuses_before_any_store_runs_it(handle: Handle, query: str) -> None:
    with pytest.raises(UnsafeQuery):
        run(handle, query)


def test_a_dump_by_name_is_the_graph_in_service(handle: Handle) -> None:
    dump = handle.dump("seckg.nt")
    assert dump.build == handle.info()["build"] and dump.media_type == N_TRIPLES
    content = dump.content()
    data = content.read_bytes() if isinstance(content, Path) else content
    served = {t for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    count = handle.get().query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    assert len(served) == int(next(iter(count))["n"].value)


def test_an_unknown_dump_is_not_found(handle: Handle) -> None:
    with pytest.raises(NotFound, match="no dump"):
        handle.dump("seckg.xyz")


def test_only_the_embedded_store_has_dataset_dumps(handle: Handle) -> None:
    if handle.kind == "remote":
        with pytest.raises(NotFound, match="one graph"):
            handle.dump("seckg.nq")
    else:
        assert handle.dump("seckg.nq").media_type == "application/n-quads"
