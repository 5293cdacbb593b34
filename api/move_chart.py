"""The chart of a year's moves: one arrow per move on the shared scale, from the old category to the new.

Server-side SVG, no script: x the scale from ally (1) to enemy (10), one row per move,
an arrow from the replaced edition's position to the newer one's, red toward hostility and
blue toward friendship, each row linking to its change record.

>>> svg = render([{"issuer": "JPN", "target": "RUS", "from_category": "partner", "to_category": "concern",
...                "iri": "x", "direction": "toward hostility"}], {"partner": 2, "concern": 5}, href=str)
>>> svg.count('class="move"'), 'marker-end' in svg
(1, True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

HOSTILE, FRIENDLY = "#c0392b", "#2e6da4"


def render(moves: list[dict[str, Any]], ranks: Mapping[str, int], *, href: Callable[[str], str],
           width: int = 760) -> Markup:
    left, right, row, top = 150, 24, 26, 34
    height = top + row * len(moves) + 12
    span = width - left - right

    def x(rank: int) -> float:
        return left + (rank - 1) / 9 * span

    names = sorted(ranks, key=lambda n: ranks[n])
    parts = [f'<svg class="moves" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             'role="img" aria-label="The moves of the year on the shared scale" font-family="system-ui, sans-serif" '
             'font-size="12"><defs>'
             f'<marker id="to-hostile" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{HOSTILE}"/></marker>'
             f'<marker id="to-friendly" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{FRIENDLY}"/></marker></defs>']
    for name in names:
        parts.append(f'<line x1="{x(ranks[name]):.1f}" y1="{top - 6}" x2="{x(ranks[name]):.1f}" y2="{height - 6}" '
                     f'stroke="#e3e3e3"/><text x="{x(ranks[name]):.1f}" y="{top - 12}" text-anchor="middle" '
                     f'fill="#555" font-size="10">{escape(name)}</text>')
    for i, move in enumerate(moves):
        y = top + row * i + row / 2
        a, b = ranks.get(move["from_category"] or "", 0), ranks.get(move["to_category"] or "", 0)
        if not a or not b:
            continue
        hostile = b > a
        colour, marker = (HOSTILE, "to-hostile") if hostile else (FRIENDLY, "to-friendly")
        label = f"{move['issuer']} on {move['target']}"
        tip = f"{label}: {move['from_category']} to {move['to_category']} ({move.get('direction') or ''})"
        parts.append(f'<a href="{escape(href(move["iri"]))}"><g class="move"><title>{escape(tip)}</title>'
                     f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>'
                     f'<circle cx="{x(a):.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
                     f'<line x1="{x(a):.1f}" y1="{y:.1f}" x2="{x(b):.1f}" y2="{y:.1f}" stroke="{colour}" '
                     f'stroke-width="2.5" marker-end="url(#{marker})"/></g></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
