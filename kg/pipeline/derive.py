"""Derived facts: predecessors, positions and change records between successive editions.

What "moved category" means (decided once, in the codebook's rules R8 and R9, and tested in
tests/kg/test_derive.py and tests/kg/test_position.py):

- Editions are compared along ``seckg:replacesEdition`` (one edition and the one it
  replaces, same series and issuer), per target. A change belongs to the year the newer
  edition was issued.
- A target's *position* in a document is derived from all its passages (kg/pipeline/position.py,
  R8): the modal band of its verified, unscoped passages, then the modal category in that
  band. It is published as a ``seckg:Position`` with its inputs (passages per band, those
  left out, the depth of reading, the best evidence), so that a user can recompute it. The
  harshest facet is a view of its own (``seckg:isHarshestFacet``, R8.3).
- ``CategoryMove``: the derived positions differ and both editions were read at comparable
  depth for the target (R9.2). Direction toward hostility when the rank grows, toward
  friendship when it falls; ``rankDelta`` is the difference, ``crossesBand`` says whether
  the band changed too, and ``confidence`` (R9.4) how far it can be cited.
- ``UnevenReading``: the positions differ but the depths do not compare; no conclusion.
- ``TermChange``: same position category, different national terms for it. Not a move.
- ``HarshestFacetChange``: same position, but the harshest facet's category differs. Not a move.
- A state that continues a former one (``seckg:continues``: Russia the Soviet Union) is
  compared with the former state's position in the older edition, when the older edition
  speaks of the former state and the newer one of its continuator.
- Every change record links each facet it compares on each side (``seckg:fromFacet``,
  ``seckg:toFacet``) and both positions (``fromPosition``, ``toPosition``), so that the
  words behind a change are reached from it directly.
- Actors and documents carry their numbers of designations (``seckg:designationsIssued``,
  ``designationsReceived``, ``designationCount``), so that lists of them need no count.
- Each edition that a later one of its series superseded says when (``seckg:supersededOn``,
  the issue date of the first edition issued after it), so "the latest edition as of D" is a
  lookup per document.
- ``NewlyDesignated``: designated in the newer edition only, and the replaced edition's
  coverage examined the target. ``NoLongerMentioned``: designated in the replaced edition
  only, and the newer edition's coverage examined it. Otherwise ``NotCoded``: one edition
  did not examine the target, so nothing can be said.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.pipeline.position import Facet, Position, aggregate, comparable, confidence
from kg.query_files import Folder
from kg.vocab import BAND, CONFIDENCE, DEPTH, ID, RDF, RDFS, SECKG, VERIFICATION, XSD, local_name

HERE = Path(__file__).parent

FLUSH = 50_000  # derived quads held before they go into the store


@cache
def _p(name: str) -> ox.NamedNode:
    return SECKG[name]


QUERIES = Folder(HERE / "queries")


def _local(iri: ox.NamedNode) -> str:
    return local_name(iri.value)


def facets(store: ox.Store) -> dict[tuple[str, str], list[Facet]]:
    """(document IRI, target IRI) to every facet of the target in the document, harshest first."""
    best: dict[str, int] = defaultdict(int)
    for row in QUERIES["evidence_levels"].select(store):
        level = int(row["level"].value)
        if level > best[row["designation"].value]:
            best[row["designation"].value] = level
    found: dict[tuple[str, str], list[Facet]] = defaultdict(list)
    for row in QUERIES["facets"].select(store):
        found[(row["doc"].value, row["target"].value)].append(
            Facet(row["designation"], row["category"], int(row["rank"].value), row["term"], row["band"],
                  int(row["bandLevel"].value), scoped=row["scope"] is not None, issuer=row["issuer"],
                  evidence=best[row["designation"].value]))
    for group in found.values():
        group.sort(key=Facet.harshness)
    return found


@dataclass(frozen=True)
class Levels:
    """The levels the ontology gives verification statuses, depths and confidences, by IRI."""

    of: dict[str, int]

    @classmethod
    def read(cls, store: ox.Store) -> Levels:
        return cls({row["node"].value: int(row["level"].value) for row in QUERIES["levels"].select(store)})

    def status(self, level: int) -> ox.NamedNode | None:
        """The verification status of that level."""
        return next((ox.NamedNode(iri) for iri, n in self.of.items()
                     if n == level and iri.startswith(str(VERIFICATION))), None)

    def named(self) -> dict[str, int]:
        """The levels :func:`kg.pipeline.position.confidence` compares, by name."""
        return {"unverified": self.of[VERIFICATION["unverified"].value],
                "third-party-translation": self.of[VERIFICATION["third-party-translation"].value],
                "verbatim-official": self.of[VERIFICATION["verbatim-official"].value],
                "sections": self.of[DEPTH["sections"].value]}


def positions(store: ox.Store, every: dict[tuple[str, str], list[Facet]] | None = None,
              levels: Levels | None = None) -> dict[tuple[str, str], Position]:
    """(document IRI, target IRI) to the target's derived position in the document (from
    ``every`` facet and the ``levels`` when the caller has them already)."""
    levels = levels or Levels.read(store)
    depth: dict[tuple[str, str], tuple[ox.NamedNode, int]] = {}
    for row in QUERIES["reading"].select(store):
        key = (row["doc"].value, row["actor"].value)
        level = int(row["level"].value)
        if key not in depth or level > depth[key][1]:
            depth[key] = (row["depth"], level)
    unrecorded = (DEPTH["excerpts"], levels.of[DEPTH["excerpts"].value])
    unverified = levels.of[VERIFICATION["unverified"].value]
    band_levels = tuple(sorted(levels.of[iri] for iri in levels.of if iri.startswith(str(BAND))))
    return {key: aggregate(group, unverified=unverified, depth=depth.get(key, unrecorded)[0],
                           depth_level=depth.get(key, unrecorded)[1], band_levels=band_levels)
            for key, group in (every if every is not None else facets(store)).items()}


def superseded(store: ox.Store) -> dict[ox.NamedNode, ox.Literal]:
    """Each edition to the issue date of the first edition of its series issued after it
    (dates compared as written, as the queries compare them)."""
    series: dict[str, list[tuple[str, ox.NamedNode, ox.Literal]]] = defaultdict(list)
    for row in QUERIES["series_editions"].select(store):
        series[row["series"].value].append((row["issued"].value, row["doc"], row["issued"]))
    out: dict[ox.NamedNode, ox.Literal] = {}
    for editions in series.values():
        editions.sort(key=lambda e: (e[0], e[1].value))
        for i, (issued, doc, _) in enumerate(editions):
            later = next((e for e in editions[i + 1:] if e[0] > issued), None)
            if later is not None:
                out[doc] = later[2]
    return out


def derive(store: ox.Store, into: ox.NamedNode) -> int:
    """Add predecessor links, position flags and change records to the graph ``into``.

    Each statement is written as a line of N-Triples (the terms' own ``str``) and parsed into
    the store a chunk at a time: a million lines cost a third of what as many ``ox.Quad``
    objects do (bench/README.md), and no list of every derived quad is held."""
    lines: list[str] = []
    written = 0

    def flush() -> None:
        nonlocal written
        store.load("".join(lines), format=ox.RdfFormat.N_TRIPLES, to_graph=into)
        written += len(lines)
        lines.clear()

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        lines.append(f"{s} {p} {o} .\n")
        if len(lines) >= FLUSH:
            flush()

    for doc, date in superseded(store).items():
        add(doc, _p("supersededOn"), date)
    for row in list(QUERIES["designation_counts"].select(store)):  # read whole before adding
        add(row["node"], _p(row["role"].value), row["n"])

    every = facets(store)
    levels = Levels.read(store)
    named_levels = levels.named()
    pos = positions(store, every, levels)
    true = ox.Literal("true", datatype=XSD.boolean)
    position_iri: dict[tuple[str, str], ox.NamedNode] = {}
    for (doc_iri, target_iri), p in pos.items():
        node = ID.position(local_name(doc_iri), local_name(target_iri))
        position_iri[(doc_iri, target_iri)] = node
        _position(add, node, ox.NamedNode(doc_iri), ox.NamedNode(target_iri), p, levels)
        add(p.facet.designation, _p("isPosition"), true)
        add(p.harshest.designation, _p("isHarshestFacet"), true)

    covered: dict[str, set[str]] = defaultdict(set)
    for row in QUERIES["coverage"].select(store):
        covered[row["doc"].value].add(row["actor"].value)

    former_of = {r["state"].value: r["former"].value for r in QUERIES["continuations"].select(store)}
    continued_by = {former: state for state, former in former_of.items()}

    editions = list(QUERIES["editions"].select(store))
    previous = _p("previousDesignation")
    targets_of: dict[str, set[str]] = defaultdict(set)
    for doc_iri, target_iri in every:
        targets_of[doc_iri].add(target_iri)
    for row in editions:  # each designation's predecessors: same issuer and target, the replaced edition
        doc, prev = row["doc"].value, row["previous"].value
        for target in targets_of[doc] & targets_of[prev]:
            for facet in every[(doc, target)]:
                for earlier in every[(prev, target)]:
                    if facet.issuer == earlier.issuer:
                        add(facet.designation, previous, earlier.designation)

    for row in editions:
        doc, prev, issuer = row["doc"], row["previous"], row["issuer"]
        year = row["issued"].value[:4]
        old_cov, new_cov = covered[prev.value], covered[doc.value]
        targets = old_cov | new_cov
        for target in sorted(targets):
            if continued_by.get(target) in new_cov and target not in new_cov:
                continue  # the former state is compared as its continuator
            old_key = (prev.value, target)
            old = pos.get(old_key)
            old_covers = target in old_cov
            former = former_of.get(target)
            if old is None and former is not None and former in old_cov:
                old_key = (prev.value, former)
                old, old_covers = pos.get(old_key), True
            new = pos.get((doc.value, target))
            kind = _kind(old, new, old_covers, target in new_cov, named_levels["sections"])
            if kind is None:
                continue
            tgt = ox.NamedNode(target)
            change = ID.change(_local(doc), _local(tgt))
            add(change, RDF.type, _p(kind))
            add(change, _p("issuer"), issuer)
            add(change, _p("target"), tgt)
            add(change, _p("fromDocument"), prev)
            add(change, _p("toDocument"), doc)
            add(change, _p("year"), ox.Literal(year, datatype=XSD.gYear))
            before = _local(old.category) if old else "-"
            after = _local(new.category) if new else "-"
            label = f"{_local(issuer)} on {_local(tgt)}, {year}: {before} to {after} ({kind})"
            add(change, RDFS.label, ox.Literal(label, language="en"))
            if old:
                add(change, _p("fromDesignation"), old.facet.designation)
                add(change, _p("fromCategory"), old.category)
                add(change, _p("fromPosition"), position_iri[old_key])
            if new:
                add(change, _p("toDesignation"), new.facet.designation)
                add(change, _p("toCategory"), new.category)
                add(change, _p("toPosition"), position_iri[(doc.value, target)])
            if old and new:
                level = confidence(old, new, levels=named_levels)
                add(change, _p("confidence"), CONFIDENCE[level])
            for side, document in (("fromFacet", prev), ("toFacet", doc)):
                compared = [tgt.value] + ([former] if former else [])
                for facet_target in compared:
                    for facet in every.get((document.value, facet_target), ()):
                        add(change, _p(side), facet.designation)
            if kind == "CategoryMove" and old and new:
                delta = new.rank - old.rank
                add(change, _p("rankDelta"), ox.Literal(str(delta), datatype=XSD.integer))
                add(change, _p("direction"), _p("towardHostility" if delta > 0 else "towardFriendship"))
                crosses = "true" if old.band != new.band else "false"
                add(change, _p("crossesBand"), ox.Literal(crosses, datatype=XSD.boolean))
                steady = "true" if old.robust and new.robust else "false"
                add(change, _p("robust"), ox.Literal(steady, datatype=XSD.boolean))
    flush()
    return written


Add = Callable[[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal], None]


def _position(add: Add, node: ox.NamedNode, doc: ox.NamedNode, target: ox.NamedNode, p: Position,
              levels: Levels) -> None:
    """The quads of one derived position and its inputs (``seckg:Position``, R8)."""
    integer = XSD.integer
    add(node, RDF.type, _p("Position"))
    add(node, _p("positionIn"), doc)
    add(node, _p("positionOn"), target)
    add(node, _p("positionCategory"), p.category)
    add(node, _p("band"), p.band)
    add(node, _p("passages"), ox.Literal(str(len(p.setting)), datatype=integer))
    add(node, _p("passagesLeftOut"), ox.Literal(str(p.left_out), datatype=integer))
    add(node, _p("robust"), ox.Literal("true" if p.robust else "false", datatype=XSD.boolean))
    if p.depth is not None:
        add(node, _p("readingDepth"), p.depth)
    evidence = levels.status(p.evidence)
    if evidence is not None:
        add(node, _p("evidenceLevel"), evidence)
    add(node, _p("positionFacet"), p.facet.designation)
    add(node, _p("harshestFacet"), p.harshest.designation)
    for band, n in p.counts:
        count = ox.NamedNode(f"{node.value}/{_local(band)}")
        add(node, _p("bandCount"), count)
        add(count, RDF.type, _p("BandCount"))
        add(count, _p("band"), band)
        add(count, _p("passages"), ox.Literal(str(n), datatype=integer))
    add(node, RDFS.label, ox.Literal(f"{_local(target)} in {_local(doc)}: {_local(p.category)} "
                                     f"({_local(p.band)}, {len(p.setting)} passages)", language="en"))


def _kind(old: Position | None, new: Position | None, old_covers: bool, new_covers: bool,
          sections: int) -> str | None:
    if old and new:
        if old.rank != new.rank:
            return "CategoryMove" if comparable(old, new, sections=sections) else "UnevenReading"
        if old.terms() != new.terms():
            return "TermChange"
        if old.harshest.rank != new.harshest.rank:
            return "HarshestFacetChange"
        return None
    if new:
        return "NewlyDesignated" if old_covers else "NotCoded"
    if old:
        return "NoLongerMentioned" if new_covers else "NotCoded"
    return None
