"""The timeline chart of a state page: one series per issuer, built from designations, drawn as SVG."""

from __future__ import annotations

from typing import Any

from api.timeline import build_series, render

DOC = "https://w3id.org/seckg/id/document/"


def doc(name: str, issued: str, replaced_by: str | None = None) -> dict[str, Any]:
    return {"iri": DOC + name, "title": name.upper(), "issued": issued,
            "replaced_by": None if replaced_by is None else DOC + replaced_by}


def facet(issuer: str, d: dict[str, Any], category: str, rank: int, position: bool = True,
          quote: str | None = None) -> dict[str, Any]:
    return {"issuer": issuer, "category": category, "rank": rank, "position": position, "term": None,
            "document": d, "quotes": [{"text": quote, "lang": "en"}] if quote else []}


OLD, MID = doc("a-2010", "2010-06-01", "a-2015"), doc("a-2015", "2015-01-01", "a-2020")
NEW = doc("a-2020", "2020-12-01")


def test_a_mark_per_edition_at_its_position_with_the_other_facets_beside_it() -> None:
    [series] = build_series([facet("JPN", NEW, "threat", 9, position=False), facet("JPN", NEW, "concern", 5),
                             facet("JPN", OLD, "partner", 2)], [OLD, MID, NEW], href=str)
    assert [(m.issued, m.category) for m in series.marks] == [("2010-06-01", "partner"), ("2020-12-01", "concern")]
    assert series.marks[1].others == (("threat", 9),)


def test_the_line_stops_where_a_newer_edition_no_longer_designates_the_target() -> None:
    [series] = build_series([facet("JPN", OLD, "partner", 2)], [OLD, MID, NEW], href=str)
    [mark] = series.marks
    assert mark.ended_by == "A-2015" and mark.ends is not None and 2014.9 < mark.ends < 2015.1
    assert not series.current


def test_the_last_edition_in_force_is_current() -> None:
    [series] = build_series([facet("JPN", NEW, "concern", 5)], [OLD, MID, NEW], href=str)
    assert series.current and series.marks[0].ends is None


def test_one_series_per_issuer_in_code_order() -> None:
    found = build_series([facet("USA", NEW, "ally", 1), facet("AUS", NEW, "partner", 2)], [NEW], href=str)
    assert [s.issuer for s in found] == ["AUS", "USA"]


def test_the_chart_has_a_series_and_a_linked_mark_per_edition_and_escapes_words() -> None:
    series = build_series([facet("JPN", OLD, "partner", 2, quote='"<b>" & co'), facet("JPN", NEW, "concern", 5),
                           facet("AUS", NEW, "partner", 2)], [OLD, MID, NEW], href=lambda iri: "/page?d=" + iri)
    svg = render(series, [(2, "partner"), (5, "concern")], names={"JPN": "Japan <jp>"}, target="Russia & co")
    assert svg.count('class="series"') == 2 and svg.count('class="mark"') == 3
    assert svg.count(f'href="/page?d={DOC}') == 3
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "Japan &lt;jp&gt;" in svg and "Russia &amp; co" in svg
    assert svg.count('class="stop"') == 1  # JPN's 2010 line stops at 2015; AUS is in force
