#+ summary: Record a build's info and point the store at it, in one update.
#+ params:
#+   build: {type: iri, required: true, description: The graph of the build.}
#+   id: {type: literal, required: true, description: The build id.}
#+   created: {type: term, required: true, description: When it was built (xsd:dateTime).}
#+   triples: {type: term, required: true, description: How many triples it holds (xsd:integer).}
#+   info: {type: literal, required: true, description: The build's record as JSON.}
# Put a build in service: record its info, point meta:current at it, then drop the old
# pointer. ONE update request (kg/stores/remote_builds.py binds every variable but ?old in each WHERE).
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX meta: <urn:seckg:meta:>
INSERT {
  GRAPH <urn:seckg:meta> {
    meta:current meta:build ?build .
    ?build dct:identifier ?id ; dct:created ?created ; void:triples ?triples ; meta:info ?info .
  }
} WHERE { } ;
DELETE { GRAPH <urn:seckg:meta> { meta:current meta:build ?old } }
WHERE { GRAPH <urn:seckg:meta> { meta:current meta:build ?old } FILTER (?old != ?build) }
