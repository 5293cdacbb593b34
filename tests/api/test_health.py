from fastapi.testclient import TestClient

from api.app import create_app


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["counts"]["documents"] == 3


def test_no_build_is_503(tmp_path):
    with TestClient(create_app(store_root=tmp_path)) as c:
        r = c.get("/healthz")
        assert r.status_code == 503 and "seckg build" in r.json()["detail"]


def test_openapi_document(client):
    spec = client.get("/openapi.json").json()
    assert {"/healthz", "/sparql", "/changes"} <= set(spec["paths"])


def test_openapi_document_validates(client):
    from openapi_spec_validator import validate

    validate(client.get("/openapi.json").json())
