"""GET /sparql without a query: the query page for browsers, the service description for RDF clients."""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
from html import escape
from html.parser import HTMLParser

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from api import query_page
from api.query_page import Example, load_examples, page
from kg.formats import FORMAT_PARAM

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
SD = "http://www.w3.org/ns/sparql-service-description#"


class Parts(HTMLParser):
    """The page's script and style elements, their attributes and text, and its stylesheet links."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None], str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "link", "img", "iframe"):
            self.elements.append((tag, dict(attrs), ""))
            self._open = tag if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self._open:
            tag, attrs, text = self.elements[-1]
            self.elements[-1] = (tag, attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def parts(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    parser = Parts()
    parser.feed(html)
    return parser.elements


def csp(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: sources}."""
    return {name: sources for name, *sources in (d.split() for d in header.split(";") if d.strip())}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("accept", [BROWSER, "text/html"])
def test_browsers_get_the_query_page(client, accept):
    r = client.get("/sparql", headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"]
    assert '<textarea id="query" name="query"' in r.text and '<button type="submit">Run</button>' in r.text
    assert '<form id="query-form" method="post" action="/sparql">' in r.text


def test_the_example_queries_appear(client):
    html = client.get("/sparql", headers={"accept": BROWSER}).text
    examples = load_examples()
    assert len(examples) >= 3
    for example in examples:
        assert f'data-query="{escape(example.text)}">{escape(example.summary)}</button>' in html


@pytest.mark.parametrize("example", load_examples(), ids=lambda e: e.name)
def test_every_example_runs(client, example):
    r = client.post("/sparql", data={"query": example.text},
                    headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    assert r.json()["head"]["vars"]


@pytest.mark.parametrize("headers, media", [
    ({}, "text/turtle"),
    ({"accept": "*/*"}, "text/turtle"),
    ({"accept": "text/turtle"}, "text/turtle"),
    ({"accept": "application/ld+json"}, "application/ld+json"),
    ({"accept": "application/n-triples"}, "application/n-triples"),
    ({"accept": "text/html;q=0.5, text/turtle"}, "text/turtle"),
])
def test_rdf_clients_still_get_the_service_description(client, headers, media):
    r = client.get("/sparql", headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    rdflib_format = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}[media]
    g = Graph().parse(data=r.text, format=rdflib_format)
    assert (URIRef("http://testserver/sparql"), RDF.type, URIRef(SD + "Service")) in g


def test_the_service_description_has_a_url_for_browsers(client):
    r = client.get("/sparql", params={"format": "turtle"}, headers={"accept": BROWSER})
    assert r.headers["content-type"].startswith("text/turtle")
    assert 'href="?format=turtle"' in client.get("/sparql", headers={"accept": BROWSER}).text


def test_no_external_scripts_or_styles(client):
    r = client.get("/sparql", headers={"accept": BROWSER})
    elements = parts(r.text)
    assert [tag for tag, _, _ in elements] == ["style", "script"]
    for tag, attrs, text in elements:
        assert not attrs.get("src") and not attrs.get("href"), (tag, attrs)
        assert not any(w in text for w in ("http:", "https:", "@import", "url(", "import(", "importScripts"))
    policy = csp(r.headers["content-security-policy"])
    assert policy.get("connect-src", policy["default-src"]) == ["'self'"]
    for tag, _, text in elements:
        sources = policy.get(f"{tag}-src", policy["default-src"])
        local = {"'self'", "'none'", "'unsafe-inline'"}
        assert all(s in local or s.startswith("'sha256-") for s in sources), sources
        assert "'unsafe-inline'" in sources or _sha256(text) in sources, f"the CSP does not allow the inline {tag}"


def test_everything_shown_is_escaped():
    evil = Example("evil", "<img src=x onerror=alert(1)>", '</textarea><script>alert("x")</script>')
    html = page(action='/sparql"><script>', max_rows=5, timeout=1, examples=[evil])
    assert "<img" not in html and "</textarea><script>" not in html and '"><script>' not in html
    assert [tag for tag, _, _ in parts(html)] == ["style", "script"]


def test_the_format_choices_are_formats_the_endpoint_knows():
    assert {value for value, _ in query_page.FORMATS} <= set(FORMAT_PARAM)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_script_is_valid_javascript(tmp_path):
    script = tmp_path / "query_page.js"
    script.write_text(query_page.SCRIPT, encoding="utf-8")
    subprocess.run(["node", "--check", str(script)], check=True, capture_output=True)
