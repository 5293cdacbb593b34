"""The README's commands work as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kg.cli import main

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_quick_start_commands_are_there():
    assert "    make serve" in README and "    make test" in README


EXAMPLES = re.findall(r"^    (seckg (?:changes|query|export) .*)$", README.split("Examples")[1], re.M)


def test_examples_were_found():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("line", EXAMPLES)
def test_cli_example_runs(line, store_root, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    args = shlex.split(line)[1:] + ["--store", str(store_root)]
    assert main(args) == 0, capsys.readouterr().err


@pytest.mark.parametrize("url", re.findall(r"curl '([^']+)'", README))
def test_curl_examples_answer(url, client):
    parts = urlsplit(url)
    r = client.get(parts.path + ("?" + parts.query if parts.query else ""))
    assert r.status_code == 200
