"""The texts the project holds (``seeds/texts/``): read, checked against their checksums, corrected.

``seeds/texts/texts.yaml`` lists one entry per held text: the document it is the text of,
its file, language, origin, licence and how it was made, its SHA-256, where the document's
own words begin (``words_from``: a compiler's summary may precede them), patterns the quote
matcher skips (``ignore``: running heads, page numbers) and corrections of known defects
(``corrections``: OCR misreadings), each with its reason. Corrections are applied at load
time, never written into the file: the file stays byte for byte what its origin gave, and
the text served and quoted from is the file with its recorded corrections.

A problem -- a missing file, a checksum that differs, a correction that does not match
exactly as often as it says, a pattern that is no regular expression -- is a
:class:`~kg.errors.SeedError` at its line of ``texts.yaml``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from kg import yamlfile
from kg.errors import SeedError, SeedsInvalid
from kg.pipeline.seeds import ActorCode, LangTag, Located, Slug, Text, Url, _errors_of, _Strict

FOLDER = "texts"
REGISTER = "texts.yaml"

RelativeFile = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_.\-]*)+\.txt$")]


class Origin(_Strict):
    repository: Url
    commit: Annotated[str, Field(pattern=r"^[0-9a-f]{7,40}$")]
    path: str | None = None


class Ignore(_Strict):
    pattern: Text
    reason: Text


class Correction(_Strict):
    find: Text
    replace: str
    reason: Text
    count: Annotated[int, Field(ge=1)] = 1


class TextSeed(_Strict):
    document: Slug
    issuer: ActorCode
    file: RelativeFile
    title: Text
    language: LangTag
    source: Slug | None = None
    origin: Origin
    licence: Url
    rights: Text
    made: Text
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    words_from: Text | None = None
    # False where the held copy is not the official text's own form (a press transcription in
    # another spelling): its words are the document's, as a secondary source gives them, so a
    # quote found there stays verbatim-secondary and a verbatim-official one is refused.
    faithful: bool = True
    ignore: list[Ignore] = []
    corrections: list[Correction] = []


class TextsFile(_Strict):
    texts: list[TextSeed]


@dataclass
class HeldText:
    """One held text: its record, where it was written, and the text as served (corrected)."""

    seed: TextSeed
    where: Located
    text: str
    corrected: list[tuple[int, int]]  # the spans of ``text`` that a correction wrote
    words_start: int  # where the document's own words begin
    ignored: list[tuple[int, int]]  # spans the quote matcher skips

    @property
    def document(self) -> str:
        return self.seed.document


def read_texts(seeds_root: Path) -> dict[str, HeldText]:
    """Every held text of ``seeds_root/texts``, by document id (none if there is no register);
    raise SeedsInvalid with every problem found."""
    register = Path(seeds_root) / FOLDER / REGISTER
    if not register.is_file():
        return {}
    display = Path(seeds_root).name / Path(FOLDER) / REGISTER
    try:
        raw = yamlfile.load(register)
    except SeedError as exc:
        raise SeedsInvalid([SeedError(display, exc.line, exc.message)]) from None
    try:
        parsed = TextsFile.model_validate(raw)
    except ValidationError as exc:
        raise SeedsInvalid(_errors_of(exc, display, raw)) from None
    held: dict[str, HeldText] = {}
    errors: list[SeedError] = []
    for i, seed in enumerate(parsed.texts):
        where = Located(display, raw["texts"][i])
        if seed.document in held:
            errors.append(SeedError(display, where.line("document"), f"a second text of '{seed.document}'"))
            continue
        found = _read(register.parent, seed, where, errors)
        if found is not None:
            held[seed.document] = found
    if errors:
        raise SeedsInvalid(errors)
    return held


def _read(folder: Path, seed: TextSeed, where: Located, errors: list[SeedError]) -> HeldText | None:
    path = folder / seed.file
    if not path.is_file():
        errors.append(SeedError(where.file, where.line("file"), f"no file {seed.file} in {folder}"))
        return None
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != seed.sha256:
        errors.append(SeedError(where.file, where.line("sha256"),
                                f"{seed.file} has SHA-256 {digest}, not the one recorded: the file changed "
                                "(correct it through 'corrections', never in the file)"))
        return None
    try:
        raw_text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.append(SeedError(where.file, where.line("file"), f"{seed.file} is not UTF-8: {exc}"))
        return None
    text, corrected = _corrected(raw_text, seed, where, errors)
    start = 0
    if seed.words_from is not None:
        at = text.find(seed.words_from)
        if at < 0:
            errors.append(SeedError(where.file, where.line("words_from"),
                                    f"{seed.words_from!r} is not in {seed.file}"))
        else:
            start = at + len(seed.words_from)
    ignored: list[tuple[int, int]] = []
    for k, rule in enumerate(seed.ignore):
        try:
            pattern = re.compile(rule.pattern, re.MULTILINE)
        except re.error as exc:
            errors.append(SeedError(where.file, where.line("ignore", k, "pattern"), f"not a regular expression: {exc}"))
            continue
        ignored += [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    return HeldText(seed, where, text, corrected, start, sorted(ignored))


def _corrected(raw: str, seed: TextSeed, where: Located, errors: list[SeedError]) -> tuple[str, list[tuple[int, int]]]:
    """``raw`` with every correction applied, and the spans the corrections wrote.

    Each ``find`` is looked for in the file as it is (not in another correction's output),
    and must occur exactly ``count`` times.
    """
    edits: list[tuple[int, int, str]] = []
    for k, c in enumerate(seed.corrections):
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(c.find), raw)]
        if len(spans) != c.count:
            errors.append(SeedError(where.file, where.line("corrections", k, "find"),
                                    f"{c.find!r} occurs {len(spans)} times in {seed.file}, not {c.count}"))
            continue
        edits += [(s, e, c.replace) for s, e in spans]
    edits.sort()
    for (_, end, _), (start, _, _) in zip(edits, edits[1:], strict=False):
        if start < end:
            errors.append(SeedError(where.file, where.line("corrections"), f"two corrections overlap in {seed.file}"))
            return raw, []
    out, spans, at = [], [], 0
    length = 0
    for start, end, replacement in edits:
        out.append(raw[at:start])
        length += start - at
        out.append(replacement)
        spans.append((length, length + len(replacement)))
        length += len(replacement)
        at = end
    out.append(raw[at:])
    return "".join(out), spans
