"""Median and p95 latency of a few questions, through the real service over HTTP.

    python -m bench.latency [--store var/store] [--requests 200]

Starts `seckg serve` on a free loopback port over an existing build, warms it up, then
asks each question ``--requests`` times one after another and prints the figures (no
assertion: this machine is shared and noisy; compare runs, not absolute numbers).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import httpx

from bench.load import free_port

QUESTIONS = {
    "/changes?year=2022": ("/changes", {"year": "2022"}, {}),
    "/sparql SELECT (moves)": ("/sparql", {"query": (
        "PREFIX seckg: <https://w3id.org/seckg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?issuer ?target ?from ?to WHERE { ?c a seckg:CategoryMove ; seckg:issuer/seckg:code ?issuer ; "
        "seckg:target/seckg:code ?target ; seckg:fromCategory/skos:notation ?from ; "
        "seckg:toCategory/skos:notation ?to }")}, {"accept": "application/sparql-results+json"}),
    "/dyads/JPN/RUS": ("/dyads/JPN/RUS", {}, {}),
    "/states/RUS/designations?as_of=": ("/states/RUS/designations", {"as_of": "2023-01-01"}, {}),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", default="var/store")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--store", args.store],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if http.get("/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            print(f"{'question':36} {'median ms':>10} {'p95 ms':>8}")
            for name, (path, params, headers) in QUESTIONS.items():
                for _ in range(10):
                    http.get(path, params=params, headers=headers).raise_for_status()
                times = []
                for _ in range(args.requests):
                    start = time.perf_counter()
                    http.get(path, params=params, headers=headers).raise_for_status()
                    times.append(1000 * (time.perf_counter() - start))
                times.sort()
                print(f"{name:36} {statistics.median(times):>10.2f} {times[int(0.95 * len(times)) - 1]:>8.2f}")
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
