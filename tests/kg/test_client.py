"""kg.client: typed DataFrames, the same through the embedded graph and through the service."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kg.ask.rows import quote_text
from kg.client import Client, MissingExtra, connect, locate, open_graph
from kg.client import remote as remote_mod
from kg.client.frames import XSD, from_sparql_json
from kg.errors import BadParameter, NotFound, QueryError, QuerySyntax, StoreError, UnsafeQuery
from kg.settings import Settings
from kg.stores.disk import current_build
from kg.vocab import GRAPH_ONTOLOGY
from tests.conftest import FIXTURE_SEEDS

README = Path(__file__).parents[2] / "README.md"
PREFIX = "PREFIX seckg: <https://w3id.org/seckg/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "


@pytest.fixture(scope="module")
def embedded(store_root: Path) -> Client:
    return open_graph(store_root)


@pytest.fixture(scope="module")
def remote(client) -> Client:  # type: ignore[no-untyped-def]
    return connect("http://testserver", http=client)


# --- typed columns from SPARQL JSON -------------------------------------------------------------

def _one(term: dict[str, str] | None) -> pd.Series:
    bindings = [{"x": term}] if term is not None else [{}]
    return from_sparql_json({"head": {"vars": ["x"]}, "results": {"bindings": bindings}})["x"]


@pytest.mark.parametrize(("term", "dtype", "value"), [
    ({"type": "uri", "value": "https://w3id.org/seckg/id/state/JPN"}, "string",
     "https://w3id.org/seckg/id/state/JPN"),
    ({"type": "bnode", "value": "b0"}, "string", "_:b0"),
    ({"type": "literal", "value": "Japan", "xml:lang": "en"}, "string", "Japan"),
    ({"type": "literal", "value": "concern"}, "string", "concern"),
    ({"type": "literal", "value": "-7", "datatype": XSD + "integer"}, "Int64", -7),
    ({"type": "literal", "value": "3", "datatype": XSD + "nonNegativeInteger"}, "Int64", 3),
    ({"type": "literal", "value": "2.5", "datatype": XSD + "decimal"}, "Float64", 2.5),
    ({"type": "literal", "value": "true", "datatype": XSD + "boolean"}, "boolean", True),
    ({"type": "literal", "value": "0", "datatype": XSD + "boolean"}, "boolean", False),
    ({"type": "literal", "value": "2022-12-16", "datatype": XSD + "date"}, "datetime64[ns]",
     pd.Timestamp("2022-12-16")),
    ({"type": "literal", "value": "2017-01", "datatype": XSD + "gYearMonth"}, "datetime64[ns]",
     pd.Timestamp("2017-01-01")),
    ({"type": "literal", "value": "2022", "datatype": XSD + "gYear"}, "datetime64[ns]", pd.Timestamp("2022-01-01")),
    ({"type": "literal", "value": "2022-12-16T09:30:00+09:00", "datatype": XSD + "dateTime"}, "datetime64[ns]",
     pd.Timestamp("2022-12-16 00:30:00")),
    ({"type": "literal", "value": "many", "datatype": XSD + "integer"}, "string", "many"),  # ill-typed
])
def test_each_term_type_gets_its_dtype(term, dtype, value):
    column = _one(term)
    assert str(column.dtype) == dtype
    assert column[0] == value


def test_unbound_values_are_missing_and_mixed_columns_widen():
    result = {"head": {"vars": ["n", "when", "what", "never"]}, "results": {"bindings": [
        {"n": {"type": "literal", "value": "1", "datatype": XSD + "integer"},
         "when": {"type": "literal", "value": "2017-01", "datatype": XSD + "gYearMonth"},
         "what": {"type": "literal", "value": "1", "datatype": XSD + "integer"}},
        {"n": {"type": "literal", "value": "1.5", "datatype": XSD + "double"},
         "when": {"type": "literal", "value": "2019-01-15", "datatype": XSD + "date"},
         "what": {"type": "uri", "value": "https://example.org/x"}},
        {},
    ]}}
    df = from_sparql_json(result)
    assert df.dtypes.astype(str).to_dict() == {"n": "Float64", "when": "datetime64[ns]", "what": "string",
                                               "never": "string"}
    assert df["what"].tolist()[:2] == ["1", "https://example.org/x"]
    assert df.iloc[2].isna().all()


def test_an_empty_result_keeps_its_columns():
    df = from_sparql_json({"head": {"vars": ["a", "b"]}, "results": {"bindings": []}})
    assert list(df.columns) == ["a", "b"] and len(df) == 0


def test_quotes_prefer_english_words():
    assert quote_text([{"text": "懸念", "lang": "ja"}]) == "懸念"
    quotes = [{"text": "a", "lang": "en"}, {"text": "b", "lang": "en"}, {"text": "c", "lang": "ja"}]
    assert quote_text(quotes) == "a | b"
    assert quote_text([]) is None


# --- the embedded graph ----------------------------------------------------------------------------

def test_import_kg_does_not_import_pandas():
    code = "import sys, kg, kg.client, kg.ask.views, kg.ask.changes; assert 'pandas' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_missing_pandas_names_the_extra(monkeypatch, store_root):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtra, match=re.escape("pip install 'seckg[notebook]'")):
        open_graph(store_root)


def test_open_graph_builds_from_seeds_once(tmp_path):
    root = tmp_path / "store"
    g = open_graph(root, seeds=FIXTURE_SEEDS)
    first = current_build(root)
    assert first is not None and len(g.documents()) == 3
    open_graph(root, seeds=FIXTURE_SEEDS)
    assert current_build(root) == first


def test_open_graph_without_build_or_seeds_says_what_to_set(tmp_path):
    with pytest.raises(StoreError, match="SECKG_STORE"):
        open_graph(tmp_path / "store", seeds=tmp_path / "nothing")


def test_relative_paths_are_found_from_a_subfolder(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "notebooks").mkdir()
    assert locate(Path("var/store"), Path("seeds"), tmp_path / "notebooks") == (tmp_path / "var/store",
                                                                                 tmp_path / "seeds")
    assert locate(tmp_path / "s", Path("/abs/seeds"), tmp_path) == (tmp_path / "s", Path("/abs/seeds"))


def test_embedded_answers_have_proper_dtypes(embedded):
    moves = embedded.changes(year=2020)
    assert moves.dtypes.astype(str).to_dict() == {
        "year": "Int64", "issuer": "string", "target": "string", "kind": "string", "from_category": "string",
        "to_category": "string", "direction": "string", "rank_delta": "Int64", "from_document": "string",
        "to_document": "string", "from_term": "string", "to_term": "string", "from_quote": "string",
        "to_quote": "string", "confidence": "string", "crosses_band": "boolean", "robust": "boolean",
        "from_band": "string",
        "to_band": "string", "from_passages": "string", "to_passages": "string", "from_depth": "string",
        "to_depth": "string", "change": "string"}
    [move] = moves.itertuples()
    assert (move.confidence, move.crosses_band, move.from_band, move.to_band) == ("medium", True, "aligned", "wary")
    assert (move.to_passages, move.to_depth) == ("wary 1", "excerpts")
    assert embedded.changes(year=2020, min_confidence="high").empty
    with pytest.raises(BadParameter, match="min_confidence"):
        embedded.changes(year=2020, min_confidence="certain")
    assert (move.issuer, move.target, move.from_category, move.to_category, move.direction, move.rank_delta) == (
        "JPN", "RUS", "partner", "concern", "toward hostility", 3)
    assert move.from_document == "tst-2010" and move.to_document == "tst-2020" and move.from_quote
    documents = embedded.documents()
    assert str(documents["issued"].dtype) == "datetime64[ns]" and str(documents["designations"].dtype) == "Int64"
    assert str(embedded.designations("RUS")["position"].dtype) == "boolean"


def test_designations_as_of_keep_the_latest_edition(embedded):
    before = embedded.designations("JPN", direction="issued", as_of=pd.Timestamp("2015-01-01"))
    assert set(before["document"]) == {"tst-2010"}
    assert set(embedded.designations(as_of="2023-01-01")["document"]) == {"tst-2020", "nato-tc-2022"}


def test_ask_is_a_bool(embedded):
    assert embedded.query("ASK { ?s ?p ?o }") is True


# --- the same DataFrames through the service -------------------------------------------------------

QUESTIONS = {
    "query documents": lambda g: g.query(PREFIX + "SELECT ?doc ?issued (COUNT(?d) AS ?n) WHERE { "
                                         "?doc a seckg:StrategyDocument ; dct:issued ?issued . "
                                         "OPTIONAL { ?d seckg:document ?doc } } GROUP BY ?doc ?issued ORDER BY ?doc"),
    "query positions": lambda g: g.query(PREFIX + "SELECT ?d ?position ?rank WHERE { ?d a seckg:Designation ; "
                                         "seckg:category/seckg:rank ?rank . "
                                         "OPTIONAL { ?d seckg:isPosition ?position } } ORDER BY ?d"),
    "query with its own FROM": lambda g: g.query(f"SELECT (COUNT(*) AS ?n) FROM {GRAPH_ONTOLOGY} "
                                                 "WHERE { ?s ?p ?o }"),
    "changes": lambda g: g.changes(year=2020),
    "changes, all kinds": lambda g: g.changes(2020, issuer="JPN", all_kinds=True),
    "changes, none": lambda g: g.changes(1999),
    "dyad": lambda g: g.dyad("JPN", "RUS"),
    "received": lambda g: g.designations("RUS"),
    "issued as of": lambda g: g.designations("JPN", direction="issued", as_of="2015-01-01"),
    "all as of": lambda g: g.designations(as_of="2023-01-01"),
    "documents": lambda g: g.documents(),
    "documents of one issuer": lambda g: g.documents(issuer="JPN"),
    "states": lambda g: g.states(),
}


@pytest.mark.parametrize("question", QUESTIONS)
def test_same_dataframe_embedded_and_remote(question, embedded, remote):
    ask = QUESTIONS[question]
    assert_frame_equal(ask(embedded), ask(remote))


def test_remote_follows_pages(remote, embedded, monkeypatch):
    monkeypatch.setattr(remote_mod, "PAGE", 2)
    assert_frame_equal(remote.designations("JPN", direction="issued"),
                       embedded.designations("JPN", direction="issued"))


@pytest.mark.parametrize(("ask", "error"), [
    (lambda g: g.designations("XYZ"), NotFound),
    (lambda g: g.dyad("JPN", "XYZ"), NotFound),
    (lambda g: g.dyad("JPN", "JPN"), BadParameter),
    (lambda g: g.designations("jpn"), BadParameter),
    (lambda g: g.designations("RUS", as_of="2023-13"), BadParameter),
    (lambda g: g.changes(year="last"), BadParameter),
    (lambda g: g.changes(2022, direction="sideways"), BadParameter),
    (lambda g: g.query("SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"), UnsafeQuery),
    (lambda g: g.query("SELECT nonsense"), QuerySyntax),
    (lambda g: g.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), QueryError),
])
def test_same_error_embedded_and_remote(ask, error, embedded, remote):
    for g in (embedded, remote):
        with pytest.raises(error):
            ask(g)


def test_a_truncated_answer_warns(store_root):
    from fastapi.testclient import TestClient

    from api.app import create_app

    app = create_app(store_root=store_root, settings=replace(Settings.from_env(), max_rows=1), workers=1)
    with TestClient(app) as http, pytest.warns(UserWarning, match="cut the answer at 1 rows"):
        df = connect("http://testserver", http=http).query("SELECT ?s WHERE { ?s ?p ?o }")
    assert len(df) == 1


def test_an_unreachable_service_is_named():
    from tests.service import free_port

    with pytest.raises(StoreError, match="cannot reach"):
        connect(f"http://127.0.0.1:{free_port()}", timeout=2)


# --- the README's notebook example ----------------------------------------------------------------

def test_readme_notebook_example_runs(store_root, monkeypatch, tmp_path):
    section = README.read_text(encoding="utf-8").split("## From a notebook", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    monkeypatch.setenv("SECKG_STORE", str(store_root))
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "README.md", "exec"), namespace)  # noqa: S102
    assert isinstance(namespace["g"], Client)
