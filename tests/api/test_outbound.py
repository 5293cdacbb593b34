"""Nothing a client sends makes the service open a connection elsewhere.

A listener on localhost stands in for "elsewhere"; every request names it, and it must
receive nothing.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest


@pytest.fixture
def listener() -> Iterator[tuple[str, list]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, addr = server.accept()
            except OSError:
                continue
            hits.append(addr)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", hits
    stop.set()
    thread.join(timeout=2)
    server.close()


def test_no_request_reaches_another_host(client, listener):
    url, hits = listener
    attempts = [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
        f"LOAD <{url}>",
        f"DESCRIBE <{url}>",
    ]
    for query in attempts:
        client.get("/sparql", params={"query": query})
        client.post("/sparql", data={"query": query})
        client.post("/sparql", data={"update": query})
    client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": url})
    client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "named-graph-uri": url})
    client.get("/queries/dyad_timeline", params={"issuer": url, "target": "RUS"})
    assert hits == []
