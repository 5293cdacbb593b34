"""Stores over HTTP for the tests: a real Oxigraph server, and one that misbehaves on purpose.

:func:`oxigraph` starts the server the ``oxigraph`` package ships (``oxigraph serve``) on a
free port of 127.0.0.1 and stops it afterwards. :class:`Misbehaving` answers the build
query (``urn:seckg:meta``) like a store with one build, unless told not to, and every other
request in one bad way; it never holds a connection longer than ``LIFETIME`` seconds.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.service import free_port, stop

__all__ = ["free_port"]  # the remote-store tests import it from here too

LIFETIME = 10.0
BUILD_ID = "20240101T000000000000Z"




def oxigraph_binary() -> str:
    """The ``oxigraph`` command of the dev extra: next to this Python, or on the PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server is missing: pip install -e '.[dev]' installs it")
    return found


@contextmanager
def oxigraph(location: Path) -> Iterator[str]:
    """An Oxigraph server storing into ``location``; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    said = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                    raise RuntimeError(f"oxigraph did not start: {said}") from None
                time.sleep(0.05)
        yield url
    finally:
        stop(proc, timeout=10)


POINTER = json.dumps({"head": {"vars": ["build", "info"]}, "results": {"bindings": [{
    "build": {"type": "uri", "value": f"urn:seckg:build:{BUILD_ID}"},
    "info": {"type": "literal", "value": json.dumps({"built": "2024-01-01T00:00:00Z", "counts": {}})},
}]}}).encode()
ROWS = b'{"head":{"vars":["x"]},"results":{"bindings":[' + b",".join(
    b'{"x":{"type":"literal","value":"row %d"}}' % i for i in range(50)) + b"]}}"


class Misbehaving:
    """An HTTP server on 127.0.0.1 that answers in one bad way (``mode``):

    slow       never answers              trickle    a 200 that sends a byte every 0.2 s
    truncated  fewer bytes than announced cut       a 200 cut mid-JSON, closed (no length)
    chunked    chunked, closed mid-way    redirect   302 to another host
    huge       announces a huge body      endless    a chunked body that never ends
    html       a 200 of text/html         error      500
    busy       503
    """

    def __init__(self, mode: str, *, pointer: bool = True):
        self.mode = mode
        self.pointer = pointer
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Misbehaving:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _wait(self, seconds: float) -> bool:
        """Sleep; False if the server is stopping."""
        return not self.stop.wait(seconds)

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(LIFETIME)
        try:
            request = self._read(conn)
            self.requests += 1
            if self.pointer and b"urn%3Aseckg%3Ameta" in request:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(POINTER), POINTER))
                return
            getattr(self, "_" + self.mode)(conn)
        except OSError:
            pass
        finally:
            conn.close()

    @staticmethod
    def _read(conn: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        return head + b"\r\n\r\n" + body

    def _slow(self, conn: socket.socket) -> None:
        deadline = time.monotonic() + LIFETIME
        while time.monotonic() < deadline and self._wait(0.1):
            pass

    def _trickle(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        for byte in ROWS[: int(LIFETIME / 0.2)]:
            if not self._wait(0.2):
                return
            conn.sendall(b"1\r\n%c\r\n" % byte)

    def _truncated(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(ROWS), ROWS[: len(ROWS) // 2]))

    def _cut(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n\r\n"
                     + ROWS[: len(ROWS) // 2])

    def _chunked(self, conn: socket.socket) -> None:
        part = ROWS[: len(ROWS) // 2]
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n" % (len(part), part))

    def _redirect(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://store.example.org/query\r\nContent-Length: 0\r\n\r\n")

    def _huge(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     b"Content-Length: 100000000000\r\n\r\n" + ROWS[:100])

    def _endless(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        head = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"'
        conn.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        block = b"x" * 65536
        deadline = time.monotonic() + LIFETIME
        while time.monotonic() < deadline and not self.stop.is_set():
            conn.sendall(b"%x\r\n%s\r\n" % (len(block), block))

    def _html(self, conn: socket.socket) -> None:
        page = b"<html><body>Please log in</body></html>"
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
                     % (len(page), page))

    def _error(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\noops")

    def _busy(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
