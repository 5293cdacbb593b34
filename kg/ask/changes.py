"""Answers to "which states moved category in year Y?", with both documents and quotes.

:func:`find` gives one record per change that a :class:`~kg.ask.change_filter.ChangeFilter`
selects: issuer, target, from and to category, direction and size, the two documents, and
on each side every facet of the target with its section and quotes. Unverified evidence
is left out unless ``include_unverified`` is set; each quote says how well it was verified.
Records come in the order of their IRIs (the newer document, then the target), a page at a
time (``offset``, ``limit``), with the total.

The work is a handful of queries in ``kg/ask/queries/changes/``, each of them index lookups from what
the one before found, so the cost follows the size of the page and not of the graph:

    list.rq / list_of.rq   the changes of the year (and issuer, target, direction)
    records.rq             the page's change records
    facets.rq              the facets they compare on each side (fromFacet, toFacet)
    evidence.rq            the facets' quotes and sources
    names.rq               codes, notations, terms and section labels of the nodes met
    positions.rq           the inputs of both positions of each change (codebook R8)
    band_counts.rq         their passages per band
    level.rq               the level of the min_confidence asked for (ontology/codebook.ttl)

(Oxigraph evaluates an ``OPTIONAL`` of more than one pattern over the whole store before
joining it, so the single query ``change_evidence`` does not scale; bench/README.md.) The
named queries ``moved_category``, ``changes`` and ``change_evidence`` answer the same
question in one query each, and the tests check that both ways give the same records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.ask import named, views
from kg.ask.change_filter import ChangeFilter
from kg.errors import BadParameter
from kg.query_files import CONVERTERS, Folder
from kg.vocab import CONFIDENCE, RDFS, SECKG, SKOS, directions, local_name


@dataclass(frozen=True)
class Page:
    total: int
    records: list[dict[str, Any]]


QUERIES = Folder(Path(__file__).parent / "queries" / "changes")


def _select(store: ox.Store, name: str, values: Mapping[str, Any]) -> ox.QuerySolutions:
    solutions = QUERIES[name].run(store, values)
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def find(store: ox.Store, which: ChangeFilter, *, offset: int = 0, limit: int | None = None) -> Page:
    """The changes ``which`` selects (:class:`~kg.ask.change_filter.ChangeFilter`), from
    ``offset``, at most ``limit`` of them, with their total; an issuer or target code that no
    actor has is a BadParameter naming it, with the closest codes."""
    for parameter in ("issuer", "target"):
        code = getattr(which, parameter)
        if code is not None:
            views.require_actor(store, code, parameter)
    floor = _level(store, CONFIDENCE[which.min_confidence])
    if which.moves_only:
        chosen_kind: Any = SECKG.CategoryMove
    elif which.kind is None:
        chosen_kind = SECKG.Change
    else:
        chosen_kind = kind_of(which.kind)
    params: dict[str, Any] = {"year": which.year, "kind": chosen_kind}
    narrowed = {"issuer": which.issuer, "target": which.target, "direction": which.direction}
    if any(v is not None for v in narrowed.values()):
        params.update(narrowed)
    found = [row["change"] for row in _select(store, "list_of" if len(params) > 2 else "list", params)
             if (row["confidence"] is None or int(row["confidence"].value) >= floor)
             and (not which.band_crossing or _true(row["crossesBand"]))
             and (not which.robust_only or _true(row["robust"]))]
    chosen = found[offset:] if limit is None else found[offset:offset + limit]
    return Page(len(found), _records(store, chosen, which.include_unverified) if chosen else [])


def kind_of(kind: str) -> ox.NamedNode:
    """The class of a kind of change named by its local name (BadParameter naming ``kind`` if unknown)."""
    try:
        found = CONVERTERS["change_kind"](kind)
    except ValueError as exc:
        raise BadParameter("kind", str(exc)) from None
    assert isinstance(found, ox.NamedNode)
    return found


def _level(store: ox.Store, node: ox.NamedNode) -> int:
    """The seckg:level the ontology gives ``node`` (a confidence): one lookup (level.rq)."""
    for row in _select(store, "level", {"node": node}):
        return int(row["level"].value)
    raise LookupError(f"no seckg:level for {node.value} in the store (ontology/codebook.ttl)")


def _true(term: ox.Literal | None) -> bool:
    return term is not None and term.value in ("true", "1")


def records(store: ox.Store, iris: list[ox.NamedNode], *, include_unverified: bool = False) -> list[dict[str, Any]]:
    """The change records ``iris`` name, as :func:`find` gives them (those that are changes, in that order)."""
    return _records(store, iris, include_unverified) if iris else []


def changes(store: ox.Store, **which: Any) -> list[dict[str, Any]]:
    """Every change the :class:`~kg.ask.change_filter.ChangeFilter` of these fields selects
    (no paging): ``changes(store, year="2022", issuer="JPN")``."""
    return find(store, ChangeFilter(**which)).records


def _records(store: ox.Store, chosen: list[ox.NamedNode], include_unverified: bool) -> list[dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    shown: set[ox.NamedNode] = set()
    for row in _select(store, "records", {"change": chosen}):
        records[row["change"].value] = {
            "iri": row["change"].value,
            "kind": local_name(row["kind"].value),
            "year": row["year"].value,
            "issuer": row["issuer"],
            "target": row["target"],
            "from_category": row["fromCategory"],
            "to_category": row["toCategory"],
            "direction": directions().get(row["direction"].value) if row["direction"] else None,
            "rank_delta": int(row["rankDelta"].value) if row["rankDelta"] else None,
            "from_document": row["fromDocument"].value,
            "to_document": row["toDocument"].value,
            "confidence": row["confidence"],
            "crosses_band": _true(row["crossesBand"]) if row["crossesBand"] else None,
            "robust": _true(row["robust"]) if row["robust"] else None,
            "from_position": row["fromPosition"],
            "to_position": row["toPosition"],
            "from": [],
            "to": [],
        }
        shown.update(n for n in (row["issuer"], row["target"], row["fromCategory"], row["toCategory"],
                                 row["confidence"]) if n)
    inputs = _positions(store, [p for r in records.values() for p in (r["from_position"], r["to_position"]) if p],
                        shown)
    facets: set[tuple[str, str, str]] = set()
    by_designation: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _select(store, "facets", {"change": chosen}):
        change, side, designation = row["change"].value, row["side"].value, row["designation"].value
        if (change, side, designation) in facets or change not in records:
            continue
        facets.add((change, side, designation))
        facet = {
            "designation": designation,
            "category": row["category"],
            "position": row["position"] is not None and row["position"].value in ("true", "1"),
            "term": row["term"],
            "section": row["section"],
            "quotes": [],
        }
        shown.update(n for n in (row["category"], row["term"], row["section"]) if n)
        records[change][side].append(facet)
        by_designation[designation].append(facet)
    names = _Names(store, shown)
    designations = [ox.NamedNode(d) for d in by_designation]
    unverified = "true" if include_unverified else "false"
    for row in _select(store, "evidence", {"designation": designations, "include_unverified": unverified}):
        quote = row["quote"]
        entry = {
            "text": quote.value,
            "lang": quote.language or "",
            "verification": row["verification"].value,
            "source": row["sourceUrl"].value,
            "page": named.term_value(row["page"]),
        }
        for facet in by_designation[row["designation"].value]:
            facet["quotes"].append(entry)
    for record in records.values():
        record["issuer"], record["target"] = names.code(record["issuer"]), names.code(record["target"])
        record["from_category"] = names.notation(record["from_category"])
        record["to_category"] = names.notation(record["to_category"])
        record["confidence"] = names.notation(record["confidence"])
        for side in ("from_position", "to_position"):
            record[side] = inputs[record[side].value].named(names) if record[side] else None
        for side in ("from", "to"):
            record[side].sort(key=lambda f: (not f["position"], f["designation"]))
            for facet in record[side]:
                facet["category"] = names.notation(facet["category"])
                facet["term"] = names.english(facet["term"])
                facet["section"] = names.label(facet["section"])
    return [records[c.value] for c in chosen if c.value in records]


@dataclass
class _Inputs:
    """A derived position's inputs (codebook R8), as a change record shows them."""

    iri: str
    band: ox.NamedNode
    passages: int
    left_out: int
    robust: bool
    depth: ox.NamedNode | None
    evidence: ox.NamedNode | None
    bands: dict[ox.NamedNode, int]

    def named(self, names: _Names) -> dict[str, Any]:
        return {"iri": self.iri, "band": names.notation(self.band), "passages": self.passages,
                "passages_left_out": self.left_out, "robust": self.robust, "reading_depth": names.notation(self.depth),
                "evidence": names.notation(self.evidence),
                "passages_per_band": {names.notation(b): n for b, n in self.bands.items()}}


def _positions(store: ox.Store, iris: list[ox.NamedNode], shown: set[ox.NamedNode]) -> dict[str, _Inputs]:
    found: dict[str, _Inputs] = {}
    if not iris:
        return found
    named = {"position": sorted(set(iris), key=lambda n: n.value)}
    for row in _select(store, "positions", named):
        key = row["position"].value
        found[key] = _Inputs(key, row["band"], int(row["passages"].value), int(row["leftOut"].value),
                             _true(row["robust"]), row["depth"], row["evidence"], {})
        shown.update(n for n in (row["band"], row["depth"], row["evidence"]) if n)
    for row in _select(store, "band_counts", named):
        inputs = found.get(row["position"].value)
        if inputs is not None:
            inputs.bands[row["countBand"]] = int(row["countPassages"].value)
            shown.add(row["countBand"])
    return found


class _Names:
    """The names of the nodes an answer shows, by property (from names.rq)."""

    def __init__(self, store: ox.Store, nodes: set[ox.NamedNode]):
        self.found: dict[tuple[ox.NamedNode, str], list[ox.Literal]] = defaultdict(list)
        if nodes:
            for row in _select(store, "names", {"node": sorted(nodes, key=lambda n: n.value)}):
                self.found[(row["node"], row["property"].value)].append(row["name"])

    def code(self, node: ox.NamedNode | None) -> str | None:
        return self._first(node, SECKG + "code")

    def notation(self, node: ox.NamedNode | None) -> str | None:
        return self._first(node, SKOS + "notation")

    def label(self, node: ox.NamedNode | None) -> str | None:
        return self._first(node, RDFS + "label")

    def english(self, node: ox.NamedNode | None) -> str | None:
        """The preferred label in English (any English), as LANGMATCHES(LANG(?l), "en")."""
        if node is None:
            return None
        return next((n.value for n in self.found[(node, SKOS + "prefLabel")]
                     if (n.language or "").lower().split("-")[0] == "en"), None)

    def _first(self, node: ox.NamedNode | None, prop: str) -> str | None:
        if node is None:
            return None
        values = self.found.get((node, prop))
        return values[0].value if values else None
