"""``/sparql``: the SPARQL 1.1 Protocol, query operation only, read-only.

- ``GET /sparql?query=...`` and ``POST /sparql`` as a form (``query=``) or as
  ``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` select the
  dataset (without them the default graph is the union of all graphs).
- The result format follows the Accept header (q-values honoured) or ``format=``
  (json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml) for clients that cannot set it.
- Updates (``update=``, ``application/sparql-update``, update keywords) get 403, so does
  ``SERVICE``. Queries run in a supervised worker with a deadline (503 when stopped).
- Past ``max_rows`` solutions the answer is cut and says so in the headers
  ``SPARQL-Results-Truncated: true`` and ``SPARQL-Results-Limit``.
- ``GET /sparql`` without a query: the SPARQL Service Description (Turtle or JSON-LD).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.negotiation import choose
from api.sparql_exec import FORMAT_PARAM
from api.sparql_exec import Request as QueryRequest
from kg.errors import BadParameter, UnsafeQuery
from kg.sparql_guard import check_query
from kg.store import store_dir

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
MAX_BODY = 1_000_000


def _accept(request: Request, params: list[tuple[str, str]]) -> str | None:
    fmt = next((v for k, v in params if k == "format"), None)
    if fmt is None:
        return request.headers.get("accept")
    if fmt not in FORMAT_PARAM:
        raise BadParameter("format", f"unknown format {fmt!r}; one of {', '.join(FORMAT_PARAM)}")
    return ", ".join(t for t in FORMAT_PARAM[fmt] if t)


async def _params(request: Request) -> tuple[list[tuple[str, str]], str | None]:
    """The protocol parameters and the query text, from the URL and the body."""
    params = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method != "POST":
        return params, next((v for k, v in params if k == "query"), None)
    body = await request.body()
    if len(body) > MAX_BODY:
        raise BadParameter("query", f"request body larger than {MAX_BODY} bytes")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        raise UnsafeQuery("SPARQL Update is not allowed: this endpoint is read-only")
    if ctype == "application/sparql-query":
        if any(k == "query" for k, _ in params):
            raise BadParameter("query", "give the query either in the body or in the URL, not both")
        return params, body.decode("utf-8", errors="replace")
    if ctype == FORM:
        form = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        if any(k == "update" for k, _ in form):
            raise UnsafeQuery("SPARQL Update is not allowed: this endpoint is read-only")
        params += form
        return params, next((v for k, v in form if k == "query"), None)
    raise BadParameter("content-type", f"POST /sparql takes {FORM} or application/sparql-query, not {ctype!r}")


async def sparql(request: Request) -> Response:
    """SPARQL 1.1 query endpoint (read-only); the service description without a query."""
    params, query = await _params(request)
    if any(k == "update" for k, _ in params):
        raise UnsafeQuery("SPARQL Update is not allowed: this endpoint is read-only")
    if query is None:
        if request.method == "GET":
            return service_description(request)
        raise BadParameter("query", "missing")
    if sum(1 for k, _ in params if k == "query") > 1:
        raise BadParameter("query", "given more than once")
    check_query(query)
    state = request.app.state
    store_path = str(store_dir(state.store.path()))
    answer = await state.workers.run(QueryRequest(
        store_path=store_path,
        query=query,
        accept=_accept(request, params),
        max_rows=state.settings.max_rows,
        default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
    ))
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["SPARQL-Results-Truncated"] = "true"
        headers["SPARQL-Results-Limit"] = str(state.settings.max_rows)
    media = answer.media_type + ("; charset=utf-8" if not answer.media_type.endswith("json") else "")
    return Response(answer.body, media_type=media, headers=headers)


router.add_api_route("/sparql", sparql, methods=["GET"], operation_id="sparql_get",
                     summary="SPARQL query (GET ?query=), or the service description without a query")
router.add_api_route("/sparql", sparql, methods=["POST"], operation_id="sparql_post",
                     summary="SPARQL query (POST form or application/sparql-query)")

SD_TYPES = ["text/turtle", "application/ld+json", "application/n-triples"]


def service_description(request: Request) -> Response:
    endpoint = str(request.url.replace(query=""))
    settings = request.app.state.settings
    media = choose(request.headers.get("accept"), SD_TYPES) or "text/turtle"
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
stopped after {settings.query_timeout} s; at most {settings.max_rows} rows are returned."@en .
"""
    if media == "text/turtle":
        return Response(ttl, media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
    import pyoxigraph as ox

    triples = list(ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    fmt = ox.RdfFormat.JSON_LD if media == "application/ld+json" else ox.RdfFormat.N_TRIPLES
    return Response(ox.serialize(triples, format=fmt), media_type=media, headers={"Vary": "Accept"})
