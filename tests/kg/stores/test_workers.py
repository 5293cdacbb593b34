"""The query worker pool: answers always go to the request that asked, whatever happens to it."""

from __future__ import annotations

import asyncio
import json

import pytest

from kg.stores.disk import store_dir
from kg.stores.disk_handle import StoreHandle
from kg.stores.user_query import UserQuery, execute
from kg.stores.workers import WorkerPool

JSON = "application/sparql-results+json"
# long enough to cancel mid-way (~1 s on the test graph), short enough to wait for
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?k { 1 2 3 4 5 } }"


@pytest.fixture(scope="module")
def store_path(store_root) -> str:
    return str(store_dir(StoreHandle(store_root).path()))


def run(scenario, *args):  # type: ignore[no-untyped-def]
    async def main():  # type: ignore[no-untyped-def]
        pool = WorkerPool(size=1, timeout=60)
        await pool.start()
        try:
            return await scenario(pool, *args)
        finally:
            await pool.close()

    return asyncio.run(main())


def test_a_large_answer_arrives_whole(store_path):
    async def scenario(pool, path):  # type: ignore[no-untyped-def]
        return await pool.run(path, UserQuery("SELECT * WHERE { ?s ?p ?o }", JSON, 100_000))

    answer = run(scenario, store_path)
    assert len(answer.body) > 65536  # more than one read of the socket
    assert answer == execute(store_path, UserQuery("SELECT * WHERE { ?s ?p ?o }", JSON, 100_000), {})


def test_a_request_that_goes_away_leaves_no_answer_behind(store_path):
    async def scenario(pool, path):  # type: ignore[no-untyped-def]
        slow = asyncio.ensure_future(pool.run(path, UserQuery(SLOW, JSON, 10)))
        while not pool.busy:
            await asyncio.sleep(0.01)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        # the only worker is still on the slow query: this waits for it, then gets its own answer
        return await pool.run(path, UserQuery("ASK { ?s ?p ?o }", JSON, 10)), pool.restarts

    answer, restarts = run(scenario, store_path)
    assert json.loads(answer.body) == {"head": {}, "boolean": True}
    assert restarts == 0  # the worker finished its query and was handed back, not replaced


def test_answers_go_to_the_requests_that_asked(store_path):
    async def scenario(pool, path):  # type: ignore[no-untyped-def]
        queries = [f"SELECT ?n WHERE {{ BIND({i} AS ?n) }}" for i in range(20)]
        return await asyncio.gather(*(pool.run(path, UserQuery(q, JSON, 10)) for q in queries))

    answers = run(scenario, store_path)
    assert [json.loads(a.body)["results"]["bindings"][0]["n"]["value"] for a in answers] == [str(i) for i in range(20)]
