"""Mapping the persistent namespace onto the service's own address, and back.

Graph IRIs live in ``https://w3id.org/seckg/id/``; the service serves each of them at
``{base}/id/...`` where ``base`` is ``SECKG_PUBLIC_BASE`` or the address the request came
to. RDF answers keep the persistent IRIs, so a harvested IRI and a browsed URL name the
same thing; JSON answers carry both (``iri`` and ``url``).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from kg.vocab import BASE

ID_ROOT = BASE + "id/"


def base_url(request: Request) -> str:
    configured = request.app.state.settings.public_base
    return (configured or str(request.base_url)).rstrip("/")


def url_for_iri(request: Request, iri: str) -> str:
    """The service URL of a graph IRI (unchanged if it is not in our namespace)."""
    if iri.startswith(ID_ROOT):
        return f"{base_url(request)}/id/{iri[len(ID_ROOT):]}"
    return iri


def with_urls(request: Request, data: Any) -> Any:
    """Add a ``url`` beside every ``iri`` in a JSON structure."""
    if isinstance(data, list):
        return [with_urls(request, x) for x in data]
    if isinstance(data, dict):
        out = {k: with_urls(request, v) for k, v in data.items()}
        iri = data.get("iri")
        if isinstance(iri, str) and iri.startswith(ID_ROOT) and "url" not in data:
            out["url"] = url_for_iri(request, iri)
        return out
    return data
