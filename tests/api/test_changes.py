def test_changes_of_a_year(client):
    r = client.get("/changes", params={"year": "2020"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    [rus] = body["changes"]
    assert (rus["issuer"], rus["target"]) == ("JPN", "RUS")
    assert (rus["from_category"], rus["to_category"]) == ("partner", "concern")
    assert rus["direction"] == "toward hostility"
    assert rus["confidence"] == "medium" and rus["crosses_band"] is True
    assert rus["to_position"]["passages_per_band"] == {"wary": 1}
    assert rus["from"][0]["quotes"][0]["text"] == "cooperation with Russia in all areas"


def test_all_kinds(client):
    body = client.get("/changes", params={"year": "2020", "all_kinds": "true"}).json()
    kinds = {c["target"]: c["kind"] for c in body["changes"]}
    assert kinds["CHN"] == "TermChange" and kinds["PRK"] == "NotCoded"


def test_unverified_only_on_request(client):
    def threat_quotes(**extra):
        [rus] = client.get("/changes", params={"year": "2020", **extra}).json()["changes"]
        return next(f for f in rus["to"] if f["category"] == "threat")["quotes"]

    assert threat_quotes() == []
    assert threat_quotes(include_unverified="true")[0]["verification"] == "unverified"


def test_no_changes_is_an_empty_list(client):
    assert client.get("/changes", params={"year": "1999"}).json() == {
        "year": "1999", "min_confidence": "medium", "total": 0, "count": 0, "limit": 50, "changes": [], "next": None}


def test_pages_follow_next_to_the_end(client):
    whole = client.get("/changes", params={"year": "2020", "all_kinds": "true"}).json()
    assert whole["total"] == whole["count"] == 5 and whole["next"] is None
    seen, url = [], "/changes?year=2020&all_kinds=true&limit=2"
    while url:
        r = client.get(url)
        body = r.json()
        assert body["total"] == 5 and body["count"] <= 2
        seen += body["changes"]
        url = body["next"]
        assert (r.headers.get("link") is None) == (url is None)
    assert seen == whole["changes"]
    for params, name in (({"limit": "0"}, "limit"), ({"limit": "501"}, "limit"), ({"cursor": "nonsense"}, "cursor")):
        r = client.get("/changes", params={"year": "2020", **params})
        assert r.status_code == 422 and r.json()["parameter"] == name


def test_malformed_parameters_name_the_parameter(client):
    for params, name in (({"year": "20x2"}, "year"), ({}, "year"), ({"year": "2020", "issuer": "jp"}, "issuer"),
                         ({"year": "2020", "direction": "up"}, "direction")):
        r = client.get("/changes", params=params)
        assert r.status_code == 422, params
        assert r.json()["parameter"] == name


def test_confidence_and_band_filters(client):
    listed = client.get("/changes", params={"year": "2020", "min_confidence": "high"}).json()
    assert listed["changes"] == []  # the fixture's move is of medium confidence
    crossing = client.get("/changes", params={"year": "2020", "band_crossing": "true"}).json()
    assert [c["target"] for c in crossing["changes"]] == ["RUS"]
    # one partner passage in 2010: one more hostile passage would tie, and a tie goes to the harsher (R8.1)
    assert client.get("/changes", params={"year": "2020"}).json()["changes"][0]["robust"] is False
    assert client.get("/changes", params={"year": "2020", "robust_only": "true"}).json()["changes"] == []
    bad = client.get("/changes", params={"year": "2020", "min_confidence": "certain"})
    assert bad.status_code == 422 and "min_confidence" in bad.text


def test_codebook_changelog_and_about_are_served(client):
    page = client.get("/codebook", headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'id="R8.1"' in page.text
    text = client.get("/codebook", params={"format": "markdown"})
    assert text.headers["content-type"].startswith("text/markdown") and "### R2.7 challenge" in text.text
    assert client.get("/changelog").status_code == 200
    about = client.get("/about", headers={"Accept": "text/html"})
    assert about.status_code == 200 and "<table>" in about.text and "Reliability (codebook R10)" in about.text


def test_one_kind_of_change(client):
    body = client.get("/changes", params={"year": "2020", "kind": "TermChange"}).json()
    assert [(c["target"], c["kind"]) for c in body["changes"]] == [("CHN", "TermChange")]
    bad = client.get("/changes", params={"year": "2020", "kind": "Move"})
    assert bad.status_code == 422 and bad.json()["parameter"] == "kind"


def test_the_page_takes_the_filter_of_the_json_twin(client):
    every = client.get("/changes.html", params={"year": "2020", "all_kinds": "true"}).text
    page = client.get("/changes.html", params={"year": "2020", "all_kinds": "true", "target": "CHN"}).text
    assert every.count('<article class="change ') == 5
    assert page.count('<article class="change ') == 1 and '<article class="change TermChange"' in page


def test_a_misspelled_code_names_the_parameter_and_the_closest_codes(client):
    r = client.get("/changes", params={"year": "2020", "issuer": "JAP"})
    assert r.status_code == 422 and r.json()["parameter"] == "issuer"
    assert "no state or organisation has the code 'JAP'; the closest known: JPN" in r.json()["detail"]
    assert client.get("/changes", params={"year": "2020", "target": "RUZ"}).json()["parameter"] == "target"
    documents = client.get("/documents", params={"issuer": "JAP"})
    assert documents.status_code == 422 and "JPN" in documents.json()["detail"]


def test_changes_as_csv_for_r_and_spreadsheets(client):
    import csv
    import io

    r = client.get("/changes.csv", params={"year": "2020", "all_kinds": "true"})
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 2 * client.get("/changes", params={"year": "2020", "all_kinds": "true"}).json()["total"]
    assert {row["side"] for row in rows} == {"from", "to"}
    by_accept = client.get("/changes", params={"year": "2020"}, headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv") and by_accept.text.startswith("change,year,")


def test_a_named_query_as_csv(client):
    r = client.get("/queries/moved_category", params={"year": "2020"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    header, *lines = r.text.splitlines()
    assert "issuer" in header.split(",") and len(lines) == 1
    empty = client.get("/queries/moved_category", params={"year": "1900"}, headers={"Accept": "text/csv"})
    assert empty.text.strip() == header  # the columns even without a row
