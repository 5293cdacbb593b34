"""Which changes to list: one filter for ``/changes``, ``/changes.html``, ``seckg changes`` and
the client, checked once, wherever it comes from.

>>> f = ChangeFilter(year="2022", issuer="JPN", band_crossing=True)
>>> f.params()
{'year': '2022', 'issuer': 'JPN', 'band_crossing': 'true'}
>>> ChangeFilter.from_params(f.params()) == f
True
>>> ChangeFilter(year="22")
Traceback (most recent call last):
...
kg.errors.BadParameter: parameter 'year': expected a year YYYY, got '22'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from kg.errors import BadParameter
from kg.query_files import CONVERTERS
from kg.vocab import confidences

DEFAULT_CONFIDENCE = "medium"  # what a scholar could cite: both sides verbatim, read at comparable depth

# the fields checked as the queries' #+ headers check a parameter of that type
TYPES = {"year": "gYear", "issuer": "code", "target": "code", "direction": "direction", "kind": "change_kind"}


@dataclass(frozen=True)
class ChangeFilter:
    """The changes of ``year`` (category moves only, unless ``all_kinds`` or a ``kind``) of
    ``issuer`` on ``target``, toward ``direction`` (hostility or friendship: moves only), of
    at least ``min_confidence`` (codebook R9.4; changes without one, one side only, always);
    with ``band_crossing`` only the moves that change band (R7.2), with ``robust_only`` only
    those no single passage more could undo (R8.1). ``include_unverified`` shows unverified
    quotes too: it changes what a record shows, not which records there are.
    """

    year: str
    issuer: str | None = None
    target: str | None = None
    direction: str | None = None
    kind: str | None = None
    all_kinds: bool = False
    include_unverified: bool = False
    min_confidence: str = DEFAULT_CONFIDENCE
    band_crossing: bool = False
    robust_only: bool = False

    def __post_init__(self) -> None:
        for name, kind in TYPES.items():
            value = getattr(self, name)
            if value is None:
                continue
            try:
                CONVERTERS[kind](value)
            except (ValueError, TypeError) as exc:
                raise BadParameter(name, str(exc)) from None
        if self.min_confidence not in confidences():
            raise BadParameter("min_confidence", f"one of {', '.join(confidences())}, not {self.min_confidence!r}")

    @property
    def moves_only(self) -> bool:
        """Whether only category moves are listed (a direction belongs to moves only)."""
        return self.direction is not None or (not self.all_kinds and self.kind is None)

    def params(self) -> dict[str, str]:
        """The filter as URL parameters: every field that differs from its default."""
        found = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                found[f.name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return found

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> ChangeFilter:
        """The filter of these parameters (strings or values), ignoring any that is not a field."""
        known = {f.name: f for f in fields(cls)}
        given: dict[str, Any] = {}
        for name, value in params.items():
            if name in known and value is not None:
                given[name] = _flag(name, value) if known[name].type == "bool" else str(value)
        return cls(**given)


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise BadParameter(name, f"expected true or false, got {value!r}")
