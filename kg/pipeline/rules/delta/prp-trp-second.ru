# prp-trp with the second of the two statements among the last round's new triples.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { GRAPH <urn:seckg:into> { ?x ?p ?z } GRAPH <urn:seckg:next> { ?x ?p ?z } }
WHERE {
  GRAPH ?schema { ?p a owl:TransitiveProperty }
  GRAPH ?data1 { ?x ?p ?y } GRAPH <urn:seckg:delta> { ?y ?p ?z }
  FILTER NOT EXISTS { GRAPH ?any { ?x ?p ?z } }
}
