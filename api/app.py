"""The application factory: settings, the store (:class:`kg.stores.handle.Handle`) and the routers.

>>> app = create_app(store_root="var/store")
>>> sorted(p for p in app.openapi()["paths"] if p in ("/healthz", "/sparql", "/changes"))
['/changes', '/healthz', '/sparql']
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI

import kg
from api import (
    changes,
    docs,
    document_texts,
    dumps,
    errors,
    health,
    middleware,
    named_queries,
    ontology,
    pages,
    resources,
    sparql,
    texts,
)
from api.answers import Answers
from api.budget import ClientBudget
from kg.settings import Settings
from kg.stores import open_store


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
    store = open_store(settings, resident=settings.resident, workers=workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await store.start()  # worker processes, the copy into memory: whatever the store needs
        try:
            yield
        finally:
            await store.close()

    app = FastAPI(
        title="Security designations knowledge graph",
        version=kg.__version__,
        description=("How states and alliances designate one another in their official strategy documents, "
                     "with the verbatim evidence and the category changes between editions. "
                     "Data under CC BY 4.0."),
        license_info={"name": "CC BY 4.0 (data)", "url": "https://creativecommons.org/licenses/by/4.0/"},
        lifespan=lifespan,
        docs_url=None,  # api/docs.py serves it, with its assets from this service
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.budget = ClientBudget(seconds=settings.client_budget, window=60.0)
    # every GET answer, and the tables' ZIP, kept while their build is in service
    app.state.kept = Answers(max_bytes=max(0, settings.answers_mb) << 20)
    errors.install(app)
    middleware.install(app, settings.max_body, app.state.kept)
    for module in (health, sparql, changes, resources, named_queries, dumps, texts, document_texts, docs, ontology,
                   pages):
        app.include_router(module.router)
    return app
