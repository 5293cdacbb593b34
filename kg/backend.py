"""Which store the service and the command line read: embedded on disk, or over HTTP.

Without ``SECKG_STORE_URL`` (or ``--store-url``), the embedded pyoxigraph store under
``SECKG_STORE`` (:class:`kg.store.StoreHandle`); with it, that SPARQL 1.1 store
(:class:`kg.remote.RemoteHandle`). Both give ``get()`` (something with pyoxigraph's
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

from kg.remote import RemoteHandle
from kg.resident import ResidentHandle
from kg.settings import Settings
from kg.sparql_http import Endpoints, SparqlHttp
from kg.store import StoreHandle

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
    memory as well with ``resident``: the service, :mod:`kg.resident`)."""
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
