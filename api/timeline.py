"""The timeline chart of a state page: how each issuer has designated one target over time.

:func:`build_series` folds the designations a target receives into one series per issuer:
a mark per edition at the edition's *position* (derived from all its passages, codebook
R8.1: the facet flagged ``seckg:isPosition``), with the document's other facets kept beside it, where the line stops
when a newer edition no longer designates the target, and whether the last edition is
still in force. :func:`render` draws them as an inline SVG, server-side: x the years, y
the shared scale from ally (1, bottom) to enemy (10, top), step lines (a designation
holds until the next edition), a marker per edition linking to its document, and a
``<title>`` tooltip per marker naming the document and the category. No JavaScript.

>>> d = {"issuer": "JPN", "category": "partner", "rank": 2, "position": True, "term": None,
...      "document": {"iri": "https://w3id.org/seckg/id/document/x-2013", "title": "X 2013", "issued": "2013-12-17"}}
>>> [s] = build_series([d], [], href=str)
>>> s.issuer, [(m.category, m.issued) for m in s.marks], s.current
('JPN', [('partner', '2013-12-17')], True)
>>> svg = render([s], [(2, "partner")], names={"JPN": "Japan"}, target="Russia")
>>> svg.count('class="series"'), svg.count('class="mark"')
(1, 1)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup, escape

# Ten distinct colours (Tableau 10, the yellow darkened) and five marker shapes: 50 distinct pairs,
# so that issuers stay apart for readers who cannot tell the colours apart, and in print.
COLOURS = ["#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#E15759", "#76B7B2", "#B6992D", "#FF9DA7",
           "#9C755F", "#555555"]
SHAPES = ["circle", "square", "diamond", "triangle", "down"]
# Band tints from friendly (rank 1) through neutral (4) to hostile (10).
BANDS = ["#e3eefa", "#e9f2fb", "#eef5fb", "#f4f4f4", "#fbf6ea", "#fbf1e4", "#fbebe1",
         "#fae4dc", "#f8dcd6", "#f5d2cf"]


@dataclass(frozen=True)
class Mark:
    """One edition's position for the target, and the other facets the edition gives it."""

    when: float
    issued: str
    rank: int
    category: str
    term: str | None
    document: str
    iri: str
    href: str
    others: tuple[tuple[str, int], ...] = ()
    quote: str | None = None
    ends: float | None = None
    ended_by: str | None = None


@dataclass
class Series:
    issuer: str
    marks: list[Mark] = field(default_factory=list)
    current: bool = True


def year_fraction(issued: str) -> float:
    """``"2022-07-02"`` -> 2022.5 (the day's place in its year); a month or a year alone starts it.

    >>> round(year_fraction("2022-07-02"), 2), year_fraction("1987-01"), year_fraction("2004")
    (2022.5, 1987.0, 2004.0)
    """
    parts = [int(p) for p in issued[:10].split("-")] + [1, 1]
    day = date(parts[0], parts[1], parts[2])
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def build_series(designations: Iterable[Mapping[str, Any]], documents: Iterable[Mapping[str, Any]],
                 href: Callable[[str], str], *, to_designation: bool = False) -> list[Series]:
    """One series per issuer, from the designations of one target (``kg.ask.views.designations``)
    and the documents (``kg.ask.views.documents``) that say which edition replaced which. A
    marker links to its document, or with ``to_designation`` to the designation it shows (whose
    page gives the words in their passage)."""
    docs = {d["iri"]: d for d in documents}
    editions: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for d in designations:
        editions.setdefault(d["issuer"], {}).setdefault(d["document"]["iri"], []).append(d)
    out = []
    for issuer in sorted(editions):
        series = Series(issuer)
        for doc_iri, facets in editions[issuer].items():
            ranked = sorted(facets, key=lambda f: (not f["position"], -f["rank"]))
            top, doc = ranked[0], facets[0]["document"]
            newer = docs.get(doc_iri, {}).get("replaced_by")
            ends = None if newer is None or newer in editions[issuer] else docs.get(newer)
            series.marks.append(Mark(
                when=year_fraction(doc["issued"]), issued=doc["issued"], rank=top["rank"],
                category=top["category"], term=top["term"], document=doc["title"], iri=doc_iri,
                href=href(top["iri"] if to_designation else doc_iri),
                others=tuple((f["category"], f["rank"]) for f in ranked[1:]),
                quote=_words(top.get("quotes", [])),
                ends=None if ends is None else year_fraction(ends["issued"]),
                ended_by=None if ends is None else ends["title"]))
        series.marks.sort(key=lambda m: m.when)
        last = series.marks[-1]
        series.current = last.ends is None and docs.get(last.iri, {}).get("replaced_by") is None
        out.append(series)
    return out


def _words(quotes: Iterable[Mapping[str, Any]]) -> str | None:
    """The words a marker shows: the English quote, else the first in another language."""
    quotes = list(quotes)
    english = [q["text"] for q in quotes if q["lang"] == "en"]
    return (english or [q["text"] for q in quotes] or [None])[0]


def _style(i: int) -> tuple[str, str]:
    """The colour and the marker shape of the ``i``-th series."""
    return COLOURS[i % len(COLOURS)], SHAPES[i % len(SHAPES)]


def _marker(shape: str, x: float, y: float, size: float, colour: str, hollow: bool = False) -> str:
    fill = "#fff" if hollow else colour
    style = f'fill="{fill}" stroke="{colour}" stroke-width="{1.5 if hollow else 1.2}"'
    s = size
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" {style}/>'
    if shape == "square":
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" {style}/>'
    points = {
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "triangle": [(0, -1.3), (1.2, 0.9), (-1.2, 0.9)],
        "down": [(0, 1.3), (1.2, -0.9), (-1.2, -0.9)],
    }[shape]
    coords = " ".join(f"{x + dx * s:.1f},{y + dy * s:.1f}" for dx, dy in points)
    return f'<polygon points="{coords}" {style}/>'


def _ticks(x0: int, x1: int) -> list[int]:
    step = next(s for s in (1, 2, 5, 10, 20, 50) if (x1 - x0) / s <= 12)
    return [y for y in range(x0, x1 + 1) if y % step == 0]


def render(series: list[Series], scale: Iterable[tuple[int, str]], *, names: Mapping[str, str],
           target: str, width: int = 880, title: str | None = None) -> Markup:
    """The chart as an inline SVG element (safe to insert into a page as it is)."""
    labels = dict(scale)
    top_rank = max([10, *labels])
    band, left, right, bottom = 26, 104, 28, 36
    # The legend: one entry per issuer, wrapped into rows.
    legend, lx, ly = [], left, 18
    for i, s in enumerate(series):
        text = f"{names.get(s.issuer, s.issuer)} ({s.issuer})"
        w = 30 + 7.2 * len(text)
        if lx + w > width - right and lx > left:
            lx, ly = left, ly + 20
        colour, shape = _style(i)
        legend.append(f'<g class="legend-item"><line x1="{lx}" y1="{ly}" x2="{lx + 18}" y2="{ly}" '
                      f'stroke="{colour}" stroke-width="2"/>{_marker(shape, lx + 9, ly, 4.5, colour)}'
                      f'<text x="{lx + 24}" y="{ly + 4}">{escape(text)}</text></g>')
        lx += int(w) + 14
    plot_top = ly + 18
    height = plot_top + band * top_rank + bottom
    when = [m.when for s in series for m in s.marks] + [m.ends for s in series for m in s.marks if m.ends]
    x0 = math.floor(min(when, default=2000) - 0.25)
    x1 = math.ceil(max(when, default=2000) + 0.75)  # room for the last marker and its line "in force"
    if x1 - x0 < 4:
        x0, x1 = x0 - (4 - (x1 - x0)) // 2, x0 - (4 - (x1 - x0)) // 2 + 4
    plot_w = width - left - right

    def x(t: float) -> float:
        return left + (t - x0) / (x1 - x0) * plot_w

    def y(rank: int, offset: float = 0.0) -> float:
        return plot_top + (top_rank - rank + 0.5) * band + offset

    parts = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-labelledby="timeline-title timeline-desc" '
             f'font-family="system-ui, sans-serif" font-size="12">',
             f'<title id="timeline-title">{escape(title or f"How {target} is designated over time")}</title>',
             '<desc id="timeline-desc">One line per issuer; x: year of the edition, y: the shared scale '
             'from ally (bottom) to enemy (top). The same data is in the table below.</desc>',
             '<g class="axis y">']
    for rank in range(1, top_rank + 1):
        parts.append(f'<rect x="{left}" y="{y(rank) - band / 2:.1f}" width="{plot_w}" height="{band}" '
                     f'fill="{BANDS[min(rank, 10) - 1]}"/>'
                     f'<text x="{left - 8}" y="{y(rank) + 4:.1f}" text-anchor="end" fill="#333">'
                     f'{escape(labels.get(rank, str(rank)))}</text>')
    parts.append('</g><g class="axis x">')
    for year in _ticks(x0, x1):
        parts.append(f'<line x1="{x(year):.1f}" y1="{plot_top}" x2="{x(year):.1f}" y2="{y(1) + band / 2:.1f}" '
                     f'stroke="#fff" stroke-width="1"/><text x="{x(year):.1f}" y="{y(1) + band / 2 + 18:.1f}" '
                     f'text-anchor="middle" fill="#333">{year}</text>')
    parts.append("</g>")
    for i, s in enumerate(series):  # each series holds its legend entry: hovering either highlights both
        parts.append(_series(s, i, len(series), x, y, x1, names, legend[i]))
    parts.append("</svg>")
    return Markup("".join(parts))


def _series(s: Series, i: int, n: int, x: Callable[[float], float], y: Callable[[int, float], float],
            x_end: float, names: Mapping[str, str], legend: str) -> str:
    colour, shape = _style(i)
    off = (i - (n - 1) / 2) * min(3.0, 18 / max(n, 1))  # keep equal positions of several issuers apart
    path: list[str] = []
    stops: list[str] = []
    pen_up = True  # a step line: level until the next edition, then up or down to its position
    for k, m in enumerate(s.marks):
        path.append(f"{'M' if pen_up else 'L'}{x(m.when):.1f},{y(m.rank, off):.1f}")
        pen_up = False
        nxt = s.marks[k + 1] if k + 1 < len(s.marks) else None
        if m.ends is not None:
            path.append(f"H{x(m.ends):.1f}")
            stops.append(f'<g class="stop"><title>{escape(f"not designated in {m.ended_by}")}</title>'
                         f'<line x1="{x(m.ends) - 4:.1f}" y1="{y(m.rank, off) - 4:.1f}" x2="{x(m.ends) + 4:.1f}" '
                         f'y2="{y(m.rank, off) + 4:.1f}" stroke="{colour}" stroke-width="2"/>'
                         f'<line x1="{x(m.ends) - 4:.1f}" y1="{y(m.rank, off) + 4:.1f}" x2="{x(m.ends) + 4:.1f}" '
                         f'y2="{y(m.rank, off) - 4:.1f}" stroke="{colour}" stroke-width="2"/></g>')
            pen_up = True
        elif nxt is not None:
            path.append(f"H{x(nxt.when):.1f}")
    d = " ".join(path)
    who = names.get(s.issuer, s.issuer)
    out = [f'<g class="series" data-issuer="{escape(s.issuer)}"><title>{escape(who)}</title>', legend,
           f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.2" stroke-linejoin="round"/>']
    last = s.marks[-1]
    if s.current:
        out.append(f'<path class="in-force" d="M{x(last.when):.1f},{y(last.rank, off):.1f} H{x(x_end):.1f}" '
                   f'fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="4 4" opacity="0.7"/>')
    out.extend(stops)
    for m in s.marks:
        for category, rank in m.others:
            out.append(f'<g class="facet"><title>{escape(f"{who}, {m.document}: also {category}")}</title>'
                       f'{_marker("circle", x(m.when), y(rank, off), 2.8, colour, hollow=True)}</g>')
        term = f" (“{m.term}”)" if m.term and m.term != m.category else ""
        also = f"; also {', '.join(c for c, _ in m.others)}" if m.others else ""
        words = f"\n“{m.quote}”" if m.quote else ""
        tip = f"{who}, {m.document}, {m.issued}: {m.category}{term}{also}{words}"
        out.append(f'<a href="{escape(m.href)}"><g class="mark"><title>{escape(tip)}</title>'
                   f'{_marker(shape, x(m.when), y(m.rank, off), 5.5, colour)}</g></a>')
    out.append("</g>")
    return "".join(out)
