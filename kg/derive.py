"""Derived facts: predecessors, positions and change records between successive editions.

What "moved category" means (decided once, here, and tested in tests/kg/test_derive.py):

- Editions are compared along ``seckg:replacesEdition`` (one edition and the one it
  replaces, same series and issuer), per target. A change belongs to the year the newer
  edition was issued.
- A target's *position* in a document is its most hostile facet (highest rank on the shared
  scale; ties broken by the designation IRI) among the facets without a ``seckg:scope``; a
  facet limited to a region or domain ("a direct threat to Europe") sets the position only
  when every facet is limited. All facets stay in the graph and in answers.
- ``CategoryMove``: the positions differ. Direction toward hostility when the rank grows,
  toward friendship when it falls; ``rankDelta`` is the difference.
- ``TermChange``: same position category, different national term. Not a move.
- A state that continues a former one (``seckg:continues``: Russia the Soviet Union) is
  compared with the former state's position in the older edition, when the older edition
  speaks of the former state and the newer one of its continuator.
- Every change record links each facet it compares on each side (``seckg:fromFacet``,
  ``seckg:toFacet``: the target's designations, or the former state's, in each edition),
  so that the words behind a change are reached from it directly.
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
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from kg.namespaces import ID, SECKG
from kg.rdfterms import select
from kg.resources import queries_dir

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
FLUSH = 50_000  # derived quads held before they go into the store


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(SECKG[name]))


@cache
def _query(name: str) -> str:
    return (queries_dir() / "derive" / f"{name}.rq").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Facet:
    designation: ox.NamedNode
    category: ox.NamedNode
    rank: int
    term: ox.NamedNode | None
    scoped: bool = False
    issuer: ox.NamedNode | None = None

    def order(self) -> tuple[bool, int, str]:
        """Sort key: the first facet in this order gives the position."""
        return (self.scoped, -self.rank, self.designation.value)


def _local(iri: ox.NamedNode) -> str:
    return iri.value.rsplit("/", 1)[-1]


def facets(store: ox.Store) -> dict[tuple[str, str], list[Facet]]:
    """(document IRI, target IRI) to every facet of the target in the document, in position order."""
    found: dict[tuple[str, str], list[Facet]] = defaultdict(list)
    for row in select(store, _query("facets")):
        found[(row["doc"].value, row["target"].value)].append(
            Facet(row["designation"], row["category"], int(row["rank"].value), row["term"],
                  scoped=row["scope"] is not None, issuer=row["issuer"]))
    for group in found.values():
        group.sort(key=Facet.order)
    return found


def positions(store: ox.Store) -> dict[tuple[str, str], Facet]:
    """(document IRI, target IRI) to the facet that gives the target its position."""
    return {key: group[0] for key, group in facets(store).items()}


def superseded(store: ox.Store) -> dict[ox.NamedNode, ox.Literal]:
    """Each edition to the issue date of the first edition of its series issued after it
    (dates compared as written, as the queries compare them)."""
    series: dict[str, list[tuple[str, ox.NamedNode, ox.Literal]]] = defaultdict(list)
    for row in select(store, _query("series_editions")):
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
    """Add predecessor links, position flags and change records to the graph ``into``."""
    quads: list[ox.Quad] = []
    written = 0

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        nonlocal written
        quads.append(ox.Quad(s, p, o, into))
        if len(quads) >= FLUSH:  # into the store a chunk at a time: no list of every derived quad
            store.extend(quads)
            written += len(quads)
            quads.clear()

    for doc, date in superseded(store).items():
        add(doc, _p("supersededOn"), date)
    for row in list(select(store, _query("designation_counts"))):  # read whole before adding
        add(row["node"], _p(row["role"].value), row["n"])

    every = facets(store)
    pos = {key: group[0] for key, group in every.items()}
    for facet in pos.values():
        add(facet.designation, _p("isPosition"), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))

    covered: dict[str, set[str]] = defaultdict(set)
    for row in select(store, _query("coverage")):
        covered[row["doc"].value].add(row["actor"].value)

    former_of = {r["state"].value: r["former"].value for r in select(store, _query("continuations"))}
    continued_by = {former: state for state, former in former_of.items()}

    editions = list(select(store, _query("editions")))
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
            old = pos.get((prev.value, target))
            old_covers = target in old_cov
            former = former_of.get(target)
            if old is None and former is not None and former in old_cov:
                old, old_covers = pos.get((prev.value, former)), True
            new = pos.get((doc.value, target))
            kind = _kind(old, new, old_covers, target in new_cov)
            if kind is None:
                continue
            tgt = ox.NamedNode(target)
            change = ox.NamedNode(str(ID.change(_local(doc), _local(tgt))))
            add(change, RDF_TYPE, _p(kind))
            add(change, _p("issuer"), issuer)
            add(change, _p("target"), tgt)
            add(change, _p("fromDocument"), prev)
            add(change, _p("toDocument"), doc)
            add(change, _p("year"), ox.Literal(year, datatype=ox.NamedNode(XSD + "gYear")))
            before = _local(old.category) if old else "-"
            after = _local(new.category) if new else "-"
            label = f"{_local(issuer)} on {_local(tgt)}, {year}: {before} to {after} ({kind})"
            add(change, RDFS_LABEL, ox.Literal(label, language="en"))
            if old:
                add(change, _p("fromDesignation"), old.designation)
                add(change, _p("fromCategory"), old.category)
            if new:
                add(change, _p("toDesignation"), new.designation)
                add(change, _p("toCategory"), new.category)
            for side, document in (("fromFacet", prev), ("toFacet", doc)):
                compared = [tgt.value] + ([former] if former else [])
                for facet_target in compared:
                    for facet in every.get((document.value, facet_target), ()):
                        add(change, _p(side), facet.designation)
            if kind == "CategoryMove" and old and new:
                delta = new.rank - old.rank
                add(change, _p("rankDelta"), ox.Literal(str(delta), datatype=ox.NamedNode(XSD + "integer")))
                add(change, _p("direction"), _p("towardHostility" if delta > 0 else "towardFriendship"))
    store.extend(quads)
    return written + len(quads)


def _kind(old: Facet | None, new: Facet | None, old_covers: bool, new_covers: bool) -> str | None:
    if old and new:
        if old.rank != new.rank:
            return "CategoryMove"
        if old.term != new.term:
            return "TermChange"
        return None
    if new:
        return "NewlyDesignated" if old_covers else "NotCoded"
    if old:
        return "NoLongerMentioned" if new_covers else "NotCoded"
    return None
