"""Each shape: the valid example passes, and its invalid example fires that shape and no other."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kg.pipeline.validate import shapes_graph
from kg.resources import ontology_dir
from kg.vocab import SHAPES
from tests.reference import check_graph

HERE = Path(__file__).parent
PREFIXES = """
PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX id: <https://w3id.org/seckg/id/>
PREFIX cat: <https://w3id.org/seckg/id/category/>
PREFIX vs: <https://w3id.org/seckg/id/verification/>
PREFIX sk: <https://w3id.org/seckg/id/source-kind/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
D = "id:designation\\/d2\\/rus"
E = "id:designation\\/d2\\/rus\\/evidence\\/1"
D2 = "id:document\\/d2"

# shape name -> a SPARQL Update that breaks the valid example in exactly that respect
INVALID = {
    "State-iso-code": 'DELETE DATA { id:state\\/RUS seckg:isoAlpha3 "RUS" } ; '
                      'INSERT DATA { id:state\\/RUS seckg:isoAlpha3 "RUX" }',
    "State-label": 'DELETE DATA { id:state\\/RUS rdfs:label "Russia"@en }',
    "State-continues": "INSERT DATA { id:state\\/RUS seckg:continues id:state\\/SUX }",
    "Organization-code": 'DELETE DATA { id:organization\\/NATO seckg:code "NATO" } ; '
                         'INSERT DATA { id:organization\\/NATO seckg:code "nato" }',
    "Organization-label": 'DELETE DATA { id:organization\\/NATO rdfs:label "NATO"@en }',
    "Designation-issuer": f"DELETE DATA {{ {D} seckg:issuer id:state\\/JPN }}",
    "Designation-target": f"DELETE DATA {{ {D} seckg:target id:state\\/RUS }} ; "
                          f"INSERT DATA {{ {D} seckg:target id:state\\/XYZ . id:state\\/XYZ a seckg:Actor }}",
    "Designation-document": f"DELETE DATA {{ {D} seckg:document {D2} }}",
    "Designation-category": f"INSERT DATA {{ {D} seckg:category cat:threat }}",
    "Designation-section": f"INSERT DATA {{ {D} seckg:section id:document\\/d2\\/section\\/c . "
                           f"id:document\\/d2\\/section\\/c a seckg:Section ; seckg:sectionOf {D2} }}",
    "Designation-term": f"DELETE DATA {{ {D} seckg:nationalTerm id:term\\/jpn\\/kenen }} ; "
                        f"INSERT DATA {{ {D} seckg:nationalTerm id:term\\/jpn\\/typo }}",
    "Designation-evidence": f"DELETE DATA {{ {D} seckg:evidence {E} }}",
    "Designation-rule": f"DELETE DATA {{ {D} seckg:appliesRule id:codebook\\/R2.5 }} ; "
                        f"INSERT DATA {{ {D} seckg:appliesRule id:codebook\\/R99 }}",
    "Designation-issuer-differs-from-target": f"DELETE DATA {{ {D} seckg:target id:state\\/RUS }} ; "
                                              f"INSERT DATA {{ {D} seckg:target id:state\\/JPN }}",
    "Designation-issuer-is-document-issuer": f"DELETE DATA {{ {D} seckg:issuer id:state\\/JPN }} ; "
                                             f"INSERT DATA {{ {D} seckg:issuer id:organization\\/NATO }} ; "
                                             f"DELETE DATA {{ {D} seckg:nationalTerm id:term\\/jpn\\/kenen }} ; "
                                             f"INSERT DATA {{ {D} seckg:nationalTerm id:term\\/nato\\/threat }} ; "
                                             f"DELETE DATA {{ {D} seckg:category cat:concern }} ; "
                                             f"INSERT DATA {{ {D} seckg:category cat:threat }} ; "
                                             f"DELETE DATA {{ {D} seckg:section id:document\\/d2\\/section\\/a }}",
    "Designation-section-in-document": f"DELETE DATA {{ {D} seckg:section id:document\\/d2\\/section\\/a }} ; "
                                       f"INSERT DATA {{ {D} seckg:section id:document\\/d1\\/section\\/b }}",
    "Designation-term-of-issuer": f"DELETE DATA {{ {D} seckg:nationalTerm id:term\\/jpn\\/kenen }} ; "
                                  f"INSERT DATA {{ {D} seckg:nationalTerm id:term\\/nato\\/threat }} ; "
                                  f"DELETE DATA {{ {D} seckg:category cat:concern }} ; "
                                  f"INSERT DATA {{ {D} seckg:category cat:threat }} ; "
                                  f"DELETE DATA {{ {D} seckg:section id:document\\/d2\\/section\\/a }}",
    "Evidence-quote": f'DELETE DATA {{ {E} oa:exact "a concern"@en }} ; INSERT DATA {{ {E} oa:exact "a concern" }}',
    "Evidence-source": f"DELETE DATA {{ {E} dct:source id:source\\/s1 }}",
    "Evidence-verification": f"DELETE DATA {{ {E} seckg:verification vs:verbatim-official }} ; "
                             f"INSERT DATA {{ {E} seckg:verification vs:probably }}",
    "Evidence-page": f'INSERT DATA {{ {E} seckg:page "4" }}',
    "StrategyDocument-issuer": "INSERT DATA { id:document\\/n1 seckg:issuer id:state\\/JPN }",
    "StrategyDocument-title": 'DELETE DATA { id:document\\/n1 dct:title "N1"@en }',
    "StrategyDocument-issued": 'DELETE DATA { id:document\\/n1 dct:issued "2022-06-29"^^xsd:date } ; '
                               'INSERT DATA { id:document\\/n1 dct:issued "29 June 2022" }',
    "StrategyDocument-series": "DELETE DATA { id:document\\/n1 seckg:series id:series\\/n } ; "
                               "INSERT DATA { id:document\\/n1 seckg:series id:series\\/typo }",
    "StrategyDocument-replaces": f"INSERT DATA {{ {D2} seckg:replacesEdition id:document\\/d0 }}",
    "StrategyDocument-covers": f"INSERT DATA {{ {D2} seckg:covers id:state\\/XYZ }}",
    "StrategyDocument-replaces-earlier-edition": 'DELETE DATA { id:document\\/d1 dct:issued "2010-01-01"^^xsd:date } ; '
                                                 'INSERT DATA { id:document\\/d1 dct:issued "2021-01-01"^^xsd:date }',
    "StrategyDocument-replaces-same-series": "DELETE DATA { id:document\\/d1 seckg:series id:series\\/s } ; "
                                            "INSERT DATA { id:document\\/d1 seckg:series id:series\\/n }",
    "Section-document": "DELETE DATA { id:document\\/d1\\/section\\/b seckg:sectionOf id:document\\/d1 } ; "
                        "INSERT DATA { id:document\\/d1\\/section\\/b seckg:sectionOf id:document\\/d9 }",
    "Section-implies": "INSERT DATA { id:document\\/d1\\/section\\/b seckg:impliedCategory cat:frenemy }",
    "Section-title": 'DELETE DATA { id:document\\/d1\\/section\\/b dct:title "B"@en } ; '
                     'INSERT DATA { id:document\\/d1\\/section\\/b dct:title "B" }',
    "Source-url": "DELETE DATA { id:source\\/s1 foaf:page <https://example.org/s1> } ; "
                  'INSERT DATA { id:source\\/s1 foaf:page "https://example.org/s1" }',
    "Source-kind": "DELETE DATA { id:source\\/s1 seckg:sourceKind sk:official-text } ; "
                   "INSERT DATA { id:source\\/s1 seckg:sourceKind sk:rumour }",
    "Source-title": 'DELETE DATA { id:source\\/s1 dct:title "Source one" }',
    "Source-published": 'DELETE DATA { id:source\\/s1 dct:issued "2020-02"^^xsd:gYearMonth } ; '
                        'INSERT DATA { id:source\\/s1 dct:issued "February 2020" }',
    "NationalTerm-broader": "INSERT DATA { id:term\\/jpn\\/kenen skos:broader cat:threat }",
    "NationalTerm-label": 'DELETE DATA { id:term\\/nato\\/threat skos:prefLabel "threat"@en }',
    "DocumentSeries-issuer": "DELETE DATA { id:series\\/n seckg:issuer id:organization\\/NATO }",
    "DocumentSeries-title": 'DELETE DATA { id:series\\/n dct:title "Series N"@en }',
}


@cache
def valid_graph() -> Graph:
    g = Graph()
    g.parse(HERE / "valid.ttl", format="turtle")
    g.parse(ontology_dir() / "categories.ttl", format="turtle")
    g.parse(ontology_dir() / "codebook.ttl", format="turtle")
    return g


def mutated(update: str | None) -> Graph:
    """The valid example changed by ``update`` (None: unchanged)."""
    g = Graph()
    for t in valid_graph():
        g.add(t)
    for operation in re.split(r"\s;\s(?=DELETE|INSERT)", update or ""):
        if operation:
            g.update(PREFIXES + _expand(operation))
    return g


def fired(update: str | None) -> set[str]:
    return {p.shape for p in check_graph(mutated(update))}


def _expand(update: str) -> str:
    """Write ``id:a\\/b`` names as full IRIs (rdflib's SPARQL parser keeps the escapes)."""
    def iri(m: re.Match[str]) -> str:
        return f"<https://w3id.org/seckg/id/{m.group(1).replace(chr(92), '')}>"

    return re.sub(r"\bid:((?:[\w.-]|\\/)+)", iri, update)


def firing_shapes() -> set[str]:
    """Every named property shape and SPARQL constraint (the node shapes only group them)."""
    g = shapes_graph()
    names = set()
    for kind in (SH.PropertyShape, SH.SPARQLConstraint):
        for s in g.subjects(RDF.type, kind):
            if isinstance(s, URIRef) and str(s).startswith(str(SHAPES)):
                names.add(str(s)[len(str(SHAPES)):])
    return names


def test_valid_example_passes():
    assert fired(None) == set()


def test_every_shape_has_an_invalid_example():
    assert firing_shapes() == set(INVALID)


@pytest.mark.parametrize("shape", sorted(INVALID))
def test_invalid_example_fires_its_shape(shape: str):
    assert fired(INVALID[shape]) == {shape}


def test_every_shape_has_a_message_for_curators():
    g = shapes_graph()
    for name in firing_shapes():
        assert g.value(URIRef(str(SHAPES) + name), SH.message) is not None, name


def test_every_node_reference_is_a_defined_shape():
    g = shapes_graph()
    defined = set(g.subjects(RDF.type, SH.NodeShape))
    for ref in g.objects(None, SH.node):
        assert ref in defined, f"sh:node {ref} is not defined: the check would pass vacuously"
