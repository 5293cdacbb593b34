"""What a build was made from, file by file: so that the next build can tell what changed.

Every build records its inputs (``INPUTS.json`` beside ``BUILD.json``, :class:`Inputs`):

- ``code``: one digest of everything that decides what a seeds file becomes, other than
  the document files: the package's code, queries and rules, the ontology, the shapes,
  the held texts (``seeds/texts/``) and the seeds files that are not documents (actors,
  registers);
- ``documents``: each document file's digest, with the document's id and series.

:func:`changes` compares the seeds folder with the inputs of the last build. An incremental
build (:mod:`kg.pipeline.scope`) needs every change to be a document file added, edited or
removed; anything else is a reason for a cold build, which it names.

>>> a = Inputs("c1", {"usa/nss-1987.yaml": Entry("d1", "usa-nss-1987", "usa-nss")})
>>> Inputs.from_json(a.to_json()) == a
True
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import kg
from kg.errors import SeedsInvalid
from kg.pipeline.seeds import DocumentFile, parse_file, seed_files
from kg.pipeline.texts import FOLDER as TEXTS
from kg.resources import PACKAGE, ontology_files, shape_files

FILE = "INPUTS.json"
CODE = (".py", ".rq", ".ru", ".ttl")


def digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@dataclass(frozen=True)
class Entry:
    """A document file as a build read it."""

    digest: str
    document: str
    series: str


@dataclass(frozen=True)
class Inputs:
    code: str
    documents: dict[str, Entry] = field(default_factory=dict)  # by path relative to the seeds folder

    def to_json(self) -> str:
        return json.dumps({"code": self.code, "documents": {k: [e.digest, e.document, e.series]
                                                            for k, e in sorted(self.documents.items())}},
                          indent=1)

    @classmethod
    def from_json(cls, text: str) -> Inputs:
        raw = json.loads(text)
        return cls(raw["code"], {k: Entry(*v) for k, v in raw["documents"].items()})

    @classmethod
    def read(cls, folder: Path) -> Inputs | None:
        """The inputs a build recorded in ``folder``; None if it recorded none."""
        try:
            return cls.from_json((folder / FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, folder: Path) -> None:
        (folder / FILE).write_text(self.to_json(), encoding="utf-8")


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


@dataclass(frozen=True)
class Folder:
    """The seeds folder now: each seeds file's digest, and the digest of everything else."""

    root: Path
    digests: dict[str, str]  # every seeds file (documents and not), by relative path
    other: str  # code, ontology, shapes, held texts (not the seeds files)

    @classmethod
    def read(cls, root: Path) -> Folder:
        root = Path(root).resolve()
        files = {_relative(p, root): digest(p) for p in seed_files(root)}
        h = hashlib.sha256(kg.__version__.encode())
        code = sorted(p for p in PACKAGE.rglob("*") if p.suffix in CODE and "__pycache__" not in p.parts)
        texts = sorted(p for p in (root / TEXTS).rglob("*") if p.is_file()) if (root / TEXTS).is_dir() else []
        for base, paths in ((PACKAGE, code), (None, ontology_files()), (None, shape_files()), (root / TEXTS, texts)):
            for p in paths:
                name = p.relative_to(base).as_posix() if base else f"{p.parent.name}/{p.name}"
                h.update(f"{name}:{digest(p)}\n".encode())
        return cls(root, files, h.hexdigest())

    def inputs(self, documents: dict[str, tuple[Path, str]]) -> Inputs:
        """The inputs of a build that read this folder, given its documents (id -> file, series)."""
        entries = {}
        for doc_id, (path, series) in documents.items():
            rel = _relative(Path(path).resolve(), self.root)
            entries[rel] = Entry(self.digests[rel], doc_id, series)
        return Inputs(self.code_of(set(entries)), entries)

    def code_of(self, document_files: set[str]) -> str:
        """The ``code`` digest of a build for which ``document_files`` are the documents."""
        h = hashlib.sha256(self.other.encode())
        for rel, d in sorted(self.digests.items()):
            if rel not in document_files:
                h.update(f"seeds:{rel}:{d}\n".encode())
        return h.hexdigest()


@dataclass(frozen=True)
class Changes:
    """The document files that differ from the last build's, read anew."""

    inputs: Inputs  # of a build of the folder as it is now
    changed: dict[str, Entry | None]  # relative path -> its entry now (None: removed)
    series: frozenset[str]  # the series of every document changed, before or after


def changes(folder: Folder, last: Inputs) -> Changes | str:
    """What changed since the build of ``last``, or why a cold build is needed."""
    entries: dict[str, Entry] = {}
    changed: dict[str, Entry | None] = {}
    for rel, d in folder.digests.items():
        old = last.documents.get(rel)
        if old is not None and old.digest == d:
            entries[rel] = old
            continue
        try:
            parsed, _ = parse_file(folder.root / rel)
        except SeedsInvalid:
            return f"{rel} does not read (a cold build reports where)"
        if not isinstance(parsed, DocumentFile):
            if old is not None:
                return f"{rel} is no longer a document"
            continue  # a register or the actors: in the code digest below
        entries[rel] = changed[rel] = Entry(d, parsed.document.id, parsed.document.series)
    for rel in last.documents.keys() - folder.digests.keys():
        changed[rel] = None
    inputs = Inputs(folder.code_of(set(entries)), entries)
    if inputs.code != last.code:
        return "the code, ontology, shapes, held texts, actors or registers changed"
    ids: dict[str, str] = {}
    for rel, entry in entries.items():
        if entry.document in ids:
            return f"document '{entry.document}' is defined twice ({ids[entry.document]}, {rel})"
        ids[entry.document] = rel
    series = {e.series for rel in changed for e in (changed[rel], last.documents.get(rel)) if e is not None}
    return Changes(inputs, changed, frozenset(series))

