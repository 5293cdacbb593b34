def test_changes_of_a_year(client):
    r = client.get("/changes", params={"year": "2020"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    [rus] = body["changes"]
    assert (rus["issuer"], rus["target"]) == ("JPN", "RUS")
    assert (rus["from_category"], rus["to_category"]) == ("partner", "threat")
    assert rus["direction"] == "toward hostility"
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
    assert client.get("/changes", params={"year": "1999"}).json() == {"year": "1999", "count": 0, "changes": []}


def test_malformed_parameters_name_the_parameter(client):
    for params, name in (({"year": "20x2"}, "year"), ({}, "year"), ({"year": "2020", "issuer": "jp"}, "issuer"),
                         ({"year": "2020", "direction": "up"}, "direction")):
        r = client.get("/changes", params=params)
        assert r.status_code == 422, params
        assert r.json()["parameter"] == name
