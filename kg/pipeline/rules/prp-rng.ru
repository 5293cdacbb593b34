# OWL 2 RL prp-rng: the object of a property with a range is an instance of it.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { GRAPH <urn:seckg:into> { ?y a ?c } GRAPH <urn:seckg:next> { ?y a ?c } }
WHERE {
  GRAPH ?schema { ?p rdfs:range ?c } FILTER (isIRI(?c))
  GRAPH ?data { ?x ?p ?y } FILTER (!isLiteral(?y))
  FILTER NOT EXISTS { GRAPH ?any { ?y a ?c } }
}
