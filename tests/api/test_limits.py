"""Row caps and deadlines: never a silent partial answer, never a hung service."""

from __future__ import annotations

import dataclasses
import threading
import time

from fastapi.testclient import TestClient

from api.app import create_app
from kg.settings import Settings

EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def app_with(store_root, **overrides):
    settings = dataclasses.replace(Settings.from_env(), store=store_root, **overrides)
    return create_app(settings=settings)


def test_truncation_is_signalled(store_root):
    with TestClient(app_with(store_root, max_rows=5)) as client:
        r = client.get("/sparql", params={"query": EVERYTHING})
        assert r.status_code == 200
        assert r.headers["SPARQL-Results-Truncated"] == "true"
        assert r.headers["SPARQL-Results-Limit"] == "5"
        assert len(r.json()["results"]["bindings"]) == 5
        assert r.json()["truncated"] is True  # for clients that read the body only (pandas, R)
        small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
        assert "SPARQL-Results-Truncated" not in small.headers and "truncated" not in small.json()


def test_runaway_query_is_stopped_and_the_service_goes_on(store_root):
    with TestClient(app_with(store_root, query_timeout=1)) as client:
        r = client.get("/sparql", params={"query": RUNAWAY})
        assert r.status_code == 504 and r.json()["title"] == "Query stopped"
        assert "retry-after" not in r.headers  # the same query would be stopped again
        assert "stopped again: narrow it" in r.json()["detail"]
        assert client.app.state.store.workers.restarts >= 1
        ok = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_crashed_worker_is_replaced_and_the_service_goes_on(store_root):
    with TestClient(app_with(store_root, query_timeout=60)) as client:
        pool = client.app.state.store.workers
        answer = {}
        runner = threading.Thread(target=lambda: answer.update(r=client.get("/sparql", params={"query": RUNAWAY})))
        runner.start()
        deadline = time.monotonic() + 30
        while not pool.busy and time.monotonic() < deadline:
            time.sleep(0.02)
        next(iter(pool.busy)).process.kill()  # what a crashing query does to its worker
        runner.join(timeout=60)
        assert answer["r"].status_code == 500
        assert "restarted" in answer["r"].json()["detail"]
        ok = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ok.status_code == 200


def test_client_over_its_budget_gets_429_with_retry_after(store_root):
    with TestClient(app_with(store_root, query_timeout=1, client_budget=1)) as client:
        assert client.get("/sparql", params={"query": RUNAWAY}).status_code == 504  # spends ~1 s
        r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert r.status_code == 429
        assert 0 < int(r.headers["retry-after"]) <= 60
        assert client.get("/healthz").status_code == 200  # other routes are not budgeted


def test_the_body_limit_is_the_setting_on_sparql_too(store_root):
    """SECKG_MAX_BODY governs /sparql: a form body past 1 MB (the query is short, another
    field is long) passes when the limit is raised -- the route once kept a 1 MB limit of
    its own -- and past the setting it is refused."""
    form = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "comment": "x" * 1_100_000}
    with TestClient(app_with(store_root, max_body=2_000_000)) as client:
        assert client.post("/sparql", data=form).status_code == 200
    with TestClient(app_with(store_root, max_body=1_000_000)) as client:
        assert client.post("/sparql", data=form).status_code == 413
