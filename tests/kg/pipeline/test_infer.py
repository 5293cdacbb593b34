"""The fast inference path computes the same entailments as owlrl, the reference semantics."""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from kg import vocab
from kg.pipeline.assemble import load_ontology
from kg.pipeline.infer import infer
from kg.pipeline.load import quads
from kg.pipeline.seeds import read_seeds
from kg.resources import ontology_files
from tests.conftest import FIXTURE_SEEDS
from tests.reference import graph_to_quads, quads_to_graph

ID = vocab.ID.root
SECKG = Namespace(str(vocab.SECKG))  # rdflib terms: the graphs compared here are rdflib graphs


def data_triples(g: Graph) -> set:
    """The entailments about data nodes (owlrl also adds axiomatic and schema triples)."""
    return {(s, p, o) for s, p, o in g
            if isinstance(s, URIRef) and str(s).startswith(ID)
            and p != OWL.sameAs and o not in (OWL.Thing, RDFS.Resource)}


def closures(data: Graph) -> tuple[set, set]:
    store = ox.Store()
    load_ontology(store)
    store.extend(graph_to_quads(data, ox.NamedNode("urn:test:data")))  # infer reads named graphs
    reference = quads_to_graph(store.quads_for_pattern(None, None, None, None))
    infer(store, ox.NamedNode("urn:test:inferred"))
    ours = quads_to_graph(store.quads_for_pattern(None, None, None, None))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(reference)
    return data_triples(ours), data_triples(reference)


def test_equal_to_owlrl_on_the_test_seeds():
    data = quads_to_graph(quads(read_seeds(FIXTURE_SEEDS)))
    ours, reference = closures(data)
    assert ours == reference
    assert len(ours) > len(data_triples(data)), "inference added nothing"


def test_inference_does_real_work():
    data = quads_to_graph(quads(read_seeds(FIXTURE_SEEDS)))
    ours, _ = closures(data)
    rus_2010 = URIRef(ID + "designation/tst-2010/rus/partner")
    assert (rus_2010, SECKG.category, URIRef(ID + "category/partner")) in ours  # section chain
    chn_2010 = URIRef(ID + "designation/tst-2010/chn/concern-a")
    assert (chn_2010, SECKG.category, URIRef(ID + "category/concern")) in ours  # term chain
    assert (URIRef(ID + "state/RUS"), SECKG.receives, rus_2010) in ours  # inverse
    assert (URIRef(ID + "state/RUS"), RDF.type, SECKG.Actor) in ours  # subclass
    assert (URIRef(ID + "document/tst-2020"), SECKG.covers, URIRef(ID + "state/PRK")) in ours  # chain


def test_ontology_uses_only_two_step_chains():
    g = Graph()
    for f in ontology_files():
        g.parse(f)
    for chain in g.objects(None, OWL.propertyChainAxiom):
        assert len(list(g.items(chain))) == 2


NODES = [URIRef(ID + f"node/{i}") for i in range(5)]
CATEGORIES = [URIRef(ID + f"category/{c}") for c in ("partner", "concern", "threat")]
PROPERTIES = [SECKG.section, SECKG.impliedCategory, SECKG.nationalTerm, SKOS.broader, SECKG.target,
              SECKG.issuer, SECKG.document, SECKG.hasDesignation, SECKG.replacesEdition, SECKG.sectionOf,
              SECKG.previousDesignation, SKOS.broaderTransitive]
CLASSES = [SECKG.State, SECKG.Designation, SECKG.CategoryMove, SECKG.NationalTerm, SECKG.Section]

triples = st.one_of(
    st.tuples(st.sampled_from(NODES), st.sampled_from(PROPERTIES), st.sampled_from(NODES + CATEGORIES)),
    st.tuples(st.sampled_from(NODES), st.just(RDF.type), st.sampled_from(CLASSES)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(triples, min_size=1, max_size=12))
def test_equal_to_owlrl_on_generated_graphs(generated):
    data = Graph()
    for t in generated:
        data.add(t)
    ours, reference = closures(data)
    assert ours == reference
