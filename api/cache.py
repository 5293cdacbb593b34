"""Things a route makes once per build (the tables' ZIP): kept while that build is in service.

A build never changes once made, so what is made from it stays right until another build is
switched in; then everything kept is dropped at once. At most ``size`` things are kept, least
recently used out first. Each app keeps its own (``app.state.answers``). Whole GET answers
are kept by :mod:`api.answers`.

>>> cache = AnswerCache(size=2)
>>> build = object()
>>> cache.get(build, ("a",)) is None
True
>>> cache.put(build, ("a",), Kept(b"1", "application/json", {}))
>>> cache.get(build, ("a",)).body
b'1'
>>> cache.get(object(), ("a",)) is None  # another build: nothing kept
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kept:
    body: bytes
    media_type: str
    headers: dict[str, str]


def build_of(store: Any) -> Hashable:
    """What identifies the build a store object reads: its graph on a remote store, else the
    object itself (a handle gives the same object for as long as the build is in service)."""
    graph = getattr(store, "graph", None)
    return graph if isinstance(graph, str) else store


class AnswerCache:
    def __init__(self, size: int = 256):
        self.size = size
        self._build: Hashable | None = None
        self._kept: OrderedDict[Hashable, Kept] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, build: Hashable, key: Hashable) -> Kept | None:
        with self._lock:
            if build is not self._build and build != self._build:
                self.misses += 1
                return None
            kept = self._kept.get(key)
            if kept is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
            return kept

    def put(self, build: Hashable, key: Hashable, kept: Kept) -> None:
        with self._lock:
            if build is not self._build and build != self._build:
                self._build = build
                self._kept.clear()
            self._kept[key] = kept
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
