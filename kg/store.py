"""The embedded store on disk: one directory per build, switched in atomically.

    <root>/
      builds/<build-id>/        one complete build:
        store/                  the pyoxigraph store
        dumps/                  the whole graph in each dump format (kg.export.write_dumps)
        BUILD.json              written last: the build is complete
      current -> builds/<id>    the build in service (a symlink replaced with os.replace)
      build.lock                held while a build runs

A build writes a new directory and only then points ``current`` at it, so a failed or
killed build never touches the store in service. The next build removes directories that
never got their BUILD.json (killed builds) and keeps the two newest complete builds, so
that a reader that opened the previous one can finish.

Readers use :class:`StoreHandle`, which reopens the store read-only when ``current`` moves.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError

MARKER = "BUILD.json"
KEEP = 2


def builds_dir(root: Path) -> Path:
    return root / "builds"


def current_link(root: Path) -> Path:
    return root / "current"


def current_build(root: Path) -> Path | None:
    """The directory of the build in service, or None if there is none."""
    link = current_link(root)
    if not link.is_symlink():
        return None
    target = (root / os.readlink(link)).resolve()
    return target if (target / MARKER).is_file() else None


def build_info(build: Path) -> dict[str, Any]:
    return dict(json.loads((build / MARKER).read_text(encoding="utf-8")))


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another build is running on {root}") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def new_build_dir(root: Path) -> Path:
    """A new build directory; names sort in build order (UTC time to the microsecond)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = builds_dir(root) / stamp
    path.mkdir(parents=True)
    return path


def store_dir(build: Path) -> Path:
    """The pyoxigraph store of a build."""
    return build / "store"


def dumps_dir(build: Path) -> Path:
    """The dump files of a build."""
    return build / "dumps"


def write_build(path: Path, dataset: ox.Store, info: dict[str, Any]) -> None:
    """Copy every quad of ``dataset`` into a new on-disk store under ``path``, then mark it done."""
    disk = ox.Store(str(store_dir(path)))
    disk.bulk_extend(dataset.quads_for_pattern(None, None, None, None))
    disk.optimize()
    disk.flush()
    del disk
    tmp = path / (MARKER + ".tmp")
    tmp.write_text(json.dumps(info, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path / MARKER)


def switch(root: Path, build: Path) -> None:
    """Point ``current`` at ``build`` in one atomic rename."""
    tmp = root / f".current.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(build, root), tmp)
    os.replace(tmp, current_link(root))


def clean(root: Path) -> list[Path]:
    """Remove unfinished builds and all but the newest complete ones; never the current one."""
    live = current_build(root)
    removed = []
    complete = []
    for d in sorted(builds_dir(root).glob("*")) if builds_dir(root).is_dir() else []:
        if not (d / MARKER).is_file():
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
        else:
            complete.append(d)
    for d in complete[:-KEEP]:
        if live is None or d.resolve() != live:
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
    return removed


class StoreHandle:
    """Read-only access to the build in service, reopened when a new build is switched in."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._store: ox.Store | None = None

    def path(self) -> Path:
        """The directory of the build in service."""
        build = current_build(self.root)
        if build is None:
            raise StoreError(f"no build in {self.root}: run 'seckg build' first")
        return build

    def get(self) -> ox.Store:
        build = self.path()
        with self._lock:
            if build != self._path or self._store is None:
                self._store = ox.Store.read_only(str(store_dir(build)))
                self._path = build
            return self._store

    def info(self) -> dict[str, Any]:
        build = current_build(self.root)
        if build is None:
            raise StoreError(f"no build in {self.root}: run 'seckg build' first")
        return {"build": build.name, **build_info(build)}
