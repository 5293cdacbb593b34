"""HTML pages, and the dereferenceable ``/id/...`` URI of every node of the graph.

========================  =====================================================================
``GET /``                 the front page: states and organisations, documents, years of changes
``GET /id/{path}``        any node, by direct content negotiation (``Vary: Accept``, no
                          redirects): HTML for browsers, Turtle, N-Triples, JSON-LD or RDF/XML
                          for RDF clients, JSON as the REST routes give it; or pick with a
                          suffix on the last segment: ``.html .json .jsonld .ttl .nt .rdf``
``GET /changes.html``     the changes of a year (``?year=2022``): the page of ``GET /changes``
``GET /static/{name}``    the style sheet
========================  =====================================================================

Each kind of node has a builder returning a :class:`Page`: the plain data (the JSON twin,
and what the template shows), the RDF view (``kg.ask.views.describe`` of the right kind) and
the template. Nodes without a page of their own (sections, quotes, sources, terms) get a
generic page of their statements. Unverified quotes are left out, in HTML and RDF alike,
unless ``include_unverified=true``. Templates are Jinja2 with autoescaping on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.responses import FileResponse, HTMLResponse, Response

from api import move_chart, representation, timeline
from api.changes import Options
from api.errors import problem
from api.links import ID_ROOT, base_url, url_for_iri
from api.paging import PageOf
from kg.ask import overview, texts, views
from kg.ask.change_filter import ChangeFilter
from kg.ask.changes import find as find_changes
from kg.ask.changes import records as change_records
from kg.errors import NotAcceptable, NotFound
from kg.formats import HTML, JSON, NODE_TYPES, RDF_XML, SUFFIXES, rdf_format, split_suffix
from kg.vocab import DCT, ID, OA, PREFIXES, RDFS, SECKG, SKOS, change_kinds

router = APIRouter(tags=["pages"])

HERE = Path(__file__).parent
ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                  trim_blocks=True, lstrip_blocks=True)
STATIC = {"seckg.css": HERE / "static" / "seckg.css"}
def kinds_of_change() -> dict[str, str]:
    """The kinds of change with their labels, as the ontology gives them (capitalised for a heading)."""
    return {kind: label[:1].upper() + label[1:] for kind, label in change_kinds().items()}


def curie(iri: str) -> str:
    """``"http://purl.org/dc/terms/title"`` -> ``"dct:title"`` (the IRI itself if no prefix fits)."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def href(url: str | None) -> str:
    """Only http(s) URLs become links; anything else from the data (``javascript:``...) goes nowhere.

    >>> href("https://example.org/a"), href("javascript:alert(1)")
    ('https://example.org/a', '#')
    """
    return url if url and urlsplit(url).scheme in ("http", "https") else "#"


def host(url: str) -> str:
    """The host of a URL, to name a source compactly: ``"https://www.mod.go.jp/x"`` -> ``"www.mod.go.jp"``."""
    return urlsplit(url).hostname or url


ENV.globals.update(kinds=kinds_of_change(), curie=curie)
ENV.filters.update(host=host, href=href)

TWINS = [("json", "JSON"), ("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("rdf", "RDF/XML")]
EXTENSION = {SUFFIXES[ext]: ext for ext in ("html", *(e for e, _ in TWINS))}  # media type -> twin suffix

LABELS = [RDFS.label, SKOS.prefLabel, DCT.title]
Year = Annotated[str | None, Query(pattern=r"^\d{4}$", description="The year, e.g. 2022.")]


@dataclass
class Page:
    """What a node's page is made of: the data (also its JSON twin), its RDF and its template."""

    template: str
    title: str
    data: Callable[[], dict[str, Any]]  # computed only for HTML and JSON answers
    rdf: Callable[[], list[ox.Triple]]
    extra: Callable[[], dict[str, Any]] = field(default=dict)  # what only the HTML needs (the chart...)


# ---- the RDF view --------------------------------------------------------------------------

def _rdf(store: ox.Store, iris: list[str], kind: str, unverified: bool) -> Callable[[], list[ox.Triple]]:
    """``views.describe``, without the words of unverified quotes unless they are asked for."""
    def triples() -> list[ox.Triple]:
        return views.describe(store, iris, kind, include_unverified=unverified)
    return triples


def _label(store: ox.Store, node: ox.NamedNode | ox.BlankNode) -> str | None:
    for predicate in LABELS:
        found = [q.object for q in store.quads_for_pattern(node, predicate, None) if isinstance(q.object, ox.Literal)]
        found.sort(key=lambda o: (o.language not in (None, "en"), o.value))
        if found:
            return found[0].value
    return None


def _term(store: ox.Store, term: Any) -> dict[str, Any]:
    if isinstance(term, ox.Literal):
        return {"value": term.value, "lang": term.language, "datatype": term.datatype.value}
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value, "label": _label(store, term)}
    return {"value": str(term), "lang": None, "datatype": None}


# ---- the builders, one per kind of node ----------------------------------------------------

def _flag(unverified: bool) -> str | None:
    return "true" if unverified else None


def _grouped(items: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any]) -> list[tuple[Any, list[Any]]]:
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


def _actor(store: ox.Store, request: Request, m: re.Match[str], unverified: bool) -> Page | None:
    record = views.actor(store, m[2])
    if record is None or record["iri"] != ID_ROOT + m[0]:
        return None
    code, name = record["code"], record["name"] or record["code"]

    @cache
    def data() -> dict[str, Any]:
        return {**record, "issued": views.designations(store, issuer=code, include_unverified=_flag(unverified)),
                "received": views.designations(store, target=code, include_unverified=_flag(unverified))}

    def extra() -> dict[str, Any]:
        issued, received = data()["issued"], data()["received"]
        series = timeline.build_series(received, views.documents(store), lambda i: href(url_for_iri(request, i)))
        scale = [(c["rank"], c["label"]) for c in views.categories(store)]
        names = {a["code"]: a["name"] or a["code"] for a in views.actors(store)}
        return {
            "series": series,
            "chart": timeline.render(series, scale, names=names, target=name) if series else None,
            "issued_by_document": _grouped(issued, lambda d: d["document"]["iri"])[::-1],
            "received_by_issuer": [(issuer, _grouped(ds, lambda d: d["document"]["iri"]))
                                   for issuer, ds in sorted(_grouped(received, lambda d: d["issuer"]))],
        }
    return Page("actor.html", name, data, _rdf(store, [record["iri"]], "resource", unverified), extra)


def _document(store: ox.Store, request: Request, m: re.Match[str], unverified: bool) -> Page | None:
    record = views.document(store, m[1], include_unverified=unverified)
    if record is None:
        return None
    held = any(True for _ in store.quads_for_pattern(ID.text(m[1]), SECKG.textOf, None))
    return Page("document.html", record["title"], lambda: record, _rdf(store, [record["iri"]], "document", unverified),
                lambda: {"documents": {d["iri"]: d for d in views.documents(store)},
                         "held_text": f"{base_url(request)}/texts/{m[1]}" if held else None})


def _designation(store: ox.Store, request: Request, m: re.Match[str], unverified: bool) -> Page | None:
    iri = ID_ROOT + m[0]
    facets = views.designations(store, document=m[1], target=m[2].upper(), include_unverified=_flag(unverified))
    this = next((d for d in facets if d["iri"] == iri), None)
    if this is None:
        return None
    node = ox.NamedNode(iri)

    def linked(prop: str) -> list[dict[str, Any]]:
        return [_term(store, q.object) for q in store.quads_for_pattern(node, SECKG[prop], None)]
    data = {**this, "previous": linked("previousDesignation"), "next": linked("nextDesignation"),
            "other_facets": [d for d in facets if d["iri"] != iri], "in_text": _in_text(store, request, node, this)}
    return Page("designation.html", f"{this['issuer']} on {this['target']}: {this['category']}", lambda: data,
                _rdf(store, [iri], "designation", unverified))


def _in_text(store: ox.Store, request: Request, node: ox.NamedNode, this: dict[str, Any]) -> list[dict[str, Any]]:
    """The shown quotes of a designation that stand in a held text, each in its paragraph."""
    evidence = {q.object.value: q.object for q in store.quads_for_pattern(node, SECKG.evidence, None)
                if isinstance(q.object, ox.NamedNode)}
    shown = {q["text"] for q in this["quotes"]}
    out = []
    for iri, context in sorted(texts.in_context(store, list(evidence)).items(), key=lambda kv: kv[1].start):
        exact = next((q.object.value for q in store.quads_for_pattern(evidence[iri], OA.exact, None)
                      if isinstance(q.object, ox.Literal)), None)
        if exact is None or exact not in shown:  # an unverified quote not asked for
            continue
        out.append({"evidence": iri, "quote": exact, "before": context.before, "words": context.words,
                    "after": context.after, "start": context.start, "end": context.end,
                    "url": f"{base_url(request)}/texts/{context.text}#{context.fragment}"})
    return out


def _change(store: ox.Store, request: Request, m: re.Match[str], unverified: bool) -> Page | None:
    iri = ID_ROOT + m[0]
    found = change_records(store, [ox.NamedNode(iri)], include_unverified=unverified)
    if not found:
        return None
    record = found[0]
    docs = {d["iri"]: d for d in views.documents(store)}
    title = f"{record['issuer']} on {record['target']}, {record['year']}"
    return Page("change.html", title, lambda: record, _rdf(store, [iri], "change", unverified),
                lambda: {"documents": docs})


def _category(store: ox.Store, request: Request, m: re.Match[str], unverified: bool) -> Page | None:
    iri = ID_ROOT + m[0]
    category = next((c for c in views.categories(store) if c["iri"] == iri), None)
    if category is None:
        return None
    def data() -> dict[str, Any]:
        return {**category, "designations": views.designations(store, category=m[1],
                                                                include_unverified=_flag(unverified))}
    return Page("category.html", category["label"], data, _rdf(store, [iri], "resource", unverified))


def _scheme(store: ox.Store, request: Request, m: re.Match[str], unverified: bool) -> Page | None:
    iri = ID_ROOT + m[0]
    items = views.categories(store)
    iris = [iri] + [c["iri"] for c in items] + [t["iri"] for c in items for t in c["national_terms"]]
    return Page("scheme.html", "The shared scale", lambda: {"iri": iri, "items": items},
                _rdf(store, iris, "resource", unverified))


def _resource(store: ox.Store, request: Request, m: re.Match[str], unverified: bool) -> Page | None:
    """Any other node: its statements, and the statements that point at it."""
    iri = ID_ROOT + m[0]
    node = ox.NamedNode(iri)
    rdf = _rdf(store, [iri], "resource", unverified)
    own: list[dict[str, Any]] = [{"predicate": t.predicate.value, "object": _term(store, t.object)}
                                 for t in rdf() if t.subject == node]
    incoming = {(q.subject, q.predicate.value): None for q in store.quads_for_pattern(None, None, node)}
    referenced = [{"subject": _term(store, s), "predicate": p} for s, p in list(incoming)[:500]]
    if not own and not referenced:
        return None
    labels = {x.value for x in LABELS}
    title = next((s["object"]["value"] for s in own if s["predicate"] in labels and "value" in s["object"]), m[0])
    return Page("resource.html", title, lambda: {"iri": iri, "statements": own, "referenced_by": referenced}, rdf)


DOC = r"[a-z0-9][a-z0-9.\-]{0,79}"
KINDS: list[tuple[re.Pattern[str], Callable[..., Page | None]]] = [
    (re.compile(r"(state|organization)/([A-Z]{2,10})"), _actor),
    (re.compile(rf"document/({DOC})"), _document),
    (re.compile(rf"designation/({DOC})/([a-z]{{2,10}})/([a-z0-9\-]+)"), _designation),
    (re.compile(rf"change/({DOC})/([a-z]{{2,10}})"), _change),
    (re.compile(r"category/([a-z\-]+)"), _category),
    (re.compile(r"scheme/categories"), _scheme),
    (re.compile(r"[A-Za-z0-9._~\-/]+"), _resource),
]


def find(store: ox.Store, request: Request, path: str, unverified: bool) -> Page | None:
    """The page of the node ``/id/{path}``, or None if the graph has no such node."""
    for pattern, builder in KINDS:
        m = pattern.fullmatch(path)
        if m is not None:
            page = builder(store, request, m, unverified)
            if page is not None or builder is _resource:
                return page
            return _resource(store, request, m, unverified)
    return None


# ---- answering -----------------------------------------------------------------------------

def render(request: Request, template: str, *, status: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    """A page from a template, with the helpers every template may use."""
    @cache
    def actors() -> dict[str, dict[str, Any]]:
        return {a["code"]: a for a in views.actors(request.app.state.store.get())}

    @cache
    def ranks() -> dict[str, int]:
        return {c["notation"]: c["rank"] for c in views.categories(request.app.state.store.get())}

    def actor(code: str) -> dict[str, Any]:
        found = actors().get(code)
        return {"code": code, "name": found["name"] if found else code,
                "url": url_for_iri(request, found["iri"]) if found else None}

    body = ENV.get_template(template).render(request=request, link=lambda iri: href(url_for_iri(request, iri)),
                                             actor=actor, rank=lambda name: ranks().get(name),
                                             base=base_url(request), **context)
    return HTMLResponse(body, status_code=status, headers={"Vary": "Accept", **(headers or {})})


def _problem(status: int, title: str, detail: str) -> Response:
    answer = problem(status, title, detail)
    answer.headers["Vary"] = "Accept"
    return answer


def _not_found(request: Request, chosen: str, detail: str) -> Response:
    if chosen == HTML:
        return render(request, "404.html", status=404, title="Not found", detail=detail, twins=[])
    return _problem(404, "Not found", detail)


@router.head("/id/{path:path}", include_in_schema=False)
@router.get("/id/{path:path}", summary="Any node of the graph: HTML, RDF (Turtle, N-Triples, JSON-LD, RDF/XML) or JSON")
def dereference(request: Request, path: str,
                include_unverified: Annotated[bool, Query(description="Also show unverified quotes.")] = False
                ) -> Response:
    stem, forced = split_suffix(path, NODE_TYPES)
    try:
        chosen = forced or representation.media_type(request, None, NODE_TYPES)
    except NotAcceptable as exc:
        return _problem(406, "Not acceptable", str(exc))
    page = find(request.app.state.store.get(), request, stem, include_unverified)
    if page is None:
        return _not_found(request, chosen, f"the graph has no node {ID_ROOT + stem}")
    query = f"?{request.url.query}" if request.url.query else ""
    twins = [(label, f"{base_url(request)}/id/{stem}.{ext}{query}", SUFFIXES[ext]) for ext, label in TWINS]
    headers = {"Link": ", ".join(f'<{url}>; rel="alternate"; type="{kind}"' for _, url, kind in twins)}
    if forced is None:  # the IRI names a thing, not a document: say which document answers for it
        headers["Content-Location"] = f"{base_url(request)}/id/{stem}.{EXTENSION[chosen]}{query}"
    if chosen == HTML:
        return render(request, page.template, headers=headers, title=page.title, data=page.data(), twins=twins,
                      unverified=include_unverified, **page.extra())
    if chosen == RDF_XML:
        body = ox.serialize(page.rdf(), format=rdf_format(RDF_XML), prefixes=PREFIXES) or b""
        return Response(body, media_type=RDF_XML, headers={"Vary": "Accept", **headers})
    data = page.data() if chosen == JSON else None
    return representation.represent(request, data, page.rdf, chosen, headers)


@router.get("/changes.html", summary="The changes of a year, as a page (the twin of GET /changes)")
def changes_page(request: Request, options: Options, window: PageOf, year: Year = None) -> HTMLResponse:
    store = request.app.state.store.get()
    documents = views.documents(store)
    years = sorted({d["issued"][:4] for d in documents if d["replaces"]}, reverse=True)
    found = None
    if year is not None:
        found = find_changes(store, ChangeFilter(year=year, **options), offset=window.offset, limit=window.limit)
    following = window.links(request, found.total)[0] if found is not None else None
    twins = [("JSON", f"{base_url(request)}/changes?{request.url.query}", JSON)] if year else []
    title = f"Changes in {year}" if year else "Changes by year"
    moved = [c for c in found.records if c["kind"] == "CategoryMove"] if found else []
    chart = move_chart.render(moved, {c["notation"]: c["rank"] for c in views.categories(store)},
                              href=lambda iri: url_for_iri(request, iri)) if moved else None
    return render(request, "changes.html", title=title, year=year, years=years, chart=chart,
                  changes=found.records if found else [], total=found.total if found else 0, first=window.offset + 1,
                  following=following, twins=twins, all_kinds=options["all_kinds"],
                  unverified=options["include_unverified"], min_confidence=options["min_confidence"],
                  band_crossing=options["band_crossing"], robust_only=options["robust_only"],
                  documents={d["iri"]: d for d in documents})


@router.get("/", include_in_schema=False)
def home(request: Request) -> HTMLResponse:
    store = request.app.state.store.get()
    documents = views.documents(store)
    base = base_url(request)
    actors = views.actors(store)
    year, moves = overview.latest_moves(store)
    return render(request, "home.html", title="How states designate one another",
                  actors=[a for a in actors if a["designations_issued"] or a["designations_received"]],
                  silent=sum(1 for a in actors if not (a["designations_issued"] or a["designations_received"])),
                  documents=documents, years=sorted({d["issued"][:4] for d in documents if d["replaces"]}),
                  matrix=overview.matrix(store), latest_year=year, moves=moves,
                  designations=sum(d["designations"] or 0 for d in documents),
                  twins=[("States (JSON)", f"{base}/states", JSON), ("Documents (JSON)", f"{base}/documents", JSON)])


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> FileResponse:
    if name not in STATIC:
        raise NotFound(f"no static file {name!r}")
    return FileResponse(STATIC[name], headers={"Cache-Control": "public, max-age=3600"})


def dyad_page(request: Request, a: str, b: str, record: dict[str, Any], unverified: bool) -> HTMLResponse:
    """The page of a pair: how A designates B and how B designates A, on one timeline whose
    markers link to the designation they show (its words in their passage)."""
    store = request.app.state.store.get()
    names = {x["code"]: x["name"] or x["code"] for x in views.actors(store)}
    name_a, name_b = names.get(a, a), names.get(b, b)
    both = record["a_on_b"] + record["b_on_a"]
    series = timeline.build_series(both, views.documents(store), lambda i: href(url_for_iri(request, i)),
                                   to_designation=True)
    scale = [(c["rank"], c["label"]) for c in views.categories(store)]
    legend = {a: f"{name_a} on {name_b}", b: f"{name_b} on {name_a}"}
    chart = timeline.render(series, scale, names=legend, target=name_b,
                            title=f"How {name_a} and {name_b} designate each other over time") if series else None
    directions = [(a, b, name_a, name_b, _grouped(record["a_on_b"], lambda d: d["document"]["iri"])),
                  (b, a, name_b, name_a, _grouped(record["b_on_a"], lambda d: d["document"]["iri"]))]
    return render(request, "dyad.html", title=f"{name_a} and {name_b}", data=record, chart=chart, series=series,
                  directions=directions, unverified=unverified,
                  twins=[(label, f"{base_url(request)}/dyads/{a}/{b}.{ext}", SUFFIXES[ext])
                         for ext, label in (("json", "JSON"), ("jsonld", "JSON-LD"), ("ttl", "Turtle"))])
