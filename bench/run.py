"""``make bench``: build and query benchmarks on synthetic seeds of several sizes.

    python -m bench.run [--sizes 0.1M,1M] [--requests 100] [--max-seconds 8]
                        [--clients 8] [--duration 8] [--seed 0] [--workdir var/bench]
                        [--out bench/results/latest.json] [--profile] [--no-servers]

For each size, on the same data: synthesise seeds (:mod:`bench.sizing`), build them in a
child process that reports per-step timings and peak memory (:mod:`bench.buildstep`),
then time the questions of :mod:`bench.workload` in-process, through our HTTP API and
through an Oxigraph server on a copy of the same store (and rdflib-endpoint at the
smallest size, where it is installed), and the throughput of ``/changes`` and ``/sparql``
under concurrent clients. Prints a table per size and writes everything as JSON.
Everything listens on 127.0.0.1 only. See bench/README.md for what the figures mean.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from bench import measure, report, servers, sizing, workload
from bench.edit import edit_one_document
from bench.rawhttp import RawClient
from kg.stores.disk import current_build
from kg.stores.disk_handle import StoreHandle
from kg.stores.resident import load_copy

RDFLIB_MAX_QUADS = 200_000  # rdflib-endpoint only at sizes up to this
Probe = tuple[Callable[[dict[str, str]], Any], Callable[[Any], int]]  # (ask, count the rows of the answer)


def _store_dir(build: Path) -> Path:
    """The pyoxigraph store of a build: ``<build>/store`` where builds hold one, else the build."""
    return build / "store" if (build / "store").is_dir() else build


def run_build(seeds: Path, store_root: Path, profile: Path | None) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.buildstep", str(seeds), str(store_root)]
    if profile is not None:
        py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        argv = [py_spy, "record", "--rate", "20", "--format", "raw", "--output", str(profile), "--", *argv]
    done = subprocess.run(argv, stdout=subprocess.PIPE, check=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# -- the ways of asking: each gives (run, rows) for measure.latency -------------------------------

def _sparql_rows(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def in_process_probe(store: ox.Store, operation: str) -> Probe:
    answer = workload.in_process(operation)
    return (lambda params: answer(store, params)), int


def _asker(client: httpx.Client, url: str) -> Callable[[str], bytes]:
    """Send a query as the body of a POST (``application/sparql-query``): the chained queries of
    /changes name up to a few hundred IRIs, longer than the Oxigraph server takes in a URL."""
    headers = {**servers.ACCEPT_JSON, "Content-Type": "application/sparql-query"}

    def ask(query: str) -> bytes:
        r = client.post(url, content=query.encode("utf-8"), headers=headers)
        r.raise_for_status()
        return r.content

    return ask


def _raw_asker(raw: RawClient, path: str) -> Callable[[str], bytes]:
    """:func:`_asker` on the lean client of the latency runs (bench/rawhttp.py)."""
    headers = {**servers.ACCEPT_JSON, "Content-Type": "application/sparql-query"}
    return lambda query: raw.post(path, query.encode("utf-8"), headers)


def sparql_probe(ask: Callable[[str], bytes], operation: str) -> Probe:
    if operation == "changes_year":  # the five chained queries of kg.ask.changes
        endpoint = workload.EndpointStore(ask)
        return (lambda params: workload.changes_page(endpoint, params)), int
    return (lambda params: ask(workload.bound_sparql(operation, params))), _sparql_rows


def route_probe(raw: RawClient, operation: str) -> Probe:
    def run(params: dict[str, str]) -> bytes:
        return raw.get(workload.api_route(operation), params, {"Accept": "application/json"})

    def rows(body: bytes) -> int:
        data = json.loads(body)
        return int(data["count"]) if "count" in data else len(data["rows"])

    return run, rows


def rest_probe(raw: RawClient, operation: str) -> Probe:
    """A REST resource (workload.REST) as JSON; its 'row count' is the size of the answer."""
    template = workload.REST[operation]
    return (lambda params: raw.get(template.format(**params), None, {"Accept": "application/json"})), len


def _latency_all(probes: dict[str, Probe], work: workload.Workload,
                 args: argparse.Namespace, requests: int | None = None) -> dict[str, Any]:
    return {op: measure.latency(run, rows, work.params[op], requests=requests or args.requests,
                                max_seconds=args.max_seconds)
            for op, (run, rows) in probes.items()}


def _throughput(server: servers.Server, route: str | None, work: workload.Workload,
                args: argparse.Namespace) -> dict[str, Any]:
    """/changes (or its five SPARQL queries, chained) and /sparql (moved_category) under load."""
    out: dict[str, Any] = {}
    chained = httpx.Client(timeout=120, limits=httpx.Limits(max_connections=args.clients))
    endpoint = workload.EndpointStore(_asker(chained, server.base + server.sparql_path))

    async def changes(client: httpx.AsyncClient, params: dict[str, str]) -> None:
        if route:
            (await client.get(server.base + route, params=params)).raise_for_status()
            return
        # each query needs the answer of the one before: the chain runs in a thread of its own
        await asyncio.to_thread(workload.changes_page, endpoint, params)

    async def sparql(client: httpx.AsyncClient, params: dict[str, str]) -> None:
        query = workload.bound_sparql("moved_category", params)
        r = await client.post(server.base + server.sparql_path, content=query.encode("utf-8"),
                              headers={**servers.ACCEPT_JSON, "Content-Type": "application/sparql-query"})
        r.raise_for_status()

    try:
        for name, request in (("changes", changes), ("sparql", sparql)):
            out[name] = measure.throughput(request, work.params["changes_year"], clients=args.clients,
                                           seconds=args.duration)
    finally:
        chained.close()
    return out


def _wait_in_memory(client: httpx.Client, base: str, limit: float = 900.0) -> float | None:
    """Seconds until the service answers from its in-memory copy of the build (kg/stores/resident.py);
    None if it does not within ``limit`` (then it answers from disk, and the figures say so)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if client.get(base + "/healthz").json().get("in_memory"):
            return round(time.perf_counter() - start, 2)
        time.sleep(0.2)
    return None


def bench_ours(store_root: Path, work: workload.Workload, args: argparse.Namespace, logs: Path) -> dict[str, Any]:
    server = servers.ours(store_root, logs)
    try:
        with httpx.Client(timeout=120) as client:
            in_memory_s = _wait_in_memory(client, server.base)
            has_routes = client.get(server.base + "/queries").status_code == 200
        raw = RawClient(server.base)
        try:
            routes = {op: route_probe(raw, op) for op in workload.OPERATIONS if op == "changes_year" or has_routes}
            ask = _raw_asker(raw, "/sparql")
            sparql = {op: sparql_probe(ask, op) for op in workload.OPERATIONS}
            result = {"route": _latency_all(routes, work, args), "sparql": _latency_all(sparql, work, args)}
            if has_routes:
                result["rest"] = _latency_all({op: rest_probe(raw, op) for op in workload.REST}, work, args)
        finally:
            raw.close()
        result["throughput"] = _throughput(server, "/changes", work, args)
        result["server"] = {"startup_s": server.startup_s, "in_memory_s": in_memory_s,
                            "peak_rss_mib": server.peak_rss_mib(), "env": servers.OURS_ENV}
        return result
    finally:
        server.stop()


def bench_oxigraph(store_dir: Path, work: workload.Workload, args: argparse.Namespace, workdir: Path,
                   logs: Path) -> dict[str, Any]:
    server = servers.oxigraph(store_dir, workdir, logs)
    try:
        raw = RawClient(server.base)
        try:
            ask = _raw_asker(raw, "/query")
            result = {"sparql": _latency_all({op: sparql_probe(ask, op) for op in workload.OPERATIONS}, work, args)}
        finally:
            raw.close()
        result["throughput"] = _throughput(server, None, work, args)
        result["server"] = {"startup_s": server.startup_s, "peak_rss_mib": server.peak_rss_mib()}
        return result
    finally:
        server.stop()
        shutil.rmtree(workdir / "oxigraph-store", ignore_errors=True)


def bench_rdflib(store: ox.Store, work: workload.Workload, args: argparse.Namespace, workdir: Path,
                 logs: Path) -> dict[str, Any]:
    nquads = workdir / "graph.nq"
    store.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
    server = servers.rdflib_endpoint(nquads, logs)
    try:
        raw = RawClient(server.base, timeout=300)
        try:
            ask = _raw_asker(raw, "/sparql")
            probes = {op: sparql_probe(ask, op) for op in workload.OPERATIONS}
            result = {"sparql": _latency_all(probes, work, args, requests=min(args.requests, 20))}
            # the question without our derived change records: a join over the designations
            result["moved_category_join"] = measure.latency(
                lambda params: ask(workload.join_sparql(params)), _sparql_rows, work.params["moved_category"][:2],
                requests=3, max_seconds=args.max_seconds)
        finally:
            raw.close()
        result["server"] = {"startup_s": server.startup_s, "peak_rss_mib": server.peak_rss_mib()}
        return result
    finally:
        server.stop()
        nquads.unlink(missing_ok=True)


def rdflib_skip_reason(quads: int, smallest: bool) -> str | None:
    if importlib.util.find_spec("rdflib_endpoint") is None:
        return "rdflib-endpoint is not installed (pip install '.[bench]')"
    if not smallest or quads > RDFLIB_MAX_QUADS:
        return f"only at the smallest size and up to {RDFLIB_MAX_QUADS} quads (rdflib's SPARQL is slow)"
    return None


def bench_size(quads: int, smallest: bool, args: argparse.Namespace) -> dict[str, Any]:
    name = sizing.label(quads)
    workdir = Path(args.workdir) / name
    if workdir.exists():
        shutil.rmtree(workdir)
    (workdir / "logs").mkdir(parents=True)
    print(f"== {name}: synthesising seeds", file=sys.stderr, flush=True)
    synth = sizing.make_seeds(quads, workdir / "seeds", seed=args.seed)
    print(f"== {name}: {synth['designations']} designations in {synth['documents']} documents; building",
          file=sys.stderr, flush=True)
    profile = Path(args.out).parent / f"profile-{name}.txt" if args.profile else None
    build = run_build(workdir / "seeds", workdir / "store", profile)
    result: dict[str, Any] = {"target_quads": quads, "synth": synth, "build": build,
                              "loadavg_after_build": _loadavg()}
    built = current_build(workdir / "store")
    assert built is not None
    result["bulk_load"] = bulk_load(built / "dumps" / "seckg.nq", workdir)
    if args.no_servers:
        result["incremental"] = incremental(workdir)
        result["targets"] = report.targets(result)
        if not args.keep:
            shutil.rmtree(workdir / "store", ignore_errors=True)
        return result
    store_root = workdir / "store"
    build_dir = current_build(store_root)
    assert build_dir is not None
    store = StoreHandle(store_root).get()
    work = workload.pick(store, seed=args.seed)
    result["workload"] = work.to_json()
    print(f"== {name}: in-process queries (on the in-memory copy the service reads, kg/stores/resident.py)",
          file=sys.stderr, flush=True)
    copy_start = time.perf_counter()
    memory = load_copy(build_dir)
    result["in_memory_copy_s"] = round(time.perf_counter() - copy_start, 2)
    result["in_process"] = _latency_all({op: in_process_probe(memory, op) for op in workload.OPERATIONS}, work, args)
    del memory
    print(f"== {name}: our service", file=sys.stderr, flush=True)
    result["ours"] = bench_ours(store_root, work, args, workdir / "logs")
    print(f"== {name}: Oxigraph server", file=sys.stderr, flush=True)
    result["oxigraph"] = bench_oxigraph(_store_dir(build_dir), work, args, workdir, workdir / "logs")
    reason = rdflib_skip_reason(build["counts"]["quads"], smallest)
    if reason is None:
        print(f"== {name}: rdflib-endpoint", file=sys.stderr, flush=True)
        try:
            result["rdflib_endpoint"] = bench_rdflib(store, work, args, workdir, workdir / "logs")
        except RuntimeError as exc:
            result["rdflib_endpoint"] = {"skipped": f"did not start: {exc}"}
    else:
        result["rdflib_endpoint"] = {"skipped": reason}
        print(f"rdflib-endpoint skipped: {reason}", file=sys.stderr)
    result["loadavg_end"] = _loadavg()
    result["incremental"] = incremental(workdir)  # last: the servers above served the cold build
    result["consistency"] = report.consistency(result)
    result["ratios"] = report.ratios(result)
    result["targets"] = report.targets(result)
    if not args.keep:
        shutil.rmtree(workdir / "store", ignore_errors=True)
    return result


def incremental(workdir: Path) -> dict[str, Any]:
    """A curator's edit of one document (bench/edit.py), then ``seckg build`` again: the time
    until the new graph is in service, as the build measures it, and what it did."""
    edited = edit_one_document(workdir / "seeds")
    print(f"== incremental rebuild after editing {edited}", file=sys.stderr, flush=True)
    done = run_build(workdir / "seeds", workdir / "store", None)
    build_dir = current_build(workdir / "store")
    info = json.loads((build_dir / "BUILD.json").read_text()) if build_dir else {}
    return {"edited": edited, "seconds": done["total_s"], "timings": done["timings"], "peak_mib": done["peak_mib"],
            "incremental": info.get("incremental"), "counts": done["counts"]}


def bulk_load(nquads: Path, workdir: Path) -> dict[str, Any]:
    """``oxigraph load`` of the build's own quads (its N-Quads dump) into a new store: the
    baseline of the build's time, measured in the same run."""
    binary = servers.oxigraph_binary()
    if binary is None or not nquads.is_file():
        return {"skipped": "no oxigraph binary (pip install '.[bench]')" if binary is None else "no N-Quads dump"}
    target = workdir / "bulk-load-store"
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([binary, "load", "--location", str(target), "--file", str(nquads)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    shutil.rmtree(target, ignore_errors=True)
    return {"seconds": round(seconds, 2), "bytes": nquads.stat().st_size}


def _loadavg() -> list[float]:
    """1, 5 and 15 minute load averages: other work on the machine skews every figure."""
    return [round(x, 2) for x in os.getloadavg()]


def _commit() -> str | None:
    """The code measured: HEAD, marked '+changes' when the work tree differs (read-only git calls)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "pyoxigraph": ox.__version__, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "loadavg_start": _loadavg(), "commit": _commit()}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bench.run", description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--sizes", default="0.1M,1M", help="quads per size, comma-separated (e.g. 0.1M,1M,4M)")
    p.add_argument("--requests", type=int, default=100, help="timed requests per operation and way of asking")
    p.add_argument("--max-seconds", type=float, default=8.0, help="time cap per operation and way of asking")
    p.add_argument("--clients", type=int, default=8, help="concurrent clients in the throughput runs")
    p.add_argument("--duration", type=float, default=8.0, help="seconds per throughput run")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workdir", default="var/bench", help="where seeds and stores are made (removed after)")
    p.add_argument("--out", default="bench/results/latest.json")
    p.add_argument("--profile", action="store_true", help="sample each build with py-spy (raw stacks beside --out)")
    p.add_argument("--no-servers", action="store_true", help="only the builds")
    p.add_argument("--keep", action="store_true", help="keep the built stores in --workdir")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    sizes = sorted(sizing.parse_size(s) for s in args.sizes.split(","))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "options": vars(args), "sizes": []}
    start = time.perf_counter()
    for i, quads in enumerate(sizes):
        size = bench_size(quads, i == 0, args)
        results["sizes"].append(size)
        results["elapsed_s"] = round(time.perf_counter() - start, 1)
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")  # after each size
        print(report.table(size))
        print(report.targets_table(size))
    print(f"\n{len(sizes)} size(s) in {time.perf_counter() - start:.0f} s; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
