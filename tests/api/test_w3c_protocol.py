"""The W3C SPARQL 1.1 Protocol tests, run on ``/sparql`` in-process.

The cases come from ``manifest.ttl`` in ``shared/w3c-sparql-protocol/`` beside the clone
(the W3C rdf-tests ``sparql/sparql11/protocol/`` folder): every test below is parametrised
from the manifest, nothing is copied by hand. If that folder is absent, the cases are
skipped, saying so.

How a case runs:

- The store: one build in the layout of ``kg/stores/disk.py`` (a build directory, ``BUILD.json``
  written last, the ``current`` symlink), holding each data file a test names
  (``ut:graphData``) in the named graph its label gives. Every test that names data names
  the same file for the same graph, so one store serves them all (the fixture checks it).
- Each ``ht:Request`` in order: its path with the ``/sparql/`` prefix mapped onto our
  ``/sparql``, its method, its headers and its body (encoded as ``cnt:characterEncoding``
  says), sent to the app with the host ``ht:connectionAuthority`` names.
- Checks: the status class (``mf:expectedStatus``); for ``mf:expectedFormat`` a content
  type of that kind, and a body that parses in it; the answer for ``mf:expectedBoolean``.

The default graph. Without ``default-graph-uri`` or ``named-graph-uri`` our default graph is
the union of all graphs, so the data is put in named graphs only. No applicable test depends
on the default graph *not* being the union: those that read the default graph give
``default-graph-uri`` (query_dataset_default_graphs_get/_post, query_dataset_full), the others
read named graphs through ``GRAPH`` or read nothing (``ASK {}``). The only test that tells
the default graph apart from the named ones is update_dataset_full, which does not apply.
A dataset given in the request replaces the union entirely (with ``named-graph-uri`` alone
the default graph is empty, as SPARQL 1.1 Query 13.2 says of ``FROM NAMED``); the tests after
the manifest's check that, and the other behaviour the manifest does not reach.

Tests that do not apply: they need an update to succeed, and this endpoint is read-only.
For each, the runner asserts that the update is refused (4xx) and that the test's later
queries are answered (2xx, the expected format) and see no trace of it (the opposite of the
expected boolean).

- ``update_dataset_default_graph``: SPARQL Update with ``using-graph-uri``.
- ``update_dataset_default_graphs``: SPARQL Update with two ``using-graph-uri``.
- ``update_dataset_named_graphs``: SPARQL Update with ``using-named-graph-uri``.
- ``update_dataset_full``: SPARQL Update with ``using-graph-uri`` and ``using-named-graph-uri``.
- ``update_post_form``: SPARQL Update by URL-encoded POST (``update=``).
- ``update_post_direct``: SPARQL Update by POST of ``application/sparql-update``.
- ``update_base_uri``: the base IRI of an update (``INSERT DATA`` with a relative IRI).

The malformed-update tests (bad_update_get, bad_multiple_updates, bad_update_wrong_media_type,
bad_update_missing_form_type, bad_update_non_utf8, bad_update_syntax,
bad_update_dataset_conflict) expect a 4xx and are run as written. They pass because every
update is refused here (403, or 422 for a POST that is neither a form nor a SPARQL media
type), not because the update's particular fault is detected.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from urllib.request import url2pathname

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

from api.app import create_app
from kg.stores.disk import new_build_dir, switch, write_build

SUITE = Path(__file__).parents[2].parent / "shared" / "w3c-sparql-protocol"
MANIFEST = SUITE / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

# mf:expectedFormat: the media types of each kind, as the manifest's test names list them
# ("expect one of: XML, JSON, CSV, TSV"; "RDF/XML, Turtle, N-Triples, RDFa").
RESULTS = {"application/sparql-results+xml", "application/sparql-results+json"}
FORMATS = {
    "boolean": RESULTS,
    "tabular": RESULTS | {"text/csv", "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html", "application/xhtml+xml"},
}
UPDATE_PARAMS = {"update", "using-graph-uri", "using-named-graph-uri"}


@dataclass(frozen=True)
class Step:
    """One ``ht:Request`` of a test, mapped onto this service, and what it expects."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]
    format: str | None
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        ctype = self.headers.get("content-type", "").split(";")[0].strip()
        names = {k for k, _ in parse_qsl(urlsplit(self.path).query)}
        if ctype == "application/x-www-form-urlencoded" and self.body:
            names |= {k for k, _ in parse_qsl(self.body.decode("utf-8", "replace"))}
        return ctype == "application/sparql-update" or bool(names & UPDATE_PARAMS)


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    graphs: dict[str, Path]
    steps: tuple[Step, ...]

    @property
    def applies(self) -> bool:
        """False for a test that needs an update to succeed."""
        return not any(s.is_update and 2 in s.statuses for s in self.steps)


def _path(absolute_path: str) -> str:
    assert absolute_path.startswith("/sparql/"), absolute_path
    return "/sparql" + absolute_path[len("/sparql/"):]


def _step(g: Graph, node: URIRef) -> Step:
    headers = {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
               for h in Collection(g, g.value(node, HT.headers) or RDF.nil)}
    body = g.value(node, HT.body)
    data = None
    if body is not None:
        data = str(g.value(body, CNT.chars)).encode(str(g.value(body, CNT.characterEncoding) or "UTF-8"))
    resp = g.value(node, HT.resp)
    classes = frozenset(int(m.group(1)) for s in g.objects(resp, MF.expectedStatus)
                        if (m := re.search(r"StatusCode(\d)xx$", str(s))))
    fmt = g.value(resp, MF.expectedFormat)
    boolean = g.value(resp, MF.expectedBoolean)
    return Step(str(g.value(node, HT.methodName)), _path(str(g.value(node, HT.absolutePath))), headers, data,
                classes, None if fmt is None else str(fmt), None if boolean is None else bool(boolean.toPython()))


def _cases() -> list[Case]:
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = g.value(predicate=RDF.type, object=MF.Manifest)
    cases = []
    for test in Collection(g, g.value(manifest, MF.entries)):
        assert isinstance(test, URIRef)
        graphs = {str(g.value(d, RDFS.label)): Path(url2pathname(urlsplit(str(g.value(d, UT.graph))).path))
                  for d in g.objects(test, UT.graphData)}
        action = g.value(test, MF.action)
        steps = tuple(_step(g, r) for r in Collection(g, g.value(action, HT.requests)))
        cases.append(Case(str(test).rpartition("#")[2], str(g.value(test, MF.name)), graphs, steps))
    return cases


CASES = _cases() if MANIFEST.is_file() else []
ABSENT = pytest.mark.skip(reason=f"the W3C protocol tests are not at {SUITE} (they sit beside the clone in CI)")


def _params(applies: bool) -> list:  # type: ignore[type-arg]
    chosen = [pytest.param(c, id=c.name) for c in CASES if c.applies == applies]
    return chosen or [pytest.param(None, id="suite-absent", marks=ABSENT)]


@pytest.fixture(scope="module")
def w3c(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on a store holding every graph the manifest names, on the host it names."""
    graphs: dict[str, Path] = {}
    for case in CASES:
        for name, path in case.graphs.items():
            assert graphs.setdefault(name, path) == path, f"{case.name}: graph {name} loaded from two files"
    data = ox.Store()
    for name, path in graphs.items():
        data.load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    root = tmp_path_factory.mktemp("w3c-store")
    build = new_build_dir(root)
    write_build(build, data, {"source": str(SUITE), "graphs": sorted(graphs)})
    switch(root, build)
    with TestClient(create_app(store_root=root), base_url="http://www.example", follow_redirects=False) as client:
        yield client


def _send(client: TestClient, step: Step):  # type: ignore[no-untyped-def]
    return client.request(step.method, step.path, headers=step.headers, content=step.body)


def _answer(media: str, body: bytes) -> object:
    """The parsed body: a bool, a list of solutions or a list of triples; fails if it does not parse."""
    if media == "text/csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8"))))
    results = ox.QueryResultsFormat.from_media_type(media)
    if results is not None:
        parsed = ox.parse_query_results(body, format=results)
        return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else list(parsed)
    rdf = ox.RdfFormat.from_media_type(media)
    assert rdf is not None, f"no parser for {media}"
    return list(ox.parse(body, format=rdf))


def _check(step: Step, response, *, boolean: bool | None) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code // 100 in step.statuses, (response.status_code, response.text)
    if step.format is None:
        return
    media = response.headers["content-type"].split(";")[0].strip()
    assert media in FORMATS[step.format], media
    answer = _answer(media, response.content)
    if step.format == "boolean":
        assert isinstance(answer, bool)
    if boolean is not None:
        assert answer is boolean


@pytest.mark.parametrize("case", _params(applies=True))
def test_protocol(w3c, case: Case):
    for step in case.steps:
        _check(step, _send(w3c, step), boolean=step.boolean)


@pytest.mark.parametrize("case", _params(applies=False))
def test_update_is_refused(w3c, case: Case):
    for step in case.steps:
        response = _send(w3c, step)
        if step.is_update:
            assert 400 <= response.status_code < 500, (response.status_code, response.text)
            assert response.headers["content-type"] == "application/problem+json"
        else:  # the query that would have seen the update's effect
            _check(step, response, boolean=None if step.boolean is None else not step.boolean)


@pytest.mark.skipif(not CASES, reason=f"the W3C protocol tests are not at {SUITE}")
def test_the_docstring_lists_every_test_that_does_not_apply():
    listed = set(re.findall(r"^- ``(\w+)``:", __doc__ or "", re.MULTILINE))
    assert listed == {c.name for c in CASES if not c.applies}


# Beyond the manifest: the dataset rules and request checks it does not reach, on the test graph.

DESIGNATIONS = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/seckg/ontology#Designation> }"
NATO_TC = "https://w3id.org/seckg/id/graph/document/nato-tc-2022"


def _count(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_from_in_the_query_gives_the_dataset(client):
    union = _count(client.get("/sparql", params={"query": DESIGNATIONS}))
    scoped = DESIGNATIONS.replace("WHERE", f"FROM <{NATO_TC}> WHERE")
    assert (union, _count(client.get("/sparql", params={"query": scoped}))) == (12, 2)


def test_the_protocol_dataset_wins_over_from(client):
    scoped = DESIGNATIONS.replace("WHERE", f"FROM <{NATO_TC}> WHERE")
    other = {"default-graph-uri": "https://w3id.org/seckg/id/graph/document/tst-2010"}
    expected = _count(client.get("/sparql", params={"query": DESIGNATIONS, **other}))
    assert _count(client.get("/sparql", params={"query": scoped, **other})) == expected == 4


def test_named_graphs_alone_leave_the_default_graph_empty(client):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "named-graph-uri": NATO_TC})
    assert r.json()["boolean"] is False
    r = client.get("/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": NATO_TC})
    assert r.json()["boolean"] is True


def test_relative_iris_resolve_against_the_endpoint(client):
    r = client.get("/sparql", params={"query": "SELECT (<x> AS ?x) {}"})
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "http://testserver/x"


@pytest.mark.parametrize("request_kwargs, parameter", [
    ({"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, "default-graph-uri"),
    ({"params": {"query": "ASK {}", "named-graph-uri": ""}}, "named-graph-uri"),
    ({"content": b"ASK { \xff }", "headers": {"content-type": "application/sparql-query"}}, "body"),
    ({"content": b"query=ASK%20%7B%FF%7D", "headers": {"content-type": "application/x-www-form-urlencoded"}},
     "body"),
    ({"content": "ASK {}".encode("latin-1"), "headers": {"content-type": "application/sparql-query; charset=latin-1"}},
     "content-type"),
])
def test_malformed_requests_name_the_parameter(client, request_kwargs, parameter):
    method = "POST" if "content" in request_kwargs else "GET"
    r = client.request(method, "/sparql", **request_kwargs)
    assert r.status_code == 422 and r.json()["parameter"] == parameter
