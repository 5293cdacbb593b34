"""Seeds to RDF: every record becomes quads in a named graph, with its file and line at hand.

Each document's statements go into its own named graph (``id/graph/document/<id>``), the
registers (actors, series, terms, sources) into ``id/graph/registers``. :func:`load` makes
pyoxigraph terms directly and adds them to the store one seeds file at a time, keeping no
location. Only a build whose SHACL validation fails needs to know where a node was written:
:func:`locations` then walks the same seeds again, the same way, and records where every
subject, and every (subject, property) pair, was written, so that a SHACL result on a node
is reported as ``file:line`` of the seeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.pipeline.seeds import (
    ActorSeed,
    DocumentSeed,
    Located,
    RegisterFile,
    Seeds,
    designation_local_id,
)
from kg.vocab import (
    DCT,
    FOAF,
    GRAPH_REGISTERS,
    ID,
    OA,
    RDF,
    RDFS,
    SECKG,
    SKOS,
    SOURCE_KIND,
    VERIFICATION,
    WD,
    XSD,
    document_graph,
)

Where = tuple[Path, int]


def _iri(term: ox.NamedNode | str) -> ox.NamedNode:
    return term if isinstance(term, ox.NamedNode) else ox.NamedNode(term)


# the predicates and classes the loader writes, made once
TYPE, LABEL, NOTE = RDF.type, RDFS.label, SKOS.note
TITLE, ISSUED, LANGUAGE, PAGE = DCT.title, DCT.issued, DCT.language, FOAF.page
XSD_DATE, XSD_GYEARMONTH, XSD_LANGUAGE, XSD_INTEGER = (XSD.date, XSD.gYearMonth, XSD.language,
                                                        XSD.integer)
_S = {name: SECKG[name] for name in (
    "State", "InternationalOrganization", "isoAlpha3", "code", "wikidata", "continues", "DocumentSeries", "issuer",
    "NationalTerm", "Source", "sourceKind", "PolicyDocument", "StrategyDocument", "NewYearAddress",
    "NewYearJointEditorial", "series", "replacesEdition", "covers", "Section",
    "sectionOf", "order", "sectionNumber", "impliedCategory", "Designation", "target", "document", "section",
    "category", "nationalTerm", "scope", "evidence", "Evidence", "verification", "page", "appliesRule")}
# A document's kind (seeds `kind:`) and its class; every document is also a seckg:PolicyDocument.
_KIND = {"strategy": "StrategyDocument", "new-year-address": "NewYearAddress",
         "new-year-joint-editorial": "NewYearJointEditorial"}
_READ = {"full-text": SECKG.readInFull, "sections": SECKG.readInSections,
         "excerpts": SECKG.readInExcerpts}


@dataclass
class Locations:
    """Where the seeds wrote every subject and (subject, property) pair, keyed by IRI."""

    where: dict[str | tuple[str, str], Where] = field(default_factory=dict)

    def locate(self, node: str, path: str | None = None) -> Where | None:
        """The seeds file and line of ``node`` (of its ``path`` property where known)."""
        if path is not None and (node, path) in self.where:
            return self.where[(node, path)]
        return self.where.get(node)


class _Writer:
    """Writes the quads of one record into ``out`` and, when ``where`` is given, their locations."""

    def __init__(self, out: list[ox.Quad], where: dict[Any, Where] | None, graph: ox.NamedNode, located: Located):
        self.out, self.where, self.graph, self.located = out, where, graph, located

    def sub(self, raw: Any) -> _Writer:
        """A writer for a record nested in this one (``raw``: its part of the YAML)."""
        return _Writer(self.out, self.where, self.graph, Located(self.located.file, raw))

    def node(self, s: ox.NamedNode, raw_path: tuple[str | int, ...]) -> None:
        if self.where is not None:
            self.where[s.value] = (self.located.file, self.located.line(*raw_path))

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal | None,
            raw_path: tuple[str | int, ...] | None = None) -> None:
        if o is None:
            return
        self.out.append(ox.Quad(s, p, o, self.graph))
        if raw_path is not None and self.where is not None:
            self.where[(s.value, p.value)] = (self.located.file, self.located.line(*raw_path))

    def text(self, s: ox.NamedNode, p: ox.NamedNode, text: str, lang: str = "en") -> None:
        self.add(s, p, ox.Literal(text, language=lang))

    def texts(self, s: ox.NamedNode, p: ox.NamedNode, texts: dict[str, str] | None) -> None:
        for lang, text in (texts or {}).items():
            self.text(s, p, text, lang)


def _date(value: dt.date | str | None) -> ox.Literal | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=XSD_DATE)
    return ox.Literal(value, datatype=XSD_GYEARMONTH)


def _english(texts: dict[str, str] | None, fallback: str) -> str:
    if not texts:
        return fallback
    return texts.get("en") or next(iter(texts.values()))


class ActorIndex:
    """Actor codes to IRIs; unknown codes get a state IRI that the shapes then reject."""

    def __init__(self, actors: dict[str, tuple[ActorSeed, Located]]):
        self.actors = actors
        self._iris: dict[str, ox.NamedNode] = {}

    def iri(self, code: str) -> ox.NamedNode:
        found = self._iris.get(code)
        if found is None:
            seed = self.actors.get(code)
            organization = seed is not None and seed[0].kind == "organization"
            found = self._iris[code] = ID.organization(code) if organization else ID.state(code)
        return found


def _files(seeds: Seeds, where: dict[Any, Where] | None) -> Iterator[list[ox.Quad]]:
    """The quads of the seeds, one list per seeds file (actors, registers, documents, in order)."""
    actors = ActorIndex(seeds.actors)
    registers = GRAPH_REGISTERS
    out: list[ox.Quad] = []
    for code, (actor, located) in seeds.actors.items():
        _actor(_Writer(out, where, registers, located), actors.iri(code), actor)
    yield out
    for register, located in seeds.registers:
        out = []
        _register(_Writer(out, where, registers, located), register, actors)
        yield out
    for doc, located in seeds.documents.values():
        out = []
        _document(_Writer(out, where, document_graph(doc.id), located), doc, actors)
        yield out


def load(seeds: Seeds, into: ox.Store) -> int:
    """Add the quads of checked seeds to ``into``, one seeds file at a time; how many were made."""
    made = 0
    for quads in _files(seeds, None):
        into.extend(quads)
        made += len(quads)
    return made


def quads(seeds: Seeds) -> list[ox.Quad]:
    """Every quad of the seeds, in the order :func:`load` adds them."""
    return [q for file_quads in _files(seeds, None) for q in file_quads]


def locations(seeds: Seeds) -> Locations:
    """Where every node and (node, property) of the seeds was written (the same walk as :func:`load`)."""
    found = Locations()
    for _ in _files(seeds, found.where):
        pass
    return found


def _actor(w: _Writer, iri: ox.NamedNode, a: ActorSeed) -> None:
    w.node(iri, ("code",))
    w.add(iri, TYPE, _S["State"] if a.kind == "state" else _S["InternationalOrganization"], ("kind",))
    if a.kind == "state":
        w.add(iri, _S["isoAlpha3"], ox.Literal(a.code), ("code",))
    else:
        w.add(iri, _S["code"], ox.Literal(a.code), ("code",))
    w.texts(iri, LABEL, a.name)
    for lang, names in a.other_names.items():
        for name in names:
            w.text(iri, SKOS.altLabel, name, lang)
    if a.wikidata:
        w.add(iri, _S["wikidata"], WD[a.wikidata], ("wikidata",))
    if a.continues:
        w.add(iri, _S["continues"], ID.state(a.continues), ("continues",))
    if a.note:
        w.text(iri, NOTE, a.note)


def _register(rw: _Writer, reg: RegisterFile, actors: ActorIndex) -> None:
    issuer = actors.iri(reg.issuer)
    raw = rw.located.raw
    for i, series in enumerate(reg.series):
        w = rw.sub(raw["series"][i])
        s = ID.series(series.id)
        w.node(s, ("id",))
        w.add(s, TYPE, _S["DocumentSeries"])
        w.add(s, _S["issuer"], issuer)
        w.texts(s, TITLE, series.title)
        w.texts(s, LABEL, series.title)
        if series.note:
            w.text(s, NOTE, series.note)
    scheme = ID.term_scheme(reg.issuer)
    if reg.terms:
        w = rw.sub(raw["terms"])
        w.add(scheme, TYPE, SKOS.ConceptScheme)
        w.add(scheme, _S["issuer"], issuer)
        w.text(scheme, SKOS.prefLabel, f"Security designation terms of {reg.issuer}")
    for i, term in enumerate(reg.terms):
        w = rw.sub(raw["terms"][i])
        t = ID.term(reg.issuer, term.id)
        w.node(t, ("id",))
        w.add(t, TYPE, _S["NationalTerm"])
        w.add(t, SKOS.inScheme, scheme)
        w.add(t, SKOS.notation, ox.Literal(term.id))
        w.texts(t, SKOS.prefLabel, term.label)
        w.add(t, SKOS.broader, ID.category(term.category), ("category",))
        if term.note:
            w.text(t, SKOS.scopeNote, term.note)
    for i, src in enumerate(reg.sources):
        w = rw.sub(raw["sources"][i])
        s = ID.source(src.id)
        w.node(s, ("id",))
        w.add(s, TYPE, _S["Source"])
        w.add(s, PAGE, _iri(src.url), ("url",))
        w.add(s, TITLE, ox.Literal(src.title))
        w.add(s, LABEL, ox.Literal(f"{src.publisher}: {src.title}"))
        w.add(s, DCT.publisher, ox.Literal(src.publisher))
        w.add(s, _S["sourceKind"], SOURCE_KIND[src.kind], ("kind",))
        w.add(s, ISSUED, _date(src.published), ("published",))
        if src.language:
            w.add(s, LANGUAGE, ox.Literal(src.language, datatype=XSD_LANGUAGE))
        if src.note:
            w.text(s, NOTE, src.note)


def _document(w: _Writer, doc: DocumentSeed, actors: ActorIndex) -> None:
    d = ID.document(doc.id)
    issuer = actors.iri(doc.issuer)
    w.node(d, ("id",))
    w.add(d, TYPE, _S["PolicyDocument"])
    w.add(d, TYPE, _S[_KIND[doc.kind]])
    w.add(d, _S["issuer"], issuer, ("issuer",))
    w.add(d, _S["series"], ID.series(doc.series), ("series",))
    w.texts(d, TITLE, doc.title)
    year = doc.issued.year if isinstance(doc.issued, dt.date) else doc.issued[:4]
    w.text(d, LABEL, f"{_english(doc.title, doc.id)} ({year})")
    w.add(d, ISSUED, _date(doc.issued), ("issued",))
    w.add(d, LANGUAGE, ox.Literal(doc.language, datatype=XSD_LANGUAGE), ("language",))
    if doc.url:
        w.add(d, PAGE, _iri(doc.url), ("url",))
    if doc.replaces:
        w.add(d, _S["replacesEdition"], ID.document(doc.replaces), ("replaces",))
    for depth, i, code in doc.reading():
        where = ("coverage", i) if depth is None else ("coverage", depth, i)
        w.add(d, _S["covers"], actors.iri(code), where)
        if depth is not None:
            w.add(d, _READ[depth], actors.iri(code), where)
    if doc.note:
        w.text(d, NOTE, doc.note)
    implies = {}
    raw = w.located.raw
    for i, sec in enumerate(doc.sections):
        sw = w.sub(raw["sections"][i])
        s = ID.section(doc.id, sec.id)
        sw.node(s, ("id",))
        sw.add(s, TYPE, _S["Section"])
        sw.add(s, _S["sectionOf"], d)
        sw.add(s, _S["order"], ox.Literal(str(i + 1), datatype=XSD_INTEGER))
        if sec.number:
            sw.add(s, _S["sectionNumber"], ox.Literal(sec.number), ("number",))
        sw.texts(s, TITLE, sec.title)
        label = " ".join(x for x in (sec.number, _english(sec.title, "")) if x) or sec.id
        sw.add(s, LABEL, ox.Literal(label))
        if sec.implies:
            implies[sec.id] = sec.implies
            sw.add(s, _S["impliedCategory"], ID.category(sec.implies), ("implies",))
        if sec.note:
            sw.text(s, NOTE, sec.note)
    for i, des in enumerate(doc.designations):
        dw = w.sub(raw["designations"][i])
        local = designation_local_id(des, implies)
        n = ID.designation(doc.id, local)
        dw.node(n, ())
        dw.add(n, TYPE, _S["Designation"])
        dw.add(n, _S["issuer"], issuer)
        dw.add(n, _S["target"], actors.iri(des.target), ("target",))
        dw.add(n, _S["document"], d)
        dw.add(n, LABEL, ox.Literal(f"{doc.issuer} on {des.target} in {doc.id} ({local.split('/')[-1]})"))
        if des.section:
            dw.add(n, _S["section"], ID.section(doc.id, des.section), ("section",))
        if des.category:
            dw.add(n, _S["category"], ID.category(des.category), ("category",))
        if des.term:
            dw.add(n, _S["nationalTerm"], ID.term(doc.issuer, des.term), ("term",))
        if des.scope:
            dw.add(n, _S["scope"], ox.Literal(des.scope, language="en"), ("scope",))
        for k, rule in enumerate(des.rules):
            dw.add(n, _S["appliesRule"], ID.rule(rule), ("rules", k))
        if des.note:
            dw.text(n, NOTE, des.note)
        for j, ev in enumerate(des.evidence, start=1):
            ew = dw.sub(dw.located.raw["evidence"][j - 1])
            e = ID.evidence(n, j)
            ew.node(e, ())
            dw.add(n, _S["evidence"], e, ("evidence", j - 1))
            ew.add(e, TYPE, _S["Evidence"])
            ew.add(e, OA.exact, ox.Literal(ev.quote, language=ev.lang), ("quote",))
            ew.add(e, DCT.source, ID.source(ev.source), ("source",))
            ew.add(e, _S["verification"], VERIFICATION[ev.verification], ("verification",))
            if ev.page is not None:
                ew.add(e, _S["page"], ox.Literal(str(ev.page)), ("page",))
            if ev.note:
                ew.text(e, NOTE, ev.note)
