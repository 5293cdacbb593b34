"""Putting a graph into a store: :func:`build` (on disk) and :func:`publish` (over HTTP).

Both assemble the graph in memory first (:func:`kg.pipeline.assemble.assemble`: read,
load, infer, validate, derive), so bad seeds stop a build before any store is touched.

:func:`build` writes a new build directory and switches it in (:mod:`kg.stores.disk`). Its
store step starts early: once the graph is valid, a background thread bulk-loads it into
the new on-disk store while derive runs (:class:`kg.stores.disk.BuildWriter`); the step
then adds what derive made. The only dump a build writes is N-Quads (the file the bulk
loader read, completed); the other formats are written from the store on their first
request (:func:`kg.stores.export.cached_dump`).

:func:`publish` uploads the graph into a new graph of a SPARQL store and switches it in
there (:mod:`kg.stores.remote_builds`, where its steps are described).

When only document files changed since the build in service, :func:`build` is incremental
(:mod:`kg.pipeline.scope`): it computes the graph of the series the change reached, before
and after, copies the last build's store (hard links: :meth:`pyoxigraph.Store.backup`) and
makes the difference in the copy. It writes no dump: each is written on its first request.
Anything else (the code, ontology, shapes, registers, actors or held texts changed, no build
in service, bad seeds) makes a cold build, and ``progress`` says why.

Either way the build in service stays as it was if anything fails.
"""

from __future__ import annotations

import shutil
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import formats
from kg.errors import SeedsInvalid, StoreError
from kg.pipeline import scope
from kg.pipeline.assemble import Assembled, Progress, assemble, quiet, step
from kg.pipeline.inputs import Changes, Folder, Inputs, changes
from kg.stores import builds, disk, remote_builds
from kg.stores.http import SparqlHttp
from kg.stores.remote import build_graph
from kg.vocab import GRAPH_DERIVED


def validate(seeds_dir: Path, progress: Progress = quiet) -> Assembled:
    """Read, load, infer, validate and derive without storing (``seckg validate``)."""
    return assemble(seeds_dir, progress)


def build(seeds_dir: Path, store_root: Path, progress: Progress = quiet, *, cold: bool = False
          ) -> dict[str, Any]:
    """Build the graph from ``seeds_dir`` and switch it in under ``store_root``: incrementally
    when it can be (not with ``cold``), else from nothing.

    Returns the build's record (also written to BUILD.json). On any error the store in
    service is left untouched and the partial directory is removed.
    """
    store_root = Path(store_root)
    with disk.build_lock(store_root):
        disk.clean(store_root)
        timings: dict[str, float] = {}
        with step("inputs", timings, progress):
            folder = Folder.read(seeds_dir)  # before anything is read: what this build reads
        if not cold:
            done = _incremental(folder, store_root, timings, progress)
            if done is not None:
                return done
        return _cold(folder, store_root, timings, progress)


def _change(folder: Folder, store_root: Path, timings: dict[str, float], progress: Progress
            ) -> tuple[Path, Changes, scope.Difference, ox.Store] | str:
    """The build in service, the change since it and its difference in the graph; or why a
    cold build is needed."""
    last_build = disk.current_build(store_root)
    if last_build is None:
        return "no build in service"
    last = Inputs.read(last_build)
    if last is None:
        return "the build in service recorded no inputs"
    with step("changes", timings, progress):
        found = changes(folder, last)
    if isinstance(found, str):
        return found
    progress(f"changed: {', '.join(sorted(found.changed)) or 'nothing'}; "
             f"the scope: {', '.join(sorted(found.series)) or 'none'}")
    previous = ox.Store.read_only(str(disk.store_dir(last_build)))
    with step("scope", timings, progress):
        try:
            diff = scope.difference(folder, found, last, previous)
        except SeedsInvalid:
            return "the changed seeds have problems, which it reports with every other"
        except Exception as exc:  # a fault of the incremental path must not cost the curator the build
            return f"the incremental build failed ({type(exc).__name__}: {exc})"
    if isinstance(diff, str):
        return diff
    return last_build, found, diff, previous


def _incremental(folder: Folder, store_root: Path, timings: dict[str, float], progress: Progress
                 ) -> dict[str, Any] | None:
    """The build made from the last one and the change (:mod:`kg.pipeline.scope`); None, having
    said why, when it takes a cold build."""
    found = _change(folder, store_root, timings, progress)
    if isinstance(found, str):
        progress(f"a cold build: {found}")
        return None
    last_build, change, diff, previous = found
    last_info = disk.build_info(last_build)
    path = disk.new_build_dir(store_root)
    try:
        with step("copy", timings, progress):
            previous.backup(str(disk.store_dir(path)))  # hard links to the last build's files
            del previous
        with step("patch", timings, progress):
            store = ox.Store(str(disk.store_dir(path)))
            moved = scope.apply(store, diff)
            store.flush()
            del store
        counts = scope.counts(last_info["counts"], diff, moved)
        info = builds.record(folder.root, counts, dumps=formats.catalogue(), incremental={
            "from": last_build.name, "changed": sorted(change.changed), "series": sorted(change.series),
            "removed": len(diff.remove), "added": len(diff.add), "actors": len(diff.actors)})
        change.inputs.write(path)
        disk.mark_done(path, {**info, "timings": dict(timings)})
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    disk.switch(store_root, path)
    disk.clean(store_root)
    return {**info, "timings": timings, "path": str(path)}


def _cold(folder: Folder, store_root: Path, timings: dict[str, float], progress: Progress) -> dict[str, Any]:
    """Every step, on every seeds file; the store written anew."""
    seeds_dir = folder.root
    path = disk.new_build_dir(store_root)
    writer = disk.BuildWriter(path)
    started = 0.0

    def start_writing(dataset: ox.Store) -> None:
        nonlocal started
        begin = time.perf_counter()
        writer.start(dataset)
        started = time.perf_counter() - begin

    try:
        assembled = assemble(seeds_dir, progress, on_valid=start_writing)
        timings.update(assembled.timings)
        info = builds.record(seeds_dir, assembled.counts, dumps=formats.catalogue())
        folder.inputs(assembled.documents).write(path)
        with step("store", timings, progress):
            writer.finish(assembled.dataset, GRAPH_DERIVED, assembled.late_inferred,
                          disk.dumps_dir(path) / formats.dump_file(formats.Format.nquads),
                          {**info, "timings": dict(timings)})
        timings["store"] += started  # and the snapshot that started it, before derive
    except BaseException:
        writer.abandon()
        shutil.rmtree(path, ignore_errors=True)
        raise
    disk.switch(store_root, path)
    disk.clean(store_root)
    return {**info, "timings": timings, "path": str(path)}


def publish(seeds_dir: Path, http: SparqlHttp, progress: Progress = quiet, *,
            chunk: int = remote_builds.CHUNK) -> dict[str, Any]:
    """Build the graph from ``seeds_dir`` and switch it in on the store; the build's record."""
    assembled = assemble(seeds_dir, progress)
    timings = dict(assembled.timings)
    build_id = builds.new_build_id()
    graph = build_graph(build_id)
    with step("clean", timings, progress):
        remote_builds.clean(http)
    triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in assembled.dataset))
    info = builds.record(seeds_dir, {**assembled.counts, "triples": len(triples)})
    progress(f"upload: {len(triples)} triples to {http.endpoints.gsp} ...")
    try:
        with step("upload", timings, progress):
            requests = remote_builds.upload(http, graph, triples, chunk=chunk)
        with step("verify", timings, progress):
            stored = remote_builds.count(http, graph)
            if stored != len(triples):
                raise StoreError(f"the store holds {stored} triples of build {build_id}, not {len(triples)}: "
                                 "the build in service was not changed")
    except BaseException:
        with suppress(StoreError):  # if the store cannot drop it now, the next publish will
            remote_builds.drop(http, graph)
        raise
    with step("switch", timings, progress):
        remote_builds.switch(http, build_id, {**info, "timings": timings, "graph": graph, "requests": requests})
    with step("clean-old", timings, progress):
        remote_builds.clean(http)
    return {**info, "build": build_id, "graph": graph, "timings": timings, "store": http.where}
