"""The store in service changes only when a complete, valid build is ready."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from kg.build import build
from kg.errors import SeedsInvalid, StoreError
from kg.stores import builds
from kg.stores import disk as store_mod
from kg.stores.disk import current_build
from kg.stores.disk_handle import StoreHandle
from tests.conftest import FIXTURE_SEEDS, edit
from tests.reference import quads_to_graph

ASK_RUS = "ASK { <https://w3id.org/seckg/id/state/RUS> ?p ?o }"
ONTOLOGY = "https://w3id.org/seckg/id/graph/ontology"


def _blank(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


def test_build_switches_current(tmp_path):
    info = build(FIXTURE_SEEDS, tmp_path)
    assert current_build(tmp_path) == Path(info["path"]).resolve()
    assert bool(StoreHandle(tmp_path).get().query(ASK_RUS, use_default_graph_as_union=True))


def test_failed_build_keeps_the_store_in_service(tmp_path, seeds_copy):
    build(seeds_copy, tmp_path)
    before = current_build(tmp_path)
    edit(seeds_copy / "jpn" / "tst-2020.yaml", "    - target: PRK", "    - target: XYZ")
    with pytest.raises(SeedsInvalid):
        build(seeds_copy, tmp_path)
    assert current_build(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / "builds").iterdir()) == [before.name]


def test_reader_follows_a_new_build(tmp_path, seeds_copy):
    build(seeds_copy, tmp_path)
    handle = StoreHandle(tmp_path)
    first = handle.get()
    edit(seeds_copy / "nato" / "tc-2022.yaml", "    - target: JPN", "    - target: KOR")
    build(seeds_copy, tmp_path)
    second = handle.get()
    assert second is not first
    q = "ASK { ?d <https://w3id.org/seckg/ontology#target> <https://w3id.org/seckg/id/state/KOR> ; " \
        "<https://w3id.org/seckg/ontology#issuer> <https://w3id.org/seckg/id/organization/NATO> }"
    assert bool(second.query(q, use_default_graph_as_union=True))


def test_old_builds_are_pruned(tmp_path):
    for _ in range(4):
        build(FIXTURE_SEEDS, tmp_path)
    assert len(list((tmp_path / "builds").iterdir())) == builds.KEEP


def test_no_build_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="run 'seckg build' first"):
        StoreHandle(tmp_path).get()


def test_concurrent_build_is_refused(tmp_path):
    with store_mod.build_lock(tmp_path), pytest.raises(StoreError, match="another build"):
        build(FIXTURE_SEEDS, tmp_path)


def test_killed_build_leaves_the_store_intact_and_is_cleaned(tmp_path):
    build(FIXTURE_SEEDS, tmp_path)
    before = current_build(tmp_path)
    # a build that is killed while writing its store: a child that stops in BuildWriter.finish,
    # once the background write is done and some of the later quads are in
    script = (
        "import os, signal, kg.stores.disk\n"
        "from kg.build import build\n"
        "def die_while_writing(self, dataset, graph, later, nquads, info):\n"
        "    self._join()\n"
        "    self._disk.extend(list(dataset.quads_for_pattern(None, None, None, graph))[:10])\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "kg.stores.disk.BuildWriter.finish = die_while_writing\n"
        f"build({str(FIXTURE_SEEDS)!r}, {str(tmp_path)!r}, cold=True)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[3], timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert current_build(tmp_path) == before
    leftovers = [p for p in (tmp_path / "builds").iterdir() if p.resolve() != before]
    assert leftovers, "the killed build should have left a partial directory"
    build(FIXTURE_SEEDS, tmp_path)
    remaining = {q.name for q in (tmp_path / "builds").iterdir()}
    assert not any(p.name in remaining for p in leftovers)


def test_kill_at_random_points_never_harms_the_store_in_service(tmp_path):
    import random
    import time

    build(FIXTURE_SEEDS, tmp_path)
    before = current_build(tmp_path)
    rng = random.Random(7)
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", "--seeds", str(FIXTURE_SEEDS),
                                 "--store", str(tmp_path)], cwd=Path(__file__).parents[3],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        live = current_build(tmp_path)
        assert live is not None and (live == before or live.parent == before.parent)
        assert bool(StoreHandle(tmp_path).get().query(ASK_RUS, use_default_graph_as_union=True))
        before = live
    build(FIXTURE_SEEDS, tmp_path)
    kept = list((tmp_path / "builds").iterdir())
    assert len(kept) <= builds.KEEP
    assert all((b / store_mod.MARKER).is_file() for b in kept)


def test_the_store_written_holds_exactly_the_graph_built(tmp_path, monkeypatch):
    import kg.build as build_mod

    built = []

    def assemble(*args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(real(*args, **kwargs))
        return built[-1]

    real = build_mod.assemble
    monkeypatch.setattr(build_mod, "assemble", assemble)
    build(FIXTURE_SEEDS, tmp_path)
    on_disk, in_memory = set(StoreHandle(tmp_path).get()), set(built[0].dataset)
    # the same quads; the ontology's blank nodes have other labels but the same graph
    assert {q for q in on_disk if not _blank(q)} == {q for q in in_memory if not _blank(q)}
    assert all(q.graph_name.value == ONTOLOGY for q in on_disk if _blank(q))  # type: ignore[union-attr]
    blank_on_disk, blank_in_memory = [q for q in on_disk if _blank(q)], [q for q in in_memory if _blank(q)]
    assert isomorphic(quads_to_graph(blank_on_disk), quads_to_graph(blank_in_memory))
    graphs = {q.graph_name.value for q in on_disk}  # type: ignore[union-attr]
    assert {"https://w3id.org/seckg/id/graph/derived", "https://w3id.org/seckg/id/graph/inferred"} <= graphs
    live = current_build(tmp_path)
    assert live is not None and not list(live.glob("*.nq"))  # the snapshot became the N-Quads dump:
    dumped = set(ox.parse(path=str(store_mod.dumps_dir(live) / "seckg.nq"), format=ox.RdfFormat.N_QUADS))
    assert {q for q in dumped if not _blank(q)} == {q for q in on_disk if not _blank(q)}
    assert len(dumped) == len(on_disk)


def test_a_failing_store_write_fails_the_build(tmp_path, monkeypatch):
    build(FIXTURE_SEEDS, tmp_path)
    before = current_build(tmp_path)

    def broken(self, disk):
        self._error = OSError("disk full")

    monkeypatch.setattr(store_mod.BuildWriter, "_load", broken)
    with pytest.raises(OSError, match="disk full"):
        build(FIXTURE_SEEDS, tmp_path, cold=True)
    assert current_build(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / "builds").iterdir()) == [before.name]


def test_later_quads_with_blank_nodes_rewrite_the_whole_graph(tmp_path):
    blank, p = ox.BlankNode("b1"), ox.NamedNode("http://example.org/p")
    dataset = ox.Store()
    dataset.add(ox.Quad(ox.NamedNode("http://example.org/s"), p, blank))
    writer = store_mod.BuildWriter(tmp_path)
    writer.start(dataset)  # the bulk loader renames _:b1
    later = ox.Quad(blank, p, ox.Literal("after"))
    dataset.add(later)
    writer.finish(dataset, ox.NamedNode("http://example.org/derived"), [later], tmp_path / "dumps" / "seckg.nq",
                  {"built": "now"})
    on_disk = list(ox.Store.read_only(str(store_mod.store_dir(tmp_path))))
    assert set(on_disk) == set(dataset)  # one blank node, joining both quads
    dumped = list(ox.parse(path=str(tmp_path / "dumps" / "seckg.nq"), format=ox.RdfFormat.N_QUADS))
    blanks = {t for q in dumped for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    assert len(dumped) == 2 and len(blanks) == 1  # the same blank node in the dump too
    assert (tmp_path / store_mod.MARKER).is_file()


def test_a_graph_made_after_the_start_is_copied_to_the_store_and_the_dump(tmp_path):
    s, p, g = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.NamedNode("http://example.org/g")
    dataset = ox.Store()
    dataset.add(ox.Quad(s, p, ox.Literal("before")))
    writer = store_mod.BuildWriter(tmp_path)
    writer.start(dataset)
    made = [ox.Quad(s, p, ox.Literal(f"line {i} .\n ends here"), g) for i in range(3)]  # " ." and a line break
    dataset.extend(made)
    later = ox.Quad(s, p, ox.Literal("later"), ox.NamedNode("http://example.org/inferred"))
    dataset.add(later)
    writer.finish(dataset, g, [later], tmp_path / "dumps" / "seckg.nq", {"built": "now"})
    assert set(ox.Store.read_only(str(store_mod.store_dir(tmp_path)))) == set(dataset)
    assert set(ox.parse(path=str(tmp_path / "dumps" / "seckg.nq"), format=ox.RdfFormat.N_QUADS)) == set(dataset)


def test_a_graph_made_after_the_start_with_a_blank_node_rewrites_the_whole_graph(tmp_path):
    blank, p, g = ox.BlankNode("b1"), ox.NamedNode("http://example.org/p"), ox.NamedNode("http://example.org/g")
    dataset = ox.Store()
    dataset.add(ox.Quad(ox.NamedNode("http://example.org/s"), p, blank))
    writer = store_mod.BuildWriter(tmp_path)
    writer.start(dataset)  # the bulk loader renames _:b1
    dataset.add(ox.Quad(blank, p, ox.Literal("after"), g))
    writer.finish(dataset, g, [], tmp_path / "dumps" / "seckg.nq", {"built": "now"})
    on_disk = list(ox.Store.read_only(str(store_mod.store_dir(tmp_path))))
    assert len(on_disk) == 2 and len({q.object for q in on_disk if q.graph_name != g} | {q.subject for q in on_disk
                                                                                       if q.graph_name == g}) == 1
