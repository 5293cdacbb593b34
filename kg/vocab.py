"""The persistent namespace and the IRIs the graph mints.

Every IRI is built here, so that the loader, the derivation and the service agree.

>>> str(ID.document("jpn-nss-2022"))
'https://w3id.org/seckg/id/document/jpn-nss-2022'
>>> str(ID.designation("jpn-nss-2022", "rus/concern"))
'https://w3id.org/seckg/id/designation/jpn-nss-2022/rus/concern'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/seckg/"
SECKG = Namespace(BASE + "ontology#")
ONTOLOGY = URIRef(BASE + "ontology")
CAT = Namespace(BASE + "id/category/")
VERIFICATION = Namespace(BASE + "id/verification/")
SOURCE_KIND = Namespace(BASE + "id/source-kind/")
BAND = Namespace(BASE + "id/band/")
DEPTH = Namespace(BASE + "id/depth/")
CONFIDENCE = Namespace(BASE + "id/confidence/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "seckg": str(SECKG),
    "cat": str(CAT),
    "id": BASE + "id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": str(PROV),
    "oa": str(OA),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": str(WD),
}


class _Ids:
    """Minting of the graph's resource IRIs (``https://w3id.org/seckg/id/...``)."""

    root = BASE + "id/"

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.root + "/".join(parts))

    def state(self, code: str) -> URIRef:
        return self._iri("state", code)

    def organization(self, code: str) -> URIRef:
        return self._iri("organization", code)

    def document(self, doc_id: str) -> URIRef:
        return self._iri("document", doc_id)

    def section(self, doc_id: str, section_id: str) -> URIRef:
        return self._iri("document", doc_id, "section", section_id)

    def designation(self, doc_id: str, local_id: str) -> URIRef:
        return self._iri("designation", doc_id, local_id)

    def evidence(self, designation: URIRef, n: int) -> URIRef:
        return URIRef(f"{designation}/evidence/{n}")

    def change(self, doc_id: str, target_code: str) -> URIRef:
        return self._iri("change", doc_id, target_code.lower())

    def rule(self, number: str) -> URIRef:
        return self._iri("codebook", number)

    def position(self, doc_id: str, target_code: str) -> URIRef:
        return self._iri("position", doc_id, target_code.lower())

    def series(self, series_id: str) -> URIRef:
        return self._iri("series", series_id)

    def source(self, source_id: str) -> URIRef:
        return self._iri("source", source_id)

    def term(self, issuer_code: str, term_id: str) -> URIRef:
        return self._iri("term", issuer_code.lower(), term_id)

    def term_scheme(self, issuer_code: str) -> URIRef:
        return self._iri("scheme", "terms", issuer_code.lower())

    def category(self, name: str) -> URIRef:
        return CAT[name]

    def graph(self, *parts: str) -> URIRef:
        return self._iri("graph", *parts)


ID = _Ids()
CATEGORY_SCHEME = ID._iri("scheme", "categories")
GRAPH_ONTOLOGY = ID.graph("ontology")
GRAPH_REGISTERS = ID.graph("registers")
GRAPH_INFERRED = ID.graph("inferred")
GRAPH_DERIVED = ID.graph("derived")


def document_graph(doc_id: str) -> URIRef:
    """The named graph that holds one document's own statements."""
    return ID.graph("document", doc_id)
