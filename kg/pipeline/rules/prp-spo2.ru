# OWL 2 RL prp-spo2 for chains of two properties (the only length the ontology uses;
# tests/kg/test_infer.py checks that).
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { GRAPH <urn:seckg:into> { ?x ?p ?z } GRAPH <urn:seckg:next> { ?x ?p ?z } }
WHERE {
  GRAPH ?schema { ?p owl:propertyChainAxiom ?chain . ?chain rdf:first ?p1 ; rdf:rest ?rest .
                  ?rest rdf:first ?p2 ; rdf:rest rdf:nil }
  GRAPH ?data1 { ?x ?p1 ?y } GRAPH ?data2 { ?y ?p2 ?z }
  FILTER NOT EXISTS { GRAPH ?any { ?x ?p ?z } }
}
