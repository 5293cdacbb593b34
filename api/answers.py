"""Every GET answer kept for the life of its build, and validated by its ``ETag``.

A build never changes once it is in service, so the answer to a GET is fixed until the next
build is switched in: the service computes it once per build and per process, and sends the
kept bytes after that (:class:`KeptAnswers`, the innermost middleware, around the routes).

What an answer depends on besides the build is its key: the path and query string, the
``Accept`` header (content negotiation), and the scheme, ``Host`` and root path that the
links of JSON and HTML answers are made from. ``HEAD`` is answered from the ``GET`` answer.

- Kept: answers with status 200 and a body of at most ``max_body`` bytes, up to
  ``max_bytes`` in all, least recently used out first; every answer is dropped when another
  build is switched in. Not kept: ``/healthz`` (it says whether the copy in memory is ready),
  the dumps and the dataset description (their byte sizes appear as dumps are first written;
  the dump files carry their own ``ETag``), and ``/sparql`` queries that call ``NOW()``,
  ``RAND()``, ``UUID()``, ``STRUUID()`` or ``BNODE()``, whose answers differ at each run.
- ``ETag`` on every 200 answer to a GET that has none of its own: a hash of its bytes, so the
  same answer keeps its tag across builds and a client revalidating after a new build that did
  not change it gets 304 too. ``If-None-Match`` with that tag (or ``*``) gets 304 and no body.
  ``Cache-Control: no-cache`` (store, but ask again each time: a new build can come at any
  moment) unless the route set its own.
- Concurrent requests for the same answer wait for the first one's computation instead of
  repeating it.

``SECKG_ANSWERS_MB`` sets ``max_bytes`` (0 keeps nothing; ``ETag`` and 304 still work). The
same :class:`Answers` (``app.state.kept``) keeps the tables' ZIP that ``/dumps`` makes once per build.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import SeckgError

NOT_KEPT = ("/healthz", "/dumps", "/.well-known/void")
VOLATILE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
CACHE_CONTROL = (b"cache-control", b"no-cache")


@dataclass(frozen=True)
class Answer:
    """A kept answer: its status line's headers (ETag included) and its body."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class Answers:
    """At most ``max_bytes`` of answers of one build, least recently used out first.

    >>> kept = Answers(max_bytes=1000)
    >>> kept.put("b1", "k", Answer([], b"x" * 100, b'"t"'))
    >>> kept.get("b1", "k").body == b"x" * 100, kept.get("b2", "k")
    (True, None)
    >>> kept.get("b1", "k") is None  # b2 is in service now: b1's answers are gone
    True
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._build: Hashable | None = None
        self._kept: OrderedDict[Hashable, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _switch(self, build: Hashable) -> None:
        if build != self._build:
            self._build = build
            self._kept.clear()
            self._bytes = 0

    def get(self, build: Hashable, key: Hashable) -> Answer | None:
        with self._lock:
            self._switch(build)
            answer = self._kept.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, build: Hashable, key: Hashable, answer: Answer) -> None:
        if answer.size > self.max_bytes:
            return
        with self._lock:
            self._switch(build)
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._kept[key] = answer
            self._bytes += answer.size
            while self._bytes > self.max_bytes:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= dropped.size

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"answers": len(self._kept), "bytes": self._bytes, "hits": self.hits, "misses": self.misses}


def etag_of(body: bytes) -> bytes:
    """A strong validator: the same bytes give the same tag, in any build and any process."""
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def matches(if_none_match: bytes | None, etag: bytes) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, as RFC 9110 asks for it).

    >>> matches(b'"a", W/"b"', b'"b"'), matches(b"*", b'"c"'), matches(b'"a"', b'"c"'), matches(None, b'"a"')
    (True, True, False, False)
    """
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")]
    return b"*" in tags or etag in tags


def keepable(path: str, query_string: bytes) -> bool:
    """Whether the answer to a GET of ``path?query_string`` is fixed for the life of a build.

    >>> keepable("/states/JPN", b""), keepable("/healthz", b"")
    (True, False)
    >>> keepable("/sparql", b"query=SELECT%20(NOW()%20AS%20%3Fn)%20%7B%7D"), keepable("/sparql", b"query=ASK%7B%7D")
    (False, True)
    """
    if path.startswith(NOT_KEPT):
        return False
    if path == "/sparql" and query_string:
        text = " ".join(v for k, v in parse_qsl(query_string.decode("latin-1")) if k == "query")
        return not VOLATILE.search(text)
    return True


class KeptAnswers:
    """The ASGI middleware (see the module docstring); ``state.store`` names the build in service."""

    def __init__(self, app: ASGIApp, answers: Answers, max_body: int = 4 << 20):
        self.app = app
        self.answers = answers
        self.max_body = max_body
        self._computing: dict[Hashable, asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        head = scope["method"] == "HEAD"
        keep = keepable(scope["path"], scope["query_string"]) and self.answers.max_bytes > 0
        build = self._build(scope) if keep else None
        if build is None:  # answered afresh: an ETag still, and 304 where it matches
            await self._compute(scope, receive, send, headers, head, None, None)
            return
        key = (scope["path"], scope["query_string"], headers.get(b"accept"), scope.get("scheme"),
               headers.get(b"host"), scope.get("root_path"))
        while True:
            answer = self.answers.get(build, key)
            if answer is not None:
                await self._send(send, answer.headers, answer.body, answer.etag, headers, head)
                return
            computing = self._computing.get(key)
            if computing is None:
                break
            await computing.wait()  # another request is computing it: its answer, if it was kept
        done = self._computing[key] = asyncio.Event()
        try:
            await self._compute(scope, receive, send, headers, head, build, key)
        finally:
            del self._computing[key]
            done.set()

    @staticmethod
    def _build(scope: Scope) -> Hashable | None:
        app = scope.get("app")
        handle = getattr(getattr(app, "state", None), "store", None)
        if handle is None:
            return None
        try:
            return handle.build_id()
        except SeckgError:  # no build yet, a store that does not answer: the route says so
            return None

    async def _compute(self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes], head: bool,
                       build: Hashable | None, key: Hashable | None) -> None:
        """Run the route (as a GET, for a HEAD too); buffer a 200 answer up to ``max_body``
        bytes to tag it, keep it if ``key`` is given, and send it; pass anything else on."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                own = any(k.lower() == b"etag" for k, _ in message.get("headers", []))
                if message["status"] != 200 or own:
                    passing = True
                    await send(message)
                return
            if message["type"] != "http.response.body":  # pragma: no cover - trailers, push: not used
                await send(message)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:  # too large to keep: send what came, then stream the rest
                passing = True
                assert start is not None
                await send(start)
                more = message.get("more_body", False)
                for i, chunk in enumerate(chunks):
                    await send({"type": "http.response.body", "body": b"" if head else chunk,
                                "more_body": more or i < len(chunks) - 1})
                return
            if not message.get("more_body", False):
                assert start is not None
                body = b"".join(chunks)
                etag = etag_of(body)
                kept = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                kept.append((b"etag", etag))
                if not any(k.lower() == b"cache-control" for k, _ in kept):
                    kept.append(CACHE_CONTROL)
                if key is not None:
                    self.answers.put(build, key, Answer(kept, body, etag))
                await self._send(send, kept, body, etag, headers, head)

        await self.app({**scope, "method": "GET"} if head else scope, receive, capture)

    @staticmethod
    async def _send(send: Send, headers: list[tuple[bytes, bytes]], body: bytes, etag: bytes,
                    request: dict[bytes, bytes], head: bool) -> None:
        if matches(request.get(b"if-none-match"), etag):
            keep = (b"etag", b"cache-control", b"vary", b"content-location", b"expires")
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(k, v) for k, v in headers if k.lower() in keep]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [*headers, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": b"" if head else body})
