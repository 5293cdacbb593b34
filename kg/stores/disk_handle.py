"""The build in service of the embedded store on disk (:mod:`kg.stores.disk`), as a :class:`Handle`.

The service's own queries run in-process on a read-only open of the build, reopened when
a new build is switched in. User queries run in worker processes
(:class:`kg.stores.workers.WorkerPool`), started with the service or at the first query,
each with its deadline. Dumps are files in the build's ``dumps/`` folder: N-Quads written by
the build, the other formats on their first request (:func:`kg.stores.export.cached_dump`).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import NotFound, StoreError
from kg.formats import Format
from kg.stores.disk import build_info, builds_dir, current_build, current_link, dumps_dir, store_dir
from kg.stores.export import cached_dump, export, written_size
from kg.stores.handle import Dump, Handle
from kg.stores.user_query import Answer, UserQuery
from kg.stores.workers import WorkerPool


class StoreHandle(Handle):
    """Read-only access to the build in service, reopened when a new build is switched in;
    ``workers`` query processes for user queries, each stopped after ``timeout`` seconds."""

    kind = "embedded"

    def __init__(self, root: Path, *, workers: int = 2, timeout: float = 10.0):
        self.root = Path(root)
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._store: ox.Store | None = None
        self._resolved: tuple[str, Path] | None = None  # (the link's text, the build it names)
        self._size, self._timeout = workers, timeout
        self._pool: WorkerPool | None = None

    def path(self) -> Path:
        """The directory of the build in service: one ``readlink`` while the link names the
        build it named before (build names are never reused), else resolved and checked."""
        try:
            target = os.readlink(current_link(self.root))
        except OSError:
            target = None
        known = self._resolved
        if target is not None and known is not None and known[0] == target:
            return known[1]
        build = current_build(self.root)
        if build is None:
            raise StoreError(f"no build in {self.root}: run 'seckg build' first")
        if target is not None:
            self._resolved = (target, build)
        return build

    def get(self) -> ox.Store:
        build = self.path()
        with self._lock:
            if build != self._path or self._store is None:
                self._store = ox.Store.read_only(str(store_dir(build)))
                self._path = build
            return self._store

    def build_id(self) -> str:
        return self.path().name  # one readlink

    def info(self) -> dict[str, Any]:
        build = self.path()
        return {"build": build.name, **build_info(build)}

    @property
    def workers(self) -> WorkerPool:
        """The query worker processes (made on first use; their processes start with :meth:`start`)."""
        if self._pool is None:
            self._pool = WorkerPool(size=self._size, timeout=self._timeout)
        return self._pool

    async def start(self) -> None:
        await self.workers.start()

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()

    async def _run(self, query: UserQuery) -> Answer:
        return await self.workers.run(str(store_dir(self.path())), query)

    def dumps(self, info: dict[str, Any]) -> dict[str, dict[str, Any]]:
        folder = dumps_dir(builds_dir(self.root) / info["build"])
        return {name: {**meta, "bytes": written_size(folder, name)} for name, meta in info.get("dumps", {}).items()}

    def dump(self, name: str) -> Dump:
        build = self.path()
        info = build_info(build)
        meta = info.get("dumps", {}).get(name)
        if meta is None:
            raise NotFound(f"no dump {name!r}; see /dumps for the list")
        fmt, path = Format(meta["format"]), str(store_dir(build))

        def content() -> Path | bytes:
            try:  # from this build's own store, even if another build is switched in meanwhile
                return cached_dump(lambda: ox.Store.read_only(path), dumps_dir(build), fmt)
            except PermissionError:  # a build directory the service may not write to: for this request only
                return export(ox.Store.read_only(path), fmt) or b""

        return Dump(name, meta["media_type"], build.name, info["built"], content)
