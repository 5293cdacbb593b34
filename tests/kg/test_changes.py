from kg.changes import changes


def test_change_record_has_both_documents_and_quotes(store):
    [rus] = changes(store, year="2020")
    assert rus["issuer"] == "JPN" and rus["target"] == "RUS"
    assert rus["direction"] == "toward hostility" and rus["rank_delta"] == 7
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
    kinds = {c["target"]: c["kind"] for c in changes(store, year="2020", moves_only=False)}
    assert kinds == {"RUS": "CategoryMove", "CHN": "TermChange", "AUS": "NewlyDesignated",
                     "KOR": "NoLongerMentioned", "PRK": "NotCoded"}
    assert changes(store, year="2020", issuer="NATO") == []
    assert [c["target"] for c in changes(store, year="2020", target="RUS")] == ["RUS"]
