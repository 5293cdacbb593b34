"""Per-client budgets of query time, as the Wikidata Query Service keeps them.

Each client (by address) may spend ``seconds`` of SPARQL query time in any sliding
``window``; a client past its budget gets 429 with a Retry-After that says when enough of
its spending has aged out. Time spent on queries that failed or were stopped counts too.

>>> b = ClientBudget(seconds=1.0, window=60.0)
>>> b.charge("10.0.0.1", 1.5, now=0.0)
>>> b.check("10.0.0.2", now=1.0)
>>> b.check("10.0.0.1", now=1.0)
Traceback (most recent call last):
...
kg.errors.RateLimited: query-time budget of 1 s per 60 s used up; retry in 59 s
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque

from kg.errors import RateLimited


class ClientBudget:
    """The spending of each client in the window, oldest first, and its running total (so that a
    check costs the same however many queries a client has made in the window)."""

    def __init__(self, seconds: float, window: float = 60.0):
        self.seconds, self.window = seconds, window
        self._spent: dict[str, deque[tuple[float, float]]] = defaultdict(deque)
        self._totals: dict[str, float] = {}
        self._lock = threading.Lock()

    def _prune(self, client: str, now: float) -> deque[tuple[float, float]]:
        spent = self._spent[client]
        total = self._totals.get(client, 0.0)
        while spent and spent[0][0] <= now - self.window:
            total -= spent.popleft()[1]
        self._totals[client] = total if spent else 0.0  # no rounding error left behind
        return spent

    def check(self, client: str, now: float | None = None) -> None:
        """Raise RateLimited if ``client`` has used up its budget."""
        now = time.monotonic() if now is None else now
        with self._lock:
            spent = self._prune(client, now)
            total = self._totals[client]
            if total < self.seconds:
                return
            # the earliest moment enough spending has left the window
            freed, retry = 0.0, self.window
            for at, cost in spent:
                freed += cost
                if total - freed < self.seconds:
                    retry = at + self.window - now
                    break
        raise RateLimited(f"query-time budget of {self.seconds:g} s per {self.window:g} s used up; "
                          f"retry in {math.ceil(retry)} s", retry_after=math.ceil(retry))

    def charge(self, client: str, seconds: float, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._prune(client, now).append((now, seconds))
            self._totals[client] += seconds
            if len(self._spent) > 100_000:  # forget idle clients rather than grow without bound
                for idle in [c for c, s in self._spent.items() if not s]:
                    del self._spent[idle], self._totals[idle]
