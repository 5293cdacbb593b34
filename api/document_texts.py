"""``/texts/{document}``: the held text of a document, with its licence and provenance.

- ``GET /texts/{document}`` -- an HTML page for browsers: the description of the text (licence,
  rights, origin, how it was made, checksum, corrections) and the text itself, every located
  quote highlighted and linked to its designation; ``Accept: text/plain`` gets the text.
- ``GET /texts/{document}.txt`` -- the text as plain UTF-8, exactly the characters that
  passages count (the held file with its recorded corrections), so that a passage IRI's
  ``#char=start,end`` (RFC 5147) names the same span here. Its licence is in a
  ``Link: <...>; rel="license"`` header.

On the HTML page each located quote is an element whose ``id`` is its fragment
(``#char=start,end``), so the same fragment names the passage on both.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from markupsafe import Markup, escape
from starlette.responses import Response

from api.links import base_url, url_for_iri
from api.pages import render
from kg.ask import texts
from kg.errors import BadParameter, NotFound
from kg.formats import HTML, PLAIN_TEXT, choose, split_suffix, with_charset

router = APIRouter(tags=["texts"])

PLAIN = PLAIN_TEXT
DOC_ID = re.compile(r"[a-z0-9][a-z0-9.\-]{0,79}")


def marked(chars: str, passages: list[dict[str, Any]], link: Any) -> Markup:
    """The text as HTML, each located quote in a ``<mark>`` with its fragment as ``id``
    (overlapping quotes share one mark; the others get an anchor where they start).

    >>> str(marked("a b<c d", [{"start": 2, "end": 5, "designation": "x", "target": "T", "category": None}], str))
    'a <mark id="char=2,5" title="T"><a href="x">b&lt;c</a></mark> d'
    """
    out, at = [], 0
    i = 0
    while i < len(passages):
        first = passages[i]
        start, end = first["start"], first["end"]
        group = [first]
        while i + 1 < len(passages) and passages[i + 1]["start"] < end:
            i += 1
            group.append(passages[i])
            end = max(end, passages[i]["end"])
        i += 1
        if start < at:  # inside a mark already written
            continue
        out.append(escape(chars[at:start]))
        anchors = "".join(f'<span id="char={p["start"]},{p["end"]}"></span>' for p in group[1:])
        title = ", ".join(sorted({f'{p["target"]}' + (f' ({p["category"]})' if p["category"] else "")
                                  for p in group}))
        out.append(Markup(f'<mark id="char={start},{first["end"]}" title="{escape(title)}">{anchors}'
                          f'<a href="{escape(link(first["designation"]))}">{escape(chars[start:end])}</a></mark>'))
        at = end
    out.append(escape(chars[at:]))
    return Markup("").join(out)


@router.get("/texts/{document}", summary="The held text of a document: HTML with its quotes marked, or plain text "
                                          "(.txt, or Accept: text/plain), with its licence and provenance")
def held_text(request: Request, document: str) -> Response:
    doc_id, suffix = split_suffix(document, [PLAIN, HTML])
    if not DOC_ID.fullmatch(doc_id):
        raise BadParameter("document", f"expected a document id such as usa-nss-1994, got {doc_id!r}")
    record = texts.text(request.app.state.store.get(), doc_id)
    if record is None:
        raise NotFound(f"the project holds no text of {doc_id!r}")
    plain = suffix == PLAIN or (suffix is None and choose(request.headers.get("accept"), [HTML, PLAIN]) == PLAIN)
    headers = {"Vary": "Accept", "Link": f'<{record["licence"]}>; rel="license"',
               "Cache-Control": "public, max-age=300"}
    if plain:
        return Response(record["chars"], media_type=with_charset(PLAIN), headers=headers)
    base = base_url(request)
    return render(request, "held_text.html", headers=headers, title=record["title"], data=record,
                  body=marked(record["chars"], record["passages"], lambda iri: url_for_iri(request, iri)),
                  document_url=url_for_iri(request, record["document"]) if record["document"] else None,
                  twins=[("Plain text", f"{base}/texts/{doc_id}.txt", PLAIN)])
