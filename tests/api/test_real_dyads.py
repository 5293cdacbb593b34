"""Both directions of a pair on the real seeds: how the United States designates North Korea
and how North Korea designates the United States, each with its quotes (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.build import build

REAL_SEEDS = Path(__file__).parents[2] / "seeds"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = tmp_path_factory.mktemp("real-dyads") / "store"
    build(REAL_SEEDS, store)
    with TestClient(create_app(store_root=store)) as client:
        yield client


def _editions(designations: list[dict]) -> set[str]:
    return {d["document"]["iri"].rsplit("/", 1)[-1] for d in designations}


@pytest.mark.parametrize(("a", "b"), [("USA", "PRK"), ("PRK", "USA")])
def test_both_directions_come_with_their_quotes(real: TestClient, a: str, b: str) -> None:
    record = real.get(f"/dyads/{a}/{b}").json()
    assert (record["a"], record["b"]) == (a, b)
    for issuer, target, side in ((a, b, record["a_on_b"]), (b, a, record["b_on_a"])):
        assert len(_editions(side)) >= 10, f"{issuer} on {target}: {sorted(_editions(side))}"
        assert {d["issuer"] for d in side} == {issuer} and {d["target"] for d in side} == {target}
        assert all(d["quotes"] and all(q["text"].strip() for q in d["quotes"]) for d in side)
    north_korean = record["b_on_a"] if a == "USA" else record["a_on_b"]
    assert "prk-new-year-2019" in _editions(north_korean)
    # the Korean words of the 2019 address, read in the held text: dialogue with the United States
    words = {q["text"] for d in north_korean for q in d["quotes"] if "prk-new-year-2019" in d["iri"]}
    assert any("또다시 미국대통령과 마주앉을 준비가 되여있으며" in w for w in words)
    assert all(q["lang"] == "ko" for d in north_korean for q in d["quotes"])


def test_the_dyad_page_draws_both_directions_and_links_each_marker_to_its_designation(real: TestClient) -> None:
    page = real.get("/dyads/PRK/USA", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert html.count('class="series"') == 2  # one line per direction
    assert 'href="http://testserver/id/designation/prk-new-year-2019/usa/' in html
    assert 'href="http://testserver/id/designation/usa-nss-2015/prk/' in html
    assert 'id="prk-on-usa"' in html and 'id="usa-on-prk"' in html
    assert real.get("/dyads/PRK/USA.html").text == html
    assert real.get("/dyads/PRK/USA").headers["content-type"] == "application/json"  # JSON stays the default


def test_a_new_year_address_is_a_policy_document_not_a_strategy(real: TestClient) -> None:
    ttl = real.get("/id/document/prk-new-year-2018.ttl").text
    assert "seckg:NewYearAddress" in ttl and "seckg:PolicyDocument" in ttl
    assert "seckg:StrategyDocument" not in ttl
    editorial = real.get("/id/document/prk-new-year-2005.ttl").text
    assert "seckg:NewYearJointEditorial" in editorial
