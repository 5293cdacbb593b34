"""Latency and throughput measurement, bounded by request count and by time.

:func:`latency` runs one call per parameter set untimed (a warm-up, which also records the
row count of each answer so that the ways of asking can be checked against each other;
for at most ``max_seconds``, so a slow engine checks fewer parameter sets; its durations are
reported as ``first_*``: on our routes, the cost of an answer not yet kept),
then times calls one after another, cycling through the parameter sets, until it has
``requests`` samples or ``max_seconds`` have passed. :func:`throughput` keeps ``clients``
concurrent HTTP clients busy for ``seconds`` and counts the answers.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from bench.rawhttp import HTTPError

Params = dict[str, str]


def summary(samples: list[float]) -> dict[str, Any]:
    """n, median and 95th percentile of durations in seconds, as milliseconds."""
    if not samples:
        return {"n": 0, "median_ms": None, "p95_ms": None}
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"n": len(samples), "median_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(p95 * 1000, 3)}


def _error(exc: Exception) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, HTTPError):
        return f"HTTP {exc.status}"
    return type(exc).__name__


def latency(run: Callable[[Params], Any], rows: Callable[[Any], int], params: list[Params], *,
            requests: int, max_seconds: float) -> dict[str, Any]:
    """Sequential latency of ``run`` over ``params`` (see the module doc)."""
    counts: list[int | None] = []
    errors: Counter[str] = Counter()
    firsts: list[float] = []  # the first request of each parameter set: what a cold answer costs
    warm = time.perf_counter()
    for p in params:
        if counts and time.perf_counter() - warm > max_seconds:  # a slow engine: fewer parameter sets checked
            break
        try:
            t0 = time.perf_counter()
            answer = run(p)
            firsts.append(time.perf_counter() - t0)
            counts.append(rows(answer))
        except Exception as exc:  # an engine or HTTP failure is a result to report, not a crash
            errors[_error(exc)] += 1
            counts.append(None)
    samples: list[float] = []
    start = time.perf_counter()
    i = 0
    while len(samples) < requests and time.perf_counter() - start < max_seconds:
        p = params[i % len(params)]
        i += 1
        t0 = time.perf_counter()
        try:
            run(p)
        except Exception as exc:
            errors[_error(exc)] += 1
            continue
        samples.append(time.perf_counter() - t0)
    first = summary(firsts)
    return {**summary(samples), "first_median_ms": first["median_ms"], "first_p95_ms": first["p95_ms"],
            "rows": counts, "errors": dict(errors)}


async def _throughput(request: Callable[[httpx.AsyncClient, Params], Awaitable[None]], params: list[Params],
                      clients: int, seconds: float) -> dict[str, Any]:
    samples: list[float] = []
    errors: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        start = time.perf_counter()
        deadline = start + seconds

        async def worker(k: int) -> None:
            i = k
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    await request(client, params[i % len(params)])
                    samples.append(time.perf_counter() - t0)
                except Exception as exc:
                    errors[_error(exc)] += 1
                i += clients

        await asyncio.gather(*(worker(k) for k in range(clients)))
        elapsed = time.perf_counter() - start
    return {"clients": clients, "seconds": round(elapsed, 2), "requests": len(samples),
            "per_second": round(len(samples) / elapsed, 2), **summary(samples), "errors": dict(errors)}


def throughput(request: Callable[[httpx.AsyncClient, Params], Awaitable[None]], params: list[Params], *,
               clients: int, seconds: float) -> dict[str, Any]:
    """Answers per second with ``clients`` concurrent clients for ``seconds`` (then in-flight ones finish)."""
    return asyncio.run(_throughput(request, params, clients, seconds))
