"""A minimal HTTP/1.1 client for the sequential latency runs.

httpx spends about 1.3 ms of the client's own time on each request (building the URL and
the request, its connection pool); against answers of 2 to 5 ms that hides most of what
separates two servers. This client keeps one connection open and sends each request with
the standard library's ``http.client``: a few tens of microseconds. Both servers of a
comparison are asked with it; the throughput runs keep httpx's async client.
"""

from __future__ import annotations

import http.client
from urllib.parse import urlencode, urlsplit


class HTTPError(Exception):
    def __init__(self, status: int, body: bytes):
        super().__init__(f"HTTP {status}: {body[:200]!r}")
        self.status = status


class RawClient:
    def __init__(self, base: str, timeout: float = 120.0):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def get(self, path: str, params: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> bytes:
        target = self.prefix + path + ("?" + urlencode(params) if params else "")
        return self._send("GET", target, None, headers or {})

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> bytes:
        return self._send("POST", self.prefix + path, body, headers)

    def _send(self, method: str, target: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        for attempt in (1, 2):  # a server may close a kept-alive connection: reconnect once
            try:
                self.conn.request(method, target, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError, http.client.CannotSendRequest):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        if response.status >= 400:
            raise HTTPError(response.status, data)
        return data

    def close(self) -> None:
        self.conn.close()
