"""Running one user SPARQL query and serialising its result, with a row cap.

This runs inside a query worker process (``api/workers.py``), never in the service
process: a runaway or crashing query takes down only its worker.

Result formats: SPARQL JSON, XML, CSV and TSV for SELECT and ASK; Turtle, N-Triples,
JSON-LD and RDF/XML for CONSTRUCT and DESCRIBE. SELECT rows and CONSTRUCT triples past
``max_rows`` are cut and the answer says so (``truncated``), never silently.

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

import csv
import io
import json
import re
from dataclasses import dataclass
from itertools import islice
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from api.negotiation import choose
from kg.errors import NotAcceptable, QuerySyntax
from kg.sparql_guard import strip_lexical

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
]
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}

# ?format= for clients that cannot set Accept: (results type, graph type)
FORMAT_PARAM = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "ntriples": (None, "application/n-triples"),
    "nt": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
    "rdfxml": (None, "application/rdf+xml"),
}


@dataclass(frozen=True)
class Request:
    store_path: str
    query: str
    accept: str | None
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None


@dataclass(frozen=True)
class Answer:
    media_type: str
    body: bytes
    truncated: bool = False
    rows: int = 0


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _term_xml(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype and term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _term_csv(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value) if hasattr(term, "value") else str(term)


def _solutions(variables: list[str], rows: list[Any], media: str) -> bytes:
    if media in ("application/sparql-results+json", "application/json"):
        bindings = [{v: _term_json(r[v]) for v in variables if r[v] is not None} for r in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if media == "application/sparql-results+xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head><results>")
        for r in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_term_xml(r[v])}</binding>" for v in variables if r[v] is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if media == "text/csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        for r in rows:
            writer.writerow([_term_csv(r[v]) for v in variables])
        return buf.getvalue().encode("utf-8")
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if r[v] is None else str(r[v]) for v in variables) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _boolean(value: bool, media: str) -> bytes:
    if media in ("application/sparql-results+json", "application/json"):
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if media == "application/sparql-results+xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    if media == "text/csv":
        return f"_askResult\r\n{'true' if value else 'false'}\r\n".encode()
    return f"?_askResult\n{'true' if value else 'false'}\n".encode()


def _open(path: str, cache: dict[str, ox.Store]) -> ox.Store:
    store = cache.get(path)
    if store is None:
        cache.clear()
        store = cache[path] = ox.Store.read_only(path)
    return store


_FROM = re.compile(r"(?<![\w:?$@-])FROM(?![\w:-])", re.IGNORECASE)


def dataset_options(req: Request) -> dict[str, Any]:
    """pyoxigraph's dataset options for ``req`` (see the module docstring).

    >>> dataset_options(Request("", "SELECT * { ?s ?p ?o }", None, 1))
    {'use_default_graph_as_union': True}
    >>> dataset_options(Request("", "SELECT * FROM <http://example.org/g> { ?s ?p ?o }", None, 1))
    {}
    >>> dataset_options(Request("", "SELECT * { ?s ?p ?o }", None, 1, named_graphs=("http://example.org/g",)))
    {'default_graph': [], 'named_graphs': [<NamedNode value=http://example.org/g>]}
    """
    if req.default_graphs or req.named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in req.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in req.named_graphs]}
    if _FROM.search(strip_lexical(req.query)):
        return {}
    return {"use_default_graph_as_union": True}


def execute(req: Request, cache: dict[str, ox.Store]) -> Answer:
    """Run ``req`` on the read-only store at ``req.store_path``."""
    store = _open(req.store_path, cache)
    try:
        result = store.query(req.query, base_iri=req.base_iri, **dataset_options(req))
    except SyntaxError as exc:
        raise QuerySyntax(str(exc)) from None
    return serialise(result, req.accept, req.max_rows)


def serialise(result: Any, accept: str | None, max_rows: int) -> Answer:
    """A query result (pyoxigraph's, or any iterable of triples for a graph) in the format
    ``accept`` asks for, cut after ``max_rows`` rows or triples (reading no further)."""
    if isinstance(result, ox.QueryBoolean):
        media = _pick(accept, [t for t in RESULT_TYPES if t != "text/tab-separated-values"]
                      + ["text/tab-separated-values"])
        return Answer(media, _boolean(bool(result), media))
    if isinstance(result, ox.QuerySolutions):
        media = _pick(accept, RESULT_TYPES)
        variables = [v.value for v in result.variables]
        rows = list(islice(result, max_rows + 1))
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
        return Answer(media, _solutions(variables, rows, media), truncated, len(rows))
    media = _pick(accept, list(GRAPH_TYPES))
    triples = list(islice(result, max_rows + 1))
    truncated = len(triples) > max_rows
    triples = triples[:max_rows]
    body = ox.serialize(triples, format=GRAPH_TYPES[media]) or b""
    return Answer(media, body, truncated, len(triples))


def _pick(accept: str | None, offers: list[str]) -> str:
    media = choose(accept, offers)
    if media is None:
        raise NotAcceptable(f"none of the accepted types ({accept}) fits this result; offered: {', '.join(offers)}")
    return media
