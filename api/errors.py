"""Mapping errors to HTTP answers, in one place.

Every error answer is an RFC 9457 problem document (``application/problem+json``) with a
``title``, the ``status``, a ``detail`` for people and, for a bad parameter, its name in
``parameter``. No stack trace ever leaves the service.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from kg.errors import (
    BadParameter,
    BadStoreAnswer,
    EngineBusy,
    EngineCrashed,
    NotAcceptable,
    NotFound,
    QuerySyntax,
    QueryTimeout,
    RateLimited,
    SeckgError,
    StoreError,
    StoreTimeout,
    StoreUnreachable,
    UnknownQuery,
    UnsafeQuery,
)

log = logging.getLogger("seckg.api")

STATUS: list[tuple[type[SeckgError], int, str]] = [
    (BadParameter, 422, "Invalid parameter"),
    (UnknownQuery, 404, "Unknown query"),
    (NotFound, 404, "Not found"),
    (UnsafeQuery, 403, "Query refused"),
    (QuerySyntax, 400, "Malformed query"),
    (NotAcceptable, 406, "Not acceptable"),
    (QueryTimeout, 504, "Query stopped"),  # no Retry-After: the same query would be stopped again
    (EngineBusy, 503, "Query engine busy"),
    (RateLimited, 429, "Too many queries"),
    (EngineCrashed, 500, "Query engine failure"),
    (StoreUnreachable, 503, "Store unreachable"),
    (StoreTimeout, 504, "Store timeout"),
    (BadStoreAnswer, 502, "Bad answer from the store"),
    (StoreError, 503, "Store unavailable"),
]


def problem(status: int, title: str, detail: str, retry_after: int | None = None, **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    if retry_after is None and status == 503:
        retry_after = 5
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def status_of(exc: SeckgError) -> tuple[int, str]:
    for cls, status, title in STATUS:
        if isinstance(exc, cls):
            return status, title
    return 500, "Internal error"


async def _seckg_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SeckgError)
    status, title = status_of(exc)
    extra = {"parameter": exc.name} if isinstance(exc, BadParameter) else {}
    retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
    return problem(status, title, str(exc), retry_after=retry_after, **extra)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0]
    loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
    name = loc[-1] if loc else "request"
    return problem(422, "Invalid parameter", f"parameter '{name}': {first.get('msg')}", parameter=name)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, str(exc.detail), str(exc.detail))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(500, "Internal error", "an unexpected error occurred; it has been logged")


def install(app: FastAPI) -> None:
    app.add_exception_handler(SeckgError, _seckg_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
