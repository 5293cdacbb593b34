"""The benchmark's own logic (no servers, no timing): the SPARQL it sends asks the same questions."""

import pyoxigraph as ox
import pytest

from bench import measure, report, sizing, workload


def test_bound_sparql_gives_the_rows_of_the_named_query(store):
    work = workload.pick(store)
    for operation, sets in work.params.items():
        assert sets, operation
        if operation == "changes_year" or operation in workload.REST:
            continue  # below; the REST resources have no SPARQL twin
        for params in sets:
            query = workload.bound_sparql(operation, params)
            rows = sum(1 for _ in store.query(query, use_default_graph_as_union=True))
            assert rows == workload.in_process(operation)(store, params), (operation, params)


def test_changes_over_an_endpoint_ask_the_same_questions(store):
    """The chain of kg.ask.changes through SPARQL JSON (what a server gets) gives the same page."""
    from kg.ask.change_filter import ChangeFilter
    from kg.ask.changes import find

    asked = []

    def ask(query: str) -> bytes:
        asked.append(query)
        result = store.query(query, use_default_graph_as_union=True)
        return result.serialize(format=ox.QueryResultsFormat.JSON)

    endpoint = workload.EndpointStore(ask)
    for params in workload.pick(store).params["changes_year"]:
        which = ChangeFilter(year=params["year"])
        assert find(endpoint, which, limit=2) == find(store, which, limit=2)
        assert workload.changes_page(endpoint, params) == workload.in_process("changes_year")(store, params) > 0
    assert len(asked) >= 5 and all("VALUES" in q for q in asked)


def test_values_are_rdf_terms_not_query_text():
    query = workload.bound_sparql("dyad_timeline", {"issuer": "JPN", "target": "RUS"})
    assert 'VALUES (?issuer ?target) { ("JPN" "RUS") }' in query
    with pytest.raises(Exception, match="issuer"):
        workload.bound_sparql("dyad_timeline", {"issuer": '" } ?s ?p ?o {', "target": "RUS"})


def test_consistency_names_the_operation_whose_counts_differ():
    def result(oxigraph_rows):  # type: ignore[no-untyped-def]
        return {"in_process": {"dyad_timeline": {"rows": [1, 2]}},
                "oxigraph": {"sparql": {"dyad_timeline": {"rows": oxigraph_rows}}}}

    assert report.consistency(result([1, 2]))["ok"]
    assert report.consistency(result([1, 3]))["mismatches"][0]["operation"] == "dyad_timeline"


def test_summary_median_and_p95():
    stats = measure.summary([i / 1000 for i in range(1, 101)])
    assert (stats["n"], stats["median_ms"], stats["p95_ms"]) == (100, 50.5, 95.0)
    assert measure.summary([])["median_ms"] is None


def test_sizes():
    assert [sizing.parse_size(s) for s in ("0.1M", "250k", "4000000")] == [100_000, 250_000, 4_000_000]


def test_rest_parameters_name_resources_that_exist(client, store):
    for operation, template in workload.REST.items():
        for params in workload.pick(store).params[operation]:
            assert client.get(template.format(**params)).status_code == 200, (operation, params)


def test_targets_compare_each_figure_with_what_issue_17_asks():
    result = {"build": {"total_s": 300.0, "peak_mib": 5000.0, "counts": {"quads": 6_000_000}},
              "bulk_load": {"seconds": 50.0},
              "ours": {"rest": {"dyad": {"median_ms": 0.4, "first_median_ms": 30.0}},
                       "route": {"changes_year": {"median_ms": 0.5, "first_median_ms": 25.0, "rows": [50] * 5}}}}
    found = {r["target"]: r for r in report.targets(result)}
    assert found["cold build / oxigraph load"]["figure"] == 6.0 and found["cold build / oxigraph load"]["met"] is False
    assert found["build peak memory"]["figure"] == 0.81 and found["build peak memory"]["met"] is True
    assert found["incremental rebuild / cold build"]["met"] is None  # not measured is not met
    assert found["/dyads/{a}/{b} median through HTTP"]["met"] is True
    assert found["/states/{code} median through HTTP"]["figure"] is None
    assert found["/changes first request of a page"]["met"] is False
    assert "NO" in report.targets_table(result)
    result["incremental"] = {"seconds": 12.0, "edited": "x/doc.yaml", "incremental": {"changed": ["x/doc.yaml"]}}
    found = {r["target"]: r for r in report.targets(result)}
    assert found["incremental rebuild / cold build"]["figure"] == 0.04
    assert found["incremental rebuild / cold build"]["met"] is True
    result["incremental"]["incremental"] = None  # it built cold: no figure
    assert {r["target"]: r for r in report.targets(result)}["incremental rebuild / cold build"]["met"] is None
