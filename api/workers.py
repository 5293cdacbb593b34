"""A supervised pool of query worker processes for untrusted SPARQL.

pyoxigraph cannot cancel a running query, has no timeout, and some crafted queries can
crash it. So user queries from ``/sparql`` never run in the service process: each runs in
a worker process that holds a read-only open of the store. If a query passes its deadline
the worker is killed and replaced, and the client gets 503; if a worker dies, it is
replaced and the client gets 500. Other clients keep being served by the other workers
meanwhile. The service's own named queries are trusted and run in-process.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import anyio

from api.sparql_exec import Answer, Request, execute
from kg.errors import EngineCrashed, QueryTimeout, SeckgError


def _worker_main(conn: Connection) -> None:
    """The worker's loop: receive a Request, send back an Answer or an error."""
    cache: dict[str, Any] = {}
    while True:
        try:
            req = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            conn.send(("ok", execute(req, cache)))
        except SeckgError as exc:
            conn.send(("error", exc))
        except Exception as exc:  # the engine's own errors (OSError, ValueError...) go back as text
            conn.send(("error", SeckgError(f"{type(exc).__name__}: {exc}")))


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection

    @classmethod
    def start(cls) -> _Worker:
        """A fresh interpreter running this module, talking over a socket pair.

        A plain subprocess (not multiprocessing's spawn) so that the service's main module
        is never imported again in the worker.
        """
        parent, child = socket.socketpair()
        process = subprocess.Popen(
            [sys.executable, "-m", "api.workers", str(child.fileno())],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL,
        )
        child.close()
        return cls(process, Connection(parent.detach()))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; ``run`` waits for a free one, then for the answer."""

    def __init__(self, size: int = 2, timeout: float = 10.0):
        self.size = size
        self.timeout = timeout
        self._idle: asyncio.Queue[_Worker] | None = None
        self.busy: set[_Worker] = set()
        self.restarts = 0

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = await anyio.to_thread.run_sync(lambda: [_Worker.start() for _ in range(self.size)])
        for w in workers:
            self._idle.put_nowait(w)

    async def close(self) -> None:
        if self._idle is None:
            return
        while not self._idle.empty():
            self._idle.get_nowait().stop()

    async def run(self, req: Request) -> Answer:
        if self._idle is None:  # an app served without its lifespan (some test clients) starts on first use
            await self.start()
        assert self._idle is not None
        deadline = time.monotonic() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.timeout)
        except TimeoutError:
            raise QueryTimeout(f"all query workers stayed busy for {self.timeout:g} s; try again later") from None
        remaining = max(0.1, deadline - time.monotonic())
        self.busy.add(worker)
        try:
            status, payload = await anyio.to_thread.run_sync(self._exchange, worker, req, remaining)
        except TimeoutError:  # before OSError, of which it is a subclass
            await self._replace(worker)
            raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped") from None
        except (EOFError, OSError):
            await self._replace(worker)
            raise EngineCrashed("the query engine stopped while running this query; it was restarted") from None
        finally:
            self.busy.discard(worker)
        self._idle.put_nowait(worker)
        if status == "error":
            raise payload
        return payload  # type: ignore[no-any-return]

    @staticmethod
    def _exchange(worker: _Worker, req: Request, timeout: float) -> tuple[str, Any]:
        worker.conn.send(req)
        if not worker.conn.poll(timeout):
            raise TimeoutError
        return worker.conn.recv()  # type: ignore[no-any-return]

    async def _replace(self, worker: _Worker) -> None:
        assert self._idle is not None
        self.restarts += 1
        def restart() -> _Worker:
            worker.stop()
            return _Worker.start()

        fresh = await anyio.to_thread.run_sync(restart)
        self._idle.put_nowait(fresh)


if __name__ == "__main__":
    _worker_main(Connection(int(sys.argv[1])))
