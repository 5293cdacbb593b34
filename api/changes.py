"""``GET /changes``: which states moved category in a year, with both documents and quotes.

The changes come a page at a time (``limit``, ``cursor``; ``next`` in the body and a
``Link`` header), in the order of their IRIs: the newer document, then the target. Each
answer is kept for as long as its build is in service (:mod:`api.answers`), so asking again
costs no query.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from api.paging import DEFAULT_LIMIT, MAX_LIMIT, PageOf
from api.representation import represent
from kg.ask import views
from kg.ask.change_filter import DEFAULT_CONFIDENCE, ChangeFilter
from kg.ask.changes import find
from kg.ask.tables import CHANGE_SIDE, change_sides, csv_text
from kg.formats import CSV, RESOURCE_TYPES, choose, with_charset

router = APIRouter(tags=["changes"])

Code = Annotated[str | None, Query(pattern=r"^[A-Z]{2,10}$", description="An actor code, e.g. JPN or NATO.")]
Year = Annotated[str, Query(pattern=r"^\d{4}$", description="The year, e.g. 2022.", examples=["2022"])]


async def filter_options(
    issuer: Code = None,
    target: Code = None,
    direction: Annotated[Literal["hostility", "friendship"] | None, Query()] = None,
    kind: Annotated[str | None, Query(
        description="Only changes of this kind (TermChange, NewlyDesignated...; the ontology's seckg:Change "
                    "subclasses): every kind but moves needs it or all_kinds.")
    ] = None,
    all_kinds: bool = False,
    include_unverified: bool = False,
    min_confidence: Annotated[Literal["high", "medium", "low", "unverified"], Query(
        description="List only changes of at least this confidence (codebook R9.4, /codebook#R9.4). The default, "
                    "medium, keeps what a scholar could cite: both positions on verbatim words, read at comparable "
                    "depth. low adds changes resting on a third party's translation, unverified the rest.")
    ] = DEFAULT_CONFIDENCE,  # type: ignore[assignment]
    band_crossing: Annotated[bool, Query(
        description="Only moves that also change band (aligned, cooperative, wary, adversarial; /codebook#R7.2).")
    ] = False,
    robust_only: Annotated[bool, Query(
        description="Only moves between robust positions: no single passage more could undo them (/codebook#R8.1).")
    ] = False,
) -> dict[str, Any]:
    """The parameters of a :class:`~kg.ask.change_filter.ChangeFilter` but the year, as every
    route that lists changes takes them. The dependencies here are coroutines: FastAPI would
    run a plain function in a worker thread, a hop that costs more than their work."""
    return {"issuer": issuer, "target": target, "direction": direction, "kind": kind, "all_kinds": all_kinds,
            "include_unverified": include_unverified, "min_confidence": min_confidence,
            "band_crossing": band_crossing, "robust_only": robust_only}


Options = Annotated[dict[str, Any], Depends(filter_options)]


async def change_filter(year: Year, options: Options) -> ChangeFilter:
    """The changes a request asks for (``/changes``)."""
    return ChangeFilter(year=year, **options)


@router.get(
    "/changes",
    summary="Which targets moved category in a year",
    description=(
        "Category moves between an edition and the edition it replaces, in the year the newer edition was "
        "issued: issuer, target, from and to category, direction and size, the two documents, and on each side "
        "every facet with its section and quotes, the confidence of the change, whether it crosses a band, and both "
        "derived positions with their inputs (passages per band, reading depth, evidence; /codebook#R8.1). "
        "Only changes of at least min_confidence (default medium) are listed. "
        "Unverified quotes are left out unless include_unverified=true. "
        "With all_kinds=true also changes of term, newly designated, no longer mentioned and not coded targets "
        "(a direction keeps only moves). Ordered by the newer document, then the target; "
        f"{DEFAULT_LIMIT} a page unless limit says otherwise (at most {MAX_LIMIT}), the next page at `next`."
    ),
)
def get_changes(request: Request, which: Annotated[ChangeFilter, Depends(change_filter)], window: PageOf
                ) -> Response:
    if choose(request.headers.get("accept"), [*RESOURCE_TYPES, CSV]) == CSV:
        return changes_csv(request, which)
    store = request.app.state.store.get()
    found = find(store, which, offset=window.offset, limit=window.limit)
    following, headers = window.links(request, found.total)
    body: dict[str, Any] = {"year": which.year, "min_confidence": which.min_confidence,
                            "total": found.total, "count": len(found.records), "limit": window.limit,
                            "changes": found.records, "next": following}
    return represent(request, body, lambda: views.describe(store, [c["iri"] for c in found.records], "change",
                                                             include_unverified=which.include_unverified),
                     headers=headers)


@router.get("/changes.csv", summary="The changes of a year as CSV (for R, Stata, spreadsheets): every change the "
                                    "filter selects, one row per change and side, with the words")
def changes_csv(request: Request, which: Annotated[ChangeFilter, Depends(change_filter)]) -> Response:
    """The CSV twin of ``/changes``: not paged (a year has at most a few hundred changes)."""
    found = find(request.app.state.store.get(), which)
    table = csv_text((side for record in found.records for side in change_sides(record)), CHANGE_SIDE)
    return Response(table, media_type=with_charset(CSV), headers={
        "Vary": "Accept", "Content-Disposition": f'inline; filename="changes-{which.year}.csv"'})
