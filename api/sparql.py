"""``/sparql``: the SPARQL 1.1 Protocol, query operation only, read-only.

- ``GET /sparql?query=...`` and ``POST /sparql`` as a form (``query=``) or as
  ``application/sparql-query`` (UTF-8 only); the query exactly once, else 422.
- ``default-graph-uri`` and ``named-graph-uri`` give the dataset, and win over the query's
  ``FROM`` / ``FROM NAMED``; without either, the default graph is the union of all graphs
  (details in :mod:`kg.stores.user_query`). Relative IRIs resolve against the endpoint's URL.
- The result format follows the Accept header (q-values honoured) or ``format=``
  (json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml) for clients that cannot set it.
- Updates (``update=``, ``application/sparql-update``, update keywords) get 403, so does
  ``SERVICE``. The store runs the query (:meth:`kg.stores.handle.Handle.run_query`): the
  embedded one in a supervised worker with a deadline (503 when stopped), a store over HTTP
  itself (504 past the deadline).
- Past ``max_rows`` solutions the answer is cut and says so in the headers
  ``SPARQL-Results-Truncated: true`` and ``SPARQL-Results-Limit``.
- ``GET /sparql`` without a query: the query page for browsers (``api/query_page.py``), the
  SPARQL Service Description for RDF clients (Turtle, JSON-LD or N-Triples; also ``format=``).

Malformed requests (a POST of another media type, a body or URL that is not UTF-8, a
dataset IRI that is not absolute) get 422 naming the parameter at fault.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.routing import APIRoute
from starlette.responses import HTMLResponse, Response

from api import query_page
from api.links import base_url
from kg.errors import BadParameter, UnsafeQuery
from kg.formats import FORMAT_ALIASES, FORMAT_PARAM, HTML, JSON_LD, N_TRIPLES, TURTLE, choose, rdf_format, with_charset
from kg.stores.user_query import UserQuery
from kg.vocab import PREFIXES


class ProtocolRoute(APIRoute):
    """A route whose endpoint reads the protocol's parameters itself (repeatable, from the URL
    and the body, described in ``openapi_extra``): FastAPI has nothing to solve or validate,
    so the endpoint is the handler."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return self.endpoint  # type: ignore[return-value]


router = APIRouter(tags=["sparql"], route_class=ProtocolRoute)

FORM = "application/x-www-form-urlencoded"


def _read_only() -> UnsafeQuery:
    """The refusal of every update, however it is sent (update=, application/sparql-update)."""
    return UnsafeQuery("SPARQL Update is not allowed: this endpoint is read-only")


def _accept(request: Request, params: list[tuple[str, str]]) -> str | None:
    """The Accept header to honour: ``format=`` (a name or a media type) overrides the header."""
    fmt = next((v for k, v in params if k == "format"), None)
    if fmt is None:
        return request.headers.get("accept")
    if "/" in fmt:  # a media type, as Fuseki and Virtuoso accept
        return fmt
    name = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMAT_PARAM:
        raise BadParameter("format", f"unknown format {fmt!r}; one of {', '.join(FORMAT_PARAM)} or a media type")
    return ", ".join(t for t in FORMAT_PARAM[name] if t)


def _content_type(request: Request) -> tuple[str, str | None]:
    """The request's media type (lower case) and its charset parameter, if any."""
    media, *parameters = request.headers.get("content-type", "").split(";")
    charset = None
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"')
    return media.strip().lower(), charset


def _utf8(data: bytes, charset: str | None) -> str:
    """The body as text: UTF-8 is the only encoding the protocol allows."""
    if charset is not None and charset.lower() not in ("utf-8", "utf8"):
        raise BadParameter("content-type", f"the body must be UTF-8, not {charset}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadParameter("body", "not valid UTF-8") from None


def _form(text: str, where: str) -> list[tuple[str, str]]:
    """URL-encoded parameters; percent-encoded bytes must be UTF-8."""
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise BadParameter(where, "percent-encoded bytes that are not UTF-8") from None


def _url_params(request: Request) -> list[tuple[str, str]]:
    """The parameters in the URL, percent-encoded bytes strictly UTF-8.

    Starlette's ``query_params`` are parsed once per request and shared with FastAPI (a
    long query has hundreds of escapes: parsing them again would cost more than the rest of
    the request's own work); they are the same as a strict parse for an ASCII query string
    without a replacement character, which is the only way bytes that are not UTF-8 could
    show in them.
    """
    if request.scope.get("query_string", b"").isascii():
        params = request.query_params.multi_items()
        if not any("\ufffd" in k or "\ufffd" in v for k, v in params):
            return params
    return _form(request.url.query, "query-string")


async def _params(request: Request) -> tuple[list[tuple[str, str]], str | None]:
    """The protocol parameters and the query text, from the URL and the body."""
    params = _url_params(request)
    if request.method != "POST":
        return params, next((v for k, v in params if k == "query"), None)
    body = await request.body()
    max_body = request.app.state.settings.max_body  # SECKG_MAX_BODY (the middleware refuses more first)
    if len(body) > max_body:
        raise BadParameter("query", f"request body larger than {max_body} bytes")
    ctype, charset = _content_type(request)
    if ctype == "application/sparql-update":
        raise _read_only()
    if ctype == "application/sparql-query":
        if any(k == "query" for k, _ in params):
            raise BadParameter("query", "give the query either in the body or in the URL, not both")
        return params, _utf8(body, charset)
    if ctype == FORM:
        form = _form(_utf8(body, charset), "body")
        if any(k == "update" for k, _ in form):
            raise _read_only()
        params += form
        return params, next((v for k, v in form if k == "query"), None)
    raise BadParameter("content-type", f"POST /sparql takes {FORM} or application/sparql-query, not {ctype!r}")


def _graphs(params: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    """The IRIs given as ``name`` (default-graph-uri, named-graph-uri); each must be absolute."""
    graphs = tuple(v for k, v in params if k == name)
    for iri in graphs:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise BadParameter(name, f"not an absolute IRI: {iri!r}") from None
    return graphs


def _endpoint(request: Request) -> str:
    """The endpoint's own URL, without query string, at the public address (SECKG_PUBLIC_BASE) if one is set."""
    return base_url(request) + "/sparql"


_BASES: dict[tuple[Any, ...], str | None] = {}


def _base_iri(request: Request) -> str | None:
    """The base IRI of user queries: the endpoint's URL (None if the Host makes it no IRI).

    Remembered per scheme, Host and path (a few in practice; at most 64 are kept, since a
    client can send any Host), as making it takes longer than most of a request's own work.
    """
    scope = request.scope
    server = scope.get("server")
    key = (scope.get("scheme"), request.headers.get("host"), tuple(server) if server else None,
           scope.get("root_path"), scope.get("path"))
    if key not in _BASES:
        if len(_BASES) >= 64:
            _BASES.clear()
        try:
            _BASES[key] = ox.NamedNode(_endpoint(request)).value
        except ValueError:
            _BASES[key] = None
    return _BASES[key]


async def sparql(request: Request) -> Response:
    """SPARQL 1.1 query endpoint (read-only); without a query, the query page or the service description."""
    params, query = await _params(request)
    if any(k == "update" for k, _ in params):
        raise _read_only()
    if query is None:
        if request.method == "GET":
            return landing(request, params)
        raise BadParameter("query", "missing")
    if sum(1 for k, _ in params if k == "query") > 1:
        raise BadParameter("query", "given more than once")
    state = request.app.state
    client = request.client.host if request.client else "unknown"
    state.budget.check(client)
    started = time.monotonic()
    try:
        req = UserQuery(
            query=query,
            accept=_accept(request, params),
            max_rows=state.settings.max_rows,
            default_graphs=_graphs(params, "default-graph-uri"),
            named_graphs=_graphs(params, "named-graph-uri"),
            base_iri=_base_iri(request),
        )
        answer = await state.store.run_query(req)  # refused by the guard, or run with the store's limits
    finally:
        state.budget.charge(client, time.monotonic() - started)
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["SPARQL-Results-Truncated"] = "true"
        headers["SPARQL-Results-Limit"] = str(state.settings.max_rows)
    media = answer.media_type + ("; charset=utf-8" if not answer.media_type.endswith("json") else "")
    return Response(answer.body, media_type=media, headers=headers)


def _param(name: str, description: str, many: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}} if many else {"type": "string"}
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


PROTOCOL_PARAMETERS = [
    _param("query", "The SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)."),
    _param("default-graph-uri", "A graph of the default graph (repeatable).", many=True),
    _param("named-graph-uri", "A named graph of the dataset (repeatable).", many=True),
    _param("format", "json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml, or a media type; overrides Accept."),
]
QUERY_BODY = {"requestBody": {"required": False, "content": {
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "query": {"type": "string"}, "default-graph-uri": {"type": "string"}, "named-graph-uri": {"type": "string"}}}},
    "application/sparql-query": {"schema": {"type": "string"}},
}}}

router.add_api_route("/sparql", sparql, methods=["GET"], operation_id="sparql_get",
                     summary="SPARQL query (GET ?query=); without a query, the query page (HTML) "
                             "or the service description (RDF)",
                     openapi_extra={"parameters": PROTOCOL_PARAMETERS})
router.add_api_route("/sparql", sparql, methods=["POST"], operation_id="sparql_post",
                     summary="SPARQL query (POST form or application/sparql-query)",
                     openapi_extra={"parameters": PROTOCOL_PARAMETERS[1:], **QUERY_BODY})

SD_TYPES = [TURTLE, JSON_LD, N_TRIPLES]
PREDECLARED = ", ".join(f"{p}: <{iri}>" for p, iri in PREFIXES.items())  # kg.sparql_prefixes.predeclare
# RDF first: a client that accepts anything ("*/*", curl) gets the service description.
LANDING_TYPES = [*SD_TYPES, HTML]


def landing(request: Request, params: list[tuple[str, str]]) -> Response:
    """``GET /sparql`` without a query: the query page or the service description, by Accept."""
    media = choose(_accept(request, params), LANDING_TYPES) or TURTLE
    if media != HTML:
        return service_description(request, media)
    settings = request.app.state.settings
    html = query_page.page(action=request.url.path, max_rows=settings.max_rows, timeout=settings.query_timeout,
                           base=base_url(request))
    return HTMLResponse(html, headers={"Vary": "Accept", "Content-Security-Policy": query_page.CSP})


def service_description(request: Request, media: str = TURTLE) -> Response:
    """The SPARQL Service Description of this endpoint, as ``media`` (one of SD_TYPES)."""
    endpoint = _endpoint(request)
    settings = request.app.state.settings
    ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix void: <http://rdfs.org/ns/void#> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
        <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV>,
        <http://www.w3.org/ns/formats/Turtle>,
        <http://www.w3.org/ns/formats/N-Triples>,
        <http://www.w3.org/ns/formats/JSON-LD>,
        <http://www.w3.org/ns/formats/RDF_XML> ;
    sd:defaultDataset [ a sd:Dataset ;
        dct:title "Security designations knowledge graph"@en ;
        dct:license <https://creativecommons.org/licenses/by/4.0/> ;
        sd:defaultGraph [ a sd:Graph ; dct:description "The union of all named graphs."@en ] ] ;
    dct:description "Read-only SPARQL 1.1 query endpoint. SERVICE and updates are refused; queries are \
stopped after {settings.query_timeout} s; at most {settings.max_rows} rows are returned (a cut answer says so in \
the header SPARQL-Results-Truncated and, in SPARQL JSON, as 'truncated': true). These prefixes are declared \
already: {PREDECLARED}."@en .
"""
    if media == TURTLE:
        return Response(ttl, media_type=with_charset(TURTLE), headers={"Vary": "Accept"})
    triples = list(ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    return Response(ox.serialize(triples, format=rdf_format(media)), media_type=media, headers={"Vary": "Accept"})
