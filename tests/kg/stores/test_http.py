"""The HTTP client of the remote store: every way a store can fail becomes a named error, in time."""

from __future__ import annotations

import time

import pytest

from kg.errors import BadStoreAnswer, StoreTimeout, StoreUnreachable
from kg.formats import RESULTS_JSON
from kg.stores.http import Endpoints, SparqlHttp, redact
from kg.stores.remote import parse_answer
from tests.stores import Misbehaving, free_port

TIMEOUT = 1.0


def ask(url: str) -> object:
    """One query, read and parsed as the remote store does."""
    http = SparqlHttp(Endpoints.at(url), timeout=TIMEOUT, max_bytes=100_000)
    try:
        with http.query("SELECT ?x WHERE { ?x ?p ?o }", accept=RESULTS_JSON) as (media, body):
            return list(parse_answer(media, body.read_all(), "a test query"))
    finally:
        http.close()


@pytest.mark.parametrize(("mode", "error", "words"), [
    ("slow", StoreTimeout, "did not answer"),
    ("trickle", StoreTimeout, "did not end before the deadline"),
    ("truncated", BadStoreAnswer, "cut off"),
    ("cut", BadStoreAnswer, "does not parse"),
    ("chunked", BadStoreAnswer, "cut off"),
    ("redirect", BadStoreAnswer, "redirect"),
    ("huge", BadStoreAnswer, "announces"),
    ("endless", BadStoreAnswer, "larger than 100000 bytes"),
    ("html", BadStoreAnswer, "text/html"),
    ("error", BadStoreAnswer, "500"),
    ("busy", StoreUnreachable, "503"),
])
def test_a_misbehaving_store_is_a_named_error_in_time(mode, error, words):
    with Misbehaving(mode, pointer=False) as store:
        started = time.monotonic()
        with pytest.raises(error, match=words):
            ask(store.url)
        assert time.monotonic() - started < 2 * TIMEOUT + 1


def test_a_refused_connection_is_unreachable():
    with pytest.raises(StoreUnreachable, match="cannot connect"):
        ask(f"http://127.0.0.1:{free_port()}")


def test_an_error_keeps_the_status_and_the_words():
    with Misbehaving("error", pointer=False) as store, pytest.raises(BadStoreAnswer) as caught:
        ask(store.url)
    assert caught.value.status == 500 and caught.value.detail == "oops"


def test_credentials_never_appear_in_messages():
    url = f"http://reader:s3cret@127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnreachable) as caught:
        ask(url)
    assert "s3cret" not in str(caught.value) and "reader" not in str(caught.value)
    assert redact(url + "/query?x=1") == url.replace("reader:s3cret@", "") + "/query?x=1"
