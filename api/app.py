"""The application factory: settings, the store, the query workers and the routers.

>>> app = create_app(store_root="var/store")
>>> sorted(p for p in app.openapi()["paths"] if p in ("/healthz", "/sparql", "/changes"))
['/changes', '/healthz', '/sparql']
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI

import kg
from api import changes, dumps, errors, health, middleware, named_queries, pages, resources, sparql, texts
from api.budget import ClientBudget
from api.cache import AnswerCache
from api.workers import WorkerPool
from kg.errors import StoreError
from kg.settings import Settings
from kg.stores import is_remote, open_store
from kg.stores.resident import ResidentHandle


def create_app(store_root: Path | str | None = None, settings: Settings | None = None,
               workers: int = 2, store_url: str | None = None) -> FastAPI:
    """The service over the embedded store under ``store_root``, or over the SPARQL store at
    ``store_url`` (``SECKG_STORE_URL``): then the API holds no state of its own, and any
    number of processes can serve the same store."""
    settings = settings or Settings.from_env()
    if store_root is not None:
        settings = replace(settings, store=Path(store_root))
    if store_url is not None:
        settings = replace(settings, store_url=store_url)
    store = open_store(settings, resident=settings.resident)
    pool = WorkerPool(size=workers, timeout=settings.query_timeout)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if is_remote(store):  # user queries go to the store: no worker processes
            try:
                yield
            finally:
                store.close()  # type: ignore[union-attr]
            return
        await pool.start()
        if isinstance(store, ResidentHandle):
            with suppress(StoreError):  # no build yet: copied when one is switched in
                store.get()  # starts copying the build into memory
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(
        title="Security designations knowledge graph",
        version=kg.__version__,
        description=("How states and alliances designate one another in their official strategy documents, "
                     "with the verbatim evidence and the category changes between editions. "
                     "Data under CC BY 4.0."),
        license_info={"name": "CC BY 4.0 (data)", "url": "https://creativecommons.org/licenses/by/4.0/"},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.workers = pool
    app.state.budget = ClientBudget(seconds=settings.client_budget, window=60.0)
    app.state.answers = AnswerCache(size=512)  # answers kept while their build is in service
    errors.install(app)
    middleware.install(app, settings.max_body)
    for module in (health, sparql, changes, resources, named_queries, dumps, texts, pages):
        app.include_router(module.router)
    return app
