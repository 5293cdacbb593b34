"""Every format the project reads or writes, and content negotiation, in one place.

The formats themselves are pyoxigraph's (``RdfFormat``, ``QueryResultsFormat``): each knows
its media type and file extension, and :func:`rdf_format` / :func:`results_format` find one
by media type. What this module adds is which of them each kind of answer offers, in the
order offered, and the names clients use for them:

    a REST resource          JSON, JSON-LD, Turtle, N-Triples (+ HTML, RDF/XML on /id/)
    a SPARQL result          JSON, XML, CSV, TSV (SELECT, ASK); Turtle, N-Triples,
                             JSON-LD, RDF/XML (CONSTRUCT, DESCRIBE)
    a dump of the graph      Turtle, N-Triples, JSON-LD, TriG, N-Quads (:class:`Format`)

and the negotiation itself, which honours q-values, wildcards and combined Accept headers:

>>> choose("text/csv;q=0.5, application/sparql-results+json", ["application/sparql-results+xml", "text/csv"])
'text/csv'
>>> choose("application/*;q=0.9, */*;q=0.1", ["text/turtle", "application/n-triples"])
'application/n-triples'
>>> choose("text/html", ["text/turtle"]) is None
True
>>> rdf_format("text/plain"), results_format("application/json")
(<RdfFormat N-Triples>, <QueryResultsFormat SPARQL Results in JSON>)
>>> split_suffix("JPN.ttl"), split_suffix("jpn-nss-2022")
(('JPN', 'text/turtle'), ('jpn-nss-2022', None))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

JSON = "application/json"
HTML = "text/html"
PLAIN_TEXT = "text/plain"
TURTLE = ox.RdfFormat.TURTLE.media_type
N_TRIPLES = ox.RdfFormat.N_TRIPLES.media_type
JSON_LD = ox.RdfFormat.JSON_LD.media_type
RDF_XML = ox.RdfFormat.RDF_XML.media_type
RESULTS_JSON = ox.QueryResultsFormat.JSON.media_type
RESULTS_XML = ox.QueryResultsFormat.XML.media_type
CSV = "text/csv"
TSV = "text/tab-separated-values"

# a REST resource: JSON first (the default), then its RDF
RESOURCE_RDF = [JSON_LD, TURTLE, N_TRIPLES]
RESOURCE_TYPES = [JSON, *RESOURCE_RDF]
# any node under /id/: the page first, then every representation of a resource and RDF/XML
NODE_TYPES = [HTML, *RESOURCE_TYPES, RDF_XML]
# a SPARQL answer: solutions and booleans, graphs ("text/plain" is N-Triples, as the protocol tests ask)
RESULT_TYPES = [RESULTS_JSON, RESULTS_XML, CSV, TSV, JSON]
GRAPH_TYPES = [TURTLE, N_TRIPLES, JSON_LD, RDF_XML, "text/plain"]

# the suffix of a resource's twin (/states/JPN.ttl, /id/state/JPN.rdf)
SUFFIXES = {"json": JSON, "html": HTML, "txt": PLAIN_TEXT,
            **{ox.RdfFormat.from_media_type(t).file_extension: t for t in (*RESOURCE_RDF, RDF_XML)}}  # type: ignore[union-attr]
# format= on /sparql, for clients that cannot set Accept: (results type, graph type)
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": (RESULTS_JSON, JSON_LD),
    "xml": (RESULTS_XML, RDF_XML),
    "csv": (CSV, None),
    "tsv": (TSV, None),
    "turtle": (None, TURTLE),
    "ttl": (None, TURTLE),
    "ntriples": (None, N_TRIPLES),
    "nt": (None, N_TRIPLES),
    "jsonld": (None, JSON_LD),
    "rdfxml": (None, RDF_XML),
}
# the names other clients send in format= (SPARQLWrapper: n3, json-ld, rdf+xml)
FORMAT_ALIASES = {"n3": "turtle", "json-ld": "jsonld", "rdf+xml": "rdfxml", "rdf": "rdfxml", "n-triples": "ntriples"}


def rdf_format(media_type: str) -> ox.RdfFormat:
    """pyoxigraph's RDF format for a media type (parameters such as charset ignored)."""
    found = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
    if found is None:
        raise ValueError(f"no RDF format has the media type {media_type!r}")
    return found


def results_format(media_type: str) -> ox.QueryResultsFormat:
    """pyoxigraph's SPARQL results format for a media type."""
    found = ox.QueryResultsFormat.from_media_type(media_type.split(";")[0].strip())
    if found is None:
        raise ValueError(f"no SPARQL results format has the media type {media_type!r}")
    return found


def split_suffix(value: str, offers: Sequence[str] = RESOURCE_TYPES) -> tuple[str, str | None]:
    """``"JPN.ttl"`` -> ``("JPN", "text/turtle")``; no suffix of one of ``offers`` -> ``(value, None)``."""
    stem, dot, suffix = value.rpartition(".")
    if dot and "/" not in suffix and SUFFIXES.get(suffix) in offers:
        return stem, SUFFIXES[suffix]
    return value, None


def with_charset(media_type: str) -> str:
    """The Content-Type of an answer: text formats say they are UTF-8, JSON is UTF-8 by definition."""
    return media_type if media_type.endswith("json") else f"{media_type}; charset=utf-8"


class Format(StrEnum):
    """The dumps of the whole graph: the triples (Turtle, N-Triples, JSON-LD) or the dataset,
    one named graph per document (TriG, N-Quads)."""

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


DUMP_NAME = "seckg"


def dump_file(fmt: Format) -> str:
    """The file name of a dump: ``seckg.ttl``, ``seckg.nt``, ``seckg.jsonld``, ``seckg.trig``, ``seckg.nq``."""
    return f"{DUMP_NAME}.{fmt.extension}"


def catalogue(formats: Sequence[Format] = tuple(Format)) -> dict[str, dict[str, Any]]:
    """The dumps in ``formats`` (all by default): file name -> format and media type."""
    return {dump_file(fmt): {"format": fmt.value, "media_type": fmt.media_type} for fmt in formats}



@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        t, _, s = media_type.partition("/")
        return self.type in ("*", t) and self.subtype in ("*", s)


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of an Accept header; malformed parts are ignored."""
    if not header:
        return [Range("*", "*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        t, _, s = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(Range(t, s, q, order))
    return ranges


def quality(ranges: list[Range], media_type: str) -> float:
    """The q-value the most specific matching range gives ``media_type`` (0 if none)."""
    matching = [r for r in ranges if r.matches(media_type)]
    if not matching:
        return 0.0
    best = max(matching, key=lambda r: (r.specificity, -r.order))
    return best.q


def choose(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers most (ties: the server's order), or None if none is acceptable."""
    if header is not None and len(header) > MAX_REMEMBERED:
        return _choose.__wrapped__(header, tuple(offers))
    return _choose(header, tuple(offers))


# Clients send few distinct Accept headers: each choice is remembered (parsing one costs more than a lookup),
# at most 512 of them, of headers short enough that they weigh little (a long one is not kept).
MAX_REMEMBERED = 500


@lru_cache(maxsize=512)
def _choose(header: str | None, offers: tuple[str, ...]) -> str | None:
    ranges = parse_accept(header)
    scored = [(quality(ranges, offer), -i, offer) for i, offer in enumerate(offers)]
    q, _, offer = max(scored)
    return offer if q > 0 else None
