"""The guard of the public endpoint, driven by files: every query in ``sparql_text/pass/``
must pass it (and be a query the engine runs), every one in ``sparql_text/refuse/`` must be
refused with the reason of its class (SERVICE, each update operation, too long)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import UnsafeQuery
from kg.sparql_text import MAX_QUERY_CHARS, check_query, insert_in_where

HERE = Path(__file__).parent / "sparql_text"
PASS = sorted((HERE / "pass").glob("*.rq"))
REFUSE = sorted((HERE / "refuse").glob("*.rq"))
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


@pytest.mark.parametrize("path", PASS, ids=[p.stem for p in PASS])
def test_passes_and_runs(path: Path) -> None:
    query = path.read_text(encoding="utf-8")
    check_query(query)
    ox.Store().query(query)  # a real query, not a string the guard passes trivially


@pytest.mark.parametrize("path", REFUSE, ids=[p.stem for p in REFUSE])
def test_refused_with_its_reason(path: Path) -> None:
    with pytest.raises(UnsafeQuery) as refused:
        check_query(path.read_text(encoding="utf-8"))
    reason = "SERVICE" if path.stem.startswith("service") else "SPARQL Update"
    assert reason in str(refused.value)


def test_every_update_operation_has_a_file() -> None:
    refused = {p.read_text(encoding="utf-8").split()[0].upper() for p in REFUSE if p.stem.startswith("update-")}
    assert set(UPDATES) <= refused


def test_too_long_is_refused_and_the_limit_itself_passes() -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #"
    check_query(query + "x" * (MAX_QUERY_CHARS - len(query)))
    with pytest.raises(UnsafeQuery, match="longer than"):
        check_query(query + "x" * (MAX_QUERY_CHARS - len(query) + 1))


@pytest.mark.parametrize("path", PASS, ids=[p.stem for p in PASS])
def test_values_go_into_the_where_group(path: Path) -> None:
    """A VALUES block put into a query that passes still gives a query the engine runs."""
    query = path.read_text(encoding="utf-8")
    ox.Store().query(insert_in_where(query, "VALUES ?unused { <urn:x> }"))
