"""A target's position in a document, from all its passages (codebook R8, ``/codebook#R8.1``).

Each designation is one passage (R1.1). The position is derived, never typed:

1. Passages whose every quote is unverified are left out when the document has any other
   passage on the target (R6.5): unverified words never decide a position that verified
   ones can. If every passage is unverified, the position rests on them and says so
   (its evidence level is unverified, and a change from it has unverified confidence).
2. Passages limited to a region or domain (``seckg:scope``) are left out when the document
   also has unlimited ones (R5.2).
3. The position's band is the band with most of the remaining passages; an even split goes
   to the more hostile band (R8.1 argues why). Its category is the category with most
   passages inside that band, an even split again to the more hostile (R8.2).
4. The harshest facet (most hostile, unscoped first, ties by IRI) stays a view of its own
   (R8.3): ``seckg:isHarshestFacet``, the dyad timeline.

So one harsh sentence among many cooperative ones does not decide a document, and reading
more passages of an unchanged stance does not change its position.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Facet:
    """One passage: a designation of a target in a document."""

    designation: ox.NamedNode
    category: ox.NamedNode
    rank: int
    term: ox.NamedNode | None
    band: ox.NamedNode
    band_level: int
    scoped: bool = False
    issuer: ox.NamedNode | None = None
    evidence: int = 0  # the best verification level of its quotes (ontology/categories.ttl)

    def harshness(self) -> tuple[bool, int, str]:
        """Sort key: the first facet in this order is the harshest facet."""
        return (self.scoped, -self.rank, self.designation.value)


@dataclass(frozen=True)
class Position:
    """A target's derived position in one document, with the inputs that decide it."""

    category: ox.NamedNode
    rank: int
    band: ox.NamedNode
    band_level: int
    counts: tuple[tuple[ox.NamedNode, int], ...]  # passages setting it, per band, mildest band first
    setting: tuple[Facet, ...]
    left_out: int
    facet: Facet  # a passage of the position's category: the first by IRI
    harshest: Facet
    evidence: int  # best verification level among the passages of the position's band
    depth: ox.NamedNode | None
    depth_level: int
    robust: bool = False  # one more passage, in any band, could not change its band (R8.1)

    def terms(self) -> frozenset[ox.NamedNode | None]:
        """The national terms of the passages of the position's category."""
        return frozenset(f.term for f in self.setting if f.category == self.category)


def aggregate(facets: list[Facet], *, unverified: int, depth: ox.NamedNode | None = None,
              depth_level: int = 0, band_levels: tuple[int, ...] = (1, 2, 3, 4)) -> Position:
    """The position of a target given all its ``facets`` in a document (at least one);
    ``unverified`` is the evidence level of unverified words, ``band_levels`` the levels of
    every band of the scale (for :func:`robust`)."""
    if not facets:
        raise ValueError("a position needs at least one passage")
    verified = [f for f in facets if f.evidence > unverified] or list(facets)
    unscoped = [f for f in verified if not f.scoped] or verified
    setting = tuple(sorted(unscoped, key=lambda f: f.designation.value))
    per_level = Counter(f.band_level for f in setting)
    band_level = max(per_level, key=lambda level: (per_level[level], level))
    in_band = [f for f in setting if f.band_level == band_level]
    cats = Counter(f.rank for f in in_band)
    rank = max(cats, key=lambda r: (cats[r], r))
    facet = next(f for f in in_band if f.rank == rank)
    band_of = {f.band_level: f.band for f in setting}
    return Position(
        category=facet.category, rank=rank, band=facet.band, band_level=band_level,
        counts=tuple((band_of[level], per_level[level]) for level in sorted(per_level)),
        setting=setting, left_out=len(facets) - len(setting), facet=facet,
        harshest=min(facets, key=Facet.harshness), evidence=max(f.evidence for f in in_band),
        depth=depth, depth_level=depth_level, robust=robust(per_level, band_level, band_levels))


def robust(counts: Counter[int] | dict[int, int], band: int, band_levels: tuple[int, ...]) -> bool:
    """Whether one more passage in any other band would leave the position's ``band`` as it is
    (R8.1): that band's count plus one stays below the position's, or equals it in a milder band
    (an even split goes to the more hostile). ``counts``: passages per band level."""
    lead = counts.get(band, 0)
    return all(counts.get(level, 0) + 1 < lead or (counts.get(level, 0) + 1 == lead and level < band)
               for level in band_levels if level != band)


def comparable(old: Position, new: Position, *, sections: int) -> bool:
    """Whether two editions were read at comparable depth for the target (R9.2): the same
    depth, or both at least the sections on it (``sections``: that depth's level)."""
    return old.depth_level == new.depth_level or min(old.depth_level, new.depth_level) >= sections


def confidence(old: Position, new: Position, *, levels: dict[str, int]) -> str:
    """The confidence of a change between two positions (R9.4): ``high``, ``medium``, ``low``
    or ``unverified``. ``levels`` gives the level of ``unverified``, ``third-party-translation``,
    ``verbatim-official`` (evidence) and ``sections`` (depth)."""
    weakest = min(old.evidence, new.evidence)
    if weakest <= levels["unverified"]:
        return "unverified"
    if weakest <= levels["third-party-translation"]:
        return "low"
    if weakest >= levels["verbatim-official"] and min(old.depth_level, new.depth_level) >= levels["sections"]:
        return "high"
    return "medium"
