"""Inference: the OWL 2 RL entailments the ontology relies on, computed in the store.

owlrl is the reference semantics, but its full closure is pure Python and slow (about a
minute for 37k triples). The rules the ontology actually uses -- subclass and subproperty
closure, inverse and transitive properties, two-step property chains, domains and ranges --
are SPARQL updates in ``kg/pipeline/rules/`` (named after their OWL 2 RL rule), applied to a
fixpoint inside pyoxigraph, so that no triple is made in Python. Each rule is
``INSERT { head } WHERE { body FILTER NOT EXISTS { head } }``: it writes what is new into
the target graph and into a working graph of this round's news (``<urn:seckg:next>`` in
the rule text). Semi-naively: after the first round only the variants in
``kg/pipeline/rules/delta/`` run, each joining one data premise with the last round's news
(``<urn:seckg:delta>``).

The rules read every *named* graph (SPARQL updates have no union default graph; the build
writes nothing into the default graph), and match each schema premise (a subclass path, a
property chain list) within one graph: the ontology's. ``tests/kg/test_infer.py`` proves
the result equal to owlrl's closure on the data nodes of small graphs.

>>> import pyoxigraph as ox
>>> from kg.vocab import RDF, RDFS
>>> s = ox.Store()
>>> ex = "http://example.org/"
>>> g = ox.NamedNode(ex + "data")
>>> s.add(ox.Quad(ox.NamedNode(ex + "A"), RDFS.subClassOf, ox.NamedNode(ex + "B"), g))
>>> s.add(ox.Quad(ox.NamedNode(ex + "x"), RDF.type, ox.NamedNode(ex + "A"), g))
>>> infer(s, ox.NamedNode(ex + "inferred"))
1
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.query_files import Folder

MAX_ROUNDS = 50
# the working graphs named in the rule text, and the two graphs that take turns as each
INTO, DELTA, NEXT = "<urn:seckg:into>", "<urn:seckg:delta>", "<urn:seckg:next>"
WORK = (ox.NamedNode("urn:seckg:delta:0"), ox.NamedNode("urn:seckg:delta:1"))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH %s { ?s ?p ?o } }"  # one of WORK


@dataclass(frozen=True)
class Rule:
    name: str
    update: str

    def bound(self, into: ox.NamedNode, delta: ox.NamedNode, news: ox.NamedNode) -> str:
        """The update with its working graphs named (our own IRIs, never a request's)."""
        return self.update.replace(INTO, str(into)).replace(DELTA, str(delta)).replace(NEXT, str(news))


def _load(folder: Path) -> tuple[Rule, ...]:
    return tuple(Rule(name, rule.text) for name, rule in Folder(folder).all().items())


@cache
def rules() -> tuple[Rule, ...]:
    """The rules over the whole graph (the first round)."""
    return _load(Path(__file__).parent / "rules")


@cache
def delta_rules() -> tuple[Rule, ...]:
    """The same rules with one data premise read from the last round's new triples
    (``<urn:seckg:delta>``): one variant per data premise, so semi-naive rounds miss nothing."""
    return _load(Path(__file__).parent / "rules" / "delta")


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    row = next(iter(store.query(COUNT % graph)))  # type: ignore[arg-type]
    return int(row["n"].value)


def _drop(store: ox.Store, *graphs: ox.NamedNode) -> None:
    for graph in graphs:
        if store.contains_named_graph(graph):
            store.remove_graph(graph)


def infer(store: ox.Store, into: ox.NamedNode, new: Iterable[ox.Quad] | None = None,
          record: list[ox.Quad] | None = None, *, new_graph: ox.NamedNode | None = None) -> int:
    """Apply the rules to every named graph of ``store`` until nothing new follows (semi-naive).

    New triples go into the named graph ``into``; returns how many were added. Without
    ``new`` the first round runs every rule over the whole graph; with ``new`` (triples just
    added, such as the derived ones) only what follows from them is computed; ``new_graph``
    names a graph of the store that holds them all (the derived graph), read where it is
    rather than copied. Later rounds join only the previous round's new triples. Every quad
    added is also appended to ``record`` when given.
    """
    delta, news = WORK
    _drop(store, *WORK)
    current: tuple[Rule, ...] = rules()
    if new is not None:
        store.extend(ox.Quad(q.subject, q.predicate, q.object, delta) for q in new)
        current = delta_rules()
    elif new_graph is not None:
        delta, current = new_graph, delta_rules()
    added = 0
    try:
        for _ in range(MAX_ROUNDS):
            for rule in current:
                store.update(rule.bound(into, delta, news))
            fresh = _count(store, news)
            if not fresh:
                return added
            if record is not None:
                record.extend(ox.Quad(q.subject, q.predicate, q.object, into)
                              for q in store.quads_for_pattern(None, None, None, news))
            added += fresh
            spare = WORK[0] if news == WORK[1] else WORK[1]  # the last delta, unless it was new_graph
            _drop(store, spare)
            delta, news = news, spare
            current = delta_rules()
        raise RuntimeError(f"inference did not reach a fixpoint in {MAX_ROUNDS} rounds")
    finally:
        _drop(store, *WORK)
