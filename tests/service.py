"""Starting the real service (`seckg serve`) in its own process for the tests that need one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_service(store: Path | None = None, env: dict[str, str] | None = None,
                    command: list[str] | None = None, timeout: float = 60) -> Iterator[str]:
    """`python -m kg.cli serve` (or ``command``, with ``PORT`` standing for the port) on a free
    loopback port; yields its base URL and stops it after."""
    port = free_port()
    command = [part.replace("PORT", str(port)) for part in
               (command or [sys.executable, "-m", "kg.cli", "serve", "--port", "PORT"])]
    if store is not None:
        command += ["--store", str(store)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(proc.stderr.read().decode() if proc.stderr else "the service did not start")
            time.sleep(0.2)
        yield base
    finally:
        stop(proc, timeout=20)


def stop(proc: subprocess.Popen, timeout: float) -> None:  # type: ignore[type-arg]
    """Ask a server process to end; kill it if it has not within ``timeout`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)
