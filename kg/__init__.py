"""seckg: a knowledge graph of how states designate one another in their strategy documents.

The package turns curated seeds (``seeds/*.yaml``) into RDF, validates it with SHACL,
infers what the ontology entails, derives category changes between editions, stores the
result in an embedded pyoxigraph store and answers named SPARQL queries over it.

>>> from kg.vocab import ID
>>> ID.state("JPN").value
'https://w3id.org/seckg/id/state/JPN'
"""

__version__ = "0.1.0"
