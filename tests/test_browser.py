"""A state page in a real browser: `seckg serve` in its own process, opened by headless Chromium.

Chromium renders the page the service sends (no JavaScript is needed): the timeline SVG
must be in the rendered DOM with one series per issuer and a marker per edition, and a
screenshot of the page must be a real picture. Without Chromium the tests are skipped,
except under CI (``CI`` set), where `.ci/run` installs it and its absence is a failure.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kg.cli import main
from tests.conftest import FIXTURE_SEEDS
from tests.service import running_service

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str:
    """The browser's path; skipped without one, except under CI, where it is a failure."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    if "CI" in os.environ:
        pytest.fail("Chromium is needed for the browser tests under CI: .ci/run installs Debian's chromium")
    pytest.skip("Chromium is not installed (apt-get install chromium); the browser tests need it")


def chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def browser() -> str:
    return find_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    store = root / "store"
    assert main(["build", "--seeds", str(FIXTURE_SEEDS), "--store", str(store)]) == 0
    with running_service(store) as base:
        yield base


class Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def having(self, tag: str, cls: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and a.get("class") == cls]


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG file."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_state_page_renders_the_timeline_in_chromium(browser, server, tmp_path):
    result = chromium(browser, tmp_path / "profile", "--dump-dom", f"{server}/id/state/RUS")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = Tags(result.stdout)
    assert len(dom.having("svg", "timeline")) == 1
    assert sorted(g["data-issuer"] or "" for g in dom.having("g", "series")) == ["JPN", "NATO"]
    assert len(dom.having("g", "mark")) == 3
    assert dom.having("path", "in-force")  # the latest editions are still in force


def test_screenshot_of_a_state_page(browser, server, tmp_path):
    shot = tmp_path / "shot.png"
    result = chromium(browser, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,900",
                      f"{server}/id/state/RUS")
    assert shot.exists(), result.stderr[-2000:]
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 900)
    assert shot.stat().st_size > 20_000  # a blank page of that size compresses to a few kilobytes
    assert len(set(pixels)) > 64  # text, the chart's bands and lines: many distinct values


class Quoted(HTMLParser):
    """The text of each ``<blockquote class="in-text">`` and of the ``<mark>`` inside it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.quotes: list[dict[str, str]] = []
        self._in: dict[str, str] | None = None
        self._mark = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote" and dict(attrs).get("class") == "in-text":
            self._in = {"text": "", "mark": "", "cite": dict(attrs).get("cite") or ""}
            self.quotes.append(self._in)
        elif tag == "mark" and self._in is not None:
            self._mark = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self._in = None
        elif tag == "mark":
            self._mark = False

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._in["text"] += data
            if self._mark:
                self._in["mark"] += data


def test_a_designation_page_shows_its_quote_highlighted_in_its_paragraph(browser, server, tmp_path):
    result = chromium(browser, tmp_path / "profile", "--dump-dom", f"{server}/id/designation/tst-2010/chn/concern-a")
    assert result.returncode == 0, result.stderr[-2000:]
    [quoted] = Quoted(result.stdout).quotes
    assert " ".join(quoted["mark"].split()) == "China is a con- cern"
    assert quoted["text"].startswith("The region is changing fast. China is a con")
    assert quoted["text"].rstrip().endswith("goes on.")
    assert quoted["cite"].endswith("/texts/tst-2010#char=114,134")
    assert 'href="' + quoted["cite"] + '"' in result.stdout  # a link to the full text at that place


def test_the_held_text_marks_its_quotes_at_their_fragments(browser, server, tmp_path):
    result = chromium(browser, tmp_path / "profile", "--dump-dom", f"{server}/texts/tst-2010")
    assert result.returncode == 0, result.stderr[-2000:]
    marks = [a for t, a in Tags(result.stdout).tags if t == "mark"]
    assert [m["id"] for m in marks] == ["char=114,134", "char=227,292", "char=338,361", "char=398,424"]
    assert "creativecommons.org/publicdomain/zero/1.0" in result.stdout


def test_the_api_documentation_renders_offline(browser, server, tmp_path):
    result = chromium(browser, tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom", f"{server}/docs")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "opblock" in result.stdout  # the Swagger UI ran: one block per operation of /openapi.json
    assert "/changes" in result.stdout


def test_the_overview_pages_render(browser, server, tmp_path):
    home = chromium(browser, tmp_path / "profile", "--dump-dom", f"{server}/")
    assert home.returncode == 0, home.stderr[-2000:]
    assert Tags(home.stdout).having("table", "matrix")
    changes = chromium(browser, tmp_path / "profile", "--dump-dom", f"{server}/changes.html?year=2020")
    assert len(Tags(changes.stdout).having("svg", "moves")) == 1 and len(Tags(changes.stdout).having("g", "move")) == 1
    shot = tmp_path / "home.png"
    chromium(browser, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,900", f"{server}/")
    width, _, pixels = png_pixels(shot.read_bytes())
    assert width == 1200 and len(set(pixels)) > 64
