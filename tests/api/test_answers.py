"""GET answers kept for the life of their build, with ETag and 304 (api/answers.py)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from api.answers import Answer, Answers, KeptAnswers
from api.app import create_app
from kg.build import build
from tests.conftest import FIXTURE_SEEDS, edit


def test_an_answer_is_computed_once_per_build_and_tagged(client):
    kept = client.app.state.kept
    first = client.get("/changes", params={"year": "2020", "issuer": "JPN"})
    hits = kept.hits
    again = client.get("/changes", params={"year": "2020", "issuer": "JPN"})
    assert kept.hits == hits + 1
    assert again.content == first.content and again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["etag"] == first.headers["etag"] and first.headers["etag"].startswith('"')
    assert first.headers["cache-control"] == "no-cache"
    assert int(first.headers["content-length"]) == len(first.content)
    turtle = client.get("/changes", params={"year": "2020", "issuer": "JPN"}, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle") and turtle.content != first.content
    assert turtle.headers["etag"] != first.headers["etag"]


def test_if_none_match_gets_304_and_no_body(client):
    first = client.get("/states/JPN")
    tag = first.headers["etag"]
    for sent in (tag, f'"other", W/{tag}', "*"):
        r = client.get("/states/JPN", headers={"If-None-Match": sent})
        assert r.status_code == 304 and r.content == b"", sent
        assert r.headers["etag"] == tag and "Accept" in r.headers["vary"]
    r = client.get("/states/JPN", headers={"If-None-Match": '"stale"'})
    assert r.status_code == 200 and r.content == first.content


def test_head_is_the_get_answer_without_body(client):
    get = client.get("/documents")
    head = client.head("/documents")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))


def test_errors_and_volatile_answers_are_not_kept(client):
    kept = client.app.state.kept
    before = kept.stats()["answers"]
    r = client.get("/states/XXX")
    assert r.status_code == 404 and "etag" not in r.headers
    assert client.get("/healthz").headers["etag"]  # tagged, but asked afresh each time
    now = "SELECT (NOW() AS ?n) {}"
    assert client.get("/sparql", params={"query": now}, headers={"Accept": "application/json"}).status_code == 200
    assert kept.stats()["answers"] == before


def test_a_new_build_drops_every_kept_answer(tmp_path: Path):
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    root = tmp_path / "store"
    build(seeds, root)
    with TestClient(create_app(store_root=root)) as c:
        first = c.get("/documents/tst-2020")
        assert "renamed" not in first.text
        edit(seeds / "jpn" / "tst-2020.yaml", '"Test Strategy 2020"', '"Test Strategy 2020, renamed"')
        build(seeds, root)
        second = c.get("/documents/tst-2020", headers={"If-None-Match": first.headers["etag"]})
        assert second.status_code == 200 and "renamed" in second.text
        assert second.headers["etag"] != first.headers["etag"]
        unchanged = c.get("/states/USA")  # the same bytes in the new build: the same tag
        assert c.get("/states/USA", headers={"If-None-Match": unchanged.headers["etag"]}).status_code == 304


def test_the_kept_bytes_are_bounded():
    kept = Answers(max_bytes=10_000)
    for i in range(100):
        kept.put("b", i, Answer([], b"x" * 1000, b'"t"'))
    stats = kept.stats()
    assert stats["bytes"] <= 10_000 and 0 < stats["answers"] < 10
    assert kept.get("b", 99) is not None and kept.get("b", 0) is None  # the oldest went first
    kept.put("b", "big", Answer([], b"x" * 20_000, b'"t"'))
    assert kept.get("b", "big") is None


class _Handle:
    def build_id(self) -> str:
        return "b1"


class _App:
    class state:  # noqa: N801 - stands for Starlette's app.state
        store = _Handle()


def _ask(app, paths: list[str], max_body: int = 4 << 20) -> tuple[Answers, list[httpx.Response]]:  # type: ignore[no-untyped-def]
    """``paths`` asked at once through KeptAnswers around the ASGI ``app``."""
    kept = Answers(1 << 20)
    middleware = KeptAnswers(app, answers=kept, max_body=max_body)

    async def inner(scope, receive, send):  # type: ignore[no-untyped-def]
        await middleware({**scope, "app": _App}, receive, send)

    async def many() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=inner), base_url="http://t") as http:
            return await asyncio.gather(*(http.get(p) for p in paths))

    return kept, asyncio.run(many())


def test_concurrent_requests_for_one_answer_compute_it_once():
    calls = 0

    async def slow_app(scope, receive, send):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"answer"})

    _, answers = _ask(slow_app, ["/x"] * 10)
    assert calls == 1
    assert {r.text for r in answers} == {"answer"} and len({r.headers["etag"] for r in answers}) == 1


def test_an_answer_larger_than_max_body_is_streamed_whole_and_not_kept():
    async def streaming_app(scope, receive, send):  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        for part in (b"aaaa", b"bbbb", b"cccc"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b"dd"})

    kept, [answer] = _ask(streaming_app, ["/big"], max_body=6)
    assert answer.status_code == 200 and answer.content == b"aaaabbbbccccdd"
    assert "etag" not in answer.headers and kept.stats()["answers"] == 0
