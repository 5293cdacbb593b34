"""Settings from the environment, with typed defaults.

======================  ============================  ================================================================
variable                default                       meaning
======================  ============================  ================================================================
SECKG_SEEDS             ``seeds``                     the seeds folder to build from
SECKG_STORE             ``var/store``                 the store root (builds, ``current``)
HOST                    ``127.0.0.1``                 address the service listens on
PORT                    ``8000``                      port the service listens on
SECKG_MAX_ROWS          ``10000``                     rows a /sparql SELECT returns at most
SECKG_QUERY_TIMEOUT     ``10``                        seconds a /sparql query (or a request to a remote store) may run
SECKG_PUBLIC_BASE       (the request's own base URL)  the public address that /id/... IRIs map to
SECKG_MAX_BODY          ``1000000``                   bytes a request body may have (413 past it)
SECKG_CLIENT_BUDGET     ``60``                        seconds of /sparql query time per client per minute
SECKG_STORE_URL         (none: the embedded store)    a SPARQL 1.1 store over HTTP to use instead
SECKG_STORE_QUERY_URL   ``<SECKG_STORE_URL>/query``   its query endpoint
SECKG_STORE_UPDATE_URL  ``<SECKG_STORE_URL>/update``  its update endpoint (``seckg build`` only)
SECKG_STORE_GSP_URL     ``<SECKG_STORE_URL>/store``   its Graph Store Protocol endpoint (build only)
SECKG_STORE_MAX_BYTES   ``100000000``                 bytes an answer of the store may have (502 past it)
SECKG_RESIDENT          ``1``                         the service's own queries read a copy in memory (0: on disk)
SECKG_ANSWERS_MB        ``64``                        MiB of GET answers each serving process keeps per build (0: none)
SECKG_PROCESSES         ``1``                         serving processes of ``seckg serve`` (each with its own answers)
======================  ============================  ================================================================

The endpoint defaults are Oxigraph server's; ``README.md`` gives them for Fuseki and others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"environment variable {name} must be an integer, got {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    seeds: Path
    store: Path
    host: str
    port: int
    max_rows: int
    query_timeout: int
    public_base: str | None = None
    max_body: int = 1_000_000
    client_budget: int = 60
    store_url: str | None = None
    store_query_url: str | None = None
    store_update_url: str | None = None
    store_gsp_url: str | None = None
    store_max_bytes: int = 100_000_000
    resident: bool = True
    answers_mb: int = 64
    processes: int = 1

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            seeds=Path(os.environ.get("SECKG_SEEDS", "seeds")),
            store=Path(os.environ.get("SECKG_STORE", "var/store")),
            host=os.environ.get("HOST", "127.0.0.1"),
            port=_int("PORT", 8000),
            max_rows=_int("SECKG_MAX_ROWS", 10000),
            query_timeout=_int("SECKG_QUERY_TIMEOUT", 10),
            public_base=os.environ.get("SECKG_PUBLIC_BASE") or None,
            max_body=_int("SECKG_MAX_BODY", 1_000_000),
            client_budget=_int("SECKG_CLIENT_BUDGET", 60),
            store_url=os.environ.get("SECKG_STORE_URL") or None,
            store_query_url=os.environ.get("SECKG_STORE_QUERY_URL") or None,
            store_update_url=os.environ.get("SECKG_STORE_UPDATE_URL") or None,
            store_gsp_url=os.environ.get("SECKG_STORE_GSP_URL") or None,
            store_max_bytes=_int("SECKG_STORE_MAX_BYTES", 100_000_000),
            resident=_int("SECKG_RESIDENT", 1) != 0,
            answers_mb=_int("SECKG_ANSWERS_MB", 64),
            processes=_int("SECKG_PROCESSES", 1),
        )
