from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.ask import named
from kg.ask.change_filter import ChangeFilter
from kg.ask.changes import changes, find
from kg.build import build
from kg.pipeline.synth import synth
from kg.stores.disk import current_build, store_dir

REAL_SEEDS = Path(__file__).parents[3] / "seeds"


def test_change_record_has_both_documents_and_quotes(store):
    [rus] = changes(store, year="2020")
    assert rus["issuer"] == "JPN" and rus["target"] == "RUS"
    # partner -> concern: the threat facet's only quote is unverified, so it does not set the position (R8.1)
    assert rus["direction"] == "toward hostility" and rus["rank_delta"] == 3
    assert rus["confidence"] == "medium" and rus["crosses_band"] is True  # no depth recorded: excerpts (R9.1)
    assert rus["to_position"]["passages_per_band"] == {"wary": 1} and rus["to_position"]["passages_left_out"] == 1
    assert rus["from_document"].endswith("/document/tst-2010")
    assert rus["to_document"].endswith("/document/tst-2020")
    [before] = rus["from"]
    assert before["position"] and before["quotes"][0]["text"] == "cooperation with Russia in all areas"
    assert before["quotes"][0]["page"] == "12"
    assert before["section"] == "IV Our partners"
    assert {f["category"] for f in rus["to"]} == {"concern", "threat"}


def test_unverified_quotes_only_on_request(store):
    [rus] = changes(store, year="2020")
    threat = next(f for f in rus["to"] if f["category"] == "threat")
    assert threat["quotes"] == []
    [rus] = changes(store, year="2020", include_unverified=True)
    threat = next(f for f in rus["to"] if f["category"] == "threat")
    assert [q["verification"] for q in threat["quotes"]] == ["unverified"]


def test_all_kinds_and_filters(store):
    kinds = {c["target"]: c["kind"] for c in changes(store, year="2020", all_kinds=True)}
    assert kinds == {"RUS": "CategoryMove", "CHN": "TermChange", "AUS": "NewlyDesignated",
                     "KOR": "NoLongerMentioned", "PRK": "NotCoded"}
    assert changes(store, year="2020", issuer="NATO") == []
    assert [c["target"] for c in changes(store, year="2020", target="RUS")] == ["RUS"]
    assert [c["kind"] for c in changes(store, year="2020", kind="TermChange")] == ["TermChange"]


def test_pages_cover_the_whole_answer_in_order(store):
    every = changes(store, year="2020", all_kinds=True)
    assert [c["iri"] for c in every] == sorted(c["iri"] for c in every)
    pages = [find(store, ChangeFilter(year="2020", all_kinds=True), offset=o, limit=2) for o in range(0, len(every), 2)]
    assert {p.total for p in pages} == {len(every)}
    assert [c for p in pages for c in p.records] == every
    assert find(store, ChangeFilter(year="2020"), offset=len(every)).records == []


def test_a_direction_keeps_only_moves_that_way(store):
    assert [c["target"] for c in changes(store, year="2020", all_kinds=True, direction="hostility")] == ["RUS"]
    assert changes(store, year="2020", direction="friendship") == []


# -- the same records as the one-query way: the named queries moved_category / changes and
#    change_evidence, folded as kg.ask.changes did before it was split into index lookups

def reference(store: ox.Store, year: str, moves_only: bool, include_unverified: bool, **filters: Any
              ) -> list[dict[str, Any]]:
    local = lambda iri: iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else None  # noqa: E731
    directions = {"towardHostility": "toward hostility", "towardFriendship": "toward friendship"}
    if moves_only:
        found = named.rows(store, "moved_category", {"year": year, **filters})
    else:
        found = named.rows(store, "changes", {"year": year, **filters})
    records: dict[str, dict[str, Any]] = {}
    for row in found:
        records[row["change"]] = {
            "iri": row["change"], "kind": local(row.get("kind")) or "CategoryMove", "year": row["year"],
            "issuer": row["issuer"], "target": row["target"], "from_category": row["fromCategory"],
            "to_category": row["toCategory"], "direction": directions.get(local(row.get("direction")) or ""),
            "rank_delta": row.get("rankDelta"), "from_document": row["fromDocument"],
            "to_document": row["toDocument"], "confidence": row.get("confidence"),
            "crosses_band": row.get("crossesBand"), "robust": row.get("robust"), "from": [], "to": [],
        }
    evidence = named.rows(store, "change_evidence", {
        "year": year, **{k: v for k, v in filters.items() if k in ("issuer", "target")},
        "include_unverified": "true" if include_unverified else None})
    facets: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in evidence:
        record = records.get(row["change"])
        if record is None:
            continue
        key = (row["change"], row["side"], row["designation"])
        if key not in facets:
            facets[key] = {"designation": row["designation"], "category": row["category"],
                           "position": row["position"], "term": row["term"], "section": row["section"],
                           "quotes": []}
            record[row["side"]].append(facets[key])
        if row["quote"] is not None:
            facets[key]["quotes"].append({"text": row["quote"], "lang": row["lang"],
                                          "verification": row["verification"], "source": row["sourceUrl"],
                                          "page": row["page"]})
    return sorted(records.values(), key=lambda r: r["iri"])


def _comparable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quotes of one facet in a fixed order (the one-query way orders them by language only)."""
    for record in records:
        record.pop("from_position", None)  # the positions' inputs: tests/kg/test_position.py
        record.pop("to_position", None)
        for facet in record["from"] + record["to"]:
            facet["quotes"].sort(key=lambda q: (q["lang"], q["text"]))
    return records


def _every_question(store: ox.Store) -> list[tuple[str, bool, bool, dict[str, str]]]:
    asked = []
    for year in sorted(_years(store)):
        for moves_only in (True, False):
            for include_unverified in (False, True):
                asked.append((year, moves_only, include_unverified, {}))
        some = changes(store, year=year, all_kinds=True)[:3]
        for c in some:
            asked.append((year, False, False, {"issuer": c["issuer"]}))
            asked.append((year, False, True, {"target": c["target"]}))
            asked.append((year, True, False, {"issuer": c["issuer"], "target": c["target"]}))
    return asked


def _years(store: ox.Store) -> set[str]:
    query = "PREFIX seckg: <https://w3id.org/seckg/ontology#> SELECT DISTINCT ?y { ?c seckg:year ?y }"
    return {r["y"].value for r in store.query(query, use_default_graph_as_union=True)}


@pytest.fixture(scope="module", params=["fixture seeds", "real seeds", "synthetic seeds"])
def any_store(request, store, tmp_path_factory):  # type: ignore[no-untyped-def]
    if request.param == "fixture seeds":
        return store
    root = tmp_path_factory.mktemp("changes-store")
    if request.param == "real seeds":
        seeds = REAL_SEEDS
    else:
        seeds = root / "seeds"
        synth(seeds, issuers=3, editions=4, targets=25, seed=7)
    build(seeds, root / "store")
    build_path = current_build(root / "store")
    assert build_path is not None
    return ox.Store.read_only(str(store_dir(build_path)))


def test_the_same_records_as_the_one_query_way(any_store):
    asked = _every_question(any_store)
    assert len(asked) > 8
    for year, moves_only, include_unverified, filters in asked:
        ours = changes(any_store, year=year, all_kinds=not moves_only, include_unverified=include_unverified,
                       min_confidence="unverified", **filters)
        theirs = reference(any_store, year, moves_only, include_unverified, **filters)
        assert _comparable(ours) == _comparable(theirs), (year, moves_only, include_unverified, filters)
