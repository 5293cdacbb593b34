"""A supervised pool of query worker processes for untrusted SPARQL.

pyoxigraph cannot cancel a running query, has no timeout, and some crafted queries can
crash it. So user queries from ``/sparql`` never run in the service process: each runs in
a worker process that holds a read-only open of the store. If a query passes its deadline
the worker is killed and replaced, and the client gets 503; if a worker dies, it is
replaced and the client gets 500. Other clients keep being served by the other workers
meanwhile. The service's own named queries are trusted and run in-process.

The service talks to a worker over a socket pair, one pickled message each way per query,
each framed by its length (:data:`HEADER`). The service's end is non-blocking and read on
the event loop itself (no thread per query); a worker's end is a plain blocking socket.
A request whose client goes away mid-query still waits for its worker before the worker
takes another query, so no answer is ever read by the wrong request.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import anyio

from kg.errors import EngineBusy, EngineCrashed, QueryTimeout, SeckgError
from kg.stores.user_query import Answer, UserQuery, execute

HEADER = struct.Struct("!Q")  # the length of the pickled message that follows

# what a worker process runs: serve() on the socket whose descriptor it is given
WORKER = "import socket, sys; from kg.stores.workers import serve; serve(socket.socket(fileno=int(sys.argv[1])))"


def frame(message: Any) -> bytes:
    """``message`` pickled, after its length."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def _recv_exactly(sock: socket.socket, size: int) -> bytearray:
    buf = bytearray(size)
    view, got = memoryview(buf), 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            raise EOFError
        got += n
    return buf


def serve(sock: socket.socket) -> None:
    """The worker's loop: receive a store path and a UserQuery, send back an Answer or an error."""
    cache: dict[str, Any] = {}
    while True:
        try:
            (size,) = HEADER.unpack(_recv_exactly(sock, HEADER.size))
            store_path, req = pickle.loads(_recv_exactly(sock, size))
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply: tuple[str, Any] = ("ok", execute(store_path, req, cache))
        except SeckgError as exc:
            reply = ("error", exc)
        except Exception as exc:  # the engine's own errors (OSError, ValueError...) go back as text
            reply = ("error", SeckgError(f"{type(exc).__name__}: {exc}"))
        sock.sendall(frame(reply))


async def _read_frame(sock: socket.socket) -> Any:
    """One message from ``sock``: usually one read, since a worker sends each in one go."""
    loop = asyncio.get_running_loop()
    buf = bytearray(65536)
    got = await loop.sock_recv_into(sock, buf)
    while got < HEADER.size:
        more = await loop.sock_recv_into(sock, memoryview(buf)[got:])
        if more == 0:
            raise EOFError
        got += more
    (size,) = HEADER.unpack_from(buf)
    end = HEADER.size + size
    if end > len(buf):
        buf.extend(bytes(end - len(buf)))
    view = memoryview(buf)
    while got < end:
        more = await loop.sock_recv_into(sock, view[got:end])
        if more == 0:
            raise EOFError
        got += more
    return pickle.loads(view[HEADER.size:end])


@dataclass(eq=False)
class _Worker:
    process: Any
    sock: socket.socket

    @classmethod
    def start(cls) -> _Worker:
        """A fresh interpreter running :func:`serve`, talking over a socket pair.

        A plain subprocess (not multiprocessing's spawn) so that the service's main module
        is never imported again in the worker.
        """
        parent, child = socket.socketpair()
        process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(child.fileno())],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL,
        )
        child.close()
        parent.setblocking(False)
        return cls(process, parent)

    async def exchange(self, store_path: str, req: UserQuery) -> tuple[str, Any]:
        """Send ``req`` for the store at ``store_path``, wait for the reply (on whatever event loop is running)."""
        await asyncio.get_running_loop().sock_sendall(self.sock, frame((store_path, req)))
        return await _read_frame(self.sock)  # type: ignore[no-any-return]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        self.sock.close()


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

    async def run(self, store_path: str, req: UserQuery) -> Answer:
        """The answer to ``req`` on the read-only store at ``store_path``, from a free worker."""
        if self._idle is None:  # an app served without its lifespan (some test clients) starts on first use
            await self.start()
        assert self._idle is not None
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get_nowait()
        except asyncio.QueueEmpty:
            try:
                worker = await asyncio.wait_for(self._idle.get(), timeout=self.timeout)
            except TimeoutError:
                raise EngineBusy(f"all query workers stayed busy for {self.timeout:g} s; "
                                   "try again later") from None
        remaining = max(0.1, deadline - time.monotonic())
        self.busy.add(worker)
        # the worker is handed back (or replaced) by _serve even if this request is cancelled
        served = asyncio.ensure_future(self._serve(worker, store_path, req, remaining))
        served.add_done_callback(_retrieve)
        status, payload = await asyncio.shield(served)
        if status == "error":
            raise payload
        return payload  # type: ignore[no-any-return]

    async def _serve(self, worker: _Worker, store_path: str, req: UserQuery, timeout: float) -> tuple[str, Any]:
        try:
            async with asyncio.timeout(timeout):
                reply = await worker.exchange(store_path, req)
        except TimeoutError:  # before OSError, of which it is a subclass
            await self._replace(worker)
            raise QueryTimeout(f"the query ran longer than {self.timeout:g} s (the time limit of this endpoint) and "
                               "was stopped; it would be stopped again: narrow it (LIMIT, a more selective "
                               "pattern) or run it on a dump (/dumps)") from None
        except (EOFError, OSError, pickle.UnpicklingError):
            await self._replace(worker)
            raise EngineCrashed("the query engine stopped while running this query; it was restarted") from None
        except BaseException:  # cancelled (the service is stopping): the worker's state is unknown
            worker.stop()
            raise
        finally:
            self.busy.discard(worker)
        assert self._idle is not None
        self._idle.put_nowait(worker)
        return reply

    async def _replace(self, worker: _Worker) -> None:
        assert self._idle is not None
        self.restarts += 1

        def restart() -> _Worker:
            worker.stop()
            return _Worker.start()

        fresh = await anyio.to_thread.run_sync(restart)
        self._idle.put_nowait(fresh)


def _retrieve(task: asyncio.Future[Any]) -> None:
    """Mark the outcome of a task whose request went away as seen (no "never retrieved" warning)."""
    if not task.cancelled():
        task.exception()
