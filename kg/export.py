"""Dumps of the whole graph: Turtle, N-Triples and JSON-LD (the union of all graphs as
triples), TriG and N-Quads (the dataset: one named graph per document, plus the registers,
ontology, inferred and derived graphs).
"""

from __future__ import annotations

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


def write_dumps(store: ox.Store, folder: Path) -> dict[str, dict[str, Any]]:
    """Write the graph in every format into ``folder``; name -> format, media type, size."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for fmt in Format:
        path = folder / dump_file(fmt)
        export(store, fmt, str(path))
        written[path.name] = {"format": fmt.value, "media_type": fmt.media_type, "bytes": path.stat().st_size}
    return written
