"""The servers under test, each a subprocess on a free localhost port.

- ours: ``seckg serve --store ROOT`` (FastAPI, named queries in-process, /sparql in workers),
  with the per-client query-time budget lifted (``OURS_ENV``): all bench clients share one
  address, and the budget is a policy to measure apart, not the service's capacity;
- oxigraph: ``oxigraph serve-read-only --location COPY --union-default-graph`` on a copy of
  the build's store directory (the ``oxigraph`` binary of the PyPI package);
- rdflib-endpoint: the graph loaded into an rdflib Dataset behind ``rdflib_endpoint``
  (``python -m bench.rdflib_server``), only where the package is installed.

Peak memory of a server is ``VmHWM`` of its process (plus its children's, for our query
workers), read from /proc while it runs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx

ACCEPT_JSON = {"Accept": "application/sparql-results+json"}
# every bench client is 127.0.0.1: lift the per-client query-time budget (a policy, not capacity)
OURS_ENV = {"SECKG_CLIENT_BUDGET": "1000000000"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@dataclass
class Server:
    """A running server: its base URL, SPARQL endpoint path and process."""

    name: str
    base: str
    sparql_path: str
    process: subprocess.Popen[bytes]
    startup_s: float = 0.0
    log: IO[Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def peak_rss_mib(self) -> float:
        """Peak resident memory of the server and its children (VmHWM), MiB."""
        pids = [self.process.pid, *_children(self.process.pid)]
        return round(sum(_status_kib(p, "VmHWM") for p in pids) / 1024, 1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.log:
            self.log.close()


def _wait(server: Server, probe: str, timeout: float) -> Server:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}; see its log")
        try:
            if httpx.get(server.base + probe, headers=ACCEPT_JSON, timeout=2).status_code == 200:
                server.startup_s = round(time.perf_counter() - start, 2)
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer within {timeout:g} s")


def _start(name: str, argv: list[str], sparql_path: str, port: int, probe: str, log_dir: Path,
           timeout: float = 120, env: dict[str, str] | None = None, cwd: Path | None = None) -> Server:
    log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 -- closed by Server.stop
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})}, cwd=cwd)
    return _wait(Server(name, f"http://127.0.0.1:{port}", sparql_path, process, log=log), probe, timeout)


def ours(store_root: Path, log_dir: Path, *, name: str = "ours", source: Path | None = None) -> Server:
    """``seckg serve``; with ``source``, the code of that source tree (another checkout) instead."""
    port = free_port()
    argv = [sys.executable, "-m", "kg.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
            "--store", str(store_root.resolve())]
    env = dict(OURS_ENV)
    if source is not None:
        env["PYTHONPATH"] = str(source.resolve())
    return _start(name, argv, "/sparql", port, "/healthz", log_dir, env=env,
                  cwd=source.resolve() if source is not None else None)


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).with_name("oxigraph")
    return str(local) if local.exists() else shutil.which("oxigraph")


def oxigraph(store_dir: Path, workdir: Path, log_dir: Path) -> Server:
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("no oxigraph binary: pip install '.[bench]'")
    copy = workdir / "oxigraph-store"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(store_dir, copy)
    port = free_port()
    argv = [binary, "serve-read-only", "--location", str(copy), "--bind", f"127.0.0.1:{port}",
            "--union-default-graph"]
    return _start("oxigraph", argv, "/query", port, "/query?query=ASK%7B%7D", log_dir)


def rdflib_endpoint(nquads: Path, log_dir: Path) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "bench.rdflib_server", str(nquads), str(port)]
    return _start("rdflib-endpoint", argv, "/sparql", port, "/sparql?query=ASK%7B%7D", log_dir, timeout=600)
