"""What every answer gets, whatever the route: limits, security headers, CORS, access logs.

- Request bodies larger than ``SECKG_MAX_BODY`` bytes get 413 before any route reads them
  (by Content-Length, or counted while streaming when there is none).
- Security headers on every answer; a Content-Security-Policy that allows only the
  service's own resources (pages use inline styles and scripts, nothing from elsewhere),
  unless the route set a stricter one of its own.
- GET answers kept for the life of their build, with an ``ETag`` (:mod:`api.answers`).
- CORS for reads: any origin may GET, HEAD and POST queries; nothing else is offered.
- One structured (JSON) access log line per request on the ``seckg.access`` logger;
  ``seckg serve`` writes them to standard output (:func:`log_config`), in place of uvicorn's
  own access log.
"""

from __future__ import annotations

import copy
import json
import logging
import time
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.answers import Answers, KeptAnswers

access_log = logging.getLogger("seckg.access")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
     b"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
]


def _problem(status: int, title: str, detail: str) -> tuple[dict[str, Any], bytes]:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/problem+json"),
                         (b"content-length", str(len(body)).encode())]}
    return start, body


class BodyLimit:
    """413 for request bodies over ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        start, body = _problem(413, "Request body too large", f"request bodies are limited to {self.max_bytes} bytes")
        await send(start)
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class SecurityHeadersAndAccessLog:
    """Security headers on every answer, and one JSON access-log line per request."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 0
        size = 0

        async def wrapped(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                # a route's own, stricter policy (the query page's) is kept
                message = {**message, "headers": headers + [h for h in SECURITY_HEADERS if h[0] not in present]}
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        finally:
            client = scope.get("client")
            access_log.info(json.dumps({
                "method": scope.get("method"), "path": scope.get("path"),
                "query": scope.get("query_string", b"").decode("latin-1")[:500],
                "status": status, "bytes": size, "ms": round(1000 * (time.perf_counter() - start), 2),
                "client": client[0] if client else None,
            }))


def install(app: Any, max_body: int, answers: Answers) -> None:
    """Wrap the app: the kept answers innermost (api/answers.py), then CORS, then security
    headers and logs, then the body limit."""
    app.add_middleware(KeptAnswers, answers=answers)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"],
                       allow_headers=["Accept", "Content-Type"], expose_headers=["Link", "SPARQL-Results-Truncated",
                                                                                 "SPARQL-Results-Limit", "ETag"],
                       max_age=600)
    app.add_middleware(SecurityHeadersAndAccessLog)
    app.add_middleware(BodyLimit, max_bytes=max_body)


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, plus our access log: one JSON line per request on
    standard output (where uvicorn writes its access log, which ``seckg serve`` turns off)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["seckg.access"] = {"format": "%(message)s"}
    config["handlers"]["seckg.access"] = {"formatter": "seckg.access", "class": "logging.StreamHandler",
                                          "stream": "ext://sys.stdout"}
    config["loggers"]["seckg.access"] = {"handlers": ["seckg.access"], "level": "INFO", "propagate": False}
    return config
