"""A position from all passages (codebook R8): one harsh sentence does not decide a document,
reading more of an unchanged stance moves nothing, unverified words decide nothing, and two
editions read at different depths give no move (R9.2)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.pipeline.position import Facet, aggregate, comparable, confidence

BANDS = {r: ("aligned", 1) if r <= 2 else ("cooperative", 2) if r <= 4 else ("wary", 3) if r <= 6
         else ("adversarial", 4) for r in range(1, 11)}
LEVELS = {"unverified": 1, "third-party-translation": 2, "verbatim-official": 4, "sections": 2}
n = 0


def passage(rank: int, evidence: int = 4, scoped: bool = False) -> Facet:
    global n
    n += 1
    band, level = BANDS[rank]
    return Facet(ox.NamedNode(f"https://example.org/d/{n:04d}"), ox.NamedNode(f"https://example.org/cat/{rank}"),
                 rank, None, scoped=scoped, band=ox.NamedNode(f"https://example.org/band/{band}"),
                 band_level=level, evidence=evidence)


def position(facets: list[Facet], depth: int = 3):  # type: ignore[no-untyped-def]
    return aggregate(facets, unverified=1, depth=None, depth_level=depth)


def test_one_harsh_sentence_among_cooperative_ones_does_not_decide():
    p = position([passage(3), passage(3), passage(3), passage(9)])
    assert p.rank == 3 and p.harshest.rank == 9
    assert dict((b.value.rsplit("/", 1)[-1], k) for b, k in p.counts) == {"cooperative": 3, "adversarial": 1}


def test_reading_more_of_an_unchanged_stance_gives_the_same_position():
    thin = position([passage(3)])
    deep = position([passage(3)] * 1 + [passage(3) for _ in range(5)] + [passage(5), passage(9)])
    assert thin.rank == deep.rank == 3


def test_unverified_words_do_not_decide_when_verified_ones_exist():
    p = position([passage(2), passage(9, evidence=1), passage(9, evidence=1)])
    assert p.rank == 2 and p.left_out == 2
    only = position([passage(9, evidence=1)])
    assert only.rank == 9 and only.evidence == 1  # it rests on unverified words, and says so


def test_scoped_passages_set_the_position_only_when_all_are_scoped():
    assert position([passage(3), passage(9, scoped=True), passage(9, scoped=True)]).rank == 3
    assert position([passage(9, scoped=True)]).rank == 9


def test_an_even_split_goes_to_the_more_hostile_band_and_category():
    assert position([passage(5), passage(7)]).rank == 7
    assert position([passage(7), passage(9)]).rank == 9


def test_depths_and_confidence():
    full, excerpts = position([passage(3)], depth=3), position([passage(9)], depth=1)
    assert not comparable(full, excerpts, sections=2)
    assert comparable(position([passage(3)], depth=2), full, sections=2)
    assert confidence(full, position([passage(9)], depth=3), levels=LEVELS) == "high"
    assert confidence(full, position([passage(9, evidence=3)]), levels=LEVELS) == "medium"
    assert confidence(full, position([passage(9, evidence=2)]), levels=LEVELS) == "low"
    assert confidence(full, position([passage(9, evidence=1)]), levels=LEVELS) == "unverified"


def test_robust_positions_survive_one_more_passage():
    assert not position([passage(3)]).robust  # one more hostile passage ties, and a tie goes to the harsher
    assert position([passage(9)]).robust  # the harshest band keeps a tie
    assert not position([passage(5), passage(7)]).robust
    assert position([passage(3), passage(3), passage(3), passage(9)]).robust
    assert not position([passage(3), passage(3), passage(9)]).robust  # 2 to 1: one more hostile passage ties
