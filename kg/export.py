"""Dumps of the whole graph: Turtle, N-Triples and JSON-LD (the union of all graphs as
triples), TriG and N-Quads (the dataset: one named graph per document, plus the registers,
ontology, inferred and derived graphs).

A build writes only the N-Quads dump (five serialisations took 30 s and 646 MB per build
at 1 M quads; the N-Quads file is a by-product of writing the store, see
:class:`kg.store.BuildWriter`); :func:`cached_dump` writes each other one on its first
request, from the build's store, into the build's ``dumps/`` folder, where every later
request finds it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.namespaces import PREFIXES
from kg.rdfterms import construct

ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


class Format(StrEnum):
    turtle = "turtle"
    ntriples = "ntriples"
    jsonld = "jsonld"
    trig = "trig"
    nquads = "nquads"

    @property
    def rdf_format(self) -> ox.RdfFormat:
        return {
            "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
        }[self.value]

    @property
    def is_dataset(self) -> bool:
        return self in (Format.trig, Format.nquads)

    @property
    def media_type(self) -> str:
        return self.rdf_format.media_type

    @property
    def extension(self) -> str:
        return self.rdf_format.file_extension


def export(store: ox.Store, fmt: Format, output: IO[bytes] | str | None = None) -> bytes | None:
    """Write the graph in ``fmt`` to ``output`` (a path or binary file), or return the bytes."""
    prefixes = PREFIXES if fmt in (Format.turtle, Format.trig) else None
    if fmt.is_dataset:
        return store.dump(output, format=fmt.rdf_format, prefixes=prefixes)
    triples = construct(store, ALL_TRIPLES)
    return ox.serialize(triples, output, format=fmt.rdf_format, prefixes=prefixes)


DUMP_NAME = "seckg"


def dump_file(fmt: Format) -> str:
    """The file name of a dump: ``seckg.ttl``, ``seckg.nt``, ``seckg.jsonld``, ``seckg.trig``, ``seckg.nq``."""
    return f"{DUMP_NAME}.{fmt.extension}"


def catalogue() -> dict[str, dict[str, Any]]:
    """Every dump a build offers: file name -> format and media type (sizes are known once written)."""
    return {dump_file(fmt): {"format": fmt.value, "media_type": fmt.media_type} for fmt in Format}


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
