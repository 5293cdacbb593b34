"""The seeds format: what a curator writes, checked field by field with file and line.

A seeds folder holds three kinds of YAML file, told apart by their top-level keys
(``seeds/README.md`` documents every field with an example):

- ``actors.yaml`` (``actors:``): the register of states and organisations;
- an issuer's ``register.yaml`` (``issuer:`` with ``series:``, ``terms:``, ``sources:``);
- one file per strategy document (``document:``).

:func:`read_seeds` parses every file, checks its structure with the pydantic models below
and returns :class:`Seeds`; all problems are collected and raised together as
:class:`~kg.errors.SeedsInvalid`, each with its file and line. What needs the whole graph
(unknown actors, a section of another document, an edition replacing a later one) is checked
by the SHACL shapes after loading.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kg import yamlfile
from kg.errors import SeedError, SeedsInvalid
from kg.pipeline.lenient import prune

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$", max_length=80)]
LocalId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-]*(/[a-z0-9][a-z0-9.\-]*)?$", max_length=120)]
ActorCode = Annotated[str, Field(pattern=r"^[A-Z]{2,10}$")]
LangTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"{}|\\^`]+$", max_length=2000)]
YearMonth = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Text = Annotated[str, Field(min_length=1, max_length=5000)]
LangMap = Annotated[dict[LangTag, Text], Field(min_length=1)]
Verification = Literal["verbatim-official", "verbatim-secondary", "third-party-translation", "unverified"]
RuleId = Annotated[str, Field(pattern=r"^R[1-9][0-9]?(\.[1-9][0-9]?)?$")]
Depth = Literal["full-text", "sections", "excerpts"]
DocumentKind = Literal["strategy", "new-year-address", "new-year-joint-editorial"]
SourceKind = Literal[
    "official-text", "official-translation", "official-summary",
    "press-quote", "draft-report", "unofficial-translation",
]
CategoryName = Annotated[str, Field(pattern=r"^[a-z][a-z-]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ActorSeed(_Strict):
    code: ActorCode
    kind: Literal["state", "organization"]
    name: LangMap
    other_names: dict[LangTag, list[Text]] = {}  # other names a text may use (skos:altLabel)
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")] | None = None
    former: bool = False
    continues: ActorCode | None = None
    note: Text | None = None


class SeriesSeed(_Strict):
    id: Slug
    title: LangMap
    note: Text | None = None


class TermSeed(_Strict):
    id: Slug
    label: LangMap
    category: CategoryName
    note: Text | None = None


class SourceSeed(_Strict):
    id: Slug
    url: Url
    title: Text
    publisher: Text
    kind: SourceKind
    published: dt.date | YearMonth | None = None
    language: LangTag | None = None
    note: Text | None = None


class EvidenceSeed(_Strict):
    quote: Text
    lang: LangTag
    source: Slug
    verification: Verification
    page: str | int | None = None
    note: Text | None = None

    @field_validator("quote")
    @classmethod
    def _no_edge_space(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError("quote has leading or trailing white space; quote the words exactly")
        return value


class DesignationSeed(_Strict):
    id: LocalId | None = None
    target: ActorCode
    category: CategoryName | None = None
    term: Slug | None = None
    section: Slug | None = None
    scope: Text | None = None
    rules: list[RuleId] = []
    evidence: Annotated[list[EvidenceSeed], Field(min_length=1)]
    note: Text | None = None


class SectionSeed(_Strict):
    id: Slug
    number: str | None = None
    title: LangMap | None = None
    implies: CategoryName | None = None
    note: Text | None = None


class DocumentSeed(_Strict):
    id: Slug
    series: Slug
    issuer: ActorCode
    kind: DocumentKind = "strategy"
    title: LangMap
    issued: dt.date | YearMonth
    language: LangTag
    url: Url | None = None
    replaces: Slug | None = None
    coverage: list[ActorCode] | dict[Depth, list[ActorCode]] = []
    sections: list[SectionSeed] = []
    designations: list[DesignationSeed] = []
    note: Text | None = None

    @field_validator("coverage")
    @classmethod
    def _one_depth_each(cls, value: list[str] | dict[str, list[str]]) -> list[str] | dict[str, list[str]]:
        codes = value if isinstance(value, list) else [c for codes in value.values() for c in codes]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"listed more than once (give each target one depth of reading): {', '.join(twice)}")
        return value

    def reading(self) -> list[tuple[Depth | None, int, ActorCode]]:
        """Each covered target with how far it was read (None: not recorded), and its index
        in its list, in the order written."""
        if isinstance(self.coverage, list):
            return [(None, i, code) for i, code in enumerate(self.coverage)]
        return [(depth, i, code) for depth, codes in self.coverage.items() for i, code in enumerate(codes)]


class DocumentFile(_Strict):
    document: DocumentSeed


class RegisterFile(_Strict):
    issuer: ActorCode
    series: list[SeriesSeed] = []
    terms: list[TermSeed] = []
    sources: list[SourceSeed] = []


class ActorsFile(_Strict):
    actors: list[ActorSeed]




@dataclass
class Located:
    """A parsed record with the raw mapping it came from, for locating its fields."""

    file: Path
    raw: Any

    def line(self, *path: str | int) -> int:
        """The line of ``path`` inside this record (the deepest part that exists)."""
        return locate(self.raw, path)


@dataclass
class Seeds:
    """Everything read from a seeds folder, with where each part came from."""

    root: Path
    actors: dict[str, tuple[ActorSeed, Located]] = field(default_factory=dict)
    registers: list[tuple[RegisterFile, Located]] = field(default_factory=list)
    documents: dict[str, tuple[DocumentSeed, Located]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    document_files: dict[str, Path] = field(default_factory=dict)  # document id -> the file that defines it
    # read leniently (read_seeds(..., lenient=True)): the problems found, and whether every
    # file could be read on past them (kg.pipeline.lenient), so that the graph's checks can run
    problems: list[SeedError] = field(default_factory=list)
    whole: bool = True


def locate(raw: Any, path: tuple[Any, ...] | list[Any]) -> int:
    """Walk ``path`` (keys and indexes) into a LineDict/LineList tree; the deepest line found."""
    node = raw
    line = getattr(raw, "line", 1)
    for part in path:
        in_dict = isinstance(node, yamlfile.LineDict) and part in node
        in_list = isinstance(node, yamlfile.LineList) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            break
        line = node.line_of(part)
        node = node[part]
    return line


def _message(error: dict[str, Any]) -> str:
    loc = [p for p in error["loc"]
           if not (isinstance(p, str) and p.startswith(("function-", "lax-", "union[")))]
    # pydantic puts the union member names (date, str) into loc; keep only real field names
    loc = [p for p in loc if p not in ("date", "str", "constrained-str")]
    where = ".".join(str(p) for p in loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field '{loc[-1]}' (see seeds/README.md for the fields of this record)"
    if kind == "missing":
        return f"missing required field '{where}'"
    if kind == "string_pattern_mismatch":
        return f"'{where}': value {error.get('input')!r} does not have the expected form ({error['ctx']['pattern']})"
    if kind == "literal_error":
        return f"'{where}': {error.get('input')!r} is not one of {error['ctx']['expected']}"
    return f"'{where}': {error['msg']}"


def _errors_of(exc: ValidationError, file: Path, raw: Any) -> list[SeedError]:
    """One error per field: a value that fits none of a union's forms (a date or a month) is
    told once, by the first form's message."""
    seen: set[tuple[int, str]] = set()
    out = []
    for err in exc.errors():
        message = _message(dict(err))
        line = locate(raw, [p for p in err["loc"]])
        field_name = message.split("'")[1] if message.startswith("'") else message
        if (line, field_name) not in seen:
            seen.add((line, field_name))
            out.append(SeedError(file, line, message))
    return out


def _model_for(raw: Any) -> type[BaseModel] | None:
    if not isinstance(raw, dict):
        return None
    if "document" in raw:
        return DocumentFile
    if "actors" in raw:
        return ActorsFile
    if "issuer" in raw:
        return RegisterFile
    return None


def parse_file(path: Path, display: Path | None = None, *, lenient: bool = False) -> tuple[BaseModel, Located]:
    """Parse one seeds file; raise SeedsInvalid with every structural problem in it. With
    ``lenient``, a file whose problems :func:`kg.pipeline.lenient.prune` can leave out is
    parsed without them, and its problems come as ``SeedsInvalid.partial``."""
    name = display or path
    try:
        raw = yamlfile.load(path)
    except SeedError as exc:
        raise SeedsInvalid([SeedError(name, exc.line, exc.message)]) from None
    model = _model_for(raw)
    if model is None:
        raise SeedsInvalid([SeedError(
            name, getattr(raw, "line", 1),
            "not a seeds file: expected a top-level 'document:', 'actors:' or 'issuer:' key",
        )])
    try:
        parsed = model.model_validate(raw)
    except ValidationError as exc:
        problems = _errors_of(exc, name, raw)
        if lenient and prune(raw, [dict(e) for e in exc.errors()]):
            try:
                raise SeedsInvalid(problems, partial=(model.model_validate(raw), Located(name, raw))) from None
            except ValidationError:
                pass
        raise SeedsInvalid(problems) from None
    return parsed, Located(name, raw)


PARALLEL_FROM = 400  # files: fewer are parsed in this process (starting workers would cost more than it saves)
Parsed = tuple[BaseModel | None, Located | None, list[SeedError]]


def _parse_one(job: tuple[Path, Path, bool]) -> tuple[BaseModel | None, Located | None, list[tuple[Any, ...]]]:
    """:func:`parse_file` for a worker process: the record, or what a lenient reading kept, and
    the problems as plain tuples (a frozen exception does not pickle)."""
    path, display, lenient = job
    try:
        parsed, where = parse_file(path, display, lenient=lenient)
        return parsed, where, []
    except SeedsInvalid as exc:
        problems = [(e.file, e.line, e.message, e.shape) for e in exc.errors]
        if exc.partial is None:
            return None, None, problems
        return exc.partial[0], exc.partial[1], problems


def parsed_files(files: list[tuple[Path, Path]], lenient: bool) -> Iterator[Parsed]:
    """Every (path, display name) parsed, in order: in worker processes, one per core, when there
    are many files (YAML parsing and the record checks are pure Python, one core each)."""
    jobs = [(path, display, lenient) for path, display in files]
    cores = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or cores < 2:
        results: Iterable[tuple[Any, ...]] = map(_parse_one, jobs)
        for parsed, where, problems in results:
            yield parsed, where, [SeedError(*p) for p in problems]
        return
    # fork is the cheapest start, and safe while this process runs no other thread
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
    with ProcessPoolExecutor(cores, mp_context=context) as pool:
        for parsed, where, problems in pool.map(_parse_one, jobs, chunksize=max(1, len(jobs) // (cores * 8))):
            yield parsed, where, [SeedError(*p) for p in problems]


# folders of a seeds folder that hold no seeds: the reliability sample (kg.ask.reliability), the texts
# (kg.pipeline.texts)
NOT_SEEDS = ("reliability", "texts")


def seed_files(root: Path) -> list[Path]:
    """The YAML files of a seeds folder, in a stable order (not those under NOT_SEEDS)."""
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                  and not any(part in NOT_SEEDS for part in p.relative_to(root).parts[:-1]))


def read_seeds(root: Path, *, lenient: bool = False, only: list[Path] | None = None) -> Seeds:
    """Read and check every file under ``root``; raise SeedsInvalid listing all problems. With
    ``lenient``, return what could be read on past them instead, the problems in ``problems``.
    With ``only``, read those files of ``root`` alone (an incremental build's scope,
    :mod:`kg.pipeline.scope`)."""
    root = Path(root)
    if not root.is_dir():
        raise SeedsInvalid([SeedError(root, None, (
            "seeds folder not found. The curated data lives in a checkout of the project "
            "(its seeds/ folder), not in the installed package: run seckg from the checkout's "
            "folder, or give --seeds DIR (or set SECKG_SEEDS) to a checkout's seeds/"))])
    seeds = Seeds(root=root)
    errors: list[SeedError] = []
    first_seen: dict[tuple[str, str], tuple[Path, int]] = {}

    def unique(kind: str, key: str, where: Located, *path: str | int) -> bool:
        line = where.line(*path)
        if (kind, key) in first_seen:
            f, ln = first_seen[(kind, key)]
            errors.append(SeedError(where.file, line, f"duplicate {kind} '{key}' (first defined at {f}:{ln})"))
            return False
        first_seen[(kind, key)] = (where.file, line)
        return True

    paths = seed_files(root) if only is None else sorted(only)
    seeds.files.extend(paths)
    for path, (parsed, where, problems) in zip(
            paths, parsed_files([(path, _display(path, root)) for path in paths], lenient), strict=True):
        errors.extend(problems)
        if parsed is None or where is None:
            seeds.whole = False
            continue
        if isinstance(parsed, ActorsFile):
            for i, actor in enumerate(parsed.actors):
                if unique("actor", actor.code, where, "actors", i, "code"):
                    seeds.actors[actor.code] = (actor, Located(where.file, where.raw["actors"][i]))
        elif isinstance(parsed, RegisterFile):
            for i, series in enumerate(parsed.series):
                unique("series", series.id, where, "series", i, "id")
            for i, source in enumerate(parsed.sources):
                unique("source", source.id, where, "sources", i, "id")
            for i, term in enumerate(parsed.terms):
                unique("term", f"{parsed.issuer}/{term.id}", where, "terms", i, "id")
            seeds.registers.append((parsed, where))
        elif isinstance(parsed, DocumentFile):
            doc = parsed.document
            doc_where = Located(where.file, where.raw["document"])
            if unique("document", doc.id, doc_where, "id"):
                seeds.documents[doc.id] = (doc, doc_where)
                seeds.document_files[doc.id] = path
            errors.extend(_check_document_ids(doc, doc_where))
    if errors and not lenient:
        raise SeedsInvalid(errors)
    seeds.problems = errors
    return seeds


def designation_local_id(d: DesignationSeed, section_implies: dict[str, str]) -> str:
    """The designation's id within its document: given, or ``<target>/<facet>``.

    The facet is the category, else the national term, else the category the section implies.
    """
    if d.id:
        return d.id
    facet = d.category or d.term or (section_implies.get(d.section) if d.section else None) or "designation"
    return f"{d.target.lower()}/{facet}"


def _check_document_ids(doc: DocumentSeed, where: Located) -> list[SeedError]:
    errors = []
    sections: dict[str, int] = {}
    for i, s in enumerate(doc.sections):
        line = where.line("sections", i, "id")
        if s.id in sections:
            errors.append(SeedError(where.file, line, f"duplicate section '{s.id}' (first on line {sections[s.id]})"))
        sections.setdefault(s.id, line)
    implies = {s.id: s.implies for s in doc.sections if s.implies}
    local: dict[str, int] = {}
    for i, d in enumerate(doc.designations):
        lid = designation_local_id(d, implies)
        line = where.line("designations", i)
        if lid in local:
            errors.append(SeedError(
                where.file, line,
                f"duplicate designation '{lid}' (first on line {local[lid]}); "
                "give one of them an explicit 'id:'",
            ))
        local.setdefault(lid, line)
        if d.section and d.section not in sections:
            errors.append(SeedError(
                where.file, where.line("designations", i, "section"),
                f"section '{d.section}' is not a section of document '{doc.id}'",
            ))
    if doc.replaces == doc.id:
        errors.append(SeedError(where.file, where.line("replaces"), "a document cannot replace itself"))
    return errors


def _display(path: Path, root: Path) -> Path:
    """Paths in messages: relative to the working directory where possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path

