"""``/texts/{document}``: the held text, its licence, and its quotes where the passages say."""

from __future__ import annotations

import re

from tests.conftest import FIXTURE_SEEDS

HELD = (FIXTURE_SEEDS / "texts" / "jpn" / "tst-2010.txt").read_text(encoding="utf-8")


def test_the_plain_text_is_the_held_file_with_its_corrections(client) -> None:
    r = client.get("/texts/tst-2010.txt")
    assert r.status_code == 200 and r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["link"] == '<https://creativecommons.org/publicdomain/zero/1.0/>; rel="license"'
    assert r.text == HELD.replace("Ch1na", "China")
    assert client.get("/texts/tst-2010", headers={"Accept": "text/plain"}).text == r.text


def test_every_passage_names_its_quote_in_the_plain_text(client) -> None:
    text = client.get("/texts/tst-2010.txt").text
    page = client.get("/texts/tst-2010").text
    spans = [(int(a), int(b)) for a, b in re.findall(r'<mark id="char=(\d+),(\d+)"', page)]
    assert len(spans) == 4
    words = [" ".join(text[a:b].split()) for a, b in spans]
    assert words[0] == "China is a con- cern" and words[-1] == "our ally the United States"


def test_the_page_says_where_the_text_comes_from(client) -> None:
    page = client.get("/texts/tst-2010").text
    for shown in ("Invented for the tests", "https://example.org/tst-texts, commit 0123abc", "Ch1na",
                  "OCR reads the i as a 1", "href=\"http://testserver/id/designation/tst-2010/rus/partner\""):
        assert shown in page


def test_a_document_links_to_its_held_text_and_an_unknown_one_has_none(client) -> None:
    assert 'href="http://testserver/texts/tst-2010"' in client.get("/id/document/tst-2010").text
    assert "Held text" not in client.get("/id/document/tst-2020").text
    r = client.get("/texts/tst-2020")
    assert r.status_code == 404 and "holds no text of 'tst-2020'" in r.json()["detail"]


def test_a_designation_gives_its_quote_in_context(client) -> None:
    [shown] = client.get("/id/designation/tst-2010/rus/partner.json").json()["in_text"]
    assert shown["quote"] == "cooperation with Russia in all areas"
    assert shown["before"] == "Japan will advance " and shown["after"].startswith(", including energy.")
    assert shown["url"] == f"http://testserver/texts/tst-2010#char={shown['start']},{shown['end']}"

