"""``GET /healthz``: is a build in service, and which."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

router = APIRouter(tags=["service"])


@router.get("/healthz", summary="Service health and the build in service")
def healthz(request: Request) -> dict[str, Any]:
    info = request.app.state.store.info()
    return {"status": "ok", "build": info["build"], "built": info.get("built"), "counts": info.get("counts", {})}
