"""The REST resources: states and organisations, documents, dyads, categories.

Every answer is JSON by default and also JSON-LD, Turtle or N-Triples (Accept header or a
suffix such as ``/states/JPN.ttl``); lists are paginated (``limit``, ``cursor``, ``Link``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from api import pages
from api.paging import PageOf, page
from api.representation import media_type, represent
from kg.ask import rows, views
from kg.ask.tables import csv_text
from kg.errors import BadParameter, NotFound
from kg.formats import CSV, HTML, RESOURCE_TYPES, choose, split_suffix, with_charset
from kg.vocab import ID

router = APIRouter(tags=["resources"])

CODE = re.compile(r"[A-Z]{2,10}")
DOC_ID = re.compile(r"[a-z0-9][a-z0-9.\-]{0,79}")

Unverified = Annotated[bool, Query(description="Also show unverified quotes (default false).")]


def _code(value: str, name: str = "code", offers: Sequence[str] = RESOURCE_TYPES) -> tuple[str, str | None]:
    code, forced = split_suffix(value, offers)
    if not CODE.fullmatch(code):
        raise BadParameter(name, f"expected an actor code such as JPN or NATO, got {code!r}")
    return code, forced


def _actor_iri(store: Any, code: str) -> str:
    found = views.actors(store, code)
    if not found:
        raise NotFound(f"no state or organisation with code {code!r}")
    return str(found[0]["iri"])


def _store(request: Request) -> Any:
    return request.app.state.store.get()


@router.get("/states", summary="States and organisations, with how many designations each issues and receives")
def list_states(request: Request, *, kind: Literal["state", "organization"] | None = None,
                window: PageOf) -> Response:
    store = _store(request)
    items = [a for a in views.actors(store) if kind is None or a["kind"] == kind]
    body, headers = page(request, items, window)
    return represent(request, body, lambda: views.describe(store, [a["iri"] for a in body["items"]]),
                     headers=headers)


@router.get("/states/{code}", summary="One state or organisation: its documents and designation counts")
def get_state(request: Request, code: Annotated[str, Path(description="Actor code, e.g. JPN; a suffix "
                                                                       "(.json, .jsonld, .ttl, .nt) picks the format")]
              ) -> Response:
    code, forced = _code(code)
    store = _store(request)
    record = views.actor(store, code)
    if record is None:
        raise NotFound(f"no state or organisation with code {code!r}")
    record["links"] = {
        "issued": f"/states/{code}/designations?direction=issued",
        "received": f"/states/{code}/designations?direction=received",
        "documents": f"/documents?issuer={code}",
    }
    return represent(request, record, lambda: views.describe(store, [record["iri"]]), forced)


@router.get("/states/{code}/designations", summary="Designations a state issues or receives, with their quotes")
def state_designations(
    request: Request,
    code: str,
    *,
    direction: Literal["issued", "received"] = "received",
    as_of: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$",
                                       description="Only the latest edition of each series on or before this date.")
                     ] = None,
    category: Annotated[str | None, Query(description="A category of the shared scale, e.g. threat.")] = None,
    include_unverified: Unverified = False,
    window: PageOf,
) -> Response:
    code, forced = _code(code)
    store = _store(request)
    _actor_iri(store, code)
    filters = {"issuer" if direction == "issued" else "target": code, "as_of": as_of, "category": category,
               "include_unverified": "true" if include_unverified else None}
    items = views.designations(store, **filters)
    if forced is None and choose(request.headers.get("accept"), [*RESOURCE_TYPES, CSV]) == CSV:
        table = csv_text((rows.designation_row(d) for d in items), rows.DESIGNATION)  # all of them, not a page
        return Response(table, media_type=with_charset(CSV), headers={
            "Vary": "Accept", "Content-Disposition": f'inline; filename="{code}-{direction}.csv"'})
    body, headers = page(request, items, window)
    body.update(code=code, direction=direction)
    return represent(request, body,
                     lambda: views.describe(store, [d["iri"] for d in body["items"]], "designation",
                                            include_unverified=include_unverified),
                     forced, headers)


@router.get("/documents", summary="Strategy documents, optionally of one issuer")
def list_documents(request: Request, *,
                   issuer: Annotated[str | None, Query(pattern=r"^[A-Z]{2,10}$", description="Actor code.")] = None,
                   window: PageOf) -> Response:
    store = _store(request)
    if issuer is not None:
        views.require_actor(store, issuer, "issuer")
    body, headers = page(request, views.documents(store, issuer=issuer), window)
    return represent(request, body, lambda: views.describe(store, [d["iri"] for d in body["items"]]),
                     headers=headers)


@router.get("/documents/{doc_id}", summary="One document: sections, designations and quotes, its editions")
def get_document(request: Request, doc_id: str, include_unverified: Unverified = False) -> Response:
    doc_id, forced = split_suffix(doc_id)
    if not DOC_ID.fullmatch(doc_id):
        raise BadParameter("doc_id", f"expected a document id such as jpn-nss-2022, got {doc_id!r}")
    store = _store(request)
    record = views.document(store, doc_id, include_unverified=include_unverified)
    if record is None:
        raise NotFound(f"no document {doc_id!r}")
    return represent(request, record, lambda: views.describe(store, [ID.document(doc_id).value], "document",
                                                             include_unverified=include_unverified), forced)


# A pair has a page too (a browser's Accept, or the .html suffix); JSON stays the default.
DYAD_TYPES = [*RESOURCE_TYPES, HTML]


@router.get("/dyads/{a}/{b}", summary="How A designates B and how B designates A, edition by edition")
def get_dyad(request: Request, a: str, b: str, include_unverified: Unverified = False) -> Response:
    a, _ = _code(a, "a")
    b, forced = _code(b, "b", DYAD_TYPES)
    if a == b:
        raise BadParameter("b", "a dyad needs two different actors")
    store = _store(request)
    for code in (a, b):
        _actor_iri(store, code)
    record = views.dyad(store, a, b, include_unverified=include_unverified)
    if media_type(request, forced, DYAD_TYPES) == HTML:
        return pages.dyad_page(request, a, b, record, include_unverified)
    iris = [d["iri"] for d in record["a_on_b"] + record["b_on_a"]]
    return represent(request, record,
                     lambda: views.describe(store, iris, "designation", include_unverified=include_unverified), forced)


@router.get("/categories", summary="The shared scale: ranks, definitions and the national terms mapped to it")
def get_categories(request: Request) -> Response:
    store = _store(request)
    items = views.categories(store)
    iris = [c["iri"] for c in items] + [t["iri"] for c in items for t in c["national_terms"]]
    return represent(request, {"items": items}, lambda: views.describe(store, iris))
