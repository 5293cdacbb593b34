"""Shared fixtures: a small graph built once from the tiny test seeds (never the real ones)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import build
from kg.stores.disk_handle import StoreHandle

FIXTURE_SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.fixture(scope="session")
def store_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store root holding one build of the test seeds."""
    root = tmp_path_factory.mktemp("store")
    build(FIXTURE_SEEDS, root)
    return root


@pytest.fixture(scope="session")
def store(store_root: Path):  # type: ignore[no-untyped-def]
    return StoreHandle(store_root).get()


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the test seeds, for tests that break them."""
    target = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be present) by ``new`` in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first occurrence of ``needle`` in a file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture(scope="module")
def client(store_root: Path) -> Iterator:  # type: ignore[type-arg]
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(store_root=store_root)) as c:
        yield c


@pytest.fixture(scope="session")
def remote_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server (tests/stores.py) to which the test seeds were published."""
    from kg.build import publish
    from kg.stores import http_at
    from tests.stores import oxigraph

    with oxigraph(tmp_path_factory.mktemp("oxigraph")) as url:
        http = http_at(url)
        publish(FIXTURE_SEEDS, http)
        http.close()
        yield url


@pytest.fixture(scope="module")
def remote_client(remote_url: str) -> Iterator:  # type: ignore[type-arg]
    """The service over the store at ``remote_url``, as ``client`` is over the embedded store."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(store_url=remote_url)) as c:
        yield c
