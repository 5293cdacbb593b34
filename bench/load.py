"""A load test: many concurrent clients against a real `seckg serve`, on localhost only.

    python -m bench.load [--seconds 60] [--clients 32] [--processes 1] [--store var/store] [--json out.json]

Starts the service on a free loopback port over an existing build, runs ``--clients``
concurrent clients for ``--seconds`` (bounded: it stops by itself), each looping over a mix
of REST and SPARQL requests, then prints throughput, p50/p99 latency and errors per kind
of request, and the resident memory of the service and its query workers at the start and
the end (the goal: zero errors and no growth), and issue 17's targets against the figures.
The clients run on the same machine as the service: on 2 cores they take one of them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

MIX = [
    ("changes", "GET", "/changes?year=2022", None),
    ("changes_all", "GET", "/changes?year=2023&all_kinds=true", None),
    ("state", "GET", "/states/JPN", None),
    ("designations", "GET", "/states/RUS/designations?as_of=2023-01-01", None),
    ("dyad", "GET", "/dyads/JPN/KOR", None),
    ("document", "GET", "/documents/jpn-nss-2022", None),
    ("page", "GET", "/id/state/CHN", {"accept": "text/html"}),
    ("sparql_select", "GET", "/sparql?" + str(httpx.QueryParams({"query": (
        "PREFIX seckg: <https://w3id.org/seckg/ontology#> "
        "SELECT ?c ?l WHERE { ?c a seckg:CategoryMove ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 100"
    )})), None),
    ("sparql_construct", "GET", "/sparql?" + str(httpx.QueryParams({"query": (
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/seckg/ontology#StrategyDocument> ; ?p ?o }"
    )})), {"accept": "text/turtle"}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (serving processes, query workers), in KiB."""
    total = 0
    pending = [pid]
    while pending:
        p = pending.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


async def client(base: str, until: float, results: dict[str, list[float]], errors: dict[str, int],
                 rng: random.Random) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < until:
            name, method, path, headers = rng.choice(MIX)
            start = time.perf_counter()
            try:
                r = await http.request(method, path, headers=headers)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                results[name].append(time.perf_counter() - start)
            else:
                errors[name] += 1


async def run(base: str, seconds: float, clients: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    results: dict[str, list[float]] = {name: [] for name, *_ in MIX}
    errors: dict[str, int] = {name: 0 for name, *_ in MIX}
    until = time.monotonic() + seconds
    await asyncio.gather(*(client(base, until, results, errors, random.Random(i)) for i in range(clients)))
    return results, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--store", default="var/store")
    parser.add_argument("--processes", type=int, default=1, help="serving processes of seckg serve")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not 1 <= args.seconds <= 600 or not 1 <= args.clients <= 256:
        parser.error("--seconds must be 1..600 and --clients 1..256")
    port = free_port()
    env = {**os.environ, "SECKG_CLIENT_BUDGET": "100000"}  # one address plays every client here
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--store", args.store,
                               "--processes", str(args.processes)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        asyncio.run(run(base, 15, args.clients))  # warm-up at full load: workers started, caches filled
        rss_start = rss_kib(server.pid)
        wall = time.perf_counter()
        results, errors = asyncio.run(run(base, args.seconds, args.clients))
        wall = time.perf_counter() - wall
        rss_end = rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)
    total = sum(len(v) for v in results.values())
    report = {"seconds": round(wall, 1), "clients": args.clients, "requests": total,
              "throughput_rps": round(total / wall, 1), "errors": sum(errors.values()),
              "rss_kib_start": rss_start, "rss_kib_end": rss_end, "per_kind": {}}
    print(f"{args.clients} clients, {wall:.0f} s: {total} requests, {total / wall:.1f} req/s, "
          f"{report['errors']} errors; service RSS {rss_start / 1024:.0f} -> {rss_end / 1024:.0f} MiB")
    print(f"{'kind':18} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for name, times in results.items():
        times.sort()
        p50 = statistics.median(times) * 1000 if times else float("nan")
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))] * 1000 if times else float("nan")
        report["per_kind"][name] = {"n": len(times), "p50_ms": round(p50, 2), "p99_ms": round(p99, 2),
                                    "errors": errors[name]}
        print(f"{name:18} {len(times):>6} {p50:>8.1f} {p99:>8.1f} {errors[name]:>6}")
    print(targets_table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 1 if report["errors"] else 0


def targets_table(report: dict[str, Any]) -> str:
    """Issue 17's throughput targets against this run's figures."""
    worst = max((k["p99_ms"] for k in report["per_kind"].values() if k["n"]), default=float("nan"))
    growth = (report["rss_kib_end"] - report["rss_kib_start"]) / max(1, report["rss_kib_start"])
    rows = [("throughput", ">= 400 req/s", f"{report['throughput_rps']} req/s", report["throughput_rps"] >= 400),
            ("p99 of every kind", "< 150 ms", f"{worst:.1f} ms (the slowest kind)", worst < 150),
            ("errors", "0", str(report["errors"]), report["errors"] == 0),
            ("memory flat", "< 10 % growth", f"{100 * growth:+.1f} %", growth < 0.10)]
    lines = [f"{'target (issue 17)':20} {'asked':14} {'measured':32} met"]
    lines += [f"{name:20} {asked:14} {measured:32} {'yes' if met else 'NO'}" for name, asked, measured, met in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
