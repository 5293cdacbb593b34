"""The quick start's two commands: make serve installs what the service needs, make test adds the tests' extras."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def planned(target: str, tmp_path: Path) -> list[str]:
    """The pip installs ``make -n <target>`` would run into a fresh virtual environment."""
    done = subprocess.run(["make", "-n", target, f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    return [line for line in done.stdout.splitlines() if "pip install" in line and "--upgrade pip" not in line]


def test_make_serve_installs_the_service_only(tmp_path: Path) -> None:
    [install] = planned("serve", tmp_path)
    assert install.endswith("-e .")  # no extras: no test or notebook packages


def test_make_test_adds_the_test_extras(tmp_path: Path) -> None:
    installs = planned("test", tmp_path)
    assert installs[0].endswith("-e .") and installs[1].endswith("-e '.[dev,notebook]'")
