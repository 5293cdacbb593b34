"""One resource, several representations: JSON (the default), JSON-LD, Turtle, N-Triples.

A client picks with the Accept header (q-values honoured) or with a suffix on the last
path segment (``/states/JPN.ttl``, ``/documents/jpn-nss-2022.jsonld``), like Datasette's
``.json`` twins. JSON answers carry a ``url`` beside every graph IRI and ``links`` to
related resources; RDF answers are the resource's statements in the graph, with the
persistent IRIs. Lists are paginated with ``limit`` and an opaque ``cursor``, and say
where the next page is both in the body and in a ``Link`` header.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any

import pyoxigraph as ox
from fastapi import Request
from starlette.responses import JSONResponse, Response

from api.links import with_urls
from kg.errors import BadParameter, NotAcceptable
from kg.formats import JSON, RESOURCE_TYPES, TURTLE, choose, rdf_format, with_charset
from kg.vocab import PREFIXES

OFFERS = RESOURCE_TYPES

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


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


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = text.partition(":")
        offset = int(number)
        if kind != "o" or offset < 0:
            raise ValueError
        return offset
    except (ValueError, UnicodeDecodeError):
        raise BadParameter("cursor", "not a cursor this service gave out") from None


def page(
    request: Request, items: list[Any], limit: int | None, cursor: str | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """One page of ``items``: the body fields and the Link header for it."""
    size = DEFAULT_LIMIT if limit is None else limit
    if not 1 <= size <= MAX_LIMIT:
        raise BadParameter("limit", f"must be between 1 and {MAX_LIMIT}")
    start = _decode(cursor) if cursor else 0
    chunk = items[start:start + size]
    body: dict[str, Any] = {"total": len(items), "limit": size, "items": chunk, "next": None}
    headers: dict[str, str] = {}
    if start + size < len(items):
        body["next"] = str(request.url.include_query_params(cursor=_encode(start + size), limit=size))
        headers["Link"] = f'<{body["next"]}>; rel="next"'
    return body, headers


def encode_cursor(offset: int) -> str:
    """The opaque cursor of the page that starts at ``offset``."""
    return _encode(offset)


def decode_cursor(cursor: str) -> int:
    """The offset of a cursor this service gave out (422 naming ``cursor`` otherwise)."""
    return _decode(cursor)
