import pytest

from kg.formats import choose

OFFERS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]


@pytest.mark.parametrize("accept, expected", [
    (None, "application/sparql-results+json"),
    ("", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("application/sparql-results+xml;q=0.8, text/csv;q=0.9", "text/csv"),
    ("text/*;q=0.3, application/sparql-results+xml;q=0.2", "text/csv"),
    ("application/*, text/csv;q=1.0", "application/sparql-results+json"),
    ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
    ("image/png", None),
    ("garbage", None),
    ("text/csv;q=abc, application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_choose(accept, expected):
    assert choose(accept, OFFERS) == expected


def test_a_long_accept_header_is_honoured_and_not_remembered():
    from kg.formats import _choose

    header = "text/csv;q=0.5, " + "x/y;q=0.1, " * 100 + "application/sparql-results+json"
    before = _choose.cache_info().currsize
    assert choose(header, ["text/csv", "application/sparql-results+json"]) == "application/sparql-results+json"
    assert choose(header, ["text/csv"]) == "text/csv"
    assert _choose.cache_info().currsize == before
