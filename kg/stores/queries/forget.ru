# Forget a build: its info in the metadata graph (kg/stores/publish.py binds ?graph, then drops
# the graph itself, whose name SPARQL Update cannot take from a variable).
PREFIX meta: <urn:seckg:meta:>
DELETE { GRAPH <urn:seckg:meta> { ?graph ?p ?o } } WHERE { GRAPH <urn:seckg:meta> { ?graph ?p ?o } }
