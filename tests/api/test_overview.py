"""The home page answers the main questions at a glance; the changes page draws its moves; /sparql
has the site's navigation and links the graph's IRIs to their pages."""

from __future__ import annotations

import re


def test_the_home_page_shows_the_latest_moves_and_who_designates_whom(client) -> None:
    page = client.get("/").text
    assert "The latest moves: 2020" in page and "partner → concern" in page
    assert re.search(r'<table class="matrix">', page) and 'class="band-adversarial"' in page
    assert '<td class="num">0</td><td class="num">0</td>' not in page  # actors nobody designates are summed up
    assert "more in the register that no coded document designates yet" in page


def test_the_changes_page_draws_its_moves(client) -> None:
    page = client.get("/changes.html", params={"year": "2020"}).text
    assert page.count('class="move"') == 1 and 'marker-end="url(#to-hostile)"' in page
    assert 'class="move"' not in client.get("/changes.html", params={"year": "2010"}).text


def test_the_query_page_has_the_site_navigation_and_local_links(client) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html"}).text
    assert '<nav class="site">' in page and 'href="http://testserver/changes.html"' in page
    assert 'data-base="http://testserver"' in page and 'data-id-root="https://w3id.org/seckg/id/"' in page
