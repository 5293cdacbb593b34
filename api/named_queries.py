"""``/queries``: every named ``.rq`` query of the package as an API operation (as grlc does).

``GET /queries`` lists them with their parameters; ``GET /queries/{name}`` runs one with
its parameters from the query string, each declared in the OpenAPI document with its
description, so clients can discover them. Values are bound as RDF terms, never pasted.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import JSONResponse, Response

from kg.ask import named
from kg.ask.tables import csv_text
from kg.errors import BadParameter
from kg.formats import CSV, JSON, choose, with_charset
from kg.query_files import QueryFile

router = APIRouter(tags=["named queries"])

MAX_ROWS = 10_000


def _describe(q: QueryFile) -> dict[str, Any]:
    return {
        "name": q.name,
        "summary": q.summary,
        "description": q.description,
        "url": f"/queries/{q.name}",
        "parameters": [{"name": p.name, "type": p.type, "required": p.required, "description": p.description}
                       for p in q.params.values()],
        "example": q.example,
        "sparql": q.text,
    }


@router.get("/queries", summary="The named queries and their parameters")
def list_queries() -> dict[str, Any]:
    return {"items": [_describe(q) for q in named.catalogue().values()]}


def _endpoint(q: QueryFile) -> Callable[..., Any]:
    def run(request: Request, **values: str | None) -> Response:
        unknown = sorted(set(request.query_params) - set(q.params))
        if unknown:
            raise BadParameter(unknown[0], f"unknown parameter of query '{q.name}'")
        store = request.app.state.store.get()
        solutions = named.run(store, q.name, values)
        columns = [v.value for v in solutions.variables]
        rows: list[dict[str, Any]] = []
        truncated = False
        for row in named.plain(solutions):
            if len(rows) == MAX_ROWS:
                truncated = True
                break
            rows.append(row)
        headers = {"SPARQL-Results-Truncated": "true"} if truncated else {}
        if choose(request.headers.get("accept"), [JSON, CSV]) == CSV:  # for R, Stata and spreadsheets
            return Response(csv_text(rows, columns), media_type=with_charset(CSV),
                            headers={**headers, "Vary": "Accept",
                                     "Content-Disposition": f'inline; filename="{q.name}.csv"'})
        return JSONResponse({"query": q.name, "params": values, "rows": rows, "truncated": truncated},
                            headers={**headers, "Vary": "Accept"})

    params = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)]
    for p in q.params.values():
        default = Query(... if p.required else None, description=f"{p.description} ({p.type})")
        params.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=str if p.required else str | None))
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__name__ = f"query_{q.name}"
    return run


for _q in named.catalogue().values():
    router.add_api_route(f"/queries/{_q.name}", _endpoint(_q), methods=["GET"], summary=_q.summary,
                         description=_q.description or None, operation_id=f"query_{_q.name}")
