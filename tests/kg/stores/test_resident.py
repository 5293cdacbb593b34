import shutil

import pyoxigraph as ox

from kg.build import build
from kg.stores.disk import current_build, dumps_dir, store_dir
from kg.stores.resident import ResidentHandle, load_copy
from tests.conftest import FIXTURE_SEEDS, edit


def _quads(store: ox.Store) -> list[str]:
    """Every quad, with blank nodes written as one marker: N-Quads loading gives them new labels
    (the ontology's OWL lists), which no answer depends on."""
    blank = lambda t: "_:b" if isinstance(t, ox.BlankNode) else str(t)  # noqa: E731
    return sorted(" ".join(blank(t) for t in (q.subject, q.predicate, q.object, q.graph_name))
                  for q in store.quads_for_pattern(None, None, None, None))


def test_the_copy_holds_every_quad_of_the_build(store_root):
    build_path = current_build(store_root)
    assert build_path is not None
    disk = ox.Store.read_only(str(store_dir(build_path)))
    assert _quads(load_copy(build_path)) == _quads(disk)


def test_the_copy_is_made_from_the_store_when_there_is_no_nquads_dump(store_root, tmp_path):
    build_path = current_build(store_root)
    assert build_path is not None
    bare = tmp_path / "build"
    shutil.copytree(build_path, bare)
    shutil.rmtree(dumps_dir(bare), ignore_errors=True)
    assert _quads(load_copy(bare)) == _quads(ox.Store.read_only(str(store_dir(bare))))
    assert (dumps_dir(bare) / "seckg.nq").is_file()  # written on the way, for /dumps too


def test_answers_come_from_memory_once_copied_and_follow_a_new_build(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    root = tmp_path / "store"
    build(seeds, root)
    handle = ResidentHandle(root)
    first = handle.get()
    assert handle.wait(timeout=60)
    copy = handle.get()
    assert copy is not first and handle.in_memory()
    assert _quads(copy) == _quads(first)
    assert handle.get() is copy  # the same copy for as long as the build is in service

    edit(seeds / "jpn" / "tst-2020.yaml", '"Test Strategy 2020"', '"Test Strategy 2020, renamed"')
    build(seeds, root)
    assert not handle.in_memory()
    fresh = handle.get()  # the new build, read on disk until its copy is made
    assert fresh is not copy and _quads(fresh) != _quads(copy)
    assert handle.wait(timeout=60)
    assert _quads(handle.get()) == _quads(fresh)


def test_no_build_yet_is_the_same_error_as_on_disk(tmp_path):
    import pytest

    from kg.errors import StoreError

    handle = ResidentHandle(tmp_path / "empty")
    with pytest.raises(StoreError):
        handle.get()
    assert not handle.in_memory()


def test_health_says_whether_answers_come_from_memory(client):
    import time

    deadline = time.monotonic() + 60
    while not client.get("/healthz").json()["in_memory"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.get("/healthz").json()["in_memory"] is True
    assert isinstance(client.app.state.store, ResidentHandle)
