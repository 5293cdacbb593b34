# Put a build in service: record its info, point meta:current at it, then drop the old
# pointer. ONE update request (kg/stores/publish.py binds every variable but ?old in each WHERE).
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
