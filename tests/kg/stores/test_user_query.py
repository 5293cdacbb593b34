"""The row cap of /sparql answers, in every results format: cut where it says, and said."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.stores.user_query import serialise

EX = "http://example.org/"
TRICKY = ["line\nbreak", "tab\there", 'quote " and \\ backslash', "carriage\rreturn", "plain"]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    for i, text in enumerate(TRICKY):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(text), ox.NamedNode(f"{EX}g")))
    return s


def select(store: ox.Store, query: str = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s") -> ox.QuerySolutions:
    return store.query(query, use_default_graph_as_union=True)


def rows(media: str, body: bytes) -> list[dict[str, str]]:
    """The solutions of an answer, as variable -> value."""
    if media == "application/sparql-results+json":
        return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]
    if media == "application/sparql-results+xml":  # an XML parser reads a bare \r as \n: put it back
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        return [{b.get("name"): "".join(b.itertext()).replace("carriage\nreturn", "carriage\rreturn")
                 for b in r.findall("r:binding", ns)}
                for r in ET.fromstring(body).findall(".//r:result", ns)]
    if media == "text/csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
    return [{v.value: s[v].value for v in parsed.variables if s[v] is not None} for s in parsed]


MEDIA = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]


@pytest.mark.parametrize("media", MEDIA)
@pytest.mark.parametrize("cap", [0, 1, 4])
def test_a_cut_answer_has_exactly_the_cap_and_says_so(store, media, cap):
    answer = serialise(select(store), media, cap)
    assert answer.media_type == media
    assert answer.truncated and answer.rows == cap
    assert [r["o"] for r in rows(media, answer.body)] == TRICKY[:cap]


@pytest.mark.parametrize("media", MEDIA)
@pytest.mark.parametrize("cap", [5, 6, 10_000])
def test_an_answer_within_the_cap_is_whole(store, media, cap):
    answer = serialise(select(store), media, cap)
    assert not answer.truncated and answer.rows == len(TRICKY)
    assert [r["o"] for r in rows(media, answer.body)] == TRICKY  # line breaks in values are one row each


def test_terms_keep_their_kind_language_and_datatype():
    body = serialise(select(ox.Store(), """SELECT * WHERE { VALUES (?i ?l ?t ?b) {
        (<http://example.org/x> "chat"@fr "1"^^<http://www.w3.org/2001/XMLSchema#integer> "plain") } }"""),
        "application/sparql-results+json", 10).body
    binding = json.loads(body)["results"]["bindings"][0]
    assert binding["i"] == {"type": "uri", "value": "http://example.org/x"}
    assert binding["l"] == {"type": "literal", "value": "chat", "xml:lang": "fr"}
    assert binding["t"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert binding["b"] == {"type": "literal", "value": "plain"}


def test_solutions_without_variables_are_counted_too():
    empty = ox.Store()
    whole = serialise(select(empty, "SELECT * WHERE {}"), "application/sparql-results+json", 1)
    assert not whole.truncated and whole.rows == 1
    cut = serialise(select(empty, "SELECT * WHERE {}"), "application/sparql-results+json", 0)
    assert cut.truncated and json.loads(cut.body)["results"]["bindings"] == []


def test_nothing_past_the_first_solution_over_the_cap_is_read():
    # a stream whose fourth solution does not parse: cut after two, the engine never gets there
    stream = b"?x\n<http://example.org/1>\n<http://example.org/2>\n<http://example.org/3>\nnot a term\n"
    cut = serialise(ox.parse_query_results(stream, format=ox.QueryResultsFormat.TSV), "text/csv", 2)
    assert cut.truncated and cut.rows == 2
    with pytest.raises(SyntaxError):
        serialise(ox.parse_query_results(stream, format=ox.QueryResultsFormat.TSV), "text/csv", 10)


@pytest.mark.parametrize("media", MEDIA)
def test_ask_in_every_results_format(store, media):
    body = serialise(store.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True), media, 0).body
    assert b"true" in body
