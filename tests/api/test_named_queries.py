from kg.ask import named


def test_list(client):
    items = client.get("/queries").json()["items"]
    assert {q["name"] for q in items} == set(named.catalogue())
    moved = next(q for q in items if q["name"] == "moved_category")
    assert moved["parameters"][0] == {"name": "year", "type": "gYear", "required": True,
                                      "description": moved["parameters"][0]["description"]}


def test_every_named_query_is_an_openapi_operation(client):
    spec = client.get("/openapi.json").json()
    for name, q in named.catalogue().items():
        op = spec["paths"][f"/queries/{name}"]["get"]
        declared = {p["name"]: p["required"] for p in op.get("parameters", [])}
        assert declared == {p.name: p.required for p in q.params.values()}


def test_run(client):
    body = client.get("/queries/moved_category", params={"year": "2020"}).json()
    assert [r["target"] for r in body["rows"]] == ["RUS"] and body["truncated"] is False


def test_parameters_are_checked(client):
    for params, name in (({}, "year"), ({"year": "20"}, "year"), ({"year": "2020", "x": "1"}, "x")):
        r = client.get("/queries/moved_category", params=params)
        assert r.status_code == 422 and r.json()["parameter"] == name


def test_injection_is_a_bad_parameter(client):
    r = client.get("/queries/dyad_timeline", params={"issuer": 'JPN" } ?s ?p ?o {', "target": "RUS"})
    assert r.status_code == 422 and r.json()["parameter"] == "issuer"
