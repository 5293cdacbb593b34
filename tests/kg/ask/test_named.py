import pytest

from kg.ask import named
from kg.errors import BadParameter, UnknownQuery


def test_every_named_query_has_a_summary_and_an_example():
    for q in named.catalogue().values():
        assert q.summary, q.name
        assert q.example.startswith("seckg query --name " + q.name), q.name


def test_every_named_query_runs_with_its_example_parameters(store):
    for q in named.catalogue().values():
        params = dict(p.split("=", 1) for p in q.example.split("--param ")[1:])
        params = {k: v.strip() for k, v in params.items()}
        list(named.rows(store, q.name, params))


def test_values_are_bound_not_pasted(store):
    hostile = 'JPN" } UNION { ?s ?p ?o } #'
    with pytest.raises(BadParameter) as info:
        list(named.rows(store, "moved_category", {"year": "2020", "issuer": hostile}))
    assert info.value.name == "issuer"


@pytest.mark.parametrize("params, name", [
    ({}, "year"),
    ({"year": "20"}, "year"),
    ({"year": "2020", "colour": "red"}, "colour"),
    ({"year": "2020", "direction": "sideways"}, "direction"),
])
def test_bad_parameters_name_the_parameter(store, params, name):
    with pytest.raises(BadParameter) as info:
        list(named.rows(store, "moved_category", params))
    assert info.value.name == name


def test_unknown_query():
    with pytest.raises(UnknownQuery):
        named.query("nope")


def test_dyad_timeline_is_asymmetric(store):
    jpn_on_rus = list(named.rows(store, "dyad_timeline", {"issuer": "JPN", "target": "RUS"}))
    rus_on_jpn = list(named.rows(store, "dyad_timeline", {"issuer": "RUS", "target": "JPN"}))
    assert [r["category"] for r in jpn_on_rus if r["position"]] == ["partner", "threat"]
    assert rus_on_jpn == []


def test_designated_as_uses_the_latest_edition_as_of_a_date(store):
    def issuers(as_of):
        rows = named.rows(store, "designated_as", {"target": "RUS", "category": "threat", "as_of": as_of})
        return sorted((r["issuer"], r["document"].rsplit("/", 1)[-1]) for r in rows)

    assert issuers("2015-01-01") == []
    assert issuers("2021-01-01") == [("JPN", "tst-2020")]
    assert issuers("2023-01-01") == [("JPN", "tst-2020"), ("NATO", "nato-tc-2022")]
