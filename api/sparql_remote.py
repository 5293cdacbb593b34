"""``/sparql`` on a store over HTTP: the user's query goes to the store's query endpoint.

The query has passed :func:`kg.sparql_text.check_query` (read-only, no ``SERVICE``). The
store's answer is read as a stream -- SPARQL JSON for SELECT and ASK, N-Triples for
CONSTRUCT and DESCRIBE -- and written out again by :func:`api.sparql_exec.serialise`, so
formats, the row cap and ``SPARQL-Results-Truncated`` are those of the embedded store:
past ``max_rows`` the rest of the answer is not even read. A request has the deadline
``SECKG_QUERY_TIMEOUT`` (504 past it) and answers of at most ``SECKG_STORE_MAX_BYTES``
(502 past it); the store's 400 for a query it cannot parse is our 400.

The dataset, as on the embedded store (``api/sparql_exec.py``): a dataset in the request
(``default-graph-uri``, ``named-graph-uri``) is passed on as it is, and so is a query's
own ``FROM``; otherwise the default graph is the graph of the build in service, which
holds the union of the build's graphs. The per-document named graphs exist only in the
embedded store, so ``GRAPH`` patterns match nothing here.
"""

from __future__ import annotations

import io

import pyoxigraph as ox

from api.sparql_exec import Answer, Request, dataset_options, serialise
from kg.errors import BadStoreAnswer, QuerySyntax, SeckgError
from kg.formats import rdf_format, results_format
from kg.stores.remote import ACCEPT, GRAPH_FORMATS, RESULT_FORMATS, RemoteStore, detached


def dataset(store: RemoteStore, req: Request) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``default-graph-uri`` and ``named-graph-uri`` values to send with the query."""
    options = dataset_options(req)
    if "default_graph" in options:
        return req.default_graphs, req.named_graphs
    if not options:  # the query's own FROM / FROM NAMED
        return (), ()
    return (store.graph,), ()


def execute(store: RemoteStore, req: Request) -> Answer:
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


def _execute(store: RemoteStore, req: Request) -> Answer:
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
