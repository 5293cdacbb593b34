# OWL 2 RL cax-sco (with scm-sco): instances of a class are instances of its superclasses.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { GRAPH <urn:seckg:into> { ?x a ?super } GRAPH <urn:seckg:next> { ?x a ?super } }
WHERE {
  GRAPH ?schema { ?class rdfs:subClassOf+ ?super } FILTER (isIRI(?super))
  GRAPH ?data { ?x a ?class }
  FILTER NOT EXISTS { GRAPH ?any { ?x a ?super } }
}
