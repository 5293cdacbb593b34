"""The build in service on a SPARQL 1.1 store over HTTP, as a :class:`Handle`.

Every call of :meth:`RemoteHandle.get` reads which build is in service (one small query):
the API holds no state of its own, and any number of processes can serve the same store.

A user's query goes to the store's query endpoint, once it has passed
:func:`kg.sparql_text.check_query` (read-only, no ``SERVICE``). The store's answer is read
as a stream -- SPARQL JSON for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE -- and
written out again by :func:`kg.stores.user_query.serialise`, so formats, the row cap and
``SPARQL-Results-Truncated`` are those of the embedded store: past ``max_rows`` the rest of
the answer is not even read. A request has the deadline ``SECKG_QUERY_TIMEOUT`` (504 past
it) and answers of at most ``SECKG_STORE_MAX_BYTES`` (502 past it); the store's 400 for a
query it cannot parse is our 400.

The dataset, as on the embedded store (:mod:`kg.stores.user_query`): a dataset in the request
(``default-graph-uri``, ``named-graph-uri``) is passed on as it is, and so is a query's
own ``FROM``; otherwise the default graph is the graph of the build in service, which
holds the union of the build's graphs. The per-document named graphs exist only in the
embedded store, so ``GRAPH`` patterns match nothing here.

Dumps: the triple formats (Turtle, N-Triples, JSON-LD) are written from the store at each
request; the dataset formats (TriG, N-Quads) keep one graph per document, which only the
embedded store has, so they are not offered here.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import anyio
import pyoxigraph as ox

from kg.errors import BadStoreAnswer, NotFound, QuerySyntax, SeckgError
from kg.formats import Format, catalogue, dump_file, rdf_format, results_format
from kg.stores.export import export
from kg.stores.handle import Dump, Handle
from kg.stores.http import SparqlHttp
from kg.stores.remote import ACCEPT, GRAPH_FORMATS, RESULT_FORMATS, RemoteStore, current_build, detached
from kg.stores.user_query import Answer, UserQuery, dataset_options, serialise

TRIPLE_DUMPS = catalogue([f for f in Format if not f.is_dataset])  # byte sizes unknown: written on demand
DATASET_DUMPS = {dump_file(f) for f in Format if f.is_dataset}


class RemoteHandle(Handle):
    """The build in service on a SPARQL store over HTTP, read anew on every call."""

    kind = "remote"

    def __init__(self, http: SparqlHttp):
        self.http = http

    def get(self) -> RemoteStore:
        graph, info = current_build(self.http)
        return RemoteStore(self.http, graph, info)

    def info(self) -> dict[str, Any]:
        return current_build(self.http)[1]

    async def start(self) -> None:
        """Nothing to start: the connections to the store are made as they are needed."""

    async def close(self) -> None:
        self.http.close()

    async def _run(self, query: UserQuery) -> Answer:
        return await anyio.to_thread.run_sync(lambda: execute(self.get(), query))

    def dumps(self, info: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return TRIPLE_DUMPS

    def dump(self, name: str) -> Dump:
        store = self.get()  # one read of the build in service, for its record and its data
        meta = TRIPLE_DUMPS.get(name)
        if meta is None and name in DATASET_DUMPS:
            raise NotFound(f"no dump {name!r} from a remote store: it keeps the graph as one graph, not one per "
                           "document; /dumps lists the dumps there are")
        if meta is None:
            raise NotFound(f"no dump {name!r}; see /dumps for the list")

        def content() -> Path | bytes:
            return export(store, Format(meta["format"])) or b""  # type: ignore[arg-type]

        return Dump(name, meta["media_type"], store.info["build"], store.info["built"], content)


def dataset(store: RemoteStore, req: UserQuery) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``default-graph-uri`` and ``named-graph-uri`` values to send with the query."""
    options = dataset_options(req)
    if "default_graph" in options:
        return req.default_graphs, req.named_graphs
    if not options:  # the query's own FROM / FROM NAMED
        return (), ()
    return (store.graph,), ()


def execute(store: RemoteStore, req: UserQuery) -> Answer:
    """Run ``req`` on the store; the answer serialised as the client asked.

    Runs in a worker thread, so an error leaves it :func:`~kg.stores.remote.detached` from the
    frames that hold pyoxigraph objects.
    """
    error: BaseException
    try:
        return _execute(store, req)
    except SeckgError as exc:
        error = detached(exc)
    raise error


def _execute(store: RemoteStore, req: UserQuery) -> Answer:
    text = req.query if req.base_iri is None else f"BASE {ox.NamedNode(req.base_iri)} {req.query}"
    defaults, named = dataset(store, req)
    what = f"a query to {store.http.where}"
    try:
        with store.http.query(text, accept=ACCEPT, default_graphs=defaults, named_graphs=named) as (media, raw):
            body = io.BufferedReader(raw)
            if media in RESULT_FORMATS:
                return serialise(ox.parse_query_results(body, format=results_format(media)), req.accept, req.max_rows)
            if media in GRAPH_FORMATS:
                triples = (q.triple for q in ox.parse(body, format=rdf_format(media)))
                return serialise(triples, req.accept, req.max_rows)
            raise BadStoreAnswer(f"the store answered {what} with {media or 'no media type'}, "
                                 f"not SPARQL results or N-Triples")
    except SyntaxError as exc:
        raise BadStoreAnswer(f"the store's answer to {what} does not parse: {exc}") from None
    except BadStoreAnswer as exc:
        if exc.status == 400:
            raise QuerySyntax(f"the store cannot run the query: {exc.detail}") from None
        raise
