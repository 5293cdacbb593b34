"""The store in service changes only when a complete, valid build is ready."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg import store as store_mod
from kg.build import build
from kg.errors import SeedsInvalid, StoreError
from kg.store import StoreHandle, current_build
from tests.conftest import FIXTURE_SEEDS, edit

ASK_RUS = "ASK { <https://w3id.org/seckg/id/state/RUS> ?p ?o }"


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
    assert len(list((tmp_path / "builds").iterdir())) == store_mod.KEEP


def test_no_build_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="run 'seckg build' first"):
        StoreHandle(tmp_path).get()


def test_concurrent_build_is_refused(tmp_path):
    with store_mod.build_lock(tmp_path), pytest.raises(StoreError, match="another build"):
        build(FIXTURE_SEEDS, tmp_path)


def test_killed_build_leaves_the_store_intact_and_is_cleaned(tmp_path):
    build(FIXTURE_SEEDS, tmp_path)
    before = current_build(tmp_path)
    # a build that is killed while writing: simulate with a child that stops in write_build
    script = (
        "import os, signal, pyoxigraph, kg.store\n"
        "from kg.build import build\n"
        "def die_while_writing(path, dataset, info):\n"
        "    pyoxigraph.Store(str(path)).extend(dataset.quads_for_pattern(None, None, None, None))\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "kg.store.write_build = die_while_writing\n"
        f"build({str(FIXTURE_SEEDS)!r}, {str(tmp_path)!r})\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[2], timeout=120)
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
                                 "--store", str(tmp_path)], cwd=Path(__file__).parents[2],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        live = current_build(tmp_path)
        assert live is not None and (live == before or live.parent == before.parent)
        assert bool(StoreHandle(tmp_path).get().query(ASK_RUS, use_default_graph_as_union=True))
        before = live
    build(FIXTURE_SEEDS, tmp_path)
    builds = list((tmp_path / "builds").iterdir())
    assert len(builds) <= store_mod.KEEP
    assert all((b / store_mod.MARKER).is_file() for b in builds)
