"""The package as a new user installs it: the wheel alone, in an empty virtual environment,
builds a graph and serves it (no dev or notebook extra), and says what to do without seeds.

It installs from the package registries (or the machine's wheel cache): a minute or so.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURE_SEEDS
from tests.service import running_service

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=900, cwd=cwd,
                          check=False)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtual environment with the project's wheel and nothing else asked for."""
    where = tmp_path_factory.mktemp("install")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", where / "wheels", ROOT)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = (where / "wheels").glob("seckg-*.whl")
    env = where / "venv"
    assert run(sys.executable, "-m", "venv", env).returncode == 0
    installed = run(env / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", wheel)
    assert installed.returncode == 0, installed.stderr[-3000:]
    yield env


def test_the_wheel_alone_builds_and_serves(venv: Path, tmp_path: Path) -> None:
    seckg = venv / "bin" / "seckg"
    store = tmp_path / "store"
    built = run(seckg, "build", "--seeds", FIXTURE_SEEDS, "--store", store)
    assert built.returncode == 0, built.stderr[-3000:]
    with running_service(store, command=[str(seckg), "serve", "--port", "PORT"]) as base:
        assert httpx.get(f"{base}/changes", params={"year": "2020"}).json()["total"] == 1
        assert httpx.get(f"{base}/texts/tst-2010.txt").status_code == 200
    listed = run(venv / "bin" / "python", "-m", "pip", "list", "--format=freeze").stdout
    assert "pytest" not in listed and "pandas" not in listed  # the service's dependencies only


def test_without_seeds_it_says_where_the_data_is(venv: Path, tmp_path: Path) -> None:
    failed = run(venv / "bin" / "seckg", "build", "--store", tmp_path / "store", cwd=tmp_path)
    assert failed.returncode == 1
    assert "seeds folder not found" in failed.stderr and "checkout" in failed.stderr
    assert "--seeds DIR" in failed.stderr
