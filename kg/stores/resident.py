"""The build in service held in memory, for the service's own queries.

pyoxigraph answers the index lookups of the REST routes several times faster from its
in-memory store than from the on-disk one (bench/README.md), so the service copies each new
build into memory, in a background thread, and answers from that copy once it is complete.
Until then -- at start, and for a while after each new build -- it reads the build on disk,
so an answer always comes from the build in service and never waits for the copy.

The copy costs memory in each API process (bench/README.md); ``SECKG_RESIDENT=0``
turns it off. User queries on ``/sparql`` run in worker processes on the disk store either way
(:mod:`kg.stores.workers`).
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import suppress
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.formats import Format
from kg.stores.disk import dumps_dir, store_dir
from kg.stores.disk_handle import StoreHandle
from kg.stores.export import cached_dump

log = logging.getLogger("seckg.resident")


def load_copy(build: Path) -> ox.Store:
    """An in-memory store with every quad of the build at ``build``: from its N-Quads dump,
    which is written first when the build has none (an incremental build writes no dump), so
    that every quad goes from disk to memory in Rust and the dump is ready for /dumps."""
    copy = ox.Store()
    path = store_dir(build)
    try:
        nquads = cached_dump(lambda: ox.Store.read_only(str(path)), dumps_dir(build), Format.nquads)
    except PermissionError:  # a build directory the service may not write to
        copy.bulk_extend(ox.Store.read_only(str(path)).quads_for_pattern(None, None, None, None))
        return copy
    copy.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    return copy


class ResidentHandle(StoreHandle):
    """:class:`StoreHandle` whose ``get()`` gives the in-memory copy of the build once it is made."""

    def __init__(self, root: Path, *, workers: int = 2, timeout: float = 10.0):
        super().__init__(root, workers=workers, timeout=timeout)
        self._copy: tuple[Path, ox.Store] | None = None
        self._copying: Path | None = None

    def get(self) -> ox.Store:
        build = self.path()
        copy = self._copy
        if copy is not None and copy[0] == build:
            return copy[1]
        with self._lock:
            if self._copying != build:
                self._copying = build
                threading.Thread(target=self._make_copy, args=(build,), name="seckg-resident",
                                 daemon=True).start()
        return super().get()

    async def start(self) -> None:
        await super().start()
        with suppress(StoreError):  # no build yet: copied when one is switched in
            self.get()  # starts copying the build into memory

    def in_memory(self) -> bool:
        """Whether answers now come from memory (the copy of the build in service is complete)."""
        copy = self._copy
        try:
            return copy is not None and copy[0] == self.path()
        except StoreError:
            return False

    def _make_copy(self, build: Path) -> None:
        start = time.perf_counter()
        try:
            copy = load_copy(build)
        except Exception:  # the disk store keeps answering this build; the next build tries again
            log.exception("could not copy build %s into memory; reading it on disk", build.name)
            return
        with self._lock:
            if self._copying == build:
                self._copy = (build, copy)
        log.info("build %s in memory: %d quads in %.1f s", build.name, len(copy), time.perf_counter() - start)

    def wait(self, timeout: float = 600.0) -> bool:
        """Block until the build in service is in memory (for tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        self.get()
        while time.monotonic() < deadline:
            if self.in_memory():
                return True
            time.sleep(0.05)
        return False
