"""The HTTP service over a store: the SPARQL protocol, REST resources, linked-data pages, texts.

    app.py             the application factory: settings, the store, the routers
    sparql.py          /sparql (the protocol; the store runs the query: kg.stores.handle)
    changes.py         /changes, with the filter every route that lists changes takes
    resources.py       /states, /documents, /dyads, /categories
    named_queries.py   /queries: every named query as an operation
    pages.py           /id/...: every node as an HTML page or RDF; /changes.html; the home page
    document_texts.py  /texts/{document}: a held text with its quotes marked
    texts.py           /codebook, /changelog, /about
    dumps.py           /dumps: dataset description and dumps, as the store gives them
    health.py          /healthz
    representation.py  one resource in JSON, JSON-LD, Turtle, N-Triples; paging.py: pages of a list
    errors.py, middleware.py, budget.py, cache.py, links.py, markdown.py, query_page.py, timeline.py

What belongs here speaks HTTP: parameters in, representations out. It asks the store
through :mod:`kg.ask` and :class:`kg.stores.handle.Handle` and never asks which kind of
store it holds, nor where a store keeps its files; it builds nothing (:mod:`kg.pipeline`).
"""
