"""A curator's assistant: the sentences of a held text that may designate someone, not yet coded.

:func:`suggest` reads the held text of a document (:mod:`kg.ask.texts`; coded yet or not), cuts it into
sentences, and proposes each sentence where an actor of the register appears (by any of
its names in the text's language) together with a word of designation: one of the
issuer's national terms, or the name of a category of the shared scale, in any of its
forms ("ally", "allies", "alliance"; "cooperation", "cooperate"). Proposals are ranked --
a national term first, then more words of designation, then an actor close to one -- and
each comes with its position and a seeds entry ready to paste, the category left for the
curator to decide by the codebook. It is a tool for reading, not a coder: it proposes, and
says nothing of what a sentence means.

:func:`measure` asks how well it would have served on documents already coded: the share of
coded designations whose located quote lies in a proposed sentence naming their target
(recall), and how many proposals a curator reads per coded designation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.ask import texts
from kg.ask.named import plain, term_value
from kg.query_files import Folder
from kg.vocab import ID, local_name

QUERIES = Folder(Path(__file__).parent / "queries" / "suggest")
NEAR = 80  # characters between an actor's name and a word of designation that count as near
ENDINGS = ("ation", "ion", "or", "er", "e", "s")  # cut from a word to find its other forms
SENTENCE_END = re.compile(r"(?<=[.!?。])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9가-힣一-龥ぁ-んァ-ン])|\n\s*\n"
                          r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")  # the last: a space the OCR lost


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Proposal:
    """A sentence that may designate ``targets``, with the words that make it look so."""

    start: int
    end: int
    sentence: str
    targets: list[str]
    words: list[str]
    categories: list[str]
    national: bool
    near: bool
    score: tuple[int, int, int] = field(default=(0, 0, 0))

    def entry(self, lang: str, source: str | None) -> str:
        """A seeds entry for the first target, to paste and complete (category, rules)."""
        quote = self.sentence.replace("\\", "\\\\").replace('"', '\\"')
        return "\n".join([
            f"    - target: {self.targets[0]}",
            f"      # category: decide by the codebook (words seen: {', '.join(self.words)})",
            "      rules: []  # the rules of the codebook you apply",
            "      evidence:",
            f'        - quote: "{quote}"',
            f"          lang: {lang}",
            f"          source: {source or 'SOURCE'}",
            "          verification: verbatim-official",
            f"          note: \"Proposed by seckg suggest at #char={self.start},{self.end}.\"",
        ])


def sentences(chars: str, start: int = 0) -> Iterator[Sentence]:
    """The sentences of a text from ``start`` on (a blank line ends one too), as they stand in it,
    words joined again where a line-end hyphen divided them."""
    at = start
    for cut in [*SENTENCE_END.finditer(chars, start), None]:
        end = cut.start() if cut else len(chars)
        raw = chars[at:end]
        lead = len(raw) - len(raw.lstrip())
        text = " ".join(re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw).split())
        if text:
            yield Sentence(at + lead, at + len(raw.rstrip()), text)
        at = cut.end() if cut else len(chars)


def forms(word: str) -> re.Pattern[str]:
    """A pattern for a word of designation in its other forms: its stem, then any letters.

    >>> [bool(forms("ally").search(t)) for t in ("our ally", "our allies", "an alliance", "all of them")]
    [True, True, True, False]
    >>> bool(forms("cooperation").search("we cooperate")), bool(forms("rogue state").search("rogue  states"))
    (True, True)
    >>> bool(forms("threat").search("threatening")), bool(forms("rival").search("arrival"))
    (True, False)
    """
    words = word.lower().split()
    last = stem = words[-1]
    if last.endswith("y") and len(last) > 3:
        stem = last[:-1] + "i"  # ally -> alli(es, ed, ance), enemy -> enemi(es)
    else:
        for ending in ENDINGS:
            if last.endswith(ending) and len(last) - len(ending) >= 5:
                stem = last[: -len(ending)]
                break
    lead = "".join(re.escape(w) + r"\s+" for w in words[:-1])
    return re.compile(rf"(?<!\w){lead}(?:{re.escape(last)}|{re.escape(stem)})[\w-]*", re.IGNORECASE)


def words_of(label: str) -> list[str]:
    """The words a label of a national term names: its parts between slashes, without what
    parentheses add.

    >>> words_of("adversary / adversarial relationship"), words_of("threat (serious threat, primary threat)")
    (['adversary', 'adversarial relationship'], ['threat'])
    """
    bare = re.sub(r"\([^)]*\)", " ", label)
    return [" ".join(part.split()) for part in bare.split("/") if part.strip()]


def _rows(store: Any, name: str, values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return list(plain(QUERIES[name].select(store, values or {})))


def _lang(tag: str | None) -> str:
    return (tag or "").lower().split("-")[0]


def suggest(store: Any, doc_id: str, *, include_coded: bool = False) -> list[Proposal]:
    """The proposals for the held text of ``doc_id``, best first (LookupError without a held text)."""
    held = texts.text(store, doc_id)
    if held is None:
        raise LookupError(f"the project holds no text of {doc_id!r}")
    issuer, lang, start = held["issuer"], _lang(held["language"]), int(held["wordsFrom"] or 0)
    names = _patterns(store, lang, exclude=issuer)
    words = [(forms(w), w, r["category"], r["national"] in (True, "true"))
             for r in _labels(store, "words", {"issuer": issuer}, lang) for w in words_of(r["word"])]
    coded = [(r["target"], int(r["start"]), int(r["end"]))
             for r in _rows(store, "coded", {"document": ID.document(doc_id)})]
    found = []
    for s in sentences(held["chars"], start):  # before start: a compiler's title or summary, not the document's
        proposal = _propose(s, names, words)
        if proposal is None:
            continue
        if not include_coded:
            proposal.targets = [t for t in proposal.targets
                                if not any(t == ct and cs < s.end and s.start < ce for ct, cs, ce in coded)]
            if not proposal.targets:
                continue
        found.append(proposal)
    return sorted(found, key=lambda p: (tuple(-x for x in p.score), p.start))


def _labels(store: Any, name: str, values: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    result = QUERIES[name].select(store, values)
    rows = []
    for s in result:
        word = s["word"]
        if _lang(getattr(word, "language", None)) == lang:
            rows.append({v.value: term_value(s[v]) for v in result.variables})
    return rows


def _patterns(store: Any, lang: str, exclude: str) -> dict[str, re.Pattern[str]]:
    """Each actor's names in ``lang`` as one pattern (a name may take endings: Russia, Russian)."""
    result = QUERIES["names"].select(store)
    by_code: dict[str, list[str]] = {}
    for s in result:
        code, name = s["code"].value, s["name"]
        if code != exclude and _lang(name.language) == lang:
            by_code.setdefault(code, []).append(name.value)
    return {code: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(found, key=len, reverse=True))
                             + r")", re.IGNORECASE if lang != "en" else 0)
            for code, found in by_code.items()}


def _propose(s: Sentence, names: dict[str, re.Pattern[str]],
             words: list[tuple[re.Pattern[str], str, str, bool]]) -> Proposal | None:
    actors = {code: [m.start() for m in p.finditer(s.text)] for code, p in names.items()}
    actors = {code: at for code, at in actors.items() if at}
    if not actors:
        return None
    seen = [(w, category, national, [m.start() for m in p.finditer(s.text)]) for p, w, category, national in words]
    seen = [x for x in seen if x[3]]
    if not seen:
        return None
    national = any(x[2] for x in seen)
    near = any(abs(a - b) <= NEAR for at in actors.values() for a in at for x in seen for b in x[3])
    found = Proposal(s.start, s.end, s.text, sorted(actors), sorted({x[0] for x in seen}),
                     sorted({x[1] for x in seen}), national, near)
    found.score = (int(national), len(found.categories), int(near))
    return found


def measure(store: Any, doc_ids: list[str]) -> dict[str, Any]:
    """Recall on coded documents: of their designations with a located verbatim-official quote,
    how many lie in a proposed sentence that names their target; and proposals per designation."""
    coded = hits = proposals = 0
    for doc_id in doc_ids:
        found = suggest(store, doc_id, include_coded=True)
        proposals += len(found)
        rows = _rows(store, "coded", {"document": ID.document(doc_id)})
        by_designation: dict[str, list[tuple[str, int, int]]] = {}
        for r in rows:
            if local_name(r["verification"]) == "verbatim-official":
                by_designation.setdefault(r["designation"], []).append((r["target"], int(r["start"]), int(r["end"])))
        for quotes in by_designation.values():
            coded += 1
            hits += any(t in p.targets and p.start < e and s < p.end for t, s, e in quotes for p in found)
    return {"documents": len(doc_ids), "designations": coded, "found": hits,
            "recall": hits / coded if coded else 0.0, "proposals": proposals,
            "proposals_per_designation": proposals / coded if coded else 0.0}
