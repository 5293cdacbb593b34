"""Pages of a list: ``limit`` and an opaque ``cursor`` in, ``next`` and a ``Link`` header out.

Every list the service gives (``/states``, ``/documents``, a state's designations,
``/changes`` and its page) is cut the same way, by a :class:`Window`.

>>> w = Window.of(limit=2, cursor=None)
>>> w.cut(["a", "b", "c"]), w.has_more(3)
(['a', 'b'], True)
>>> Window.of(limit=2, cursor=w.following().cursor).cut(["a", "b", "c"])
['c']
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request

from kg.errors import BadParameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

T = TypeVar("T")


@dataclass(frozen=True)
class Window:
    """The page that starts at ``offset`` and holds at most ``limit`` items."""

    offset: int
    limit: int

    @classmethod
    def of(cls, limit: int | None, cursor: str | None) -> Window:
        """The page a request asks for (422 naming ``limit`` or ``cursor`` if either is wrong)."""
        size = DEFAULT_LIMIT if limit is None else limit
        if not 1 <= size <= MAX_LIMIT:
            raise BadParameter("limit", f"must be between 1 and {MAX_LIMIT}")
        return cls(_decode(cursor) if cursor else 0, size)

    @property
    def cursor(self) -> str:
        """The opaque cursor that names this page's start."""
        return base64.urlsafe_b64encode(f"o:{self.offset}".encode()).decode().rstrip("=")

    def cut(self, items: Sequence[T]) -> list[T]:
        return list(items[self.offset:self.offset + self.limit])

    def has_more(self, total: int) -> bool:
        return self.offset + self.limit < total

    def following(self) -> Window:
        return Window(self.offset + self.limit, self.limit)

    def links(self, request: Request, total: int) -> tuple[str | None, dict[str, str]]:
        """The URL of the next page (None on the last one) and the ``Link`` header that names it."""
        if not self.has_more(total):
            return None, {}
        following = str(request.url.include_query_params(cursor=self.following().cursor, limit=self.limit))
        return following, {"Link": f'<{following}>; rel="next"'}


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


def page(request: Request, items: Sequence[Any], window: Window) -> tuple[dict[str, Any], dict[str, str]]:
    """The page ``window`` of ``items``: the body fields (``total``, ``limit``, ``items``, ``next``)
    and the headers."""
    following, headers = window.links(request, len(items))
    return {"total": len(items), "limit": window.limit, "items": window.cut(items), "next": following}, headers


Limit = Annotated[int | None, Query(ge=1, le=MAX_LIMIT,
                                    description=f"Page size (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}).")]
Cursor = Annotated[str | None, Query(max_length=200, description="The cursor from the previous page's `next`.")]


async def window(limit: Limit = None, cursor: Cursor = None) -> Window:
    """The page a request asks for, as a FastAPI dependency (``limit`` and ``cursor`` in the URL).
    A coroutine, so that FastAPI calls it on the event loop and not in a worker thread."""
    return Window.of(limit, cursor)


PageOf = Annotated[Window, Depends(window)]
