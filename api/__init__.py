"""The HTTP service: SPARQL protocol endpoint, REST resources, health."""
