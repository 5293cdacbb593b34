"""Several API processes over one Oxigraph server, filled by `seckg build --store-url`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.cli import main
from kg.settings import Settings
from tests.conftest import FIXTURE_SEEDS
from tests.service import running_service
from tests.stores import oxigraph

PUBLIC = "http://seckg.test"
PATHS = ["/changes?year=2020", "/changes?year=2020&all_kinds=true", "/states/JPN", "/documents/tst-2020",
         "/dyads/JPN/RUS", "/queries/moved_category?year=2020", "/queries/dyad_timeline?issuer=JPN&target=RUS"]


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph(tmp_path_factory.mktemp("shared")) as url:
        assert main(["build", "--seeds", str(FIXTURE_SEEDS), "--store-url", url]) == 0
        yield url


def serving(command: list[str], store_url: str):  # type: ignore[no-untyped-def]
    """A service process over the store; yields its base URL."""
    return running_service(command=command, env={"SECKG_STORE_URL": store_url, "SECKG_PUBLIC_BASE": PUBLIC})


SECKG_SERVE = [sys.executable, "-m", "kg.cli", "serve", "--port", "PORT"]
UVICORN = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--port", "PORT", "--workers", "2",
           "--log-level", "warning"]


@pytest.fixture(scope="module")
def embedded(store_root: Path) -> Iterator[TestClient]:
    settings = replace(Settings.from_env(), public_base=PUBLIC)
    with TestClient(create_app(store_root=store_root, settings=settings)) as c:
        yield c


def test_seckg_serve_over_the_store_answers_as_the_embedded_store(store_url, embedded):
    with serving(SECKG_SERVE, store_url) as base:
        for path in PATHS:
            assert httpx.get(base + path).json() == embedded.get(path).json(), path


def test_api_processes_share_the_store_and_see_a_new_build(store_url, embedded):
    with serving(UVICORN, store_url) as workers, serving(SECKG_SERVE, store_url) as single:
        before = {httpx.get(base + "/healthz").json()["build"] for base in (workers, single)}
        assert main(["build", "--seeds", str(FIXTURE_SEEDS), "--store-url", store_url]) == 0
        after = {httpx.get(base + "/healthz").json()["build"] for _ in range(4) for base in (workers, single)}
        assert len(before) == len(after) == 1 and before != after
        for base in (workers, single):
            assert httpx.get(base + PATHS[0]).json() == embedded.get(PATHS[0]).json()
