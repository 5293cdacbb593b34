"""The few Markdown forms the project's own texts use (seeds/CODEBOOK.md, CHANGELOG.md, COVERAGE.md), as HTML.

Headings (``#`` to ``####``; a heading that starts with a rule number, ``### R2.5 concern``,
gets that number as its anchor, so ``/codebook#R2.5`` reaches the rule), paragraphs, lists
(``-``), tables (``| a | b |`` rows, the second a ``|---|`` rule), and inline ``**strong**``,
``*emphasis*``, `` `code` `` and ``[text](url)``. Every character of the text is escaped first;
only those forms become markup.

>>> to_html("### R2.5 concern\\nQualifies: *serious concern*.")
'<h3 id="R2.5"><a href="#R2.5">R2.5</a> concern</h3>\\n<p>Qualifies: <em>serious concern</em>.</p>'
>>> print(to_html("| a | b |\\n|---|---:|\\n| 1 | <2> |"))
<table>
<thead><tr><th>a</th><th>b</th></tr></thead>
<tbody>
<tr><td>1</td><td>&lt;2&gt;</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import re
from html import escape

_HEADING = re.compile(r"^(#{1,4}) (.*)$")
_RULE = re.compile(r"^(R\d+(?:\.\d+)?) ")
_INLINE = [
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*([^*]+)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])"), r"<em>\1</em>"),
    (re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+|/[^)\s]*|#[^)\s]*)\)"), r'<a href="\2">\1</a>'),
]


def _inline(text: str) -> str:
    out = escape(text, quote=True)
    for pattern, replacement in _INLINE:
        out = pattern.sub(replacement, out)
    return out


def to_html(text: str) -> str:
    """``text`` (the subset above) as HTML."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            head, *body = rows
            cells = "".join(f"<th>{_inline(c)}</th>" for c in head)
            lines = [f"<tr>{''.join(f'<td>{_inline(c)}</td>' for c in r)}</tr>" for r in body]
            blocks.append(f"<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n" + "\n".join(lines)
                          + "\n</tbody>\n</table>")
            rows.clear()
        if paragraph:
            blocks.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>\n" + "\n".join(f"<li>{_inline(i)}</li>" for i in items) + "\n</ul>")
            items.clear()

    for line in text.splitlines():
        if line.startswith("|") and line.rstrip().endswith("|"):
            if paragraph or items:
                flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(set(c) <= set("-: ") and c for c in cells):  # the |---| rule is not a row
                rows.append(cells)
            continue
        if rows:
            flush()
        heading = _HEADING.match(line)
        if heading:
            flush()
            level, title = len(heading.group(1)), heading.group(2).strip()
            rule = _RULE.match(title + " ")
            if rule:
                number = rule.group(1)
                rest = title[len(number):]
                blocks.append(f'<h{level} id="{number}"><a href="#{number}">{number}</a>{_inline(rest)}</h{level}>')
            else:
                blocks.append(f"<h{level}>{_inline(title)}</h{level}>")
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
        elif not line.strip():
            flush()
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    flush()
    return "\n".join(blocks)


def rule_numbers(text: str) -> list[str]:
    """The rule numbers that head a section of ``text``, in order."""
    return [m.group(1) for line in text.splitlines() if (h := _HEADING.match(line))
            and (m := _RULE.match(h.group(2).strip() + " "))]
