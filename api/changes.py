"""``GET /changes``: which states moved category in a year, with both documents and quotes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from api.representation import represent
from kg import views
from kg.changes import changes as find_changes

router = APIRouter(tags=["changes"])

Code = Annotated[str | None, Query(pattern=r"^[A-Z]{2,10}$", description="An actor code, e.g. JPN or NATO.")]


@router.get(
    "/changes",
    summary="Which targets moved category in a year",
    description=(
        "Category moves between an edition and the edition it replaces, in the year the newer edition was "
        "issued: issuer, target, from and to category, direction and size, the two documents, and on each side "
        "every facet with its section and quotes. Unverified quotes are left out unless include_unverified=true. "
        "With all_kinds=true also changes of term, newly designated, no longer mentioned and not coded targets."
    ),
)
def get_changes(
    request: Request,
    year: Annotated[str, Query(pattern=r"^\d{4}$", description="The year, e.g. 2022.", examples=["2022"])],
    issuer: Code = None,
    target: Code = None,
    direction: Annotated[Literal["hostility", "friendship"] | None, Query()] = None,
    all_kinds: bool = False,
    include_unverified: bool = False,
) -> Response:
    store = request.app.state.store.get()
    found = find_changes(store, year=year, issuer=issuer, target=target, direction=direction,
                         moves_only=not all_kinds, include_unverified=include_unverified)
    body: dict[str, Any] = {"year": year, "count": len(found), "changes": found}
    return represent(request, body, lambda: views.describe(store, [c["iri"] for c in found], "change",
                                                           include_unverified=include_unverified))
