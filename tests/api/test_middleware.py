"""Limits and headers that every answer gets."""

import json
import logging
import subprocess
import sys


def test_security_headers(client):
    r = client.get("/healthz")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_cors_allows_reads_from_anywhere(client):
    r = client.get("/healthz", headers={"origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options("/sparql", headers={"origin": "https://example.org",
                                             "access-control-request-method": "POST"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]
    pre = client.options("/sparql", headers={"origin": "https://example.org",
                                             "access-control-request-method": "DELETE"})
    assert pre.status_code == 400


def test_large_body_is_413(client):
    r = client.post("/sparql", content=b"#" * 2_000_000, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413
    assert r.json()["title"] == "Request body too large"


def test_chunked_large_body_is_413(client):
    def chunks():
        for _ in range(40):
            yield b"#" * 100_000

    r = client.post("/sparql", content=chunks(), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413


def test_access_log_is_structured(client, caplog):
    with caplog.at_level(logging.INFO, logger="seckg.access"):
        client.get("/states/JPN")
    line = json.loads([r for r in caplog.records if r.name == "seckg.access"][-1].getMessage())
    assert line["path"] == "/states/JPN" and line["status"] == 200 and line["ms"] >= 0


def test_no_stack_trace_in_answers(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400 and "Traceback" not in r.text and "File \"" not in r.text


def test_serve_writes_the_access_log_to_stdout():
    # what `seckg serve` configures (in a child: logging configuration is global)
    code = ("import logging.config; from api.middleware import log_config; "
            "logging.config.dictConfig(log_config()); logging.getLogger('seckg.access').info('{\"status\": 200}')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == '{"status": 200}\n'
