"""Dumps of the whole graph: Turtle, N-Triples and JSON-LD (the union of all graphs as
triples), TriG and N-Quads (the dataset: one named graph per document, plus the registers,
ontology, inferred and derived graphs).

A build writes only the N-Quads dump (a by-product of writing the store, see
:class:`kg.stores.disk.BuildWriter`): writing every format at every build would cost more
than most of them are asked for. :func:`cached_dump` writes each other one on its first
request, from the build's store, into the build's ``dumps/`` folder, where every later
request finds it. The formats and their file names are :class:`kg.formats.Format`.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.formats import Format, dump_file
from kg.rdfterms import construct
from kg.vocab import PREFIXES

ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def export(store: ox.Store, fmt: Format, output: IO[bytes] | str | None = None) -> bytes | None:
    """Write the graph in ``fmt`` to ``output`` (a path or binary file), or return the bytes."""
    prefixes = PREFIXES if fmt in (Format.turtle, Format.trig) else None
    if fmt.is_dataset:
        return store.dump(output, format=fmt.rdf_format, prefixes=prefixes)
    triples = construct(store, ALL_TRIPLES)
    return ox.serialize(triples, output, format=fmt.rdf_format, prefixes=prefixes)


def cached_dump(open_store: Callable[[], ox.Store], folder: Path, fmt: Format) -> Path:
    """The dump in ``fmt`` under ``folder``, written from ``open_store()`` if it is not there yet.

    The first caller writes it to a temporary file beside it and renames it into place, holding
    an exclusive lock (``.<name>.lock``) meanwhile: concurrent callers, in this process or in
    others, wait for it and then share the file, and nobody ever sees a half-written dump. A
    temporary file left by a writer that was killed is removed by the next one.
    """
    path = folder / dump_file(fmt)
    if path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.is_file():  # written while we waited
                return path
            tmp = folder / f".{path.name}.tmp"  # only the lock holder writes it
            try:
                export(open_store(), fmt, str(tmp))
                with open(tmp, "rb") as written:
                    os.fsync(written.fileno())
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return path


def written_size(folder: Path, name: str) -> int | None:
    """The size in bytes of a dump already written, None if it is not (yet)."""
    try:
        return (folder / name).stat().st_size
    except FileNotFoundError:
        return None
