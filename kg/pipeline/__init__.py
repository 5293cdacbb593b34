"""Building a graph: from the seeds to the complete graph of a build, in memory.

    seeds.py     read and check every seeds file (structure, identifiers, file:line)
    texts.py     the held texts (seeds/texts/): checksums, corrections, where the words begin
    locate.py    finding a quote in a text, as a reader would (layout, hyphens, quote marks)
    quotes.py    every quote of a held text located, as Web Annotation selectors
    load.py      records -> quads, one named graph per document
    infer.py     OWL 2 RL entailments of the ontology (rules/, SPARQL updates)
    shacl.py     the shapes, run on the store
    validate.py  SHACL and the SPARQL checks, each problem located in the seeds
    derive.py    predecessors, positions, change records (queries/)
    position.py  the position of a document on a target from its passages (codebook R8)
    assemble.py  all of the above, in order: what a build puts into a store
    inputs.py    what a build was made from, file by file, and what changed since
    scope.py     an incremental build: the graph of what a change can reach, before and after
    synth.py     synthetic seeds of any size, for benchmarks

What belongs here reads seeds or makes quads from them. Nothing here touches a store on
disk or over HTTP (that is :mod:`kg.stores`, and :mod:`kg.build` puts the two together),
nor answers questions about a built graph (:mod:`kg.ask`).
"""
