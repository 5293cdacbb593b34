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
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate

SKIPPED = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u00ad")  # hyphens, dashes, the soft hyphen
SAME = {"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'}
CONTEXT = 40  # characters of prefix and suffix kept with a located quote (oa:prefix, oa:suffix)
GRAM = 8  # the length of the pieces the closest passage is found by
MAX_GAP = 3000  # characters an ellipsis may leave out
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*")


_DROPPED = re.compile(r"[\s\-\u2010-\u2015\u00ad]+")  # white space, hyphens, dashes: what layout adds
_SAME = str.maketrans(SAME)


class Offsets:
    """Where each character of a canonical text came from: pieces that the canonical text
    copies one for one from the text, found by bisection (``offsets[k]``)."""

    def __init__(self) -> None:
        self.canonical: list[int] = []  # where each piece starts in the canonical text
        self.original: list[int] = []  # and in the text
        self.length = 0

    def add(self, original: int, length: int) -> None:
        self.canonical.append(self.length)
        self.original.append(original)
        self.length += length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, k: int) -> int:
        if not 0 <= k < self.length:
            raise IndexError(k)
        piece = bisect_right(self.canonical, k) - 1
        return self.original[piece] + (k - self.canonical[piece])

    def first_at_or_after(self, offset: int) -> int:
        """The first canonical character that comes from ``offset`` of the text or later."""
        lo, hi = 0, self.length
        while lo < hi:
            mid = (lo + hi) // 2
            if self[mid] < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo


def canonical(text: str, skip: list[tuple[int, int]] | None = None) -> tuple[str, Offsets]:
    """The characters a comparison looks at, and where each came from in ``text``."""
    if not skip and text.isascii():  # the common case, in comprehensions: a held text is megabytes
        spans = [m.span() for m in _DROPPED.finditer(text)]
        starts = [0, *(end for _, end in spans)]
        stops = [*(start for start, _ in spans), len(text)]
        lengths = [stop - start for start, stop in zip(starts, stops, strict=True)]
        offsets = Offsets()
        offsets.original, offsets.canonical = starts, list(accumulate(lengths, initial=0))[:-1]
        offsets.length = sum(lengths)
        return _DROPPED.sub("", text).translate(_SAME), offsets
    gaps = [m.span() for m in _DROPPED.finditer(text)] + list(skip or [])
    gaps.sort()
    chars: list[str] = []
    offsets = Offsets()
    at = 0
    for start, end in [*gaps, (len(text), len(text))]:
        if start > at:
            _keep(text, at, start, chars, offsets)
        at = max(at, end)
    return "".join(chars), offsets


def _keep(text: str, start: int, end: int, chars: list[str], offsets: Offsets) -> None:
    """Copy ``text[start:end]`` (no white space or dash in it) into the canonical text."""
    piece = text[start:end].translate(_SAME)
    if piece.isascii() or unicodedata.is_normalized("NFKC", piece):
        chars.append(piece)
        offsets.add(start, len(piece))
        return
    for i, c in enumerate(piece):  # a character NFKC changes (a ligature, a full-width letter): one by one
        for d in unicodedata.normalize("NFKC", c):
            if not (d.isspace() or d in SKIPPED):
                d = SAME.get(d, d)
                chars.append(d)
                offsets.add(start + i, 1)


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
        first = self.offsets.first_at_or_after(start)
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
