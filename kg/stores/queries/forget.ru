#+ summary: Remove a build's info, so that it is no longer complete.
#+ params:
#+   graph: {type: iri, required: true, description: The graph of the build.}
# Forget a build: its info in the metadata graph (kg/stores/remote_builds.py binds ?graph, then drops
# the graph itself, whose name SPARQL Update cannot take from a variable).
PREFIX meta: <urn:seckg:meta:>
DELETE { GRAPH <urn:seckg:meta> { ?graph ?p ?o } } WHERE { GRAPH <urn:seckg:meta> { ?graph ?p ?o } }
