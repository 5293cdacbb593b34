# prp-spo1 with its data premise among the last round's new triples.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { GRAPH <urn:seckg:into> { ?x ?super ?y } GRAPH <urn:seckg:next> { ?x ?super ?y } }
WHERE {
  GRAPH ?schema { ?p rdfs:subPropertyOf+ ?super } FILTER (isIRI(?super))
  GRAPH <urn:seckg:delta> { ?x ?p ?y }
  FILTER NOT EXISTS { GRAPH ?any { ?x ?super ?y } }
}
