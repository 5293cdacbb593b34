"""``/docs``: the API documentation (Swagger UI) with its scripts and styles served from here.

FastAPI's own page loads the Swagger UI from a CDN, which the service's
Content-Security-Policy refuses (and which an offline machine cannot reach): the page was
blank. Here the assets are the static files of the ``fastapi-offline`` package (Swagger UI 5,
which reads OpenAPI 3.1), served at ``/docs/assets/``.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import FileResponse, HTMLResponse

from api.links import base_url
from kg.errors import NotFound

router = APIRouter(include_in_schema=False)

ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css", "favicon.png": "image/png"}
FOLDER = Path(fastapi_offline.__file__).parent / "static"


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    base = base_url(request)
    page = get_swagger_ui_html(openapi_url=f"{base}/openapi.json", title=f"{request.app.title}: API",
                               swagger_js_url=f"{base}/docs/assets/swagger-ui-bundle.js",
                               swagger_css_url=f"{base}/docs/assets/swagger-ui.css",
                               swagger_favicon_url=f"{base}/docs/assets/favicon.png")
    return page


@router.get("/docs/assets/{name}")
def asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise NotFound(f"no asset {name!r} of the API documentation")
    return FileResponse(FOLDER / name, media_type=ASSETS[name],
                        headers={"Cache-Control": "public, max-age=86400"})
