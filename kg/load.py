"""Seeds to RDF: every record becomes triples in a named graph, with its file and line kept.

Each document's statements go into its own named graph (``id/graph/document/<id>``), the
registers (actors, series, terms, sources) into ``id/graph/registers``. :class:`Loaded`
remembers where every subject, and every (subject, property) pair, was written, so that a
SHACL result on a node can be reported as ``file:line`` of the seeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF
from rdflib.term import Node

from kg.namespaces import (
    GRAPH_REGISTERS,
    ID,
    OA,
    SECKG,
    SOURCE_KIND,
    VERIFICATION,
    WD,
    document_graph,
)
from kg.seeds import (
    ActorSeed,
    DocumentSeed,
    Located,
    RegisterFile,
    Seeds,
    designation_local_id,
)

Quad = tuple[Node, Node, Node, URIRef]


@dataclass
class Loaded:
    """The quads made from the seeds and where each came from."""

    quads: list[Quad] = field(default_factory=list)
    where: dict[Node | tuple[Node, Node], tuple[Path, int]] = field(default_factory=dict)

    def locate(self, node: Node, path: Node | None = None) -> tuple[Path, int] | None:
        """The seeds file and line of ``node`` (of its ``path`` property where known)."""
        if path is not None and (node, path) in self.where:
            return self.where[(node, path)]
        return self.where.get(node)

    def graph(self) -> Graph:
        """All quads as one rdflib Graph (the union of the named graphs)."""
        g = Graph()
        for s, p, o, _ in self.quads:
            g.add((s, p, o))
        return g

    def graphs(self) -> dict[URIRef, list[tuple[Node, Node, Node]]]:
        out: dict[URIRef, list[tuple[Node, Node, Node]]] = {}
        for s, p, o, g in self.quads:
            out.setdefault(g, []).append((s, p, o))
        return out


class _Writer:
    def __init__(self, loaded: Loaded, graph: URIRef, where: Located):
        self.loaded, self.graph, self.located = loaded, graph, where

    def node(self, s: Node, raw_path: tuple[str | int, ...]) -> None:
        self.loaded.where[s] = (self.located.file, self.located.line(*raw_path))

    def add(self, s: Node, p: Node, o: Node | None, raw_path: tuple[str | int, ...] | None = None) -> None:
        if o is None:
            return
        self.loaded.quads.append((s, p, o, self.graph))
        if raw_path is not None:
            self.loaded.where[(s, p)] = (self.located.file, self.located.line(*raw_path))

    def texts(self, s: Node, p: Node, texts: dict[str, str] | None) -> None:
        for lang, text in (texts or {}).items():
            self.add(s, p, Literal(text, lang=lang))


def _date(value: dt.date | str | None) -> Literal | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return Literal(value, datatype=XSD.date)
    return Literal(value, datatype=XSD.gYearMonth)


def _english(texts: dict[str, str] | None, fallback: str) -> str:
    if not texts:
        return fallback
    return texts.get("en") or next(iter(texts.values()))


class ActorIndex:
    """Actor codes to IRIs; unknown codes get a state IRI that the shapes then reject."""

    def __init__(self, actors: dict[str, tuple[ActorSeed, Located]]):
        self.actors = actors

    def iri(self, code: str) -> URIRef:
        seed = self.actors.get(code)
        if seed is not None and seed[0].kind == "organization":
            return ID.organization(code)
        return ID.state(code)


def load(seeds: Seeds) -> Loaded:
    """Turn checked seeds into quads with locations."""
    loaded = Loaded()
    actors = ActorIndex(seeds.actors)
    for code, (actor, where) in seeds.actors.items():
        _actor(_Writer(loaded, GRAPH_REGISTERS, where), actors.iri(code), actor)
    for register, where in seeds.registers:
        _register(loaded, register, where, actors)
    for doc, where in seeds.documents.values():
        _document(_Writer(loaded, document_graph(doc.id), where), doc, actors)
    return loaded


def _actor(w: _Writer, iri: URIRef, a: ActorSeed) -> None:
    w.node(iri, ("code",))
    w.add(iri, RDF.type, SECKG.State if a.kind == "state" else SECKG.InternationalOrganization, ("kind",))
    if a.kind == "state":
        w.add(iri, SECKG.isoAlpha3, Literal(a.code), ("code",))
    else:
        w.add(iri, SECKG.code, Literal(a.code), ("code",))
    w.texts(iri, RDFS.label, a.name)
    if a.wikidata:
        w.add(iri, SECKG.wikidata, WD[a.wikidata], ("wikidata",))
    if a.continues:
        w.add(iri, SECKG.continues, ID.state(a.continues), ("continues",))
    if a.note:
        w.add(iri, SKOS.note, Literal(a.note, lang="en"))


def _register(loaded: Loaded, reg: RegisterFile, where: Located, actors: ActorIndex) -> None:
    issuer = actors.iri(reg.issuer)
    for i, series in enumerate(reg.series):
        w = _Writer(loaded, GRAPH_REGISTERS, Located(where.file, where.raw["series"][i]))
        s = ID.series(series.id)
        w.node(s, ("id",))
        w.add(s, RDF.type, SECKG.DocumentSeries)
        w.add(s, SECKG.issuer, issuer)
        w.texts(s, DCTERMS.title, series.title)
        w.texts(s, RDFS.label, series.title)
        if series.note:
            w.add(s, SKOS.note, Literal(series.note, lang="en"))
    if reg.terms:
        w = _Writer(loaded, GRAPH_REGISTERS, Located(where.file, where.raw["terms"]))
        scheme = ID.term_scheme(reg.issuer)
        w.add(scheme, RDF.type, SKOS.ConceptScheme)
        w.add(scheme, SECKG.issuer, issuer)
        w.add(scheme, SKOS.prefLabel, Literal(f"Security designation terms of {reg.issuer}", lang="en"))
    for i, term in enumerate(reg.terms):
        w = _Writer(loaded, GRAPH_REGISTERS, Located(where.file, where.raw["terms"][i]))
        t = ID.term(reg.issuer, term.id)
        w.node(t, ("id",))
        w.add(t, RDF.type, SECKG.NationalTerm)
        w.add(t, SKOS.inScheme, ID.term_scheme(reg.issuer))
        w.add(t, SKOS.notation, Literal(term.id))
        w.texts(t, SKOS.prefLabel, term.label)
        w.add(t, SKOS.broader, ID.category(term.category), ("category",))
        if term.note:
            w.add(t, SKOS.scopeNote, Literal(term.note, lang="en"))
    for i, src in enumerate(reg.sources):
        w = _Writer(loaded, GRAPH_REGISTERS, Located(where.file, where.raw["sources"][i]))
        s = ID.source(src.id)
        w.node(s, ("id",))
        w.add(s, RDF.type, SECKG.Source)
        w.add(s, FOAF.page, URIRef(src.url), ("url",))
        w.add(s, DCTERMS.title, Literal(src.title))
        w.add(s, RDFS.label, Literal(f"{src.publisher}: {src.title}"))
        w.add(s, DCTERMS.publisher, Literal(src.publisher))
        w.add(s, SECKG.sourceKind, SOURCE_KIND[src.kind], ("kind",))
        w.add(s, DCTERMS.issued, _date(src.published), ("published",))
        if src.language:
            w.add(s, DCTERMS.language, Literal(src.language, datatype=XSD.language))
        if src.note:
            w.add(s, SKOS.note, Literal(src.note, lang="en"))


def _document(w: _Writer, doc: DocumentSeed, actors: ActorIndex) -> None:
    d = ID.document(doc.id)
    issuer = actors.iri(doc.issuer)
    w.node(d, ("id",))
    w.add(d, RDF.type, SECKG.StrategyDocument)
    w.add(d, SECKG.issuer, issuer, ("issuer",))
    w.add(d, SECKG.series, ID.series(doc.series), ("series",))
    w.texts(d, DCTERMS.title, doc.title)
    year = doc.issued.year if isinstance(doc.issued, dt.date) else doc.issued[:4]
    w.add(d, RDFS.label, Literal(f"{_english(doc.title, doc.id)} ({year})", lang="en"))
    w.add(d, DCTERMS.issued, _date(doc.issued), ("issued",))
    w.add(d, DCTERMS.language, Literal(doc.language, datatype=XSD.language), ("language",))
    if doc.url:
        w.add(d, FOAF.page, URIRef(doc.url), ("url",))
    if doc.replaces:
        w.add(d, SECKG.replacesEdition, ID.document(doc.replaces), ("replaces",))
    for i, code in enumerate(doc.coverage):
        w.add(d, SECKG.covers, actors.iri(code), ("coverage", i))
    if doc.note:
        w.add(d, SKOS.note, Literal(doc.note, lang="en"))
    implies = {}
    for i, sec in enumerate(doc.sections):
        sw = _Writer(w.loaded, w.graph, Located(w.located.file, w.located.raw["sections"][i]))
        s = ID.section(doc.id, sec.id)
        sw.node(s, ("id",))
        sw.add(s, RDF.type, SECKG.Section)
        sw.add(s, SECKG.sectionOf, d)
        sw.add(s, SECKG.order, Literal(i + 1))
        if sec.number:
            sw.add(s, SECKG.sectionNumber, Literal(sec.number), ("number",))
        sw.texts(s, DCTERMS.title, sec.title)
        label = " ".join(x for x in (sec.number, _english(sec.title, "")) if x) or sec.id
        sw.add(s, RDFS.label, Literal(label))
        if sec.implies:
            implies[sec.id] = sec.implies
            sw.add(s, SECKG.impliedCategory, ID.category(sec.implies), ("implies",))
        if sec.note:
            sw.add(s, SKOS.note, Literal(sec.note, lang="en"))
    for i, des in enumerate(doc.designations):
        dw = _Writer(w.loaded, w.graph, Located(w.located.file, w.located.raw["designations"][i]))
        local = designation_local_id(des, implies)
        n = ID.designation(doc.id, local)
        dw.node(n, ())
        dw.add(n, RDF.type, SECKG.Designation)
        dw.add(n, SECKG.issuer, issuer)
        dw.add(n, SECKG.target, actors.iri(des.target), ("target",))
        dw.add(n, SECKG.document, d)
        dw.add(n, RDFS.label, Literal(f"{doc.issuer} on {des.target} in {doc.id} ({local.split('/')[-1]})"))
        if des.section:
            dw.add(n, SECKG.section, ID.section(doc.id, des.section), ("section",))
        if des.category:
            dw.add(n, SECKG.category, ID.category(des.category), ("category",))
        if des.term:
            dw.add(n, SECKG.nationalTerm, ID.term(doc.issuer, des.term), ("term",))
        if des.scope:
            dw.add(n, SECKG.scope, Literal(des.scope, lang="en"), ("scope",))
        if des.note:
            dw.add(n, SKOS.note, Literal(des.note, lang="en"))
        for j, ev in enumerate(des.evidence, start=1):
            ew = _Writer(w.loaded, w.graph, Located(w.located.file, dw.located.raw["evidence"][j - 1]))
            e = ID.evidence(n, j)
            ew.node(e, ())
            dw.add(n, SECKG.evidence, e, ("evidence", j - 1))
            ew.add(e, RDF.type, SECKG.Evidence)
            ew.add(e, OA.exact, Literal(ev.quote, lang=ev.lang), ("quote",))
            ew.add(e, DCTERMS.source, ID.source(ev.source), ("source",))
            ew.add(e, SECKG.verification, VERIFICATION[ev.verification], ("verification",))
            if ev.page is not None:
                ew.add(e, SECKG.page, Literal(str(ev.page)), ("page",))
            if ev.note:
                ew.add(e, SKOS.note, Literal(ev.note, lang="en"))


def iter_triples(loaded: Loaded) -> Iterator[tuple[Node, Node, Node]]:
    for s, p, o, _ in loaded.quads:
        yield s, p, o
