"""``GET /healthz``: is a build in service, and which.

With a store over HTTP this asks the store (one that cannot answer gives 502, 503 or 504),
and the build is the one ``seckg build --store-url`` recorded in the store's metadata graph.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

router = APIRouter(tags=["service"])


@router.get("/healthz", summary="Service health and the build in service")
def healthz(request: Request) -> dict[str, Any]:
    info = request.app.state.store.describe()
    return {"status": "ok", "build": info["build"], "built": info.get("built"), "counts": info.get("counts", {}),
            "store": info["store"], "in_memory": info["in_memory"]}
