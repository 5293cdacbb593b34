"""The remote backend: a running ``seckg serve``, spoken to over HTTP with httpx.

``select`` posts to ``/sparql`` and reads SPARQL JSON; the other methods read the REST
routes (``/changes``, ``/dyads/{a}/{b}``, ``/states/{code}/designations``, ``/documents``,
``/states``), following ``next`` through paginated lists. The service's problem documents
(RFC 9457) become the exceptions of ``kg.errors`` that the embedded backend raises for the
same mistake, so code written against one works against the other.
"""

from __future__ import annotations

import warnings
from typing import Any
from urllib.parse import quote

from kg.ask.change_filter import ChangeFilter
from kg.client.embedded import TABLES_ONLY
from kg.client.frames import MissingExtra
from kg.errors import (
    BadParameter,
    EngineCrashed,
    NotAcceptable,
    NotFound,
    QueryError,
    QuerySyntax,
    QueryTimeout,
    RateLimited,
    SeckgError,
    StoreError,
    UnknownQuery,
    UnsafeQuery,
)
from kg.formats import JSON, RESULTS_JSON

PAGE = 500  # the service's largest page


def _httpx() -> Any:
    try:
        import httpx
    except ImportError:
        raise MissingExtra("connecting to a service needs httpx: pip install 'seckg[notebook]'") from None
    return httpx


def _params(**values: Any) -> dict[str, str]:
    """Query parameters without the unset ones; booleans as true/false."""
    out = {}
    for name, value in values.items():
        if value is None or value is False:
            continue
        out[name] = "true" if value is True else str(value)
    return out


def problem(response: Any) -> SeckgError:
    """The kg.errors exception for an error answer of the service."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    status, title = response.status_code, str(body.get("title", ""))
    detail = str(body.get("detail") or response.text[:300] or title)
    if status == 422:
        name = str(body.get("parameter", "request"))
        return BadParameter(name, detail.removeprefix(f"parameter '{name}': "))
    if status == 404:
        return UnknownQuery(detail) if title == "Unknown query" else NotFound(detail)
    if status == 429:
        return RateLimited(detail, int(response.headers.get("retry-after", "60")))
    if status == 503:
        return QueryTimeout(detail) if title == "Query stopped" else StoreError(detail)
    simple: dict[int, type[SeckgError]] = {400: QuerySyntax, 403: UnsafeQuery, 406: NotAcceptable, 500: EngineCrashed}
    cls = simple.get(status)
    if cls is not None and (status != 500 or title == "Query engine failure"):
        return cls(detail)
    return SeckgError(f"the service answered {status} {title}: {detail}")


class Remote:
    """A seckg service at ``url`` (or behind an httpx.Client given as ``http``, for tests)."""

    def __init__(self, url: str, *, http: Any = None, timeout: float = 60.0):
        httpx = _httpx()
        self.url = url.rstrip("/")
        self.http = http if http is not None else httpx.Client(base_url=self.url, timeout=timeout)
        try:
            self._get("/healthz")
        except httpx.TransportError as exc:
            raise StoreError(f"cannot reach a seckg service at {self.url}: {exc}") from None

    @property
    def where(self) -> str:
        return self.url

    def _get(self, path: str, params: dict[str, str] | None = None) -> Any:
        response = self.http.get(path, params=params, headers={"Accept": JSON})
        if response.status_code >= 400:
            raise problem(response)
        return response.json()

    def _pages(self, path: str, params: dict[str, str], field: str = "items") -> list[dict[str, Any]]:
        body = self._get(path, {**params, "limit": str(PAGE)})
        items = list(body[field])
        while body.get("next"):
            body = self._get(body["next"])
            items.extend(body[field])
        return items

    def select(self, sparql: str) -> dict[str, Any]:
        response = self.http.post("/sparql", data={"query": sparql}, headers={"Accept": RESULTS_JSON})
        if response.status_code == 406:
            raise QueryError(TABLES_ONLY)
        if response.status_code >= 400:
            raise problem(response)
        if response.headers.get("sparql-results-truncated") == "true":
            warnings.warn(f"the service cut the answer at {response.headers.get('sparql-results-limit')} rows "
                          "(SECKG_MAX_ROWS): add LIMIT/OFFSET or use an embedded graph", stacklevel=3)
        return dict(response.json())

    def changes(self, which: ChangeFilter) -> list[dict[str, Any]]:
        return self._pages("/changes", which.params(), "changes")

    def dyad(self, a: str, b: str, include_unverified: bool) -> dict[str, Any]:
        return dict(self._get(f"/dyads/{quote(a, safe='')}/{quote(b, safe='')}",
                              _params(include_unverified=include_unverified)))

    def designations(self, of: str | None, direction: str, as_of: str | None, category: str | None,
                     include_unverified: bool) -> list[dict[str, Any]]:
        params = _params(as_of=as_of, category=category, include_unverified=include_unverified)
        if of is not None:
            return self._pages(f"/states/{quote(of, safe='')}/designations", {**params, "direction": direction})
        # every designation has one issuer: all of them are the union of what each issuer issues
        issuers = [s["code"] for s in self.states() if s["designations_issued"]]
        return [d for code in issuers
                for d in self._pages(f"/states/{code}/designations", {**params, "direction": "issued"})]

    def documents(self, issuer: str | None) -> list[dict[str, Any]]:
        return self._pages("/documents", _params(issuer=issuer))

    def states(self) -> list[dict[str, Any]]:
        return self._pages("/states", {})

    def close(self) -> None:
        self.http.close()
