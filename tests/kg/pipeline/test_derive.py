"""What "moved category" means, on the test seeds (tst-2010 -> tst-2020, issuer JPN)."""

from __future__ import annotations

import pytest

from kg.ask import named

CHANGE = "https://w3id.org/seckg/id/change/tst-2020/"


@pytest.fixture(scope="module")
def changes(store) -> dict[str, dict]:
    return {row["target"]: row for row in named.rows(store, "changes", {"year": "2020"})}


def kind(row: dict) -> str:
    return row["kind"].rsplit("#", 1)[-1]


def test_move_compares_derived_positions_not_the_harshest_facet(changes, store):
    rus = changes["RUS"]
    assert kind(rus) == "CategoryMove"
    # the 2020 threat facet rests on an unverified quote only: it is the harshest facet, not the position
    assert (rus["fromCategory"], rus["toCategory"]) == ("partner", "concern")
    harshest = [r["d"].value for r in store.query(
        "PREFIX seckg: <https://w3id.org/seckg/ontology#> SELECT ?d { ?d seckg:isHarshestFacet true ; "
        "seckg:document <https://w3id.org/seckg/id/document/tst-2020> ; "
        "seckg:target <https://w3id.org/seckg/id/state/RUS> }", use_default_graph_as_union=True)]
    assert harshest == ["https://w3id.org/seckg/id/designation/tst-2020/rus/threat"]


def test_same_category_other_term_is_a_term_change(changes):
    chn = changes["CHN"]
    assert kind(chn) == "TermChange"
    assert chn["fromCategory"] == chn["toCategory"] == "concern"


def test_unchanged_designation_gives_no_record(changes):
    assert "USA" not in changes


def test_new_target_examined_before_is_newly_designated(changes):
    assert kind(changes["AUS"]) == "NewlyDesignated"


def test_target_examined_now_but_dropped_is_no_longer_mentioned(changes):
    assert kind(changes["KOR"]) == "NoLongerMentioned"


def test_target_outside_the_old_coverage_is_not_coded(changes):
    assert kind(changes["PRK"]) == "NotCoded"


def test_covered_but_never_designated_gives_no_record(changes):
    assert "IND" not in changes


def test_change_belongs_to_the_newer_editions_year(store):
    assert list(named.rows(store, "changes", {"year": "2010"})) == []


def test_moved_category_lists_only_moves_with_direction_and_size(store):
    [row] = named.rows(store, "moved_category", {"year": "2020"})
    assert row["target"] == "RUS"
    assert row["direction"].endswith("#towardHostility")
    assert row["rankDelta"] == 5 - 2 and row["confidence"] == "medium" and row["crossesBand"] in (True, "true")


def test_direction_filter(store):
    assert list(named.rows(store, "moved_category", {"year": "2020", "direction": "friendship"})) == []


def test_previous_designation_links_every_facet(store):
    rows = store.query(
        "PREFIX seckg: <https://w3id.org/seckg/ontology#> "
        "SELECT ?d WHERE { ?d seckg:previousDesignation "
        "<https://w3id.org/seckg/id/designation/tst-2010/rus/partner> }",
        use_default_graph_as_union=True)
    assert {r["d"].value.rsplit("/", 1)[-1] for r in rows} == {"concern-a", "threat"}


def test_scoped_facet_does_not_set_the_position(seeds_copy, tmp_path):
    from kg.build import build
    from kg.stores.disk_handle import StoreHandle
    from tests.conftest import edit

    edit(seeds_copy / "jpn" / "tst-2020.yaml", '      note: "Regional facet."',
         '      note: "Regional facet."\n      scope: "Europe"')
    build(seeds_copy, tmp_path / "store")
    [row] = named.rows(StoreHandle(tmp_path / "store").get(), "moved_category", {"year": "2020"})
    assert (row["fromCategory"], row["toCategory"]) == ("partner", "concern")


def test_a_continuator_is_compared_with_the_former_state(seeds_copy, tmp_path):
    from kg.ask.changes import changes as find_changes
    from kg.build import build
    from kg.stores.disk_handle import StoreHandle
    from tests.conftest import edit

    edit(seeds_copy / "actors.yaml", "  - {code: RUS, kind: state, name: {en: Russia}}",
         "  - {code: RUS, kind: state, name: {en: Russia}, continues: SUN}\n"
         "  - {code: SUN, kind: state, name: {en: Soviet Union}, former: true}")
    old = seeds_copy / "jpn" / "tst-2010.yaml"
    edit(old, "  coverage: [RUS,", "  coverage: [SUN,")
    edit(old, "    - target: RUS", "    - target: SUN")
    build(seeds_copy, tmp_path / "store")
    store = StoreHandle(tmp_path / "store").get()
    found = {c["target"]: c for c in find_changes(store, year="2020", all_kinds=True)}
    assert "SUN" not in found
    rus = found["RUS"]
    assert (rus["kind"], rus["from_category"], rus["to_category"]) == ("CategoryMove", "partner", "concern")
    assert rus["from"][0]["designation"].endswith("/tst-2010/sun/partner")


def test_an_edition_says_when_the_next_one_superseded_it(store):
    from kg.pipeline.derive import superseded

    found = {doc.value.rsplit("/", 1)[-1]: date.value for doc, date in superseded(store).items()}
    assert found == {"tst-2010": "2020-12-01"}  # tst-2020 is the latest: no date


def test_editions_of_one_day_do_not_supersede_each_other():
    import pyoxigraph as ox

    from kg.pipeline.derive import superseded

    store = ox.Store()
    seckg, dct = "https://w3id.org/seckg/ontology#", "http://purl.org/dc/terms/"
    for doc, issued in (("a", "2020-01-01"), ("b", "2020-01-01"), ("c", "2021-05-01")):
        node = ox.NamedNode(f"http://example.org/{doc}")
        store.add(ox.Quad(node, ox.NamedNode(seckg + "series"), ox.NamedNode("http://example.org/s")))
        store.add(ox.Quad(node, ox.NamedNode(dct + "issued"),
                          ox.Literal(issued, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))))
    found = {doc.value[-1]: date.value for doc, date in superseded(store).items()}
    assert found == {"a": "2021-05-01", "b": "2021-05-01"}


def test_every_facet_a_change_compares_is_linked_from_it(store):
    rows = list(store.query(
        "PREFIX seckg: <https://w3id.org/seckg/ontology#> SELECT ?side ?d WHERE {"
        " <https://w3id.org/seckg/id/change/tst-2020/rus> ?side ?d"
        " FILTER (?side IN (seckg:fromFacet, seckg:toFacet)) }", use_default_graph_as_union=True))
    sides = sorted((r["side"].value.rsplit("#", 1)[-1], r["d"].value.rsplit("/", 1)[-1]) for r in rows)
    assert [s for s, _ in sides] == ["fromFacet", "toFacet", "toFacet"]  # one facet in 2010, two in 2020


def test_derived_quads_go_into_the_store_in_chunks_with_nothing_lost(monkeypatch):
    import pyoxigraph as ox

    from kg.build import validate
    from kg.pipeline import derive as derive_mod
    from tests.conftest import FIXTURE_SEEDS

    def derived(flush: int) -> set[ox.Quad]:
        monkeypatch.setattr(derive_mod, "FLUSH", flush)
        store = validate(FIXTURE_SEEDS).dataset
        into = ox.NamedNode("urn:test:derived")
        count = derive_mod.derive(store, into)
        found = set(store.quads_for_pattern(None, None, None, into))
        assert count == len(found)
        return found

    assert derived(7) == derived(1_000_000)
