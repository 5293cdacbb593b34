"""Asking a built graph: every question the service, the command line and the client put.

    named.py        the named queries (queries/*.rq, each described by its #+ header)
    changes.py      which targets moved category in a year, with both documents and quotes
    views.py        lists and records of actors, documents, designations, dyads (plain data)
    report.py       the coverage report (seeds/COVERAGE.md)
    reliability.py  the reliability sample and its agreement (codebook R10)

Everything here takes a store that answers ``query`` and ``quads_for_pattern`` as
pyoxigraph's does (the embedded one, its in-memory copy or a remote store: :mod:`kg.stores`)
and never builds or writes a graph: nothing here imports :mod:`kg.pipeline`.
"""
