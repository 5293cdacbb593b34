"""The object notebook users talk to: the same questions, as DataFrames, whatever the backend.

A :class:`Client` wraps a backend -- :class:`~kg.client.embedded.Embedded` (a build on
disk) or :class:`~kg.client.remote.Remote` (a running service) -- that answers with plain
records; the client checks the arguments, flattens the records (``kg.ask.rows``) and
types the columns (``kg.client.frames``) in one place, so both give equal DataFrames.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Protocol

from kg.ask import rows
from kg.ask.change_filter import ChangeFilter
from kg.client import frames
from kg.errors import BadParameter

if TYPE_CHECKING:
    import pandas as pd

CODE = re.compile(r"[A-Z]{2,10}")


class Backend(Protocol):
    """What a backend answers: plain records, as ``kg.ask.views``/``kg.ask.changes`` and the REST routes give them."""

    @property
    def where(self) -> str: ...

    def select(self, sparql: str) -> dict[str, Any]: ...

    def changes(self, which: ChangeFilter) -> list[dict[str, Any]]: ...

    def dyad(self, a: str, b: str, include_unverified: bool) -> dict[str, Any]: ...

    def designations(self, of: str | None, direction: str, as_of: str | None, category: str | None,
                     include_unverified: bool) -> list[dict[str, Any]]: ...

    def documents(self, issuer: str | None) -> list[dict[str, Any]]: ...

    def states(self) -> list[dict[str, Any]]: ...

    def close(self) -> None: ...


def _code(value: str | None, name: str) -> str | None:
    if value is not None and not (isinstance(value, str) and CODE.fullmatch(value)):
        raise BadParameter(name, f"expected an actor code such as JPN or NATO, got {value!r}")
    return value


def _choice(value: str | None, name: str, allowed: tuple[str, ...]) -> str | None:
    if value is not None and value not in allowed:
        raise BadParameter(name, f"expected one of {', '.join(allowed)}, got {value!r}")
    return value


def _date(value: str | dt.date | None) -> str | None:
    """``as_of`` as YYYY-MM-DD: a string is passed on as it is (and checked by the backend)."""
    if isinstance(value, dt.datetime):  # also a pandas Timestamp
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _sorted(frame: pd.DataFrame, order: tuple[list[str], list[bool]]) -> pd.DataFrame:
    by, ascending = order
    return frame.sort_values(by, ascending=ascending, kind="mergesort", na_position="last").reset_index(drop=True)


class Client:
    """Questions to the graph, answered as pandas DataFrames (see :mod:`kg.client`)."""

    def __init__(self, backend: Backend):
        self.backend = backend

    def __repr__(self) -> str:
        return f"<seckg {type(self.backend).__name__.lower()} graph at {self.backend.where}>"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    def query(self, sparql: str) -> pd.DataFrame | bool:
        """A SELECT query's solutions as a typed DataFrame (an ASK query's answer as a bool).

        The default graph is the union of all graphs, as on ``/sparql``.
        """
        result = self.backend.select(sparql)
        if "boolean" in result:
            return bool(result["boolean"])
        return frames.from_sparql_json(result)

    def changes(self, year: int | str, *, issuer: str | None = None, target: str | None = None,
                direction: str | None = None, all_kinds: bool = False,
                include_unverified: bool = False, min_confidence: str = "medium",
                band_crossing: bool = False, robust_only: bool = False) -> pd.DataFrame:
        """The category moves of ``year``: one row per change, with both documents and the words.

        ``direction`` is ``hostility`` or ``friendship``; ``all_kinds`` adds changes of term,
        uneven reading, harshest facet only, newly designated, no longer mentioned and not coded
        targets (column ``kind``). Only changes of at least ``min_confidence`` (``high``,
        ``medium``, ``low``, ``unverified``; codebook R9.4) are listed; ``band_crossing`` keeps
        the moves that also change band, ``robust_only`` those no single passage more could
        undo. The ``*_term`` and ``*_quote`` columns show the target's derived position in each
        edition, ``*_band``, ``*_passages`` and ``*_depth`` its inputs (codebook R8).
        """
        found = self.backend.changes(ChangeFilter(
            year=str(year), issuer=_code(issuer, "issuer"), target=_code(target, "target"), direction=direction,
            all_kinds=bool(all_kinds), include_unverified=bool(include_unverified), min_confidence=min_confidence,
            band_crossing=bool(band_crossing), robust_only=bool(robust_only)))
        return frames.from_records([rows.change_row(r) for r in found], rows.CHANGE)

    def dyad(self, a: str, b: str, *, include_unverified: bool = False) -> pd.DataFrame:
        """How ``a`` designates ``b`` and ``b`` designates ``a``: one row per designation, both ways, by date."""
        record = self.backend.dyad(str(_code(a, "a")), str(_code(b, "b")), include_unverified)
        found = record["a_on_b"] + record["b_on_a"]
        return _sorted(frames.from_records([rows.designation_row(d) for d in found], rows.DESIGNATION),
                       rows.DESIGNATION_ORDER)

    def designations(self, of: str | None = None, *, direction: str = "received",
                     as_of: str | dt.date | None = None, category: str | None = None,
                     include_unverified: bool = False) -> pd.DataFrame:
        """Designations with their words: those ``of`` an actor ``received`` (or ``issued``), or all.

        ``as_of`` (a date or YYYY-MM-DD) keeps the latest edition of each document series
        issued on or before it -- who designates whom as of that day.
        """
        found = self.backend.designations(_code(of, "code"), str(_choice(direction, "direction",
                                                                          ("issued", "received"))),
                                          _date(as_of), category, include_unverified)
        return _sorted(frames.from_records([rows.designation_row(d) for d in found], rows.DESIGNATION),
                       rows.DESIGNATION_ORDER)

    def documents(self, issuer: str | None = None) -> pd.DataFrame:
        """The strategy documents (of one issuer): date, series, editions, number of designations."""
        found = self.backend.documents(_code(issuer, "issuer"))
        return _sorted(frames.from_records([rows.document_row(d) for d in found], rows.DOCUMENT),
                       rows.DOCUMENT_ORDER)

    def states(self) -> pd.DataFrame:
        """Every state and organisation: code, name, and how many designations it issues and receives."""
        found = self.backend.states()
        return frames.from_records([rows.state_row(s) for s in found], rows.STATE)
