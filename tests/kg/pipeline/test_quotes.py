"""Every quote of a held text located; a quote claimed official and not found stops the build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import validate
from kg.errors import SeedsInvalid
from kg.pipeline.quotes import check_quotes
from kg.pipeline.seeds import read_seeds
from kg.pipeline.texts import read_texts
from kg.vocab import OA, SECKG
from tests.conftest import edit

REAL_SEEDS = Path(__file__).parents[3] / "seeds"
TST_2010 = Path("jpn") / "tst-2010.yaml"


def check(root: Path):  # type: ignore[no-untyped-def]
    return check_quotes(read_seeds(root), read_texts(root))


def test_each_quote_of_the_test_text_has_its_passage(store: ox.Store) -> None:
    rows = list(store.query(
        "PREFIX seckg: <https://w3id.org/seckg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
        "SELECT ?quote ?passage ?start ?end ?prefix ?through WHERE { "
        "?e oa:exact ?quote ; seckg:passage ?passage ; oa:prefix ?prefix ; seckg:throughCorrection ?through . "
        "?passage oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }", use_default_graph_as_union=True))
    assert len(rows) == 4
    text = (Path(__file__).parents[2] / "fixtures" / "seeds" / "texts" / "jpn" / "tst-2010.txt").read_text()
    text = text.replace("Ch1na", "China")  # the recorded correction
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert row["passage"].value.endswith(f"/id/text/tst-2010#char={start},{end}")
        assert text[start - len(row["prefix"].value):start] == row["prefix"].value
        words = " ".join(text[start:end].split())
        assert words.replace("- ", "").replace("\"", "")[:8].lower() == row["quote"].value[:8].lower()
        assert (row["through"].value == "true") == row["quote"].value.startswith("China")


def test_the_text_is_described_with_its_licence_and_correction(store: ox.Store) -> None:
    text = ox.NamedNode("https://w3id.org/seckg/id/text/tst-2010")
    assert next(store.quads_for_pattern(text, SECKG.textOf, None)).object.value.endswith("/document/tst-2010")
    [fix] = [q.object for q in store.quads_for_pattern(text, SECKG.correction, None)]
    assert next(store.quads_for_pattern(fix, SECKG.original, None)).object.value == "Ch1na"
    assert any(True for _ in store.quads_for_pattern(None, OA.hasSource, text))


def test_a_secondary_quote_found_is_listed_to_raise_and_one_not_found_is_marked(seeds_copy: Path) -> None:
    doc = seeds_copy / TST_2010
    edit(doc, '"we cooperate with Korea", lang: en, source: tst-official, verification: verbatim-official',
         '"we cooperate with Korea", lang: en, source: tst-official, verification: verbatim-secondary')
    edit(doc, '"our ally the United States", lang: en, source: tst-official, verification: verbatim-official',
         '"our old ally the United States", lang: en, source: tst-official, verification: unverified')
    found = check(seeds_copy)
    assert found.errors == [] and found.counts()["quotes_located"] == 3
    [line] = [i for i, text in enumerate(doc.read_text().splitlines(), 1) if "we cooperate with Korea" in text]
    [raisable] = found.raisable
    assert raisable.endswith(f"{seeds_copy.name}/{TST_2010}:{line}")
    assert [q.object.value for q in found.quads if q.predicate == SECKG.notFoundIn] == [
        "https://w3id.org/seckg/id/text/tst-2010"]


@pytest.fixture(scope="module")
def real_seeds_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("real") / "seeds"
    shutil.copytree(REAL_SEEDS, target)
    return target


def test_one_word_changed_in_a_us_quote_fails_at_its_line_with_the_closest_passage(real_seeds_copy: Path) -> None:
    doc = real_seeds_copy / "usa" / "nss-1994.yaml"
    quote = "we can help turn a former threat into a region of valued diplomatic and economic partners."
    edit(doc, quote, quote.replace("valued", "trusted"))
    with pytest.raises(SeedsInvalid) as raised:
        validate(real_seeds_copy)
    [error] = [e for e in raised.value.errors if "held text" in str(e)]
    line = next(i for i, text in enumerate(doc.read_text().splitlines(), 1) if "region of trusted" in text)
    assert str(error.file).endswith("seeds/usa/nss-1994.yaml") and error.line == line
    assert "not in the held text of usa-nss-1994" in error.message
    assert re.search(r"closest passage, at #char=\d+,\d+: \"If we can support", error.message)
    assert re.search(r"the quote reads \"[^\"]*region of trusted diplomatic", error.message)
    assert re.search(r"and the text \"[^\"]*region of valued diplomatic", error.message)


def test_every_quote_of_the_real_held_texts_is_found(real_seeds_copy: Path) -> None:
    found = check(REAL_SEEDS)
    assert found.errors == []
    assert found.counts()["quotes_located"] > 500


def test_a_copy_that_is_not_faithful_refuses_official_quotes_and_raises_none(seeds_copy: Path) -> None:
    register = seeds_copy / "texts" / "texts.yaml"
    edit(register, "    sha256: cd5457c4eec9fd2988ac558edbce053ee8329e77db76a99ca20a94305e1392fe\n",
         "    sha256: cd5457c4eec9fd2988ac558edbce053ee8329e77db76a99ca20a94305e1392fe\n    faithful: false\n")
    doc = seeds_copy / TST_2010
    edit(doc, '"we cooperate with Korea", lang: en, source: tst-official, verification: verbatim-official',
         '"we cooperate with Korea", lang: en, source: tst-official, verification: verbatim-secondary')
    found = check(seeds_copy)
    assert found.raisable == []  # a secondary quote of a transcription is as good as that copy gets
    assert found.errors and all("not a faithful copy" in e.message for e in found.errors)
    assert all(str(e.file).endswith(str(TST_2010)) for e in found.errors)
