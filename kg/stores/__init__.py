"""Keeping a graph: the stores a build goes into and the service reads, side by side.

    disk.py            the embedded pyoxigraph store: one directory per build, switched in
    resident.py        the build in service copied into memory, for the service's lookups
    http.py            a SPARQL 1.1 store's endpoints over HTTP, with deadlines and size caps
    remote.py          a build on such a store, queried as pyoxigraph's store is
    remote_builds.py   putting builds onto it, switching them in, dropping old ones
    builds.py          what both keep of a build: its id, its record, how many are kept
    queries/           the queries and updates that read and write the remote layout

What belongs here knows where and how a build is kept. It does not make graphs
(:mod:`kg.pipeline`) nor answer questions about them (:mod:`kg.ask`).

Which store the service and the command line read: embedded on disk, or over HTTP.

Without ``SECKG_STORE_URL`` (or ``--store-url``), the embedded pyoxigraph store under
``SECKG_STORE`` (:class:`kg.stores.disk.StoreHandle`); with it, that SPARQL 1.1 store
(:class:`kg.stores.remote.RemoteHandle`). Both give ``get()`` (something with pyoxigraph's
``query`` and ``quads_for_pattern``) and ``info()`` (the build in service).

>>> from dataclasses import replace
>>> from kg.settings import Settings
>>> settings = Settings.from_env()
>>> type(open_store(settings)).__name__
'StoreHandle'
>>> remote = open_store(replace(settings, store_url="http://127.0.0.1:7878"))
>>> type(remote).__name__, remote.http.endpoints.update
('RemoteHandle', 'http://127.0.0.1:7878/update')
>>> remote.close()
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kg.settings import Settings
from kg.stores.disk import StoreHandle
from kg.stores.http import Endpoints, SparqlHttp
from kg.stores.remote import RemoteHandle
from kg.stores.resident import ResidentHandle

Backend = StoreHandle | RemoteHandle

def http_for(settings: Settings) -> SparqlHttp:
    """A connection to the store ``settings.store_url`` names, with its endpoints and limits."""
    if not settings.store_url:
        raise ValueError("no store URL: set SECKG_STORE_URL or give --store-url")
    endpoints = Endpoints.at(settings.store_url, query=settings.store_query_url,
                             update=settings.store_update_url, gsp=settings.store_gsp_url)
    return SparqlHttp(endpoints, timeout=settings.query_timeout, max_bytes=settings.store_max_bytes)


def open_store(settings: Settings, *, resident: bool = False) -> Backend:
    """The store ``settings`` select: remote if a store URL is set, else embedded (held in
    memory as well with ``resident``: the service, :mod:`kg.stores.resident`)."""
    if settings.store_url:
        return RemoteHandle(http_for(settings))
    if resident:
        return ResidentHandle(settings.store)
    return StoreHandle(settings.store)


def is_remote(store: object) -> bool:
    """Whether a handle reads a store over HTTP."""
    return isinstance(store, RemoteHandle)


def open_at(store: Path, store_url: str | None = None) -> Backend:
    """:func:`open_store` with the command line's ``--store`` and ``--store-url``."""
    return open_store(replace(Settings.from_env(), store=Path(store), store_url=store_url or None))


def http_at(store_url: str) -> SparqlHttp:
    """:func:`http_for` the store at ``store_url``, other settings from the environment."""
    return http_for(replace(Settings.from_env(), store_url=store_url))
