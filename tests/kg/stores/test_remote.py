"""The remote store answers as the embedded one: named queries, VALUES binding, patterns."""

from __future__ import annotations

import shlex

import pyoxigraph as ox
import pytest

from kg.ask import named
from kg.errors import StoreError
from kg.query_files import QueryFile
from kg.stores import http_at
from kg.stores.remote import RemoteStore, with_values
from kg.stores.remote_handle import RemoteHandle

# Parameters that find something in the test seeds, for every named query; the examples
# of the queries' headers (written for the real seeds) are added to them below.
CASES: dict[str, list[dict[str, str]]] = {
    "actors": [{}, {"code": "JPN"}],
    "categories": [{}],
    "change_evidence": [{"year": "2020"}, {"year": "2020", "include_unverified": "true"},
                        {"year": "2020", "issuer": "JPN", "target": "RUS"}],
    "changes": [{"year": "2020"}, {"year": "2020", "kind": "NotCoded"}, {"year": "2022"}],
    "designated_as": [{"target": "RUS", "category": "threat", "as_of": "2021-01-01"},
                      {"target": "CHN", "category": "concern", "as_of": "2015-01-01"}],
    "designations": [{}, {"target": "RUS", "as_of": "2021-01-01", "include_unverified": "true"},
                     {"document": "tst-2020", "category": "concern"}, {"issuer": "JPN"}],
    "documents": [{}, {"issuer": "JPN"}],
    "dyad_timeline": [{"issuer": "JPN", "target": "RUS"}, {"issuer": "RUS", "target": "JPN"}],
    "moved_category": [{"year": "2020"}, {"year": "2020", "direction": "hostility", "issuer": "JPN", "target": "RUS"},
                       {"year": "2020", "direction": "friendship"}],
    "positions": [{}, {"document": "tst-2020"}, {"issuer": "JPN", "target": "RUS"}],
    "sections": [{"document": "tst-2020"}, {"document": "tst-2010"}],
}


def example_params(query: QueryFile) -> dict[str, str]:
    """The ``--param`` values of a query's header example."""
    words = shlex.split(query.example)
    return dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w == "--param")


def all_cases() -> list[tuple[str, dict[str, str]]]:
    return [(name, params) for name, q in named.catalogue().items()
            for params in [*CASES.get(name, []), example_params(q)]]


def test_every_named_query_has_cases():
    assert set(CASES) == set(named.catalogue())


def rows_by_values(store: ox.Store, name: str, params: dict[str, str]) -> list[dict[str, object]]:
    """A named query run as the remote store runs it: VALUES in the text, no substitutions."""
    q = named.query(name)
    result = store.query(with_values(q.text, q.bind(params)), use_default_graph_as_union=True)
    return [{v.value: named.term_value(s[v]) for v in result.variables} for s in result]


@pytest.mark.parametrize(("name", "params"), all_cases())
def test_values_binding_equals_substitutions(store, name, params):
    """On one engine, VALUES at the start of the WHERE group binds as substitutions do."""
    assert rows_by_values(store, name, params) == list(named.rows(store, name, params))


@pytest.fixture(scope="module")
def remote(remote_url: str) -> RemoteStore:
    return RemoteHandle(http_at(remote_url)).get()


@pytest.mark.parametrize(("name", "params"), all_cases())
def test_remote_rows_equal_embedded_rows(store, remote, name, params):
    """Every named query, on a real Oxigraph server, gives the embedded store's rows, in order."""
    assert list(named.rows(remote, name, params)) == list(named.rows(store, name, params))


def test_some_cases_find_rows(store):
    found = [bool(list(named.rows(store, name, params))) for name, params in all_cases()]
    assert sum(found) > len(found) * 2 // 3


NASTY = ['} } SELECT * { ?s ?p ?o } #', 'a "quoted"\nline\\with\ttabs', "'single' \"\"\" ''' ",
         "日本語 \u0000 \U0001F600"]


@pytest.mark.parametrize("text", NASTY)
def test_a_literal_stays_a_literal(store, remote, text):
    term = ox.Literal(text)
    query = "SELECT ?x WHERE { }"
    for engine in (store, remote):
        [row] = list(engine.query(query, substitutions={ox.Variable("x"): term}))
        assert row["x"] == term


def test_values_needs_a_where_group():
    with pytest.raises(ValueError, match="WHERE"):
        with_values("DESCRIBE <http://example.org/x>", {ox.Variable("x"): ox.Literal("1")})


def test_values_refuses_blank_nodes():
    with pytest.raises(TypeError, match="blank|IRIs and literals"):
        with_values("SELECT * WHERE { }", {ox.Variable("x"): ox.BlankNode()})


def test_where_in_comments_strings_and_iris_is_not_the_where():
    q = 'PREFIX w: <http://example.org/WHERE/> # WHERE {\nSELECT ("WHERE {" AS ?w) ?x WHERE { ?x a w:y }'
    bound = with_values(q, {"x": ox.NamedNode("http://example.org/a")})
    assert bound.endswith('WHERE { VALUES (?x) { (<http://example.org/a>) } ?x a w:y }')


def test_quads_for_pattern_matches_the_embedded_triples(store, remote):
    doc = ox.NamedNode("https://w3id.org/seckg/id/document/tst-2020")
    for pattern in [(doc, None, None), (None, None, doc),
                    (None, ox.NamedNode("https://w3id.org/seckg/ontology#code"), ox.Literal("JPN"))]:
        embedded = {q.triple for q in store.quads_for_pattern(*pattern)}
        assert embedded and {q.triple for q in remote.quads_for_pattern(*pattern)} == embedded


def test_construct_and_ask_answer_as_pyoxigraph_does(store, remote):
    construct = "CONSTRUCT { ?d ?p ?o } WHERE { ?d a <https://w3id.org/seckg/ontology#StrategyDocument> ; ?p ?o }"
    got = remote.query(construct)
    assert isinstance(got, ox.QueryTriples)
    assert set(got) == set(store.query(construct, use_default_graph_as_union=True))
    ask = remote.query("ASK { ?s <https://w3id.org/seckg/ontology#code> 'JPN' }")
    assert isinstance(ask, ox.QueryBoolean) and bool(ask)


def test_no_build_on_the_store(tmp_path):
    from tests.stores import oxigraph

    with oxigraph(tmp_path / "empty") as url:
        handle = RemoteHandle(http_at(url))
        with pytest.raises(StoreError, match="seckg build --store-url"):
            handle.get()
        handle.http.close()
