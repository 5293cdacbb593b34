"""The REST resources: JSON by default, RDF twins, pagination, 404 and 422 with the parameter named."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

ID = "https://w3id.org/seckg/id/"


def test_states_list_is_paginated_with_link_headers(client):
    first = client.get("/states", params={"limit": 4})
    assert first.status_code == 200
    body = first.json()
    assert body["total"] == 9 and len(body["items"]) == 4
    assert first.headers["link"] == f'<{body["next"]}>; rel="next"'
    seen = [a["code"] for a in body["items"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [a["code"] for a in body["items"]]
    assert seen == sorted(seen) and len(seen) == 9


def test_kind_filter(client):
    orgs = client.get("/states", params={"kind": "organization"}).json()["items"]
    assert [a["code"] for a in orgs] == ["NATO"]


def test_state(client):
    jpn = client.get("/states/JPN").json()
    assert jpn["iri"] == ID + "state/JPN" and jpn["url"].endswith("/id/state/JPN")
    assert jpn["designations_issued"] == 10 and jpn["designations_received"] == 1
    assert [d["id"] for d in jpn["documents"]] == ["tst-2010", "tst-2020"]
    assert jpn["links"]["received"] == "/states/JPN/designations?direction=received"


@pytest.mark.parametrize("suffix, accept, fmt", [
    (".ttl", None, "turtle"), (".nt", None, "nt"), (".jsonld", None, "json-ld"),
    ("", "text/turtle", "turtle"), ("", "application/ld+json", "json-ld"),
])
def test_state_as_rdf(client, suffix, accept, fmt):
    r = client.get(f"/states/JPN{suffix}", headers={"accept": accept} if accept else {})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format=fmt)
    assert (URIRef(ID + "state/JPN"), None, None) in g


def test_designations_of_a_state(client):
    received = client.get("/states/RUS/designations").json()["items"]
    assert {(d["issuer"], d["category"]) for d in received} == {
        ("JPN", "partner"), ("JPN", "concern"), ("JPN", "threat"), ("NATO", "threat")}
    as_of = client.get("/states/RUS/designations", params={"as_of": "2015-01-01"}).json()["items"]
    assert [d["document"]["id"] for d in as_of] == ["tst-2010"]
    threats = client.get("/states/RUS/designations", params={"category": "threat"}).json()["items"]
    assert {d["issuer"] for d in threats} == {"JPN", "NATO"}
    issued = client.get("/states/NATO/designations", params={"direction": "issued"}).json()["items"]
    assert {d["target"] for d in issued} == {"RUS", "JPN"}


def test_unverified_quotes_only_on_request(client):
    def quotes(**params):
        items = client.get("/states/RUS/designations", params={"category": "threat", **params}).json()["items"]
        return [q["verification"] for d in items if d["issuer"] == "JPN" for q in d["quotes"]]

    assert quotes() == []
    assert quotes(include_unverified="true") == ["unverified"]


def test_documents(client):
    docs = client.get("/documents", params={"issuer": "JPN"}).json()["items"]
    assert [d["id"] for d in docs] == ["tst-2010", "tst-2020"]
    assert docs[1]["replaces"] == ID + "document/tst-2010"
    assert docs[0]["replaced_by"] == ID + "document/tst-2020"


def test_document_with_sections_and_quotes(client):
    doc = client.get("/documents/tst-2010").json()
    assert [s["number"] for s in doc["sections"]] == ["IV", "III"]
    partners = doc["sections"][0]
    assert partners["implies"] == "partner"
    [rus] = partners["designations"]
    assert rus["quotes"][0] == {
        "text": "cooperation with Russia in all areas", "lang": "en", "verification": "verbatim-official",
        "source": {"iri": ID + "source/tst-official", "title": "Test Government: Test Strategy (official text)",
                   "url": "https://example.org/tst"},
        "page": "12",
    }
    assert {d["target"] for d in doc["designations_outside_sections"]} == {"KOR", "USA"}


def test_document_as_turtle_holds_its_parts(client):
    g = Graph().parse(data=client.get("/documents/tst-2010.ttl").text, format="turtle")
    assert (URIRef(ID + "document/tst-2010/section/partners"), None, None) in g
    assert (URIRef(ID + "designation/tst-2010/rus/partner/evidence/1"), None, None) in g


def test_dyad_both_directions(client):
    dyad = client.get("/dyads/NATO/JPN").json()
    assert [d["category"] for d in dyad["a_on_b"]] == ["partner"]
    assert dyad["b_on_a"] == []


def test_categories(client):
    items = client.get("/categories").json()["items"]
    assert [c["notation"] for c in items][:2] == ["ally", "partner"] and items[-1]["notation"] == "enemy"
    concern = next(c for c in items if c["notation"] == "concern")
    assert {t["labels"]["en"] for t in concern["national_terms"]} == {"concern", "serious concern"}


@pytest.mark.parametrize("url, status, parameter", [
    ("/states/XYZ", 404, None),
    ("/states/xyz", 422, "code"),
    ("/documents/nope", 404, None),
    ("/documents/Bad_Id", 422, "doc_id"),
    ("/dyads/JPN/JPN", 422, "b"),
    ("/dyads/JPN/XYZ", 404, None),
    ("/states/RUS/designations?as_of=2015", 422, "as_of"),
    ("/states/RUS/designations?direction=sideways", 422, "direction"),
    ("/states/RUS/designations?category=frenemy", 422, "category"),
    ("/states?limit=0", 422, "limit"),
    ("/states?limit=100000", 422, "limit"),
    ("/states?cursor=bad!", 422, "cursor"),
    ("/documents?issuer=jp", 422, "issuer"),
])
def test_errors(client, url, status, parameter):
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    if parameter:
        assert r.json()["parameter"] == parameter


def test_not_acceptable(client):
    assert client.get("/states/JPN", headers={"accept": "image/png"}).status_code == 406


def test_rdf_twins_leave_out_unverified_words_unless_asked(client):
    unverified = "a direct threat in Europe"
    assert unverified not in client.get("/states/RUS/designations.ttl").text
    assert unverified not in client.get("/documents/tst-2020.ttl").text
    assert unverified in client.get("/documents/tst-2020.ttl", params={"include_unverified": "true"}).text


def test_dyad_names_the_position_and_the_harshest_facet_apart(client):
    """The derived position (codebook R8.1) and the harshest facet (R8.3) are two views, both named."""
    dyad = client.get("/dyads/JPN/RUS").json()
    latest = [d for d in dyad["a_on_b"] if d["document"]["id"] == "tst-2020"]
    flags = {d["category"]: (d["position"], d["harshest"]) for d in latest}
    assert flags == {"concern": (True, False), "threat": (False, True)}


def test_a_state_s_designations_as_csv(client):
    import csv
    import io

    r = client.get("/states/RUS/designations", headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    found = list(csv.DictReader(io.StringIO(r.text)))
    assert len(found) == client.get("/states/RUS/designations", params={"limit": 500}).json()["total"]
    assert {d["target"] for d in found} == {"RUS"} and "cooperation with Russia in all areas" in {
        d["quote"] for d in found}
