"""One resource, several representations: JSON (the default), JSON-LD, Turtle, N-Triples.

A client picks with the Accept header (q-values honoured) or with a suffix on the last
path segment (``/states/JPN.ttl``, ``/documents/jpn-nss-2022.jsonld``), like Datasette's
``.json`` twins. JSON answers carry a ``url`` beside every graph IRI and ``links`` to
related resources; RDF answers are the resource's statements in the graph, with the
persistent IRIs. Lists come a page at a time (:mod:`api.paging`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pyoxigraph as ox
from fastapi import Request
from starlette.responses import JSONResponse, Response

from api.links import with_urls
from kg.errors import NotAcceptable
from kg.formats import JSON, RESOURCE_TYPES, TURTLE, choose, rdf_format, with_charset
from kg.vocab import PREFIXES

OFFERS = RESOURCE_TYPES


def media_type(request: Request, forced: str | None, offers: Sequence[str] = OFFERS) -> str:
    if forced is not None:
        return forced
    accept = request.headers.get("accept")
    chosen = choose(accept, list(offers))
    if chosen is None:
        raise NotAcceptable(f"none of the accepted types ({accept}) is offered: {', '.join(offers)}")
    return chosen


def represent(
    request: Request,
    data: Any,
    rdf: Callable[[], list[ox.Triple]],
    forced: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Answer with ``data`` as JSON or with the triples of ``rdf()`` in the chosen RDF format."""
    chosen = media_type(request, forced)
    base = {"Vary": "Accept", **(headers or {})}
    if chosen == JSON:
        return JSONResponse(with_urls(request, data), headers=base)
    body = ox.serialize(rdf(), format=rdf_format(chosen), prefixes=PREFIXES if chosen == TURTLE else None) or b""
    return Response(body, media_type=with_charset(chosen), headers=base)
