"""One user SPARQL query: what it asks, how it runs on a pyoxigraph store, and its answer
serialised as the client asked, with a row cap.

On the embedded store it runs inside a query worker process (:mod:`kg.stores.workers`),
never in the service process: a runaway or crashing query takes down only its worker. On a
store over HTTP the store runs it (:mod:`kg.stores.remote_handle`), and its answer is written
out again by :func:`serialise`, so both stores answer alike.

Result formats: SPARQL JSON, XML, CSV and TSV for SELECT and ASK; Turtle, N-Triples,
JSON-LD and RDF/XML for CONSTRUCT and DESCRIBE, all written by pyoxigraph. SELECT rows and
CONSTRUCT triples past ``max_rows`` are cut and the answer says so (``truncated``), never
silently; the engine stops at the first one past the cap.

The dataset a query runs on (SPARQL 1.1 Protocol, section 2.1.4):

- a dataset given in the request (``default-graph-uri``, ``named-graph-uri``) wins over the
  query's ``FROM`` / ``FROM NAMED`` and is the whole dataset: the default graph is the merge of
  the ``default-graph-uri`` graphs (empty if none is given), the named graphs are the
  ``named-graph-uri`` graphs (none if none is given);
- otherwise a query with ``FROM`` / ``FROM NAMED`` runs on the dataset it describes;
- otherwise on the service's dataset: the union of all graphs as the default graph, and
  every graph by name.

Relative IRIs in a query resolve against ``base_iri`` (the endpoint's URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pyoxigraph as ox

from kg.errors import NotAcceptable, QuerySyntax
from kg.formats import GRAPH_TYPES, JSON, RESULT_TYPES, RESULTS_JSON, TSV, choose, rdf_format, results_format
from kg.sparql_prefixes import syntax_message
from kg.sparql_text import strip_lexical


@dataclass(frozen=True)
class UserQuery:
    """A query from ``/sparql`` with its protocol options; it has passed the guard
    (:func:`kg.sparql_text.check_query`) before any store runs it."""

    query: str
    accept: str | None
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    declared: int = 0  # characters of predeclared prefixes put in front of the user's text


@dataclass(frozen=True)
class Answer:
    """A query's answer, serialised: ``truncated`` says rows past ``max_rows`` were cut."""

    media_type: str
    body: bytes
    truncated: bool = False
    rows: int = 0


class _Full(Exception):
    """Raised into pyoxigraph's serialiser to stop it: the row cap is reached."""


class _CappedLines:
    """A binary writer that keeps the first ``limit`` lines written to it and stops the writer
    (raising :class:`_Full` from ``write``) as soon as anything follows them."""

    def __init__(self, limit: int):
        self.limit = limit
        self.lines = 0
        self.chunks: list[bytes] = []
        self.full = False

    def write(self, data: bytes) -> int:
        newlines = data.count(b"\n")
        if self.lines + newlines >= self.limit:
            end = -1
            for _ in range(self.limit - self.lines):
                end = data.index(b"\n", end + 1)
            if end + 1 < len(data):  # the start of one line too many
                self.chunks.append(bytes(data[:end + 1]))
                self.lines = self.limit
                self.full = True
                raise _Full
        self.lines += newlines
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _solutions(result: Any, max_rows: int, fmt: ox.QueryResultsFormat) -> tuple[bytes, bool, int]:
    """SELECT results serialised by pyoxigraph, cut after ``max_rows``: (body, truncated, rows).

    The solutions are written as SPARQL TSV, where every solution is one line (line breaks in
    literals are escaped), so the cap counts lines and stops the engine at the first solution
    past it. Another format is then made from those lines, in pyoxigraph as well.
    """
    capped = _CappedLines(1 + max_rows)  # the header line, then one line per solution
    try:
        result.serialize(capped, format=ox.QueryResultsFormat.TSV)
    except Exception:
        if not capped.full:
            raise
    tsv = b"".join(capped.chunks)
    rows = capped.lines - 1
    if fmt != ox.QueryResultsFormat.TSV:
        tsv = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt) or b""
    return tsv, capped.full, rows


def _open(path: str, cache: dict[str, ox.Store]) -> ox.Store:
    store = cache.get(path)
    if store is None:
        cache.clear()
        store = cache[path] = ox.Store.read_only(path)
    return store


_FROM = re.compile(r"(?<![\w:?$@-])FROM(?![\w:-])", re.IGNORECASE)


def dataset_options(req: UserQuery) -> dict[str, Any]:
    """pyoxigraph's dataset options for ``req`` (see the module docstring).

    >>> dataset_options(UserQuery("SELECT * { ?s ?p ?o }", None, 1))
    {'use_default_graph_as_union': True}
    >>> dataset_options(UserQuery("SELECT * FROM <http://example.org/g> { ?s ?p ?o }", None, 1))
    {}
    >>> dataset_options(UserQuery("SELECT * { ?s ?p ?o }", None, 1, named_graphs=("http://example.org/g",)))
    {'default_graph': [], 'named_graphs': [<NamedNode value=http://example.org/g>]}
    """
    if req.default_graphs or req.named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in req.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in req.named_graphs]}
    if _FROM.search(strip_lexical(req.query)):
        return {}
    return {"use_default_graph_as_union": True}


def execute(store_path: str, req: UserQuery, cache: dict[str, ox.Store]) -> Answer:
    """Run ``req`` on the read-only store at ``store_path`` (kept open in ``cache``)."""
    store = _open(store_path, cache)
    try:
        result = store.query(req.query, base_iri=req.base_iri, **dataset_options(req))
    except SyntaxError as exc:
        raise QuerySyntax(syntax_message(str(exc), req.query[req.declared:], req.declared)) from None
    return serialise(result, req.accept, req.max_rows)


def serialise(result: Any, accept: str | None, max_rows: int) -> Answer:
    """A query result (pyoxigraph's, or any iterable of triples for a graph) in the format
    ``accept`` asks for, cut after ``max_rows`` rows or triples (reading no further)."""
    if isinstance(result, ox.QueryBoolean):
        media = _pick(accept, [t for t in RESULT_TYPES if t != TSV] + [TSV])
        return Answer(media, result.serialize(format=results_format(media)) or b"")
    if isinstance(result, ox.QuerySolutions):
        media = _pick(accept, RESULT_TYPES)
        body, truncated, rows = _solutions(result, max_rows, results_format(media))
        if truncated and media in (RESULTS_JSON, JSON):
            body = flagged(body)
        return Answer(media, body, truncated, rows)
    media = _pick(accept, GRAPH_TYPES)
    triples = list(islice(result, max_rows + 1))
    truncated = len(triples) > max_rows
    triples = triples[:max_rows]
    body = ox.serialize(triples, format=rdf_format(media)) or b""
    return Answer(media, body, truncated, len(triples))


def flagged(body: bytes) -> bytes:
    """SPARQL JSON results with ``"truncated": true`` beside ``head`` and ``results``, for a
    client that reads the body and not the headers (pandas, R); other clients ignore it.

    >>> flagged(b'{"head":{"vars":[]},"results":{"bindings":[]}}')
    b'{"head":{"vars":[]},"results":{"bindings":[]},"truncated":true}'
    """
    stripped = body.rstrip()
    if not stripped.endswith(b"}"):
        return body
    return stripped[:-1] + b',"truncated":true}'


def _pick(accept: str | None, offers: list[str]) -> str:
    media = choose(accept, offers)
    if media is None:
        raise NotAcceptable(f"none of the accepted types ({accept}) fits this result; offered: {', '.join(offers)}")
    return media
