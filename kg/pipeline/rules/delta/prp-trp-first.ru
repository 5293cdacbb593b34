# prp-trp with the first of the two statements among the last round's new triples.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { GRAPH <urn:seckg:into> { ?x ?p ?z } GRAPH <urn:seckg:next> { ?x ?p ?z } }
WHERE {
  GRAPH ?schema { ?p a owl:TransitiveProperty }
  GRAPH <urn:seckg:delta> { ?x ?p ?y } GRAPH ?data2 { ?y ?p ?z }
  FILTER NOT EXISTS { GRAPH ?any { ?x ?p ?z } }
}
