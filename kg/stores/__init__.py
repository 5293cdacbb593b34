"""Keeping a graph: the stores a build goes into and the service reads, side by side.

    handle.py          the one interface the service and the command line hold (Handle)
    disk.py            the embedded pyoxigraph store: one directory per build, switched in
    disk_handle.py     its build in service (StoreHandle), user queries in worker processes
    resident.py        the same, with the build copied into memory for the service's lookups
    workers.py         the supervised worker processes that run user queries on disk
    user_query.py      a user's query, how it runs on a store, its answer with a row cap
    http.py            a SPARQL 1.1 store's endpoints over HTTP, with deadlines and size caps
    remote.py          a build on such a store, queried as pyoxigraph's store is
    remote_handle.py   its build in service (RemoteHandle), user queries sent to the store
    remote_builds.py   putting builds onto it, switching them in, dropping old ones
    builds.py          what both keep of a build: its id, its record, how many are kept
    export.py          dumps of the whole graph, written once per build and format
    queries/           the queries and updates that read and write the remote layout

What belongs here knows where and how a build is kept, and how a user's query runs on it
safely. It does not make graphs (:mod:`kg.pipeline`) nor answer the service's own
questions about them (:mod:`kg.ask`); nothing here imports either.

Which store the service and the command line read: embedded on disk, or over HTTP.

Without ``SECKG_STORE_URL`` (or ``--store-url``), the embedded pyoxigraph store under
``SECKG_STORE`` (:class:`kg.stores.disk_handle.StoreHandle`, or
:class:`kg.stores.resident.ResidentHandle` for the service); with it, that SPARQL 1.1 store
(:class:`kg.stores.remote_handle.RemoteHandle`). All are a :class:`kg.stores.handle.Handle`.

>>> from dataclasses import replace
>>> from kg.settings import Settings
>>> settings = Settings.from_env()
>>> type(open_store(settings)).__name__, open_store(settings).kind
('StoreHandle', 'embedded')
>>> remote = open_store(replace(settings, store_url="http://127.0.0.1:7878"))
>>> type(remote).__name__, remote.kind, remote.http.endpoints.update
('RemoteHandle', 'remote', 'http://127.0.0.1:7878/update')
>>> remote.http.close()
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kg.settings import Settings
from kg.stores.disk_handle import StoreHandle
from kg.stores.handle import Handle
from kg.stores.http import Endpoints, SparqlHttp
from kg.stores.remote_handle import RemoteHandle
from kg.stores.resident import ResidentHandle


def http_for(settings: Settings) -> SparqlHttp:
    """A connection to the store ``settings.store_url`` names, with its endpoints and limits."""
    if not settings.store_url:
        raise ValueError("no store URL: set SECKG_STORE_URL or give --store-url")
    endpoints = Endpoints.at(settings.store_url, query=settings.store_query_url,
                             update=settings.store_update_url, gsp=settings.store_gsp_url)
    return SparqlHttp(endpoints, timeout=settings.query_timeout, max_bytes=settings.store_max_bytes)


def open_store(settings: Settings, *, resident: bool = False, workers: int = 2) -> Handle:
    """The store ``settings`` select: remote if a store URL is set, else embedded (held in
    memory as well with ``resident``: the service, :mod:`kg.stores.resident`), with ``workers``
    processes for user queries, each stopped after ``settings.query_timeout``."""
    if settings.store_url:
        return RemoteHandle(http_for(settings))
    kind = ResidentHandle if resident else StoreHandle
    return kind(settings.store, workers=workers, timeout=settings.query_timeout)


def open_at(store: Path, store_url: str | None = None) -> Handle:
    """:func:`open_store` with the command line's ``--store`` and ``--store-url``."""
    return open_store(replace(Settings.from_env(), store=Path(store), store_url=store_url or None))


def http_at(store_url: str) -> SparqlHttp:
    """:func:`http_for` the store at ``store_url``, other settings from the environment."""
    return http_for(replace(Settings.from_env(), store_url=store_url))
