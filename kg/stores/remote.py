r"""A SPARQL 1.1 store over HTTP, used as the code uses a pyoxigraph store.

:class:`RemoteStore` offers the part of ``pyoxigraph.Store`` that ``kg.ask.named``,
``kg.ask.views``, ``kg.ask.changes``, ``kg.ask.report``, ``kg.stores.export`` and ``api.pages`` use --
``query(...)`` and ``quads_for_pattern(...)`` -- and answers with pyoxigraph's own result
objects, so that code runs unchanged on either store. :class:`kg.stores.remote_handle.RemoteHandle`
holds the build in service on such a store, as :class:`kg.stores.disk_handle.StoreHandle` does
on disk.

The layout on the store (written by :mod:`kg.stores.remote_builds`; the queries and updates that read
and write it are in ``kg/stores/queries/``)::

    <urn:seckg:build:ID>   one graph per build, every triple of the build
    <urn:seckg:meta>       <urn:seckg:meta:current> <urn:seckg:meta:build> <urn:seckg:build:ID> .
                           <urn:seckg:build:ID> <urn:seckg:meta:info> "{...build info as JSON...}" .

Every call of ``get()`` reads which build is in service (one small query), and the store
it returns queries that build's graph, named as the request's default graph
(``default-graph-uri``): the queries of one API request all see the same build, even if
a new one is switched in meanwhile, and the store's own default graph (union or not) does
not matter.

Parameters stay bound: ``substitutions`` become a ``VALUES`` block at the start of the
``WHERE`` group of our own query text, each value written as an RDF term in N-Triples
syntax (``str()`` of a pyoxigraph term), after the checks of :meth:`kg.query_files.QueryFile.bind`.

>>> q = "PREFIX ex: <http://example.org/> SELECT ?x WHERE { ?x ex:p ?y } # WHERE {"
>>> print(with_values(q, {ox.Variable("y"): ox.Literal('a "quoted" } value')}))
PREFIX ex: <http://example.org/> SELECT ?x WHERE { VALUES (?y) { ("a \"quoted\" } value") } ?x ex:p ?y } # WHERE {
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import BadStoreAnswer, StoreError
from kg.formats import JSON, N_TRIPLES, RESULTS_JSON, RESULTS_XML, TURTLE, rdf_format, results_format
from kg.query_files import Folder, with_values
from kg.stores.http import SparqlHttp

HERE = Path(__file__).parent

BUILD_PREFIX = "urn:seckg:build:"  # as in kg/stores/queries/*.rq, with the metadata graph urn:seckg:meta

ACCEPT = f"{RESULTS_JSON}, {N_TRIPLES}"
# what the store may answer: SPARQL results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE)
RESULT_FORMATS = [RESULTS_JSON, JSON, RESULTS_XML]
GRAPH_FORMATS = [N_TRIPLES, TURTLE]

# copies every triple of an in-memory store into a real pyoxigraph QueryTriples
ALL_TRIPLES = "CONSTRUCT WHERE { ?s ?p ?o }"


def build_graph(build_id: str) -> str:
    """The IRI of the graph that holds a build on the store."""
    return BUILD_PREFIX + build_id


QUERIES = Folder(HERE / "queries")  # the queries and updates that read and write the layout


def sparql(name: str, values: Mapping[str, Any] | None = None, *, every_where: bool = False) -> str:
    """The text of ``kg/stores/queries/<name>`` with its own parameters bound to ``values``
    (checked by :meth:`kg.query_files.QueryFile.bind`) in a VALUES block."""
    query = QUERIES[name]
    return with_values(query.text, query.bind(values or {}), every_where=every_where)


def _graph_iri(graph: Any, default: str) -> str:
    if isinstance(graph, ox.DefaultGraph):
        return default
    if isinstance(graph, ox.NamedNode):
        return graph.value
    raise TypeError(f"a dataset graph must be an IRI or the default graph, not {graph!r}")


def parse_answer(media: str, data: bytes, what: str) -> Any:
    """pyoxigraph's result object for an answer of the store, checked to the end."""
    if media not in RESULT_FORMATS and media not in GRAPH_FORMATS:
        raise BadStoreAnswer(f"the store answered {what} with {media or 'no media type'}, "
                             f"not one of {', '.join([*RESULT_FORMATS, *GRAPH_FORMATS])}")
    problem = _unparsable(media, data)
    if problem is not None:  # raised here, where no frame holds a pyoxigraph object (see detached)
        raise BadStoreAnswer(f"the store's answer to {what} does not parse as {media}: {problem}")
    if media in GRAPH_FORMATS:
        graph = ox.Store()
        graph.bulk_extend(ox.parse(data, format=rdf_format(media)))
        return graph.query(ALL_TRIPLES)  # a real QueryTriples, as pyoxigraph gives for CONSTRUCT
    return ox.parse_query_results(data, format=results_format(media))


def _unparsable(media: str, data: bytes) -> str | None:
    """Why ``data`` does not parse to the end as ``media``, or None if it does."""
    try:
        if media in GRAPH_FORMATS:
            for _ in ox.parse(data, format=rdf_format(media)):
                pass
        else:
            result = ox.parse_query_results(data, format=results_format(media))
            if isinstance(result, ox.QuerySolutions):
                for _ in result:
                    pass
    except SyntaxError as exc:
        return str(exc)
    return None


def detached(error: BaseException) -> BaseException:
    """``error`` without its traceback and chained errors.

    pyoxigraph's result objects must be freed by the thread that made them; an error
    leaving a worker thread must not carry the frames that hold them.
    """
    error.__context__ = error.__cause__ = None
    return error.with_traceback(None)


class RemoteStore:
    """One build on a SPARQL store over HTTP, queried like a ``pyoxigraph.Store``."""

    def __init__(self, http: SparqlHttp, graph: str, info: dict[str, Any] | None = None):
        self.http = http
        self.graph = graph
        self.info = info or {}

    def query(self, query: str, *, substitutions: Mapping[Any, Any] | None = None,
              use_default_graph_as_union: bool = False, default_graph: Any = None, named_graphs: Any = None,
              base_iri: str | None = None) -> Any:
        """Run a query on the build; the same result objects as ``pyoxigraph.Store.query``.

        The build's graph holds the union of the build's graphs, so it is the default graph
        whether or not ``use_default_graph_as_union`` is set. ``default_graph`` and
        ``named_graphs`` name graphs of the store (``DefaultGraph()`` is the build's graph).
        """
        text = with_values(query, substitutions or {})
        if base_iri is not None:
            text = f"BASE {ox.NamedNode(base_iri)} {text}"
        if default_graph is None and named_graphs is None:
            defaults, named = [self.graph], []
        else:
            given = default_graph if isinstance(default_graph, list | tuple) else [default_graph]
            defaults = [_graph_iri(g, self.graph) for g in given if g is not None]
            named = [_graph_iri(g, self.graph) for g in named_graphs or []]
        with self.http.query(text, accept=ACCEPT, default_graphs=defaults, named_graphs=named) as (media, body):
            data = body.read_all()
        return parse_answer(media, data, f"a query to {self.http.where}")

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any, graph_name: Any = None
                          ) -> Iterator[ox.Quad]:
        """The triples of the build that match, as quads in the default graph.

        Blank nodes cannot be named from one request to the next, so a pattern with a blank
        node matches nothing here.
        """
        if graph_name is not None and not isinstance(graph_name, ox.DefaultGraph):
            raise ValueError("a remote store keeps a build as one graph: no named graph to match")
        terms = {"s": subject, "p": predicate, "o": object}
        if any(isinstance(t, ox.BlankNode) for t in terms.values()):
            return iter(())
        bound = QUERIES["pattern"].bind({k: v for k, v in terms.items() if v is not None})
        solutions = self.query(QUERIES["pattern"].text, substitutions=bound)
        return iter([ox.Quad(s["s"], s["p"], s["o"], ox.DefaultGraph()) for s in solutions])

    def dump(self, *args: Any, **kwargs: Any) -> None:
        """Dataset dumps (TriG, N-Quads) need the graph of each document: only the embedded store has them."""
        raise StoreError("a remote store keeps a build as one graph: dataset formats (TriG, N-Quads) with a "
                         "graph per document come from the embedded store; Turtle, N-Triples and JSON-LD work")


def current_build(http: SparqlHttp) -> tuple[str, dict[str, Any]]:
    """The graph of the build in service and its info; StoreError if there is none."""
    with http.query(sparql("current_build"), accept=RESULTS_JSON) as (media, body):
        data = body.read_all()
    found = list(parse_answer(media, data, f"the build query to {http.where}"))
    if not found:
        raise StoreError(f"no build on the store at {http.where}: run 'seckg build --store-url URL' first")
    graph, info = found[0]["build"], found[0]["info"]
    try:
        record = json.loads(info.value)
    except (AttributeError, ValueError):
        raise BadStoreAnswer(f"the build info of {graph} on the store is not JSON") from None
    return graph.value, {"build": graph.value.removeprefix(BUILD_PREFIX), **record}
