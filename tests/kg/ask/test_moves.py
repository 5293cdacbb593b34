"""Moves end to end on built seeds (codebook R8, R9): an edition read only in excerpts gives no
CategoryMove against one read in full, an unverified facet cannot decide a published move, and
one harsh passage among many cooperative ones publishes no move."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.ask.changes import changes
from kg.build import build
from kg.stores.disk_handle import StoreHandle
from tests.conftest import edit


def _built(seeds: Path, root: Path):  # type: ignore[no-untyped-def]
    build(seeds, root / "store")
    return StoreHandle(root / "store").get()


def test_excerpts_against_full_text_is_uneven_reading(seeds_copy, tmp_path):
    old, new = seeds_copy / "jpn" / "tst-2010.yaml", seeds_copy / "jpn" / "tst-2020.yaml"
    edit(old, "  coverage: [RUS, CHN, KOR, USA, IND, AUS]",
         "  coverage:\n    full-text: [RUS, CHN, KOR, USA, IND, AUS]")
    edit(new, "  coverage: [RUS, CHN, KOR, USA, PRK, AUS]",
         "  coverage:\n    excerpts: [RUS, CHN, KOR, USA, PRK, AUS]")
    store = _built(seeds_copy, tmp_path)
    assert changes(store, year="2020", min_confidence="unverified") == []
    kinds = {c["target"]: c["kind"] for c in changes(store, year="2020", all_kinds=True)}
    assert kinds["RUS"] == "UnevenReading"


def test_an_unverified_facet_cannot_decide_a_published_move(seeds_copy, tmp_path):
    new = seeds_copy / "jpn" / "tst-2020.yaml"
    # Russia in 2020 only by its unverified threat passage: the move rests on unverified words
    edit(new, '        - {quote: "a concern for us", lang: en, source: tst-official, verification: verbatim-official}',
         '        - {quote: "a concern for us", lang: en, source: tst-press, verification: unverified}')
    store = _built(seeds_copy, tmp_path)
    assert changes(store, year="2020") == []  # the default listing: medium and higher
    [rus] = changes(store, year="2020", min_confidence="unverified")
    assert rus["confidence"] == "unverified"


def test_one_harsh_passage_among_cooperative_ones_publishes_no_move(seeds_copy, tmp_path):
    new = seeds_copy / "jpn" / "tst-2020.yaml"
    coop = ('    - target: KOR\n      id: kor/cooperation-{i}\n      category: cooperation\n      rules: [R2.3]\n'
            '      evidence:\n        - {{quote: "we cooperate with Korea on matter {i}", lang: en, '
            'source: tst-official, '
            'verification: verbatim-official}}\n')
    extra = "".join(coop.format(i=i) for i in range(3))
    harsh = ('    - target: KOR\n      category: threat\n      rules: [R2.9]\n      evidence:\n'
             '        - {quote: "Korea could threaten us", lang: en, source: tst-official, '
             'verification: verbatim-official}\n')
    edit(new, "  designations:\n", "  designations:\n" + extra + harsh)
    store = _built(seeds_copy, tmp_path)
    found = {c["target"]: c for c in changes(store, year="2020", all_kinds=True, min_confidence="unverified")}
    assert found["KOR"]["kind"] == "HarshestFacetChange"  # the harshest facet moved, the position did not
    assert found["KOR"]["from_category"] == found["KOR"]["to_category"] == "cooperation"


def test_reading_more_passages_of_an_unchanged_stance_publishes_no_move(seeds_copy, tmp_path):
    new = seeds_copy / "jpn" / "tst-2020.yaml"
    # the 2020 edition read further on Australia, a partner in both: more partner passages and one harsher
    more = "".join(
        f'    - target: AUS\n      id: aus/partner-{i}\n      category: partner\n      rules: [R2.2]\n'
        f'      evidence:\n        - {{quote: "with our partner Australia, matter {i}", lang: en, '
        f'source: tst-official, verification: verbatim-official}}\n' for i in range(4))
    more += ('    - target: AUS\n      category: concern\n      rules: [R2.5]\n      evidence:\n'
             '        - {quote: "a concern about Australia", lang: en, source: tst-official, '
             'verification: verbatim-official}\n')
    edit(new, "  designations:\n", "  designations:\n" + more)
    old = seeds_copy / "jpn" / "tst-2010.yaml"
    shutil.rmtree(seeds_copy / "texts")  # the held text of tst-2010 has no such sentence: this test is not about it
    edit(old, "  designations:\n", "  designations:\n    - target: AUS\n      category: partner\n"
              "      rules: [R2.2]\n      evidence:\n        - {quote: \"our partner Australia\", lang: en, "
              "source: tst-official, verification: verbatim-official}\n")
    store = _built(seeds_copy, tmp_path)
    found = {c["target"]: c for c in changes(store, year="2020", all_kinds=True, min_confidence="unverified")}
    assert found["AUS"]["kind"] != "CategoryMove"
    assert found["AUS"]["to_position"]["passages_per_band"] == {"aligned": 5, "wary": 1}
