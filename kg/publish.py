"""Publishing a build to a SPARQL store over HTTP: ``seckg build --store-url URL``.

The steps, each of which leaves the build in service untouched if it fails:

    assemble  read, load, infer, validate, derive (``kg.build.assemble``): bad seeds stop here
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

The switch writes a few triples whatever the size of the build; copying a large graph into
the default graph in one transaction instead took Oxigraph 0.5 over three minutes for a
million triples (see the README). Run one publisher at a time: two concurrent publishes
both complete, and the later switch wins.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyoxigraph as ox

import kg
from kg.build import assemble
from kg.errors import StoreError
from kg.remote import BUILD_PREFIX, RESULTS_JSON, build_graph, parse_answer, sparql, with_values
from kg.sparql_http import SparqlHttp

KEEP = 2
CHUNK = 10_000
STALE_AFTER = timedelta(hours=1)
TIMEOUT = 600.0  # seconds for one upload, update or count on the store
ID_FORMAT = "%Y%m%dT%H%M%S%fZ"

XSD = "http://www.w3.org/2001/XMLSchema#"

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def new_build_id(now: datetime | None = None) -> str:
    """A build id that sorts in build order (UTC time to the microsecond), as on disk."""
    return (now or datetime.now(UTC)).strftime(ID_FORMAT)


def _age(build_id: str, now: datetime) -> timedelta | None:
    try:
        return now - datetime.strptime(build_id, ID_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _select(http: SparqlHttp, name: str, bindings: dict[str, Any] | None = None) -> list[Any]:
    """The rows of ``kg/queries/remote/<name>`` on the store's own dataset."""
    with http.query(with_values(sparql(name), bindings or {}), accept=RESULTS_JSON, timeout=TIMEOUT) as (media, body):
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
    rows = _select(http, "triples_in_graph.rq", {"graph": ox.NamedNode(graph)})
    return int(rows[0]["n"].value)


def switch(http: SparqlHttp, build_id: str, info: dict[str, Any]) -> None:
    """Record the build's info and point the store at it, in one update request."""
    bindings = {
        "build": ox.NamedNode(build_graph(build_id)),
        "id": ox.Literal(build_id),
        "created": ox.Literal(info["built"], datatype=ox.NamedNode(XSD + "dateTime")),
        "triples": ox.Literal(str(info["counts"]["triples"]), datatype=ox.NamedNode(XSD + "integer")),
        "info": ox.Literal(json.dumps(info, sort_keys=True)),
    }
    http.update(with_values(sparql("switch.ru"), bindings, every_where=True), timeout=TIMEOUT)


def drop(http: SparqlHttp, graph: str) -> None:
    """Remove a build: first its info (so it is no longer complete), then its graph."""
    http.update(with_values(sparql("forget.ru"), {"graph": ox.NamedNode(graph)}, every_where=True), timeout=TIMEOUT)
    http.delete_graph(graph, timeout=TIMEOUT)


def clean(http: SparqlHttp, *, keep: int = KEEP, stale_after: timedelta = STALE_AFTER,
          now: datetime | None = None) -> list[str]:
    """Drop builds left by killed publishes and all but the ``keep`` newest complete ones.

    The build in service is never dropped, nor a graph without info younger than
    ``stale_after``: it may be another publish under way. Returns the graphs dropped.
    """
    now = now or datetime.now(UTC)
    builds = _select(http, "builds.rq")
    graphs = [row["graph"].value for row in builds]
    complete = [row["graph"].value for row in builds if row["complete"].value == "true"]
    current = {row["graph"].value for row in builds if row["current"].value == "true"}
    kept = current | set(complete[-keep:]) if keep > 0 else current
    dropped = []
    for graph in graphs:
        if graph in kept:
            continue
        age = _age(graph.removeprefix(BUILD_PREFIX), now)
        if graph in complete or (age is not None and age > stale_after):
            drop(http, graph)
            dropped.append(graph)
    return dropped


def publish(seeds_dir: Path, http: SparqlHttp, progress: Progress = _quiet, *, chunk: int = CHUNK) -> dict[str, Any]:
    """Build the graph from ``seeds_dir`` and switch it in on the store; the build's info."""
    timings: dict[str, float] = {}

    def step(name: str, started: float) -> None:
        timings[name] = time.perf_counter() - started
        progress(f"{name}: {timings[name]:.2f} s")

    assembled = assemble(seeds_dir, progress)
    timings.update(assembled.timings)
    build_id = new_build_id()
    graph = build_graph(build_id)
    started = time.perf_counter()
    clean(http)
    step("clean", started)
    triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in assembled.dataset))
    info: dict[str, Any] = {
        "version": kg.__version__,
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seeds": str(Path(seeds_dir).resolve()),
        "counts": {**assembled.counts, "triples": len(triples)},
    }
    progress(f"upload: {len(triples)} triples to {http.endpoints.gsp} ...")
    started = time.perf_counter()
    try:
        requests = upload(http, graph, triples, chunk=chunk)
        step("upload", started)
        started = time.perf_counter()
        stored = count(http, graph)
        if stored != len(triples):
            raise StoreError(f"the store holds {stored} triples of build {build_id}, not {len(triples)}: "
                             "the build in service was not changed")
        step("verify", started)
    except BaseException:
        with suppress(StoreError):  # if the store cannot drop it now, the next publish will
            drop(http, graph)
        raise
    started = time.perf_counter()
    switch(http, build_id, {**info, "timings": timings, "graph": graph, "requests": requests})
    step("switch", started)
    started = time.perf_counter()
    clean(http)
    step("clean-old", started)
    return {**info, "build": build_id, "graph": graph, "timings": timings, "store": http.where}
