"""The HTML pages and the /id/... URIs: content negotiation, 404s, escaping, the timeline chart."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from fastapi.testclient import TestClient

from api.app import create_app
from api.timeline import build_series, render
from kg.build import build
from kg.settings import Settings
from tests.conftest import FIXTURE_SEEDS, edit

ID = "https://w3id.org/seckg/id/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
NODES = [  # one of every kind of node, and words its page must show
    ("state/RUS", "Russia"),
    ("organization/NATO", "North Atlantic Treaty Organization"),
    ("document/tst-2020", "IV.2 Security environment"),
    ("designation/tst-2020/rus/concern-a", "a concern for us"),
    ("change/tst-2020/rus", "cooperation with Russia in all areas"),
    ("category/threat", "called a threat"),
    ("scheme/categories", "enemy"),
    ("document/tst-2020/section/environment", "Security environment"),
    ("designation/tst-2010/rus/partner/evidence/1", "cooperation with Russia in all areas"),
    ("source/tst-official", "https://example.org/tst"),
    ("term/jpn/threat", "threat"),
    ("series/tst", "Test Strategy"),
]


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def graph(body: bytes, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format=fmt)


@pytest.mark.parametrize("path,words", NODES)
def test_every_kind_of_node_has_a_page(client, path, words):
    r = client.get("/id/" + path, headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"]
    assert words in r.text


@pytest.mark.parametrize("path,words", NODES)
def test_every_kind_of_node_is_turtle_for_rdf_clients(client, path, words):
    r = client.get("/id/" + path, headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "Accept" in r.headers["vary"]
    assert (rdflib.URIRef(ID + path), None, None) in graph(r.content, "turtle")


@pytest.mark.parametrize("accept,fmt", [
    ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"),
    ("text/turtle;q=0.9, text/html;q=0.5", "turtle"),
])
def test_rdf_formats_parse_back_into_graphs_with_the_resource(client, accept, fmt):
    r = client.get("/id/document/tst-2020", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept.split(";")[0])
    g = graph(r.content, fmt)
    doc = rdflib.URIRef(ID + "document/tst-2020")
    assert (doc, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/seckg/ontology#StrategyDocument")) in g
    # the document's view carries its designations and their quotes
    assert (None, rdflib.URIRef("http://www.w3.org/ns/oa#exact"), rdflib.Literal("a grave threat", lang="en")) in g


def test_html_and_rdf_twins_describe_the_same_node(client):
    html = client.get("/id/state/JPN", headers={"Accept": BROWSER})
    ttl = client.get("/id/state/JPN", headers={"Accept": "text/turtle"})
    jsonld = client.get("/id/state/JPN", headers={"Accept": "application/ld+json"})
    assert html.headers["vary"] == ttl.headers["vary"] == jsonld.headers["vary"]
    assert graph(ttl.content, "turtle").isomorphic(graph(jsonld.content, "json-ld"))


@pytest.mark.parametrize("suffix,media,fmt", [
    (".ttl", "text/turtle", "turtle"), (".jsonld", "application/ld+json", "json-ld"),
    (".nt", "application/n-triples", "nt"), (".rdf", "application/rdf+xml", "xml"),
])
def test_a_suffix_picks_the_format_whatever_the_accept_header(client, suffix, media, fmt):
    r = client.get("/id/designation/tst-2020/rus/concern-a" + suffix, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert (rdflib.URIRef(ID + "designation/tst-2020/rus/concern-a"), None, None) in graph(r.content, fmt)


def test_html_suffix_and_json_suffix(client):
    assert client.get("/id/state/JPN.html", headers={"Accept": "text/turtle"}).headers["content-type"].startswith(
        "text/html")
    body = client.get("/id/state/JPN.json", headers={"Accept": "text/html"}).json()
    assert body["iri"] == ID + "state/JPN" and body["url"] == "http://testserver/id/state/JPN"


def test_json_is_the_data_the_page_is_built_from(client):
    body = client.get("/id/state/RUS", headers={"Accept": "application/json"}).json()
    assert body["code"] == "RUS"
    assert {d["issuer"] for d in body["received"]} == {"JPN", "NATO"}
    assert all("url" in d for d in body["received"])
    change = client.get("/id/change/tst-2020/rus.json").json()
    assert (change["kind"], change["from_category"], change["to_category"]) == ("CategoryMove", "partner", "concern")
    assert change["direction"] == "toward hostility" and change["rank_delta"] == 3


def test_every_page_links_its_machine_twins(client):
    r = client.get("/id/document/tst-2020", headers={"Accept": BROWSER})
    page = Elements(r.text)
    for kind in ("text/turtle", "application/ld+json", "application/json"):
        [alternate] = page.having("link", rel="alternate", type=kind)
        assert alternate["href"].startswith("http://testserver/id/document/tst-2020.")
        assert client.get(alternate["href"]).headers["content-type"].startswith(kind)
    assert 'rel="alternate"; type="text/turtle"' in r.headers["link"]


def test_links_point_to_the_service_and_sources_to_their_urls(client):
    page = Elements(client.get("/id/document/tst-2010", headers={"Accept": BROWSER}).text)
    hrefs = {a["href"] for a in page.having("a")}
    assert "http://testserver/id/state/JPN" in hrefs
    assert "http://testserver/id/designation/tst-2010/rus/partner" in hrefs
    assert "http://testserver/id/document/tst-2020" in hrefs  # replaced by
    assert "https://example.org/tst" in hrefs  # the source opens its own address
    assert not any(h and h.startswith("https://w3id.org/seckg/id/") for h in hrefs)


def test_links_follow_the_configured_public_base(store_root):
    settings = replace(Settings.from_env(), store=store_root, public_base="https://kg.example.net/seckg")
    with TestClient(create_app(settings=settings)) as c:
        html = c.get("/id/state/RUS", headers={"Accept": BROWSER}).text
    assert "https://kg.example.net/seckg/id/document/tst-2020" in {a["href"] for a in Elements(html).having("a")}
    assert "testserver" not in html  # every link, twin and chart marker uses the public address


def test_unknown_nodes_are_404_html_for_browsers(client):
    r = client.get("/id/state/XYZ", headers={"Accept": BROWSER})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Not found" in r.text and "Accept" in r.headers["vary"]


@pytest.mark.parametrize("path,accept", [
    ("/id/state/XYZ", "application/json"), ("/id/state/XYZ", "text/turtle"),
    ("/id/document/no-such-doc.ttl", "text/html"), ("/id/nothing/here", "*/*;q=0.5, application/ld+json"),
])
def test_unknown_nodes_are_404_problems_otherwise(client, path, accept):
    r = client.get(path, headers={"Accept": accept})
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 404 and "Accept" in r.headers["vary"]


def test_unacceptable_types_are_406(client):
    r = client.get("/id/state/JPN", headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.headers["content-type"] == "application/problem+json"


def test_head_answers_like_get(client):
    r = client.head("/id/state/JPN", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")


def test_unverified_quotes_are_hidden_unless_asked_for_and_then_marked(client):
    hidden = client.get("/id/document/tst-2020", headers={"Accept": BROWSER}).text
    assert "a direct threat in Europe" not in hidden
    assert "include_unverified=true" in hidden  # the way to see them
    shown = Elements(client.get("/id/document/tst-2020?include_unverified=true", headers={"Accept": BROWSER}).text)
    [figure] = shown.having("figure", class_="quote unverified")
    assert "a direct threat in Europe" in "".join(shown.text)
    assert figure is not None


def test_unverified_quotes_are_left_out_of_rdf_too(client):
    exact = rdflib.URIRef("http://www.w3.org/ns/oa#exact")
    words = rdflib.Literal("a direct threat in Europe", lang="en")
    default = graph(client.get("/id/document/tst-2020.ttl").content, "turtle")
    assert (None, exact, words) not in default
    asked = graph(client.get("/id/document/tst-2020.ttl?include_unverified=true").content, "turtle")
    assert (None, exact, words) in asked


def test_document_page_lists_sections_in_order_with_quotes_language_and_status(client):
    page = client.get("/id/document/tst-2010", headers={"Accept": BROWSER}).text
    # the seeds give the sections in this order (seckg:order), each with its designations under it
    assert page.index("IV Our partners") < page.index("cooperation with Russia in all areas") < page.index(
        "III Security environment") < page.index("China is a concern") < page.index("Elsewhere in the document")
    assert 'lang="en"' in page and "verbatim official" in page and "p. 12" in page
    assert "http://testserver/id/document/tst-2020" in page  # replaced by


def test_designation_page_shows_facets_and_previous_designation(client):
    page = Elements(client.get("/id/designation/tst-2020/rus/concern-a", headers={"Accept": BROWSER}).text)
    hrefs = {a["href"] for a in page.having("a")}
    assert "http://testserver/id/designation/tst-2010/rus/partner" in hrefs  # the previous designation
    assert "http://testserver/id/designation/tst-2020/rus/threat" in hrefs  # the other facet
    assert "“concern”" in "".join(page.text)


def test_year_page_lists_the_moves_with_both_documents_and_quotes(client):
    page = client.get("/changes.html?year=2020").text
    assert "toward hostility" in page and "+3" in page
    assert "cooperation with Russia in all areas" in page and "a concern for us" in page
    assert "http://testserver/id/change/tst-2020/rus" in page
    assert "http://testserver/changes?year=2020" in page  # the JSON twin
    assert "Change of term" not in page
    everything = client.get("/changes.html?year=2020&all_kinds=true").text
    assert "Change of term" in everything and "No longer mentioned" in everything and "+3" in everything


def test_year_page_without_moves_and_with_a_bad_year(client):
    assert "Nothing moved in 1999" in client.get("/changes.html?year=1999").text
    assert client.get("/changes.html?year=20x0").status_code == 422


def test_scheme_page_lists_the_scale_in_order(client):
    page = client.get("/id/scheme/categories", headers={"Accept": BROWSER}).text
    order = ["ally", "partner", "cooperation", "neutral", "concern", "competitor", "challenge", "rival", "threat",
             "enemy"]
    positions = [page.index(f'href="http://testserver/id/category/{c}"') for c in order]
    assert positions == sorted(positions)


def test_front_page_and_style_sheet(client):
    page = client.get("/").text
    assert "http://testserver/id/state/RUS" in page and "http://testserver/id/document/tst-2020" in page
    css = client.get("/static/seckg.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/static/secret.txt").status_code == 404


# ---- the timeline chart ----------------------------------------------------------------------

def test_state_page_has_a_timeline_with_one_series_per_issuer(client):
    page = Elements(client.get("/id/state/RUS", headers={"Accept": BROWSER}).text)
    assert len(page.having("svg", class_="timeline")) == 1
    assert {g["data-issuer"] for g in page.having("g", class_="series")} == {"JPN", "NATO"}
    assert len(page.having("g", class_="mark")) == 3  # JPN 2010 and 2020, NATO 2022
    assert len(page.having("g", class_="facet")) == 1  # the other facet of JPN 2020 (concern)
    assert page.having("details", class_="chart-table")  # the table fallback


def test_timeline_tooltips_name_document_and_category(client):
    html = client.get("/id/state/RUS", headers={"Accept": BROWSER}).text
    assert "<title>Japan, Test Strategy 2010 (2010), 2010-06-01: partner\n“cooperation with Russia in all areas”" \
           "</title>" in html
    # the 2020 position is the verified concern (codebook R8.1); the threat facet's only quote is
    # unverified: named, its words hidden in the tooltip as elsewhere
    assert ("<title>Japan, Test Strategy 2020 (2020), 2020-12-01: concern; also threat\n“a concern for us”"
            "</title>") in html


def test_a_state_nobody_designates_has_no_chart(client):
    page = Elements(client.get("/id/state/IND", headers={"Accept": BROWSER}).text)
    assert not page.having("svg", class_="timeline")
    assert "No document in the graph designates India" in "".join(page.text)


def _designation(issuer: str, doc: str, issued: str, category: str, rank: int, position: bool = True) -> dict:
    return {"issuer": issuer, "category": category, "rank": rank, "position": position, "term": None,
            "document": {"iri": ID + "document/" + doc, "title": doc, "issued": issued}}


def test_series_stop_where_a_newer_edition_no_longer_designates_the_target():
    docs = [{"iri": ID + "document/a-1", "issued": "2010-01-01", "title": "a-1", "replaced_by": ID + "document/a-2"},
            {"iri": ID + "document/a-2", "issued": "2015-01-01", "title": "a-2", "replaced_by": None}]
    [s] = build_series([_designation("AAA", "a-1", "2010-01-01", "partner", 2)], docs, href=str)
    assert s.marks[0].ends == 2015.0 and s.marks[0].ended_by == "a-2" and not s.current
    svg = render([s], [(2, "partner")], names={}, target="X")
    assert 'class="stop"' in svg and "not designated in a-2" in svg and 'class="in-force"' not in svg


def test_series_position_is_the_most_hostile_position_facet():
    found = [_designation("AAA", "a-1", "2010-01-01", "partner", 2),
             _designation("AAA", "a-1", "2010-01-01", "threat", 9, position=False),
             _designation("AAA", "a-1", "2010-01-01", "rival", 8)]
    [s] = build_series(found, [], href=str)
    assert (s.marks[0].category, s.marks[0].others) == ("rival", (("partner", 2), ("threat", 9)))


def test_chart_text_is_escaped():
    [s] = build_series([_designation("AAA", "<b>doc</b>", "2010-01-01", "partner", 2)], [], href=str)
    svg = render([s], [(2, "<i>partner</i>")], names={"AAA": "<script>x</script>"}, target="<script>y</script>")
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg


# ---- escaping of data in pages ---------------------------------------------------------------

EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def evil_client(tmp_path_factory) -> Iterator[TestClient]:
    """A graph whose quotes and labels carry markup."""
    root = tmp_path_factory.mktemp("evil")
    seeds = root / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    edit(seeds / "actors.yaml", "name: {en: Russia}", f'name: {{en: "Russia{EVIL}"}}')
    edit(seeds / "jpn" / "tst-2020.yaml", "a concern for us", f"a concern {EVIL} for us")
    edit(seeds / "jpn" / "tst-2020.yaml", 'title: {en: "Security environment"}',
         'title: {en: "Security <img src=x onerror=alert(2)> environment"}')
    build(seeds, root / "store")
    with TestClient(create_app(store_root=Path(root / "store"))) as c:
        yield c


@pytest.mark.parametrize("path", ["/id/state/RUS", "/id/document/tst-2020", "/id/designation/tst-2020/rus/concern-a",
                                  "/id/change/tst-2020/rus", "/changes.html?year=2020", "/",
                                  "/id/document/tst-2020/section/environment", "/id/state/JPN"])
def test_markup_in_quotes_and_labels_comes_out_escaped(evil_client, path):
    r = evil_client.get(path, headers={"Accept": BROWSER})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text or "&lt;img src=x" in r.text


def test_the_changes_page_comes_a_page_at_a_time(client):
    import re

    first = client.get("/changes.html?year=2020&all_kinds=true&limit=2").text
    assert "5 changes in 2020" in first and "These are 1 to 2." in first
    following = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert following is not None
    second = client.get(following.group(1).replace("&amp;", "&")).text
    assert "These are 3 to 4." in second
    assert client.get("/changes.html?year=2020&cursor=nonsense").status_code == 422
    assert client.get("/id/change/tst-2020/nowhere").status_code == 404


def test_document_page_shows_each_position_with_its_inputs(client):
    html = client.get("/id/document/tst-2020", headers={"Accept": BROWSER}).text
    assert 'id="positions"' in html and "/codebook#R8.1" in html
    data = client.get("/documents/tst-2020").json()
    rus = next(p for p in data["positions"] if p["target"] == "RUS")
    # the verified concern sets the position; the unverified threat is left out but stays the harshest facet
    assert (rus["category"], rus["wary"], rus["left_out"], rus["harshest"]) == ("concern", 1, 1, "threat")
