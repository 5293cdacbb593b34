"""Pages of a list: every list route cuts them alike, and a cursor leads through all of them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.paging import MAX_LIMIT, Window
from kg.errors import BadParameter


def test_a_window_cuts_and_leads_to_the_next() -> None:
    items = list(range(7))
    window, seen = Window.of(3, None), []
    while True:
        seen += window.cut(items)
        if not window.has_more(len(items)):
            break
        window = Window.of(3, window.following().cursor)
    assert seen == items


@pytest.mark.parametrize(("limit", "cursor", "name"), [(0, None, "limit"), (MAX_LIMIT + 1, None, "limit"),
                                                       (10, "bogus", "cursor"), (10, "eDox", "cursor")])
def test_a_bad_limit_or_cursor_is_named(limit: int, cursor: str | None, name: str) -> None:
    with pytest.raises(BadParameter) as raised:
        Window.of(limit, cursor)
    assert raised.value.name == name


@pytest.mark.parametrize(("path", "field"), [("/states", "items"), ("/documents", "items"),
                                             ("/states/RUS/designations", "items"),
                                             ("/changes?year=2020&all_kinds=true", "changes")])
def test_every_list_is_walked_whole_by_its_next_links(client: TestClient, path: str, field: str) -> None:
    joined = "&" if "?" in path else "?"
    whole = client.get(f"{path}{joined}limit={MAX_LIMIT}").json()
    first = client.get(f"{path}{joined}limit=1")
    assert first.headers["link"] == f'<{first.json()["next"]}>; rel="next"'
    body, walked = first.json(), []
    while True:
        walked += body[field]
        if body["next"] is None:
            break
        body = client.get(body["next"]).json()
    assert walked == whole[field] and len(walked) == whole["total"] > 1
