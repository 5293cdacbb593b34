"""Dumps parse back into the same graph, whatever the format; each is written once, on demand."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.formats import Format
from kg.stores.export import cached_dump, export, written_size


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


def test_cached_dump_is_written_once(store, tmp_path):
    opened = []

    def open_store():
        opened.append(1)
        return store

    first = cached_dump(open_store, tmp_path / "dumps", Format.ntriples)
    second = cached_dump(open_store, tmp_path / "dumps", Format.ntriples)
    assert first == second == tmp_path / "dumps" / "seckg.nt"
    assert len(opened) == 1
    assert first.read_bytes() == export(store, Format.ntriples)
    assert written_size(tmp_path / "dumps", "seckg.nt") == first.stat().st_size
    assert written_size(tmp_path / "dumps", "seckg.ttl") is None


def test_concurrent_callers_share_one_complete_dump(store, tmp_path):
    opened = []
    started = threading.Barrier(4)

    def open_store():
        opened.append(1)
        time.sleep(0.2)  # let the other callers arrive while the dump is being written
        return store

    def call(_):
        started.wait()
        return cached_dump(open_store, tmp_path, Format.turtle).read_bytes()

    with ThreadPoolExecutor(4) as pool:
        bodies = list(pool.map(call, range(4)))
    assert len(opened) == 1
    assert len(set(bodies)) == 1 and bodies[0] == export(store, Format.turtle)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".seckg.ttl.lock", "seckg.ttl"]


def test_a_failed_dump_leaves_nothing_behind(store, tmp_path):
    (tmp_path / ".seckg.nq.tmp").write_bytes(b"half a dump from a killed writer")

    def broken():
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        cached_dump(broken, tmp_path, Format.nquads)
    assert written_size(tmp_path, "seckg.nq") is None
    assert not (tmp_path / ".seckg.nq.tmp").exists()
    path = cached_dump(lambda: store, tmp_path, Format.nquads)
    assert path.read_bytes() == export(store, Format.nquads)
