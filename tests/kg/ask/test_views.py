"""The plain-data views the REST routes, the pages and the client answer with, on the test graph."""

from __future__ import annotations

import pyoxigraph as ox

from kg.ask import views
from kg.vocab import ID, OA, SECKG


def test_actors_are_listed_with_their_counts(store: ox.Store) -> None:
    found = {a["code"]: a for a in views.actors(store)}
    assert found["JPN"]["kind"] == "state" and found["NATO"]["kind"] == "organization"
    assert found["JPN"]["designations_issued"] > 0 and found["JPN"]["designations_received"] == 1  # NATO's
    assert found["JPN"]["iri"] == ID.state("JPN").value
    assert [a["code"] for a in views.actors(store, "RUS")] == ["RUS"]


def test_an_actor_carries_its_documents_and_an_unknown_one_is_none(store: ox.Store) -> None:
    japan = views.actor(store, "JPN")
    assert japan is not None and {d["id"] for d in japan["documents"]} == {"tst-2010", "tst-2020"}
    assert views.actor(store, "XYZ") is None


def test_documents_link_their_editions_both_ways(store: ox.Store) -> None:
    docs = {d["id"]: d for d in views.documents(store, issuer="JPN")}
    assert docs["tst-2020"]["replaces"] == docs["tst-2010"]["iri"]
    assert docs["tst-2010"]["replaced_by"] == docs["tst-2020"]["iri"]
    assert [d["id"] for d in views.documents(store, document="tst-2010")] == ["tst-2010"]


def test_unverified_quotes_are_shown_only_when_asked(store: ox.Store) -> None:
    def quotes(**flag: str) -> set[str]:
        return {q["text"] for d in views.designations(store, document="tst-2020", target="RUS", **flag)
                for q in d["quotes"]}

    assert quotes() == {"a concern for us"}
    assert quotes(include_unverified="true") == {"a concern for us", "a direct threat in Europe"}


def test_a_document_groups_its_designations_by_section(store: ox.Store) -> None:
    doc = views.document(store, "tst-2010")
    assert doc is not None
    by_number = {s["number"]: {d["target"] for d in s["designations"]} for s in doc["sections"]}
    assert "RUS" in by_number["IV"] and "CHN" in by_number["III"]
    assert views.document(store, "no-such-document") is None


def test_a_dyad_gives_both_directions(store: ox.Store) -> None:
    dyad = views.dyad(store, "NATO", "JPN")
    assert [d["category"] for d in dyad["a_on_b"]] == ["partner"]
    assert dyad["b_on_a"] == []


def test_categories_come_in_the_order_of_the_scale(store: ox.Store) -> None:
    ranks = [c["rank"] for c in views.categories(store)]
    assert ranks == sorted(ranks) and len(ranks) >= 10


def test_describe_hides_the_words_of_unverified_evidence_unless_asked(store: ox.Store) -> None:
    [threat] = [d["iri"] for d in views.designations(store, document="tst-2020", target="RUS",
                                                      include_unverified="true") if d["category"] == "threat"]
    hidden = views.describe(store, [threat], "designation")
    shown = views.describe(store, [threat], "designation", include_unverified=True)
    assert not any(t.predicate == OA.exact for t in hidden)
    assert any(t.predicate == OA.exact and t.object.value == "a direct threat in Europe" for t in shown)
    assert any(t.predicate == SECKG.verification for t in hidden)  # the evidence and its status stay
