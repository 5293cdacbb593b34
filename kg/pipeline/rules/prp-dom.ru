# OWL 2 RL prp-dom: the subject of a property with a domain is an instance of it.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { GRAPH <urn:seckg:into> { ?x a ?c } GRAPH <urn:seckg:next> { ?x a ?c } }
WHERE {
  GRAPH ?schema { ?p rdfs:domain ?c } FILTER (isIRI(?c))
  GRAPH ?data { ?x ?p ?y }
  FILTER NOT EXISTS { GRAPH ?any { ?x a ?c } }
}
