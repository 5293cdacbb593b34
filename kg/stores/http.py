"""Talking to a SPARQL 1.1 store over HTTP, bounded in time and size, every failure named.

:class:`SparqlHttp` speaks the three protocols a store offers (the endpoints are
:class:`Endpoints`; Oxigraph server's by default):

    query(text, accept=..., default_graphs=..., named_graphs=...)   SPARQL 1.1 Protocol, POST form
    update(text)                                                    SPARQL 1.1 Update
    post_graph(graph, ntriples)                                     Graph Store Protocol, POST (merge)
    delete_graph(graph)                                             Graph Store Protocol, DELETE

Every exchange has a deadline (``timeout`` seconds from the request; a store that trickles
its answer is stopped there too, so the worst case is about twice the timeout when both the
connection and the first byte are slow), answers are read as a stream of at most
``max_bytes`` bytes (after decompression), and redirects are never followed: the store is
named by configuration, not by what a server answers. Failures raise ``kg.errors``:

=============================================  ===================  ====
what happened                                  error                HTTP
=============================================  ===================  ====
connection refused or reset, unknown host      StoreUnreachable     503
the store answers 503                          StoreUnreachable     503
no complete answer before the deadline         StoreTimeout         504
a redirect, an error status, a body cut off    BadStoreAnswer       502
or larger than ``max_bytes``
=============================================  ===================  ====

The caller checks the media type of the answer against what it asked for (a 200 with an
HTML page is a bad answer too).

>>> Endpoints.at("http://127.0.0.1:7878/")
Endpoints(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', gsp='http://127.0.0.1:7878/store')
>>> redact("http://user:secret@store.example.org:3030/ds")
'http://store.example.org:3030/ds'
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx

import kg
from kg.errors import BadStoreAnswer, StoreTimeout, StoreUnreachable

CONNECT_TIMEOUT = 5.0
ERROR_BODY = 2000  # bytes of an error answer kept for the message


@dataclass(frozen=True)
class Endpoints:
    """The URLs of a store's query, update and Graph Store Protocol endpoints."""

    query: str
    update: str
    gsp: str

    @classmethod
    def at(cls, url: str, *, query: str | None = None, update: str | None = None,
           gsp: str | None = None) -> Endpoints:
        """Endpoints under ``url`` (``/query``, ``/update``, ``/store``), unless given."""
        base = url.rstrip("/")
        return cls(query or base + "/query", update or base + "/update", gsp or base + "/store")


def redact(url: str) -> str:
    """``url`` without user name and password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def media_type(response: httpx.Response) -> str:
    """The media type of an answer, lower case, without parameters."""
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


class Body(io.RawIOBase):
    """An answer's body as a binary stream, stopped at the deadline and at ``limit`` bytes."""

    def __init__(self, response: httpx.Response, limit: int, deadline: float, what: str):
        self._chunks = response.iter_bytes()
        self._pending = b""
        self._limit = limit
        self._deadline = deadline
        self._what = what
        self.size = 0

    def readable(self) -> bool:
        return True

    def _next(self) -> bytes:
        for chunk in self._chunks:
            if time.monotonic() > self._deadline:
                raise StoreTimeout(f"the store's answer to {self._what} did not end before the deadline")
            self.size += len(chunk)
            if self.size > self._limit:
                raise BadStoreAnswer(f"the store's answer to {self._what} is larger than {self._limit} bytes "
                                     "(SECKG_STORE_MAX_BYTES)")
            if chunk:
                return chunk
        return b""

    def readinto(self, buffer: Any) -> int:
        if not self._pending:
            self._pending = self._next()
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def read_all(self) -> bytes:
        parts = [self._pending]
        while chunk := self._next():
            parts.append(chunk)
        self._pending = b""
        return b"".join(parts)


class SparqlHttp:
    """A connection pool to one store; safe to share between threads."""

    def __init__(self, endpoints: Endpoints, *, timeout: float = 10.0, max_bytes: int = 100_000_000,
                 transport: httpx.BaseTransport | None = None):
        self.endpoints = endpoints
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._client = httpx.Client(follow_redirects=False, transport=transport,
                                    headers={"User-Agent": f"seckg/{kg.__version__}"})

    @property
    def where(self) -> str:
        """The query endpoint, without credentials."""
        return redact(self.endpoints.query)

    def close(self) -> None:
        self._client.close()

    @contextmanager
    def query(self, text: str, *, accept: str, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = (), timeout: float | None = None) -> Iterator[tuple[str, Body]]:
        """Send a query; yield the answer's media type and its body as a stream."""
        form = [("query", text), *(("default-graph-uri", g) for g in default_graphs),
                *(("named-graph-uri", g) for g in named_graphs)]
        with self._exchange("POST", self.endpoints.query, timeout, content=urlencode(form).encode("ascii"),
                            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
                            ) as (response, body):
            yield media_type(response), body

    def update(self, text: str, *, timeout: float | None = None) -> None:
        """Run a SPARQL Update request."""
        with self._exchange("POST", self.endpoints.update, timeout, content=text.encode("utf-8"),
                            headers={"Content-Type": "application/sparql-update"}) as (_, body):
            body.read_all()

    def post_graph(self, graph: str, ntriples: bytes, *, timeout: float | None = None) -> None:
        """Add N-Triples to ``graph`` with the Graph Store Protocol (POST merges)."""
        with self._exchange("POST", self.endpoints.gsp, timeout, params={"graph": graph}, content=ntriples,
                            headers={"Content-Type": "application/n-triples"}) as (_, body):
            body.read_all()

    def delete_graph(self, graph: str, *, timeout: float | None = None) -> None:
        """Remove ``graph`` with the Graph Store Protocol (DELETE); a graph already gone is fine."""
        try:
            with self._exchange("DELETE", self.endpoints.gsp, timeout, params={"graph": graph}) as (_, body):
                body.read_all()
        except BadStoreAnswer as exc:
            if exc.status != 404:
                raise

    @contextmanager
    def _exchange(self, method: str, url: str, timeout: float | None, **options: Any
                  ) -> Iterator[tuple[httpx.Response, Body]]:
        seconds = timeout if timeout is not None else self.timeout
        deadline = time.monotonic() + seconds
        what = f"{method} {redact(url)}"
        limits = httpx.Timeout(seconds, connect=min(seconds, CONNECT_TIMEOUT))
        try:
            with self._client.stream(method, url, timeout=limits, **options) as response:
                body = Body(response, self.max_bytes, deadline, what)
                _check(response, body, what, self.max_bytes)
                yield response, body
        except httpx.TimeoutException:
            raise StoreTimeout(f"the store did not answer {what} within {seconds:g} s") from None
        except httpx.ConnectError as exc:
            raise StoreUnreachable(f"cannot connect to the store at {redact(url)}: {exc}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.DecodingError) as exc:
            raise BadStoreAnswer(f"the store's answer to {what} was cut off or malformed: {exc}") from None
        except httpx.HTTPError as exc:
            raise StoreUnreachable(f"cannot reach the store at {redact(url)}: {type(exc).__name__}: {exc}") from None


def _check(response: httpx.Response, body: Body, what: str, limit: int) -> None:
    """Raise for redirects, error statuses and announced oversized bodies."""
    status = response.status_code
    if 300 <= status < 400:
        target = redact(response.headers.get("location", "(no Location)"))
        raise BadStoreAnswer(f"the store answered {what} with a redirect ({status}) to {target}; redirects are "
                             "not followed: configure the endpoint's final address", status)
    if status >= 400:
        detail = _error_text(body)
        message = f"the store answered {what} with {status} {response.reason_phrase}: {detail}"
        if status == 503:
            raise StoreUnreachable(message)
        if status in (408, 504):
            raise StoreTimeout(message)
        raise BadStoreAnswer(message, status, detail)
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limit:
        raise BadStoreAnswer(f"the store's answer to {what} announces {announced} bytes, more than {limit} "
                             "(SECKG_STORE_MAX_BYTES)", status)


def _error_text(body: Body) -> str:
    """The start of an error answer, as one line of text."""
    data = b""
    try:
        while len(data) < ERROR_BODY and (chunk := body._next()):
            data += chunk
    except (BadStoreAnswer, StoreTimeout, httpx.HTTPError):
        pass
    text = " ".join(data[:ERROR_BODY].decode("utf-8", "replace").split())
    return text or "(no details)"
