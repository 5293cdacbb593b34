"""What every store offers the service and the command line: one interface, three stores.

    Handle                 the build in service of one store
      StoreHandle          the embedded store on disk (kg/stores/disk_handle.py)
        ResidentHandle     the same, answering from a copy in memory (kg/stores/resident.py)
      RemoteHandle         a SPARQL 1.1 store over HTTP (kg/stores/remote_handle.py)

A handle says what ``kind`` of store it reads, is started and closed with the service
(:meth:`Handle.start`, :meth:`Handle.close`: worker processes, an in-memory copy, a
connection pool), gives the build in service to the service's own queries (:meth:`Handle.get`,
something with pyoxigraph's ``query`` and ``quads_for_pattern``), runs a user's query under
the guard (:meth:`Handle.run_query`), gives a dump of the whole graph by name
(:meth:`Handle.dump`) and describes the build in service (:meth:`Handle.describe`). The API
holds a handle and never asks which kind it is, nor where a store keeps its files.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from kg.sparql_prefixes import predeclare
from kg.sparql_text import check_query
from kg.stores.user_query import Answer, UserQuery


@dataclass(frozen=True)
class Dump:
    """A dump of the build ``build`` (made at ``built``), named ``name``; ``content()`` writes or
    reads it: a file to send, or the bytes themselves when the store keeps no file."""

    name: str
    media_type: str
    build: str
    built: str
    content: Callable[[], Path | bytes]


class Handle(ABC):
    """The build in service of one store (see the module docstring)."""

    kind: ClassVar[str]  # "embedded" or "remote", as /healthz says

    @abstractmethod
    async def start(self) -> None:
        """Make ready what serving needs (worker processes, a copy in memory)."""

    @abstractmethod
    async def close(self) -> None:
        """Release what :meth:`start` (or use) took."""

    @abstractmethod
    def get(self) -> Any:
        """The build in service, to query as a ``pyoxigraph.Store`` (StoreError if there is none)."""

    @abstractmethod
    def info(self) -> dict[str, Any]:
        """The record of the build in service: ``build`` (its id), ``built``, ``counts``, ``dumps``..."""

    async def run_query(self, query: UserQuery) -> Answer:
        """A user's query, refused by the guard if it updates or leaves the store
        (:func:`kg.sparql_text.check_query`), else run with the store's limits, the common
        prefixes declared (:func:`kg.sparql_prefixes.predeclare`)."""
        check_query(query.query)
        text, declared = predeclare(query.query)
        return await self._run(replace(query, query=text, declared=declared))

    @abstractmethod
    async def _run(self, query: UserQuery) -> Answer:
        """Run a query that passed the guard."""

    @abstractmethod
    def dump(self, name: str) -> Dump:
        """The dump ``name`` (``seckg.ttl``...) of the build in service; NotFound if there is none."""

    @abstractmethod
    def dumps(self, info: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The dumps of the build ``info`` describes, by name: format, media type, ``bytes`` once written."""

    def build_id(self) -> str:
        """The id of the build in service (StoreError if there is none); cheap, asked per request."""
        return str(self.info()["build"])

    def in_memory(self) -> bool:
        """Whether the service's own queries are answered from memory."""
        return False

    def describe(self) -> dict[str, Any]:
        """The build in service as the service describes it: its record, the kind of store,
        whether it is in memory, and its dumps."""
        info = self.info()
        return {**info, "store": self.kind, "in_memory": self.in_memory(), "dumps": self.dumps(info)}
