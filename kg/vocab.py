"""The vocabulary: every namespace, the IRIs the graph mints, and what the ontology defines
that code must know -- read from ``ontology/``, never restated here.

Namespaces give pyoxigraph terms (``SECKG.Designation``, ``CAT["threat"]``); ``ID`` mints
the graph's own resource IRIs, so that the loader, the derivation and the service agree.

>>> ID.document("jpn-nss-2022").value
'https://w3id.org/seckg/id/document/jpn-nss-2022'
>>> ID.designation("jpn-nss-2022", "rus/concern")
<NamedNode value=https://w3id.org/seckg/id/designation/jpn-nss-2022/rus/concern>
>>> SECKG.rank == SECKG["rank"] == ox.NamedNode("https://w3id.org/seckg/ontology#rank")
True

From the ontology, once (``ontology/categories.ttl``, ``codebook.ttl``, ``seckg.ttl``): the
categories of the shared scale in the order of their ranks, with their bands; the kinds of
change (the ``owl:disjointUnionOf`` of ``seckg:Change``, in its order); the confidence
levels, most confident first.

>>> [(c.name, c.rank, c.band) for c in categories()][:3]
[('ally', 1, 'aligned'), ('partner', 2, 'aligned'), ('cooperation', 3, 'cooperative')]
>>> list(change_kinds())[:3]
['CategoryMove', 'UnevenReading', 'HarshestFacetChange']
>>> confidences()
('high', 'medium', 'low', 'unverified')
>>> directions()[SECKG + "towardHostility"]
'toward hostility'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from kg.resources import ontology_files


class Namespace:
    """An IRI prefix; ``NS.local`` and ``NS["local"]`` are its pyoxigraph named nodes, and
    ``str(NS)`` (or ``NS + "local"``) its text. Not a ``str``, so that no local name (``title``,
    ``index``...) is taken for a method of one."""

    __slots__ = ("prefix",)

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __getitem__(self, local: str) -> ox.NamedNode:
        return ox.NamedNode(self.prefix + local)

    def __getattr__(self, local: str) -> ox.NamedNode:
        if local.startswith("__"):
            raise AttributeError(local)
        return ox.NamedNode(self.prefix + local)

    def __str__(self) -> str:
        return self.prefix

    def __add__(self, local: str) -> str:
        return self.prefix + local

    def __repr__(self) -> str:
        return f"Namespace({self.prefix!r})"


BASE = "https://w3id.org/seckg/"
SECKG = Namespace(BASE + "ontology#")
ONTOLOGY = ox.NamedNode(BASE + "ontology")
CAT = Namespace(BASE + "id/category/")
VERIFICATION = Namespace(BASE + "id/verification/")
SOURCE_KIND = Namespace(BASE + "id/source-kind/")
BAND = Namespace(BASE + "id/band/")
DEPTH = Namespace(BASE + "id/depth/")
CONFIDENCE = Namespace(BASE + "id/confidence/")
SHAPES = Namespace(BASE + "shapes#")

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WD = Namespace("http://www.wikidata.org/entity/")
CNT = Namespace("http://www.w3.org/2011/content#")  # W3C Representing Content in RDF: a text's characters

PREFIXES = {
    "seckg": str(SECKG),
    "cat": str(CAT),
    "id": BASE + "id/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dct": str(DCT),
    "prov": str(PROV),
    "oa": str(OA),
    "foaf": str(FOAF),
    "wd": str(WD),
}


class _Ids:
    """Minting of the graph's resource IRIs (``https://w3id.org/seckg/id/...``)."""

    root = BASE + "id/"

    def _iri(self, *parts: str) -> ox.NamedNode:
        return ox.NamedNode(self.root + "/".join(parts))

    def state(self, code: str) -> ox.NamedNode:
        return self._iri("state", code)

    def organization(self, code: str) -> ox.NamedNode:
        return self._iri("organization", code)

    def document(self, doc_id: str) -> ox.NamedNode:
        return self._iri("document", doc_id)

    def section(self, doc_id: str, section_id: str) -> ox.NamedNode:
        return self._iri("document", doc_id, "section", section_id)

    def designation(self, doc_id: str, local_id: str) -> ox.NamedNode:
        return self._iri("designation", doc_id, local_id)

    def evidence(self, designation: ox.NamedNode, n: int) -> ox.NamedNode:
        return ox.NamedNode(f"{designation.value}/evidence/{n}")

    def change(self, doc_id: str, target_code: str) -> ox.NamedNode:
        return self._iri("change", doc_id, target_code.lower())

    def rule(self, number: str) -> ox.NamedNode:
        return self._iri("codebook", number)

    def position(self, doc_id: str, target_code: str) -> ox.NamedNode:
        return self._iri("position", doc_id, target_code.lower())

    def series(self, series_id: str) -> ox.NamedNode:
        return self._iri("series", series_id)

    def source(self, source_id: str) -> ox.NamedNode:
        return self._iri("source", source_id)

    def term(self, issuer_code: str, term_id: str) -> ox.NamedNode:
        return self._iri("term", issuer_code.lower(), term_id)

    def term_scheme(self, issuer_code: str) -> ox.NamedNode:
        return self._iri("scheme", "terms", issuer_code.lower())

    def category(self, name: str) -> ox.NamedNode:
        return CAT[name]

    def text(self, doc_id: str) -> ox.NamedNode:
        """The plain text of a document that the project holds (seeds/texts/)."""
        return self._iri("text", doc_id)

    def passage(self, doc_id: str, start: int, end: int) -> ox.NamedNode:
        """Characters ``start`` to ``end`` of a held text, as RFC 5147 names them (``#char=start,end``)."""
        return ox.NamedNode(f"{self.root}text/{doc_id}#char={start},{end}")

    def graph(self, *parts: str) -> ox.NamedNode:
        return self._iri("graph", *parts)


ID = _Ids()
GRAPH_ONTOLOGY = ID.graph("ontology")
GRAPH_REGISTERS = ID.graph("registers")
GRAPH_INFERRED = ID.graph("inferred")
GRAPH_DERIVED = ID.graph("derived")
GRAPH_TEXTS = ID.graph("texts")


def document_graph(doc_id: str) -> ox.NamedNode:
    """The named graph that holds one document's own statements."""
    return ID.graph("document", doc_id)


def local_name(iri: str) -> str:
    """The last segment of an IRI: ``.../id/state/JPN`` -> ``JPN``, ``...ontology#Change`` -> ``Change``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ---------------------------------------------------------------- what the ontology defines


@dataclass(frozen=True)
class Category:
    """A category of the shared scale (codebook R2): its notation, rank and band."""

    name: str
    rank: int
    band: str

    @property
    def iri(self) -> ox.NamedNode:
        return CAT[self.name]


@cache
def ontology() -> ox.Store:
    """The ontology files, parsed once (in memory, a few thousand triples)."""
    store = ox.Store()
    for path in ontology_files():
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _value(subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> ox.NamedNode | ox.Literal:
    for quad in ontology().quads_for_pattern(subject, predicate, None):
        return quad.object  # type: ignore[return-value]
    raise LookupError(f"the ontology gives {subject} no {predicate.value}")


def _text(subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> str:
    return str(_value(subject, predicate).value)


@cache
def categories() -> tuple[Category, ...]:
    """The categories of the shared scale, by rank (from ally, 1, to enemy)."""
    found = [Category(_text(q.subject, SKOS.notation), int(_text(q.subject, SECKG.rank)),  # type: ignore[arg-type]
                      _text(_value(q.subject, SECKG.band), SKOS.notation))  # type: ignore[arg-type]
             for q in ontology().quads_for_pattern(None, RDF.type, SECKG.Category)]
    return tuple(sorted(found, key=lambda c: c.rank))


def category_names() -> tuple[str, ...]:
    """The notations of the categories, by rank."""
    return tuple(c.name for c in categories())


def _items(head: ox.NamedNode | ox.BlankNode | ox.Literal) -> list[ox.NamedNode]:
    """The members of an RDF list, in order."""
    items = []
    while head != RDF.nil:
        items.append(_value(head, RDF.first))  # type: ignore[arg-type]
        head = _value(head, RDF.rest)  # type: ignore[arg-type]
    return items  # type: ignore[return-value]


@cache
def change_kinds() -> dict[str, str]:
    """The kinds of change (the classes ``seckg:Change`` is the disjoint union of), in the
    ontology's order: local name -> English label."""
    kinds = _items(_value(SECKG.Change, OWL.disjointUnionOf))
    return {local_name(k.value): _text(k, RDFS.label) for k in kinds}


@cache
def directions() -> dict[str, str]:
    """The directions of a category move: IRI -> English label."""
    return {q.subject.value: _text(q.subject, RDFS.label)  # type: ignore[arg-type, union-attr]
            for q in ontology().quads_for_pattern(None, RDF.type, SECKG.Direction)}


@cache
def confidences() -> tuple[str, ...]:
    """The confidence levels of a change (codebook R9.4), most confident first."""
    levels = [(int(_text(q.subject, SECKG.level)), _text(q.subject, SKOS.notation))  # type: ignore[arg-type]
              for q in ontology().quads_for_pattern(None, RDF.type, SECKG.Confidence)]
    return tuple(name for _, name in sorted(levels, reverse=True))
