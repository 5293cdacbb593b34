"""``/ontology``: the ontology at its namespace, for people (HTML) and for programs (RDF).

``https://w3id.org/seckg/ontology`` (and every term ``...ontology#Designation``) redirects here
(``w3id/.htaccess``). A browser gets a page generated from ``ontology/*.ttl`` -- every class and
property with its label, definition, parents, domain and range, an anchor per term, so that
``/ontology#Designation`` shows the term -- and an RDF client the ontology itself, by Accept
or by suffix (``/ontology.ttl``, ``.jsonld``, ``.nt``, ``.rdf``).
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from starlette.responses import Response

from api.links import base_url
from api.pages import render
from api.representation import media_type
from kg.ask.ontology import describe
from kg.errors import NotFound
from kg.formats import HTML, NODE_TYPES, RDF_XML, TURTLE, rdf_format, split_suffix, with_charset
from kg.vocab import PREFIXES, ontology

router = APIRouter(tags=["ontology"])

OFFERS = [HTML, *[t for t in NODE_TYPES if t != HTML and t != "application/json"]]


@router.get("/ontology", summary="The ontology: an HTML page of its terms, or its RDF (Turtle, JSON-LD, N-Triples, "
                                 "RDF/XML)")
def get_ontology(request: Request) -> Response:
    return _answer(request, None)


@router.get("/ontology.{extension}", include_in_schema=False)
def get_ontology_as(request: Request, extension: str) -> Response:
    _, forced = split_suffix(f"ontology.{extension}", OFFERS)
    if forced is None:
        raise NotFound(f"no ontology.{extension}: ttl, jsonld, nt, rdf or html")
    return _answer(request, forced)


def _answer(request: Request, forced: str | None) -> Response:
    chosen = forced or media_type(request, None, OFFERS)
    base = base_url(request)
    twins = [(label, f"{base}/ontology.{ext}", kind) for ext, label, kind in
             (("ttl", "Turtle", TURTLE), ("jsonld", "JSON-LD", "application/ld+json"),
              ("nt", "N-Triples", "application/n-triples"), ("rdf", "RDF/XML", RDF_XML))]
    links = ", ".join(f'<{url}>; rel="alternate"; type="{kind}"' for _, url, kind in twins)
    headers = {"Vary": "Accept", "Link": links}
    if chosen == HTML:
        return render(request, "ontology.html", headers=headers, title="The seckg ontology", groups=describe(),
                      twins=twins)
    triples = [q.triple for q in ontology().quads_for_pattern(None, None, None, None)]
    body = ox.serialize(triples, format=rdf_format(chosen), prefixes=PREFIXES if chosen in (TURTLE, RDF_XML) else None)
    return Response(body or b"", media_type=with_charset(chosen), headers=headers)
