"""Every ontology term is labelled, defined and tied to the ontology; the scale is ordered."""

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from kg import vocab
from kg.resources import ontology_dir

SECKG = Namespace(str(vocab.SECKG))  # rdflib terms: the ontology is read with rdflib here
ONTOLOGY = URIRef(vocab.ONTOLOGY.value)


def ontology() -> Graph:
    g = Graph()
    for f in ontology_dir().glob("*.ttl"):
        g.parse(f)
    return g


def test_header():
    g = ontology()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY, OWL.versionIRI) is not None
    assert g.value(ONTOLOGY, URIRef("http://purl.org/dc/terms/license")) is not None
    assert g.value(ONTOLOGY, URIRef("http://purl.org/dc/terms/creator")) is not None


def test_every_term_is_labelled_defined_and_tied_to_the_ontology():
    g = ontology()
    terms = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(SECKG))}
    assert len(terms) > 40
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, RDFS.comment) is not None or g.value(term, SKOS.definition) is not None, term
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in g, term


def test_every_term_used_is_declared():
    g = ontology()
    declared = {s for s in g.subjects(RDF.type, None)}
    used = {o for o in g.objects() if isinstance(o, URIRef) and str(o).startswith(str(SECKG))}
    assert used <= declared


def test_scale_has_ten_ranked_categories():
    g = ontology()
    ranks = {str(c).rsplit("/", 1)[-1]: int(r) for c, r in g.subject_objects(SECKG.rank)}
    assert sorted(ranks.values()) == list(range(1, 11))
    assert ranks["ally"] == 1 and ranks["enemy"] == 10
    assert ranks["competitor"] < ranks["challenge"] < ranks["rival"] < ranks["threat"]
    for category in g.subjects(SECKG.rank, None):
        assert g.value(category, SKOS.definition) is not None
