"""Finding a quote in a held text, as a reader would: the same words, whatever the layout.

The matcher compares the quote and the text without what a text's layout adds or takes
away: white space (line breaks, OCR spaces inside words), hyphens and dashes (line-end
hyphenation, "-" for a dash), the form of quote marks (curly or straight), and the spans
the text's register says to skip (running heads, page numbers). Everything else -- every
letter in its case, every digit, every other punctuation mark -- must be the same, in the
same order. An ellipsis in a quote ("..." or "…") stands for words left out: the parts
around it must follow one another in the text, at most MAX_GAP characters apart.

>>> m = Matcher("It is a fu rther threat to\\nour inter-\\nnational ‘order’.")
>>> found = m.find("a further threat to our international 'order'")
>>> found.start, found.end, m.text[found.start:found.end]
(6, 54, 'a fu rther threat to\\nour inter-\\nnational ‘order’')
>>> m.find("a further threat to our international order") is None  # the quote marks are words too
True
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

SKIPPED = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u00ad")  # hyphens, dashes, the soft hyphen
SAME = {"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'}
CONTEXT = 40  # characters of prefix and suffix kept with a located quote (oa:prefix, oa:suffix)
GRAM = 8  # the length of the pieces the closest passage is found by
MAX_GAP = 3000  # characters an ellipsis may leave out
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*")


def canonical(text: str, skip: list[tuple[int, int]] | None = None) -> tuple[str, list[int]]:
    """The characters a comparison looks at, and the offset in ``text`` of each."""
    chars: list[str] = []
    offsets: list[int] = []
    spans = iter(skip or [])
    span = next(spans, None)
    for i, c in enumerate(text):
        while span is not None and i >= span[1]:
            span = next(spans, None)
        if span is not None and span[0] <= i < span[1]:
            continue
        if c.isspace() or c in SKIPPED:
            continue
        for d in unicodedata.normalize("NFKC", c):
            if d.isspace() or d in SKIPPED:
                continue
            chars.append(SAME.get(d, d))
            offsets.append(i)
    return "".join(chars), offsets


@dataclass(frozen=True)
class Found:
    """Where a quote is in the text: ``text[start:end]``, with the words around it."""

    start: int
    end: int
    prefix: str
    suffix: str
    occurrences: int


class Matcher:
    """One text, ready to have quotes found in it (from ``start`` on: the document's own words)."""

    def __init__(self, text: str, *, start: int = 0, skip: list[tuple[int, int]] | None = None):
        self.text = text
        self.start = start
        self.skeleton, self.offsets = canonical(text, skip)
        self._grams: dict[str, list[int]] | None = None

    def find(self, quote: str) -> Found | None:
        """The first place the quote is, after ``start``; None if it is nowhere."""
        parts = [canonical(p)[0] for p in ELLIPSIS.split(quote)]
        parts = [p for p in parts if p]
        if not parts:
            return None
        hits, first = 0, None
        for at in self._all(parts[0]):
            if self.offsets[at] < self.start:
                continue
            end = self._rest(parts[1:], at + len(parts[0]))
            if end is not None:
                hits += 1
                first = (at, end) if first is None else first
        if first is None:
            return None
        start, end = self.offsets[first[0]], self.offsets[first[1] - 1] + 1
        return Found(start, end, self.text[max(0, start - CONTEXT):start], self.text[end:end + CONTEXT], hits)

    def _all(self, wanted: str) -> list[int]:
        found, at = [], 0
        while (at := self.skeleton.find(wanted, at)) >= 0:
            found.append(at)
            at += 1
        return found

    def _rest(self, parts: list[str], after: int) -> int | None:
        """The end (in the skeleton) of ``parts`` found one after another from ``after``."""
        for part in parts:
            at = self.skeleton.find(part, after, after + MAX_GAP + len(part))
            if at < 0:
                return None
            after = at + len(part)
        return after

    def difference(self, quote: str, start: int) -> tuple[str, str]:
        """Where ``quote`` and the text from ``start`` first differ: a few words of each around it."""
        wanted, at_quote = canonical(quote)
        first = next((i for i, offset in enumerate(self.offsets) if offset >= start), len(self.offsets))
        k = 0
        while k < len(wanted) and first + k < len(self.skeleton) and wanted[k] == self.skeleton[first + k]:
            k += 1
        if k == len(wanted):
            return "", ""
        q = at_quote[k] if k < len(at_quote) else len(quote)
        t = self.offsets[first + k] if first + k < len(self.offsets) else len(self.text)

        def around(text: str, at: int) -> str:
            return " ".join(text[max(0, at - 24):at + 24].split())

        return around(quote, q), around(self.text, t)

    def closest(self, quote: str) -> tuple[int, int]:
        """The span of the text most like ``quote``: where most of its pieces of GRAM characters
        line up (for telling a curator where a quote that is not found probably is)."""
        wanted, _ = canonical(quote)
        if self._grams is None:
            self._grams = {}
            for i in range(len(self.skeleton) - GRAM + 1):
                self._grams.setdefault(self.skeleton[i:i + GRAM], []).append(i)
        votes: Counter[int] = Counter()
        for k in range(0, max(1, len(wanted) - GRAM + 1)):
            for at in self._grams.get(wanted[k:k + GRAM], ()):
                votes[at - k] += 1
        if not votes or not self.offsets:
            return 0, 0
        best = max(0, min(votes.most_common(1)[0][0], len(self.offsets) - 1))
        last = min(best + max(len(wanted), 1), len(self.offsets)) - 1
        return self.offsets[best], self.offsets[last] + 1
