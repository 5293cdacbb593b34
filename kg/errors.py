"""Every error the package raises on purpose.

    SeckgError
    ├── SeedError            one problem in a seeds file, with its file and line
    ├── SeedsInvalid         a set of SeedErrors (parsing, structure or SHACL): the build stops
    ├── StoreError           the store directory is missing, locked or not a build
    │   └── RemoteStoreError the SPARQL store over HTTP did not answer as the protocol says
    │       ├── StoreUnreachable  no connection: refused, reset, unknown host      (503)
    │       ├── StoreTimeout      no complete answer before the deadline           (504)
    │       └── BadStoreAnswer    a redirect, an error status, or an answer that is
    │                             truncated, malformed, of the wrong type or too large (502)
    ├── NotFound             no resource has that identifier
    ├── QueryError           a named query or its parameters are wrong
    │   ├── UnknownQuery     no query has that name
    │   └── BadParameter     a parameter is missing, unknown or of the wrong form
    ├── UnsafeQuery          a user query asks for something the endpoint refuses (SERVICE, updates)
    ├── QuerySyntax          a user query does not parse
    ├── QueryTimeout         a user query ran past its deadline and was stopped
    ├── EngineBusy           every query worker stayed busy: try again later
    ├── RateLimited          a client has used up its query-time budget
    ├── EngineCrashed        the query engine process died while running a query
    └── NotAcceptable        no result format the client accepts fits the query's result

The CLI prints these as one line each and exits non-zero; the API maps them to HTTP
answers in ``api/errors.py``. Anything else is a bug and is allowed to surface as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


class SeckgError(Exception):
    """Base class of the errors this package raises on purpose."""


@dataclass(frozen=True)
class SeedError(SeckgError):
    """One problem in a seeds file, located for the curator who must fix it."""

    file: Path | str
    line: int | None
    message: str
    shape: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        fired = f" [{self.shape}]" if self.shape else ""
        return f"{where}: {self.message}{fired}"


class SeedsInvalid(SeckgError):
    """The seeds have problems; ``errors`` lists each one with its place (``partial``: what a
    lenient reading could still make of the file, see :mod:`kg.pipeline.lenient`)."""

    def __init__(self, errors: list[SeedError], partial: Any = None):
        self.errors = sorted(errors, key=lambda e: (str(e.file), e.line or 0, e.message))
        self.partial = partial
        super().__init__(f"{len(self.errors)} problem(s) in the seeds")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class StoreError(SeckgError):
    """The store cannot be opened or written as asked."""


class RemoteStoreError(StoreError):
    """The SPARQL store over HTTP (``SECKG_STORE_URL``) failed to answer a request."""


class StoreUnreachable(RemoteStoreError):
    """No connection to the store: refused, reset, or the host name does not resolve."""


class StoreTimeout(RemoteStoreError):
    """The store did not give a complete answer before the deadline."""


class BadStoreAnswer(RemoteStoreError):
    """The store answered, but not usably; ``status`` and ``detail``: its HTTP status and words."""

    def __init__(self, message: str, status: int | None = None, detail: str | None = None):
        self.status = status
        self.detail = detail
        super().__init__(message)


class NotFound(SeckgError):
    """No resource has that identifier."""


class QueryError(SeckgError):
    """A named query or its parameters are wrong."""


class UnknownQuery(QueryError):
    """No named query has that name."""


class BadParameter(QueryError):
    """A query parameter is missing, unknown or malformed."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"parameter '{name}': {message}")


class UnsafeQuery(SeckgError):
    """A user query asks for something a public read-only endpoint refuses."""


class QuerySyntax(SeckgError):
    """A user query does not parse."""


class QueryTimeout(SeckgError):
    """A user query ran past its deadline; its worker was stopped and replaced."""


class EngineBusy(SeckgError):
    """Every query worker stayed busy for a whole deadline: the same query may run later."""


class EngineCrashed(SeckgError):
    """The worker process running a query died; it was replaced."""


class NotAcceptable(SeckgError):
    """None of the media types the client accepts can carry this result."""


class RateLimited(SeckgError):
    """A client has used up its query-time budget; ``retry_after`` is in seconds."""

    def __init__(self, message: str, retry_after: int):
        self.retry_after = retry_after
        super().__init__(message)
