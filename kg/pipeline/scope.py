"""An incremental build: the graph of what a change can reach, before and after it.

When only document files changed since the last build (:mod:`kg.pipeline.inputs`), the
change can reach no further than its *scope*: every edition of each series that a changed
document belonged to, before or after the change. The graph of a document outside the
scope is what it was, and so is every statement that follows from it, because of what
each step reads:

- **load** writes each document's statements into its own graph, about nodes minted under
  the document (the document, its sections, designations, evidence, passages);
- **infer**: every rule of ``kg/pipeline/rules/`` has one data premise, or two that meet
  on a node of one document (a designation, a section) or of the registers (a national
  term), so what follows from a document's statements follows from them and the
  ontology and registers alone;
- **validate**: the shapes read a document with the registers, and an edition with the
  edition it replaces, which is of its own series (a shape checks that too);
- **derive** compares an edition with the one it replaces, in one series; positions,
  predecessors and change records are about the documents of one series. Only the
  numbers of designations an actor issues and receives are counted over every document.

So both sides are computed apart, each in a small store of its own holding the ontology
(the same parsed quads, so the same blank nodes), the registers and held texts, and the
scope's documents: *after* from the seeds files through every step of a build
(:func:`kg.pipeline.assemble.assemble`), *before* from the document graphs the last build
stored, inferred and derived again. A statement belongs to the scope when its subject or
object is one of the scope's nodes (a subject of its document graphs, or of what derive
made for them); the difference of those is the change to the graph. What follows about
shared nodes alone (a state is an actor...) is added when new; if the change would take
one away, the build is done cold, since another document may still support it. The
actors' numbers of designations are counted again over the whole graph, for every actor
that a designation in the scope names, before or after.

``tests/kg/pipeline/test_scope.py`` proves an incremental build equal, quad for quad and in
its record's figures, to a cold build of the same seeds, on the real seeds and on
synthetic ones, for a quote corrected, a designation added and removed, an edition added
and removed, a quote located in a held text corrected and a document with a held text
taken away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.pipeline import infer
from kg.pipeline.assemble import Progress, assemble, derive_and_infer, ontology_quads, quiet
from kg.pipeline.inputs import Changes, Folder, Inputs
from kg.query_files import Folder as Queries
from kg.vocab import (
    GRAPH_DERIVED,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REGISTERS,
    GRAPH_TEXTS,
    SECKG,
    document_graph,
)

QUERIES = Queries(Path(__file__).parent / "queries")
FIXED = (GRAPH_ONTOLOGY, GRAPH_REGISTERS, GRAPH_TEXTS, GRAPH_INFERRED, GRAPH_DERIVED)
INPUT = (GRAPH_ONTOLOGY, GRAPH_REGISTERS)  # the same on both sides: not compared
COUNTS = (SECKG.designationsIssued, SECKG.designationsReceived)  # an actor's, over the whole graph
SUMMED = ("documents", "designations", "quotes_located", "quotes_through_correction", "quotes_not_found",
          "quotes_to_raise")  # the record's figures that are sums over documents


@dataclass
class Difference:
    """What an incremental build changes in the last build's graph."""

    remove: list[ox.Quad]
    add: list[ox.Quad]
    actors: list[ox.NamedNode]  # whose numbers of designations to count again, over the whole graph
    before: dict[str, int]  # the scope's figures (SUMMED) in the last build
    after: dict[str, int]  # ... and now


def scope_files(folder: Folder, changes: Changes) -> list[Path]:
    """The seeds files an incremental build reads: every one that is not a document, and the
    documents of the changed series."""
    documents = changes.inputs.documents
    return [folder.root / rel for rel in folder.digests
            if rel not in documents or documents[rel].series in changes.series]


def old_documents(last: Inputs, changes: Changes) -> list[str]:
    """The ids of the scope's documents in the last build."""
    return sorted(e.document for e in last.documents.values() if e.series in changes.series)


def difference(folder: Folder, changes: Changes, last: Inputs, previous: ox.Store,
               progress: Progress = quiet) -> Difference | str:
    """The change from the last build (its store ``previous``) to the seeds in ``folder``, or
    why it takes a cold build. Bad seeds raise :class:`~kg.errors.SeedsInvalid`."""
    ontology = ontology_quads()
    after = assemble(folder.root, progress, only=scope_files(folder, changes), ontology=ontology)
    before = _before(after.dataset, previous, old_documents(last, changes), ontology)
    new, old = _split(after.dataset), _split(before)
    if isinstance(new, str) or isinstance(old, str):
        return new if isinstance(new, str) else str(old)
    lost = old.shared - new.shared
    if lost:
        return (f"the change takes away a statement about shared nodes that other documents may still "
                f"support ({min(map(str, lost))})")
    remove = sorted(old.owned - new.owned, key=str)
    add = sorted((new.owned - old.owned) | (new.shared - old.shared), key=str)
    if any(isinstance(t, ox.BlankNode) for q in remove + add for t in (q.subject, q.object)):
        return "the change reaches a blank node"
    return Difference(remove, add, sorted(old.actors | new.actors, key=str), figures(before),
                      figures(after.dataset))


def figures(store: ox.Store) -> dict[str, int]:
    """The figures of :data:`SUMMED` counted in ``store``."""
    solutions = QUERIES["scope_counts"].select(store)
    row = next(iter(solutions))
    return {v.value: int(row[v].value) for v in solutions.variables}


def _subjects(quads: Iterable[ox.Quad]) -> set[ox.NamedNode | ox.BlankNode]:
    return {q.subject for q in quads}  # type: ignore[misc]


def _before(after: ox.Store, previous: ox.Store, documents: list[str], ontology: list[ox.Quad]) -> ox.Store:
    """The scope as the last build had it: its document graphs as stored, with the ontology,
    registers and held texts of ``after`` (the same inputs), inferred and derived again."""
    store = ox.Store()
    store.extend(ontology)
    store.extend(after.quads_for_pattern(None, None, None, GRAPH_REGISTERS))
    for doc in documents:
        store.extend(previous.quads_for_pattern(None, None, None, document_graph(doc)))
    was = _subjects(q for q in store if q.graph_name not in FIXED)
    now = _subjects(q for q in after if q.graph_name not in FIXED)
    # the held texts' graph says which documents it is the text of: the scope's part as it was
    store.extend(q for q in after.quads_for_pattern(None, None, None, GRAPH_TEXTS)
                 if q.subject not in now and q.object not in now)
    for node in was:
        store.extend(previous.quads_for_pattern(node, None, None, GRAPH_TEXTS))
        store.extend(previous.quads_for_pattern(None, None, node, GRAPH_TEXTS))
    infer.infer(store, GRAPH_INFERRED)
    derive_and_infer(store)
    return store


@dataclass
class _Side:
    owned: set[ox.Quad]  # about the scope's nodes
    shared: set[ox.Quad]  # inferred about shared nodes only
    actors: set[ox.NamedNode]  # with numbers of designations in the scope


def _split(store: ox.Store) -> _Side | str:
    registered = _subjects(store.quads_for_pattern(None, None, None, GRAPH_REGISTERS))
    nodes = _subjects(q for q in store if q.graph_name not in FIXED)
    nodes |= _subjects(q for q in store.quads_for_pattern(None, None, None, GRAPH_DERIVED)
                       if q.subject not in registered)
    side = _Side(set(), set(), set())
    for q in store:
        if q.graph_name in INPUT:
            continue
        if q.subject in nodes or q.object in nodes:
            side.owned.add(q)
        elif q.graph_name == GRAPH_INFERRED:
            side.shared.add(q)
        elif q.graph_name == GRAPH_DERIVED:
            if q.predicate not in COUNTS:
                return f"derive made a statement about a shared node that is no count ({q})"
            side.actors.add(q.subject)  # type: ignore[arg-type]
    return side


def apply(store: ox.Store, diff: Difference) -> Counter[str]:
    """Make the change in ``store`` (a copy of the last build's); how many quads it took away
    and added, by kind (asserted, inferred, derived), and in all (quads)."""
    moved: Counter[str] = Counter()

    def kind(q: ox.Quad) -> str:
        return {GRAPH_INFERRED: "inferred", GRAPH_DERIVED: "derived"}.get(q.graph_name, "asserted")  # type: ignore[arg-type]

    for q in diff.remove:
        if q in store:
            store.remove(q)
            moved[kind(q)] -= 1
    for q in diff.add:
        if q not in store:
            store.add(q)
            moved[kind(q)] += 1
    if diff.actors:
        for actor in diff.actors:
            for p in COUNTS:
                for q in list(store.quads_for_pattern(actor, p, None, GRAPH_DERIVED)):
                    store.remove(q)
                    moved["derived"] -= 1
        for row in list(QUERIES["actor_counts"].select(store, {"actor": diff.actors})):
            store.add(ox.Quad(row["actor"], SECKG[row["role"].value], row["n"], GRAPH_DERIVED))
            moved["derived"] += 1
    moved["quads"] = moved["asserted"] + moved["inferred"] + moved["derived"]
    return moved


def counts(last: dict[str, int], diff: Difference, moved: Counter[str]) -> dict[str, int]:
    """The figures of the new build's record, from the last build's and the change."""
    out = dict(last)
    for key in ("asserted", "inferred", "derived", "quads"):
        out[key] = last[key] + moved[key]
    for key in SUMMED:
        out[key] = last[key] + diff.after[key] - diff.before[key]
    return out
