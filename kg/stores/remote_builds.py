"""Builds on a SPARQL store over HTTP: putting one in, switching it in service, dropping old ones.

:func:`kg.build.publish` (``seckg build --store-url URL``) takes these steps, each of which
leaves the build in service untouched if it fails:

    assemble  read, load, infer, validate, derive (kg.pipeline.assemble): bad seeds stop here
    clean     drop what a killed publish left behind (a build graph with no info, older
              than ``stale_after``) and builds older than the two newest complete ones
    upload    every triple of the build into its own new graph ``urn:seckg:build:<id>``,
              with the Graph Store Protocol (POST N-Triples, ``chunk`` triples at a time;
              triples with blank nodes go together in the first chunk); readers never look
              at a graph the metadata graph does not name, so nobody sees it half-filled
    verify    the store counts the triples of the new graph: all of them, or stop
    switch    ONE SPARQL Update request records the build's info in ``urn:seckg:meta`` and
              points ``urn:seckg:meta:current`` at the new graph (it inserts the new pointer
              before deleting the old one, so even a store that does not run the request as
              one transaction never shows readers "no build")
    clean     again, keeping the new build and the previous one, for readers still on it

The switch writes a few triples whatever the size of the build, where copying a large graph
into the default graph in one transaction would cost a transaction as large as the build.
Run one publisher at a time: two concurrent publishes
both complete, and the later switch wins.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pyoxigraph as ox

from kg.formats import RESULTS_JSON
from kg.stores import builds
from kg.stores.http import SparqlHttp
from kg.stores.remote import BUILD_PREFIX, build_graph, parse_answer, sparql
from kg.vocab import XSD

CHUNK = 10_000
STALE_AFTER = timedelta(hours=1)
TIMEOUT = 600.0  # seconds for one upload, update or count on the store


def _select(http: SparqlHttp, name: str, bindings: dict[str, Any] | None = None) -> list[Any]:
    """The rows of ``kg/stores/queries/<name>`` on the store's own dataset."""
    with http.query(sparql(name, bindings), accept=RESULTS_JSON, timeout=TIMEOUT) as (media, body):
        data = body.read_all()
    return list(parse_answer(media, data, f"a query to {http.where}"))


def chunks(triples: Iterable[ox.Triple], size: int = CHUNK) -> Iterator[list[ox.Triple]]:
    """The triples in lists of ``size``; all those with a blank node in the first one.

    A store may read the blank node labels of each upload afresh, so triples that share
    a blank node must travel together.
    """
    blank: list[ox.Triple] = []
    named: list[ox.Triple] = []
    for t in triples:
        (blank if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) else named).append(t)
    first = blank + named[: max(0, size - len(blank))]
    if first:
        yield first
    for start in range(len(first) - len(blank), len(named), size):
        yield named[start:start + size]


def upload(http: SparqlHttp, graph: str, triples: list[ox.Triple], *, chunk: int = CHUNK) -> int:
    """POST ``triples`` into ``graph``, a chunk at a time; the number of requests."""
    sent = 0
    for part in chunks(triples, chunk):
        http.post_graph(graph, ox.serialize(part, format=ox.RdfFormat.N_TRIPLES) or b"", timeout=TIMEOUT)
        sent += 1
    return sent


def count(http: SparqlHttp, graph: str) -> int:
    """The number of triples the store holds in ``graph``."""
    rows = _select(http, "triples_in_graph", {"graph": ox.NamedNode(graph)})
    return int(rows[0]["n"].value)


def switch(http: SparqlHttp, build_id: str, info: dict[str, Any]) -> None:
    """Record the build's info and point the store at it, in one update request."""
    bindings = {
        "build": ox.NamedNode(build_graph(build_id)),
        "id": ox.Literal(build_id),
        "created": ox.Literal(info["built"], datatype=XSD.dateTime),
        "triples": ox.Literal(str(info["counts"]["triples"]), datatype=XSD.integer),
        "info": ox.Literal(json.dumps(info, sort_keys=True)),
    }
    http.update(sparql("switch", bindings, every_where=True), timeout=TIMEOUT)


def drop(http: SparqlHttp, graph: str) -> None:
    """Remove a build: first its info (so it is no longer complete), then its graph."""
    http.update(sparql("forget", {"graph": ox.NamedNode(graph)}, every_where=True), timeout=TIMEOUT)
    http.delete_graph(graph, timeout=TIMEOUT)


def clean(http: SparqlHttp, *, keep: int = builds.KEEP, stale_after: timedelta = STALE_AFTER,
          now: datetime | None = None) -> list[str]:
    """Drop builds left by killed publishes and all but the ``keep`` newest complete ones.

    The build in service is never dropped, nor a graph without info younger than
    ``stale_after``: it may be another publish under way. Returns the graphs dropped.
    """
    now = now or datetime.now(UTC)
    found = _select(http, "builds")
    graphs = [row["graph"].value for row in found]
    complete = [row["graph"].value for row in found if row["complete"].value == "true"]
    current = {row["graph"].value for row in found if row["current"].value == "true"}
    kept = current | set(complete[-keep:]) if keep > 0 else current
    dropped = []
    for graph in graphs:
        if graph in kept:
            continue
        age = builds.age(graph.removeprefix(BUILD_PREFIX), now)
        if graph in complete or (age is not None and age > stale_after):
            drop(http, graph)
            dropped.append(graph)
    return dropped
