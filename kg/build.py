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
from kg.errors import StoreError
from kg.pipeline.assemble import Assembled, Progress, assemble, quiet, step
from kg.stores import builds, disk, remote_builds
from kg.stores.http import SparqlHttp
from kg.stores.remote import build_graph


def validate(seeds_dir: Path, progress: Progress = quiet) -> Assembled:
    """Read, load, infer, validate and derive without storing (``seckg validate``)."""
    return assemble(seeds_dir, progress)


def build(seeds_dir: Path, store_root: Path, progress: Progress = quiet) -> dict[str, Any]:
    """Build the graph from ``seeds_dir`` and switch it in under ``store_root``.

    Returns the build's record (also written to BUILD.json). On any error the store in
    service is left untouched and the partial directory is removed.
    """
    store_root = Path(store_root)
    with disk.build_lock(store_root):
        disk.clean(store_root)
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
            timings = assembled.timings
            info = builds.record(seeds_dir, assembled.counts, dumps=formats.catalogue())
            with step("store", timings, progress):
                writer.finish(assembled.dataset, assembled.made_after_validation,
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
