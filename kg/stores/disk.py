"""The embedded store on disk: one directory per build, switched in atomically.

    <root>/
      builds/<build-id>/        one complete build:
        store/                  the pyoxigraph store (BuildWriter: mostly while the build
                                derives, from snapshot.nq, which then becomes dumps/seckg.nq)
        dumps/                  dumps of the whole graph: N-Quads by a cold build, the other
                                formats on their first request (kg.stores.export.cached_dump)
        INPUTS.json             what the build was made from (kg.pipeline.inputs), so that the
                                next can be incremental (kg.pipeline.scope)
        BUILD.json              written last: the build is complete
      current -> builds/<id>    the build in service (a symlink replaced with os.replace)
      build.lock                held while a build runs

A build writes a new directory and only then points ``current`` at it, so a failed or
killed build never touches the store in service. The next build removes directories that
never got their BUILD.json (killed builds) and keeps the two newest complete builds, so
that a reader that opened the previous one can finish.

Readers use :class:`kg.stores.disk_handle.StoreHandle`, which reopens the store read-only
when ``current`` moves.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg.errors import StoreError
from kg.query_files import Folder
from kg.stores import builds

QUERIES = Folder(Path(__file__).parent / "queries")

MARKER = "BUILD.json"


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
    """A new build directory, named by its build id (:func:`kg.stores.builds.new_build_id`)."""
    path = builds_dir(root) / builds.new_build_id()
    path.mkdir(parents=True)
    return path


def store_dir(build: Path) -> Path:
    """The pyoxigraph store of a build."""
    return build / "store"


def dumps_dir(build: Path) -> Path:
    """The dump files of a build."""
    return build / "dumps"


def write_build(path: Path, dataset: ox.Store, info: dict[str, Any]) -> None:
    """Copy every quad of ``dataset`` into a new on-disk store under ``path``, then mark it done
    (all at once; ``seckg build`` overlaps most of it with derive: :class:`BuildWriter`)."""
    disk = ox.Store(str(store_dir(path)))
    disk.bulk_extend(dataset.quads_for_pattern(None, None, None, None))
    disk.optimize()
    disk.flush()
    del disk
    mark_done(path, info)


def mark_done(path: Path, info: dict[str, Any]) -> None:
    """Write the build's record: from now on it is complete."""
    tmp = path / (MARKER + ".tmp")
    tmp.write_text(json.dumps(info, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path / MARKER)


class BuildWriter:
    """Writes the on-disk store of a build while the build is still computing the rest.

    pyoxigraph's bulk loader (the fastest way into an on-disk store: 15 s of CPU and 0.9 GiB of
    buffers for a million quads, whatever it is fed) runs in Rust without holding the GIL, so
    it can run in a background thread on the core the build leaves idle:
    :meth:`start` writes everything the graph holds once it is valid (asserted and inferred
    quads) as N-Quads and bulk-loads that file while the build derives; :meth:`finish` waits
    for it, adds the quads made since (derived, and inferred from them) to the store and to
    the file, which becomes the build's N-Quads dump, and marks the build complete. Until
    then the directory has no BUILD.json, so a failed or killed build is never served.

    The bulk loader gives the blank nodes it parses (the ontology's, here) new labels; the
    graph is the same, but a later quad naming one of them would not join it, so if any
    later quad has a blank node the whole graph is written again.
    """

    def __init__(self, path: Path):
        self.path = path
        self.snapshot = path / "snapshot.nq"
        self._disk: ox.Store | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, dataset: ox.Store) -> None:
        """Write every quad of ``dataset`` now, in the background (it may change afterwards)."""
        dataset.dump(str(self.snapshot), format=ox.RdfFormat.N_QUADS)
        self._disk = ox.Store(str(store_dir(self.path)))
        self._thread = threading.Thread(target=self._load, args=(self._disk,), name="store-writer", daemon=True)
        self._thread.start()

    def _load(self, disk: ox.Store) -> None:
        try:
            disk.bulk_load(path=str(self.snapshot), format=ox.RdfFormat.N_QUADS)
        except BaseException as exc:  # re-raised by finish(), in the build's thread
            self._error = exc

    def _join(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def abandon(self) -> None:
        """Wait for the background write to end and drop it: the build failed, its directory goes."""
        self._join()
        self._disk = None

    def finish(self, dataset: ox.Store, graph: ox.NamedNode, later: list[ox.Quad], nquads: Path,
               info: dict[str, Any]) -> None:
        """Add what ``dataset`` gained since :meth:`start`: the named graph ``graph`` (the derived
        one, copied without passing through Python) and the quads ``later``; make the store
        durable, leave the whole graph as N-Quads at ``nquads`` and mark the build complete."""
        if self._disk is None:
            raise RuntimeError("BuildWriter.finish before start")
        self._join()
        if self._error is not None:
            raise self._error
        blank = QUERIES["blank_nodes_in_graph"].run(dataset, {"graph": graph})
        if blank or any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in later):
            self._disk.clear()
            self._disk.bulk_extend(dataset.quads_for_pattern(None, None, None, None))
            dataset.dump(str(self.snapshot), format=ox.RdfFormat.N_QUADS)
        else:
            triples = self.path / "graph.nt"
            dataset.dump(str(triples), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            self._disk.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
            self._disk.bulk_extend(later)
            with open(self.snapshot, "ab") as out:  # N-Quads: one quad a line, so appending is writing
                _append_as_quads(triples, graph, out)
                ox.serialize(later, out, format=ox.RdfFormat.N_QUADS)
            triples.unlink()
        self._disk.optimize()
        self._disk.flush()
        self._disk = None  # closes the store
        nquads.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.snapshot, nquads)
        mark_done(self.path, info)


def _append_as_quads(triples: Path, graph: ox.NamedNode, out: BinaryIO, block: int = 1 << 23) -> None:
    """Write the N-Triples file ``triples`` to ``out`` as N-Quads in ``graph``. A line of
    N-Triples ends with `` .`` and a newline, which is found nowhere else (a literal's line
    breaks are escaped)."""
    tail = f" {graph} .\n".encode()
    rest = b""
    with open(triples, "rb") as f:
        while chunk := f.read(block):
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            out.write(chunk[:cut].replace(b" .\n", tail))
            rest = chunk[cut:]
    if rest:
        raise ValueError(f"{triples} does not end with a line break")


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
    for d in complete[:-builds.KEEP]:
        if live is None or d.resolve() != live:
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
    return removed
