# OWL 2 RL prp-inv1 and prp-inv2: inverse properties hold in both directions.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { GRAPH <urn:seckg:into> { ?y ?q ?x } GRAPH <urn:seckg:next> { ?y ?q ?x } }
WHERE {
  GRAPH ?schema { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } }
  GRAPH ?data { ?x ?p ?y } FILTER (!isLiteral(?y))
  FILTER NOT EXISTS { GRAPH ?any { ?y ?q ?x } }
}
