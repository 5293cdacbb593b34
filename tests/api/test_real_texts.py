"""The held texts of the real seeds, served: /texts/usa-nss-1994 with its licence and its quotes."""

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
    store = tmp_path_factory.mktemp("real") / "store"
    build(REAL_SEEDS, store)
    with TestClient(create_app(store_root=store)) as client:
        yield client


def test_the_1994_strategy_is_served_with_its_licence(real: TestClient) -> None:
    text = real.get("/texts/usa-nss-1994.txt")
    assert text.status_code == 200
    assert "A NATIONAL SECURITY STRATEGY OF ENGAGEMENT AND ENLARGEMENT" in " ".join(text.text.upper().split())
    assert text.headers["link"] == '<https://creativecommons.org/publicdomain/mark/1.0/>; rel="license"'
    page = real.get("/texts/usa-nss-1994").text
    assert "17 U.S.C. 105" in page and "RepubliC of China" in page  # the correction, shown with its reason
    assert page.count("<mark id=\"char=") >= 20


def test_a_us_designation_shows_its_quote_in_the_held_text(real: TestClient) -> None:
    [shown] = real.get("/id/designation/usa-nss-1994/chn/cooperation.json").json()["in_text"][:1]
    assert shown["words"].startswith("We are developing a broader engagement")
    assert real.get(shown["url"].split("#")[0].replace("http://testserver", "") + ".txt").text[
        shown["start"]:shown["end"]] == shown["words"]
