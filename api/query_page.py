"""The query page: what a browser gets from ``GET /sparql`` without a query.

A query editor (textarea, result format, Run), example queries to load with a click, and a
results table that the page's script fills from ``POST /sparql`` with
``Accept: application/sparql-results+json``. RDF clients asking the same URL still get the
service description (``api/sparql.py`` negotiates between the two).

- The examples are the ``.rq`` files in ``api/examples/``, one question each, with a
  ``#+ summary:`` header like the named queries in ``kg/ask/queries/``.
- Nothing is loaded from elsewhere: the script and the style sheet (``api/static/``) are
  inlined, and the ``Content-Security-Policy`` (:data:`CSP`) allows exactly those two by
  hash, plus requests to this origin.
- Every value put into the HTML is escaped here; the script builds result cells as DOM
  nodes with ``textContent``, and links only ``http(s)`` IRIs.

>>> "moves_in_2022" in [e.name for e in load_examples()]
True
>>> "<img" in page(action="/sparql", max_rows=10, timeout=1,
...                examples=[Example("x", "<img src=x onerror=alert(1)>", "SELECT * {}")])
False
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

from kg.query_files import Folder
from kg.vocab import ID, PREFIXES

HERE = Path(__file__).resolve().parent
EXAMPLES_DIR = HERE / "examples"
SCRIPT = (HERE / "static" / "query_page.js").read_text(encoding="utf-8")
PREDECLARED = ", ".join(f"<code>{escape(p)}:</code>" for p in PREFIXES)  # kg.sparql_prefixes
STYLE = (HERE / "static" / "query_page.css").read_text(encoding="utf-8")

# (value of format=, label); "json" is shown as a table.
FORMATS = [
    ("json", "Table (SPARQL JSON)"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("xml", "XML (SPARQL results, RDF/XML)"),
    ("turtle", "Turtle (CONSTRUCT, DESCRIBE)"),
    ("ntriples", "N-Triples (CONSTRUCT, DESCRIBE)"),
    ("jsonld", "JSON-LD (CONSTRUCT, DESCRIBE)"),
]


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


CSP = (f"default-src 'none'; script-src {_sha256(SCRIPT)}; style-src {_sha256(STYLE)}; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class Example:
    name: str
    summary: str
    text: str


@cache
def load_examples() -> list[Example]:
    """The example queries of ``api/examples/``, by file name, without their ``#+`` header."""
    found = []
    for name, query in Folder(EXAMPLES_DIR).all().items():
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#+"))
        found.append(Example(name, query.summary, f"# {query.summary}\n{body.strip()}\n"))
    return found


def page(*, action: str, max_rows: int, timeout: int, examples: Sequence[Example] | None = None,
         base: str = "") -> str:
    """The HTML of the query page; ``action`` is the endpoint's path, ``base`` the service's
    address (the site's navigation, and the graph's IRIs in answers link to its pages)."""
    shown = list(load_examples() if examples is None else examples)
    items = "\n".join(
        f'<li><button type="button" class="example" data-query="{escape(e.text)}">{escape(e.summary)}</button></li>'
        for e in shown)
    options = "\n".join(f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in FORMATS)
    first = escape(shown[0].text) if shown else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL query: security designations knowledge graph</title>
<style>{STYLE}</style>
</head>
<body data-base="{escape(base)}" data-id-root="{escape(ID.root)}">
<nav class="site"><a href="{escape(base)}/">seckg</a> · <a href="{escape(base)}/changes.html">Changes</a> ·
<a href="{escape(base)}/id/scheme/categories">The scale</a> · <a href="{escape(base)}/codebook">Codebook</a> ·
<a href="{escape(base)}/about">About the data</a> · <a href="{escape(base)}/docs">API</a></nav>
<h1>SPARQL query</h1>
<p class="intro">A read-only SPARQL 1.1 endpoint over how states and alliances designate one another in their
strategy documents. The default graph is the union of all graphs. Queries stop after {int(timeout)} s and
answers are cut at {int(max_rows)} rows. Programs can use this same URL (SPARQL 1.1 Protocol); its
<a href="?format=turtle">service description</a> says what it offers. These prefixes are declared already:
{PREDECLARED}.</p>
<h2>Examples</h2>
<ul class="examples">
{items}
</ul>
<h2>Query</h2>
<form id="query-form" method="post" action="{escape(action)}">
<label for="query">SPARQL</label>
<textarea id="query" name="query" rows="18" spellcheck="false" required>{first}</textarea>
<div class="controls">
<label for="format">Result format</label>
<select id="format" name="format">
{options}
</select>
<button type="submit">Run</button>
<a id="permalink" hidden>Link to this answer</a>
</div>
</form>
<p id="status" role="status" aria-live="polite"></p>
<div id="results"></div>
<script>{SCRIPT}</script>
</body>
</html>
"""
