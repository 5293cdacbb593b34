"""The fixed cost of our service per request, against the engine in-process and the Oxigraph server.

    python -m bench.overhead [--workdir var/overhead] [--size 0.1M] [--requests 300]
                             [--clients 8] [--duration 8] [--no-throughput] [--resident]
                             [--baseline DIR]

Builds a synthetic store of about ``--size`` quads in ``--workdir`` once (kept and reused by
later runs; delete the directory to rebuild) and picks parameters as ``make bench`` does
(:func:`bench.workload.pick`). Then, with our service (``seckg serve``) and the Oxigraph
server (``oxigraph serve-read-only`` on a copy of the store) both on 127.0.0.1:

- latency: ``designated_as`` (a small SELECT, bound as ``make bench`` binds it) and
  ``ASK {}`` (no work at all: the bare cost of a request) through our ``/sparql`` and
  Oxigraph's ``/query``, ``designated_as`` through our route ``/queries/designated_as`` and
  in-process (:func:`kg.ask.named.rows`; the service's in-memory copy of the build is turned
  off so that both read the store on disk, unless ``--resident``). ``--requests`` rounds of one sequential request of
  each in a random order, so that the load of the shared machine weighs on all alike; request URLs
  are built once, since httpx takes ~1.5 ms to build one from a long query;
- CPU time of each server (with its query workers) per request, from /proc: it does not count
  the waits for a core that make latency on a busy machine, though contention still inflates
  it (up to 2-3x at a load of 4 on 2 cores), so compare servers measured in the same run;
- throughput: ``/sparql`` with ``--clients`` concurrent clients for ``--duration`` s on
  ``moved_category`` (the query ``make bench`` loads it with) and on ``designated_as``, one
  server at a time, in turns.

Prints medians and 10th percentiles (ms), CPU ms, answers per second, ratios, and the load
average before and after (other work on the machine shows in every figure); writes them to
``WORKDIR/latest.json``. ``--baseline DIR`` adds our service as another source tree has it
(``git archive COMMIT | tar -x -C DIR``), measured alongside: the fairest before/after.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bench import measure, servers, sizing, workload
from kg.ask import named
from kg.stores.disk import current_build, store_dir
from kg.stores.disk_handle import StoreHandle

OPERATION = "designated_as"
ASK = "ASK {}"


def ensure_store(workdir: Path, quads: int) -> Path:
    """The store root under ``workdir``, synthesised and built if it holds no build yet."""
    root = workdir / "store"
    if current_build(root) is None:
        print(f"building about {quads} quads in {root}", file=sys.stderr, flush=True)
        sizing.make_seeds(quads, workdir / "seeds")
        seckg = Path(sys.executable).with_name("seckg")
        subprocess.run([str(seckg), "build", "--seeds", str(workdir / "seeds"), "--store", str(root)],
                       check=True, stdout=subprocess.DEVNULL)
    return root


def interleaved(calls: dict[str, Callable[[], Any]], requests: int) -> dict[str, float]:
    """Median and 10th percentile milliseconds of each call, timed in turn: ``requests`` rounds
    of one of each, in a new random order every round (after 20 untimed rounds), so that the
    load of a shared machine, and what ran just before, weigh on all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in calls}
    order = list(calls)
    rng = random.Random(0)
    for i in range(20 + requests):
        rng.shuffle(order)
        for name in order:
            t0 = time.perf_counter()
            calls[name]()
            if i >= 20:
                samples[name].append(time.perf_counter() - t0)
    return {name: round(statistics.median(s) * 1000, 3) for name, s in samples.items()} | {
        f"{name}_p10": round(statistics.quantiles(s, n=10)[0] * 1000, 3) for name, s in samples.items()}


def cycling(params: list[dict[str, str]], call: Callable[[dict[str, str]], Any]) -> Callable[[], Any]:
    """``call`` on each parameter set in turn."""
    state = {"i": 0}

    def run() -> Any:
        p = params[state["i"] % len(params)]
        state["i"] += 1
        return call(p)

    return run


def url(base: str, params: dict[str, str]) -> httpx.URL:
    """A request URL made once: building one from a long query costs httpx about 1.5 ms."""
    return httpx.URL(base + "?" + urlencode(params))


def getter(client: httpx.Client, urls: list[httpx.URL], headers: dict[str, str]) -> Callable[[], bytes]:
    """GET each of ``urls`` in turn."""
    state = {"i": 0}

    def get() -> bytes:
        r = client.get(urls[state["i"] % len(urls)], headers=headers)
        state["i"] += 1
        r.raise_for_status()
        return r.content

    return get


def probes(client: httpx.Client, server: servers.Server, params: list[dict[str, str]],
           route: bool) -> dict[str, Callable[[], bytes]]:
    """ASK {} and the bound SELECT on the server's SPARQL endpoint, and our route if ``route``."""
    endpoint = server.base + server.sparql_path
    out = {"ask": getter(client, [url(endpoint, {"query": ASK})], servers.ACCEPT_JSON),
           "sparql": getter(client, [url(endpoint, {"query": workload.bound_sparql(OPERATION, p)}) for p in params],
                            servers.ACCEPT_JSON)}
    if route:
        out["route"] = getter(client, [url(server.base + workload.api_route(OPERATION), p) for p in params], {})
    return out


THROUGHPUT_ROUNDS = 4


def throughputs(started: list[servers.Server], work: workload.Workload, clients: int,
                seconds: float) -> dict[str, dict[str, Any]]:
    """Answers per second of each server's /sparql, one server at a time, in ``THROUGHPUT_ROUNDS``
    turns of ``seconds / THROUGHPUT_ROUNDS`` each, so that a change in the machine's load
    weighs on all of them alike."""
    out: dict[str, dict[str, Any]] = {s.name: {} for s in started}
    for op, key in (("moved_category", "changes_year"), (OPERATION, OPERATION)):
        runs: dict[str, list[dict[str, Any]]] = {s.name: [] for s in started}
        for _ in range(THROUGHPUT_ROUNDS):
            for server in started:
                endpoint = server.base + server.sparql_path
                urls = {id(p): url(endpoint, {"query": workload.bound_sparql(op, p)}) for p in work.params[key]}

                async def ask(client: httpx.AsyncClient, p: dict[str, str], urls: dict[int, httpx.URL] = urls) -> None:
                    r = await client.get(urls[id(p)], headers=servers.ACCEPT_JSON)
                    r.raise_for_status()

                runs[server.name].append(measure.throughput(ask, work.params[key], clients=clients,
                                                            seconds=seconds / THROUGHPUT_ROUNDS))
        for name, parts in runs.items():
            answered, elapsed = sum(r["requests"] for r in parts), sum(r["seconds"] for r in parts)
            errors: dict[str, int] = {}
            for r in parts:
                for e, n in r["errors"].items():
                    errors[e] = errors.get(e, 0) + n
            out[name][op] = {"requests": answered, "seconds": round(elapsed, 2),
                             "per_second": round(answered / elapsed, 2), "errors": errors}
    return out


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (our query workers are started from threads: every task counts)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of ``pid`` and its descendants so far."""
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def cpu_per_request(server: servers.Server, call: Callable[[], Any], requests: int) -> float:
    """CPU milliseconds the server (with its children) spends per call (waits for a core not
    counted, unlike in latency)."""
    for _ in range(20):
        call()
    before = cpu_seconds(server.process.pid)
    for _ in range(requests):
        call()
    return round((cpu_seconds(server.process.pid) - before) / requests * 1000, 3)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(results: dict[str, Any], args: argparse.Namespace) -> None:
    names = [n for n in ("baseline", "ours") if n in results]
    x = results["oxigraph"]
    rows = (("ask", "ASK {} via /sparql"), ("sparql", f"{OPERATION} via /sparql"), ("route", f"/queries/{OPERATION}"))

    def table(suffix: str) -> None:
        print(f"  {'':26}" + "".join(f"{n:>9}" for n in names) + f"{'oxigraph':>9}"
              + "".join(f"{n + '/oxi':>13}" for n in names))
        for what, label in rows:
            key = what + suffix
            if what == "route":  # no such route on Oxigraph: against the query in-process
                inproc = results.get("in_process" + suffix)
                if inproc is not None:
                    print(f"  {OPERATION + ' in-process':26}" + "".join(f"{'':9}" for n in names) + f"{inproc:9.2f}")
                other, note = inproc, "  (ours / in-process)"
            else:
                other, note = x[key], ""
            cells = [results[n][key] for n in names]
            print(f"  {label:26}" + "".join(f"{c:9.2f}" for c in cells)
                  + (f"{x[key]:9.2f}" if key in x else f"{'':9}")
                  + ("".join(f"{c / other:13.2f}" for c in cells) if other else "") + note)

    print(f"load average {results['load']['before']} -> {results['load']['after']}")
    print(f"median ms, {args.requests} sequential requests of each, interleaved")
    table("")
    print("10th percentile ms (the path itself, when the shared machine happens to be free)")
    table("_p10")
    print("CPU ms per request of the server with its query workers (measured one server at a time)")
    table("_cpu")
    if "throughput" in x:
        print(f"throughput /s, {args.clients} clients, {args.duration:g} s each, one server at a time")
        for op in x["throughput"]:
            cells = [results[n]["throughput"][op]["per_second"] for n in names]
            oxi = x["throughput"][op]["per_second"]
            errors = {n: results[n]["throughput"][op]["errors"] for n in [*names, "oxigraph"]
                      if results[n]["throughput"][op]["errors"]}
            print(f"  /sparql {op:18}" + "".join(f"{c:9.1f}" for c in cells) + f"{oxi:9.1f}"
                  + "".join(f"{c / oxi:13.2f}" for c in cells) + (f"  errors {errors}" if errors else ""))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.overhead", description=__doc__.splitlines()[0])
    p.add_argument("--workdir", type=Path, default=Path("var/overhead"))
    p.add_argument("--size", default="0.1M")
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--duration", type=float, default=8)
    p.add_argument("--no-throughput", action="store_true")
    p.add_argument("--resident", action="store_true",
                   help="keep our service's in-memory copy of the build (kg/stores/resident.py) on, and time the "
                        "in-process query on such a copy too (default: both read the store on disk)")
    p.add_argument("--baseline", type=Path, metavar="DIR",
                   help="also measure our service as the source tree DIR has it (e.g. a `git archive` of an "
                        "older commit), interleaved with the others")
    args = p.parse_args(argv)

    root = ensure_store(args.workdir, sizing.parse_size(args.size))
    logs = args.workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    store = StoreHandle(root).get()
    work = workload.pick(store)
    if args.resident:
        from kg.stores.resident import load_copy

        store = load_copy(StoreHandle(root).path())
    else:  # our routes read the store on disk, as the in-process query does
        os.environ["SECKG_RESIDENT"] = "0"
    params = work.params[OPERATION]
    load_before = load()

    build = current_build(root)
    assert build is not None
    started: list[servers.Server] = []
    try:
        ours = servers.ours(root, logs)
        started.append(ours)
        oxi = servers.oxigraph(store_dir(build), args.workdir, logs)
        started.append(oxi)
        base = servers.ours(root, logs, name="baseline", source=args.baseline) if args.baseline else None
        if base:
            started.append(base)
        with httpx.Client(timeout=60) as client:
            calls = {f"ours {k}": v for k, v in probes(client, ours, params, route=True).items()}
            if base:
                calls |= {f"baseline {k}": v for k, v in probes(client, base, params, route=True).items()}
            calls |= {f"oxigraph {k}": v for k, v in probes(client, oxi, params, route=False).items()}
            calls["in_process"] = cycling(params, lambda q: sum(1 for _ in named.rows(store, OPERATION, q)))
            medians = interleaved(calls, args.requests)
            cpu = {}
            for server in started:
                for what, call in probes(client, server, params, route=server.name != "oxigraph").items():
                    cpu[f"{server.name} {what}"] = cpu_per_request(server, call, args.requests)
        results: dict[str, Any] = {"in_process": medians.pop("in_process"),
                                    "in_process_p10": medians.pop("in_process_p10")}
        for key, value in medians.items():
            name, what = key.split()
            results.setdefault(name, {})[what] = value
            if key in cpu:
                results[name][f"{what}_cpu"] = cpu[key]
        if not args.no_throughput:
            for name, figures in throughputs(started, work, args.clients, args.duration).items():
                results[name]["throughput"] = figures
    finally:
        for server in started:
            server.stop()
    results["load"] = {"before": load_before, "after": load()}
    report(results, args)
    (args.workdir / "latest.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
