"""The held texts of documents, and their quotes in context (plain data, from the graph).

:func:`text` gives a held text with its description, corrections and the located quotes of
its document in the order they stand in it; :func:`in_context` gives, for pieces of
evidence, the paragraph of the held text around each located quote, cut into the words
before, the quote and the words after.

>>> paragraph("One.\\n\\nTwo words here,\\nstill two.\\n\\nThree.", 12, 16)
(6, 32)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.ask.named import plain
from kg.query_files import Folder
from kg.vocab import ID, local_name

QUERIES = Folder(Path(__file__).parent / "queries" / "texts")
AROUND = 600  # at most this many characters of a paragraph on either side of a quote


def _rows(store: Any, name: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    return list(plain(QUERIES[name].select(store, values)))


def text(store: Any, doc_id: str) -> dict[str, Any] | None:
    """The held text of document ``doc_id``, or None if the project holds none."""
    node = ID.text(doc_id)
    found = _rows(store, "text", {"text": node})
    if not found:
        return None
    record = found[0]
    passages = [{**p, "start": int(p["start"]), "end": int(p["end"]),
                 "verification": local_name(p["verification"])} for p in _rows(store, "passages", {"text": node})]
    corrections = _rows(store, "corrections", {"text": node})
    return {"id": doc_id, "iri": node.value, **record, "corrections": corrections, "passages": passages}


def paragraph(chars: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph of ``chars`` (between blank lines) that holds ``start:end``, at most
    AROUND characters on either side."""
    before = chars.rfind("\n\n", max(0, start - AROUND), start)
    after = chars.find("\n\n", end, end + AROUND)
    first = before + 2 if before >= 0 else max(0, start - AROUND)
    last = after if after >= 0 else min(len(chars), end + AROUND)
    return first, last


@dataclass(frozen=True)
class InContext:
    """A located quote in its paragraph: the words before it, the quote as the text has it, after."""

    text: str  # the held text's id (its document's)
    start: int
    end: int
    before: str
    words: str
    after: str

    @property
    def fragment(self) -> str:
        """The RFC 5147 fragment of the quote in the plain text."""
        return f"char={self.start},{self.end}"


def in_context(store: Any, evidence: list[str]) -> dict[str, InContext]:
    """The located quotes among ``evidence`` (IRIs), each in its paragraph, by evidence IRI."""
    if not evidence:
        return {}
    rows = _rows(store, "evidence_passages", {"evidence": [ox.NamedNode(e) for e in evidence]})
    chars: dict[str, str] = {}
    out = {}
    for row in rows:
        if row["text"] not in chars:
            found = _rows(store, "chars", {"text": ox.NamedNode(row["text"])})
            chars[row["text"]] = found[0]["chars"] if found else ""
        full = chars[row["text"]]
        start, end = int(row["start"]), int(row["end"])
        first, last = paragraph(full, start, end)
        out[row["evidence"]] = InContext(local_name(row["text"]), start, end, full[first:start], full[start:end],
                                         full[end:last])
    return out
