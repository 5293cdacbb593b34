"""Publishing to a real Oxigraph server: no half graph, the previous build kept, leftovers cleaned."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import publish
from kg.errors import SeedsInvalid, StoreError
from kg.stores import http_at
from kg.stores.builds import new_build_id
from kg.stores.http import SparqlHttp
from kg.stores.remote import build_graph
from kg.stores.remote_builds import chunks, clean, count
from kg.stores.remote_handle import RemoteHandle
from tests.conftest import FIXTURE_SEEDS, edit
from tests.stores import oxigraph

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def http(tmp_path: Path) -> Iterator[SparqlHttp]:
    """A connection to a fresh, empty Oxigraph server."""
    with oxigraph(tmp_path / "oxigraph") as url:
        connection = http_at(url)
        yield connection
        connection.close()


def build_graphs(http: SparqlHttp) -> set[str]:
    rows = RemoteHandle(http).get().query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { } FILTER STRSTARTS(STR(?g), 'urn:seckg:build:') }",
        default_graph=[], named_graphs=None)
    return {r["g"].value for r in rows}


def n_triples(http: SparqlHttp) -> int:
    return int(next(iter(RemoteHandle(http).get().query(COUNT)))["n"].value)


def test_publish_records_the_build(http):
    info = publish(FIXTURE_SEEDS, http)
    served = RemoteHandle(http).info()
    assert served["build"] == info["build"] and served["counts"]["documents"] == 3
    assert count(http, info["graph"]) == info["counts"]["triples"] == n_triples(http) > 500


def test_readers_never_see_half_a_graph(http, seeds_copy):
    """While a bigger build uploads in small chunks, readers see the old build or the new, whole."""
    first = publish(FIXTURE_SEEDS, http)["counts"]["triples"]
    edit(seeds_copy / "jpn" / "tst-2020.yaml", "    - target: AUS\n", "    - target: KOR\n      category: partner\n"
         "      rules: [R2.2]\n      evidence:\n        - {quote: \"our partner Korea\", lang: en, "
         "source: tst-official, verification: verbatim-official}\n    - target: AUS\n")
    seen: set[int] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(n_triples(http))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        second = publish(seeds_copy, http, chunk=50)["counts"]["triples"]
    finally:
        done.set()
        reader.join(timeout=30)
    assert second > first and first in seen and seen <= {first, second}
    assert n_triples(http) == second


def test_the_previous_build_is_kept_and_older_ones_dropped(http):
    builds = [publish(FIXTURE_SEEDS, http)["graph"] for _ in range(3)]
    assert build_graphs(http) == set(builds[1:])


def test_a_killed_publish_is_cleaned_up(http):
    good = publish(FIXTURE_SEEDS, http)["graph"]
    old = build_graph(new_build_id(datetime.now(UTC) - timedelta(hours=2)))
    young = build_graph(new_build_id())  # another publish may be under way: left alone
    for graph in (old, young):
        http.post_graph(graph, b"<urn:x> <urn:y> <urn:z> .\n")
    assert clean(http) == [old]
    assert build_graphs(http) == {good, young}


def test_a_failed_upload_leaves_the_build_in_service(http, monkeypatch):
    before = publish(FIXTURE_SEEDS, http)
    calls = []

    def failing(graph: str, data: bytes, **options: object) -> None:
        calls.append(graph)
        if len(calls) == 2:
            raise StoreError("the store went away")
        SparqlHttp.post_graph(http, graph, data, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(http, "post_graph", failing)
    with pytest.raises(StoreError, match="went away"):
        publish(FIXTURE_SEEDS, http, chunk=100)
    assert RemoteHandle(http).info()["build"] == before["build"]
    assert build_graphs(http) == {before["graph"]}  # the partial graph was dropped


def test_invalid_seeds_change_nothing(http, seeds_copy):
    before = publish(FIXTURE_SEEDS, http)
    edit(seeds_copy / "jpn" / "tst-2020.yaml", "    - target: PRK", "    - target: XYZ")
    with pytest.raises(SeedsInvalid):
        publish(seeds_copy, http)
    assert RemoteHandle(http).info()["build"] == before["build"]


def test_triples_with_blank_nodes_travel_together():
    b = ox.BlankNode()
    named = [ox.Triple(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i))) for i in range(7)]
    blank = [ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), b), ox.Triple(b, ox.NamedNode("urn:p"), b)]
    parts = list(chunks(named[:3] + blank + named[3:], size=3))
    assert parts[0][:2] == blank
    assert sorted((t for p in parts for t in p if t not in blank), key=str) == sorted(named, key=str)
    assert all(len(p) <= 3 for p in parts[1:])
