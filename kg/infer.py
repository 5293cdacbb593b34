"""Inference: the OWL 2 RL entailments the ontology relies on, computed in the store.

owlrl is the reference semantics, but its full closure is pure Python and slow (about a
minute for 37k triples). The rules the ontology actually uses -- subclass and subproperty
closure, inverse and transitive properties, two-step property chains, domains and ranges --
are SPARQL CONSTRUCT queries in ``kg/rules/`` (named after their OWL 2 RL rule), applied
to a fixpoint on the pyoxigraph store, semi-naively: after the first round only the
variants in ``kg/rules/delta/`` run, each joining one premise with the last round's news.
``tests/kg/test_infer.py`` proves the result equal to owlrl's closure on the data nodes of
small graphs.

>>> import pyoxigraph as ox
>>> s = ox.Store()
>>> rdfs = "http://www.w3.org/2000/01/rdf-schema#"
>>> ex = "http://example.org/"
>>> s.add(ox.Quad(ox.NamedNode(ex + "A"), ox.NamedNode(rdfs + "subClassOf"), ox.NamedNode(ex + "B")))
>>> s.add(ox.Quad(ox.NamedNode(ex + "x"), ox.NamedNode(RDF_TYPE), ox.NamedNode(ex + "A")))
>>> infer(s, ox.NamedNode(ex + "inferred"))
1
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.rdfterms import construct
from kg.resources import rules_dir

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DELTA = ox.NamedNode("urn:seckg:delta")
MAX_ROUNDS = 50


@dataclass(frozen=True)
class Rule:
    name: str
    query: str


def _load(folder: Path) -> tuple[Rule, ...]:
    return tuple(Rule(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq")))


@cache
def rules() -> tuple[Rule, ...]:
    """The rules over the whole graph (the first round)."""
    return _load(rules_dir())


@cache
def delta_rules() -> tuple[Rule, ...]:
    """The same rules with one data premise read from the last round's new triples
    (``<urn:seckg:delta>``): one variant per data premise, so semi-naive rounds miss nothing."""
    return _load(rules_dir() / "delta")


def _known(store: ox.Store, t: ox.Triple) -> bool:
    return any(q.graph_name != DELTA for q in store.quads_for_pattern(t.subject, t.predicate, t.object))


def infer(store: ox.Store, into: ox.NamedNode, new: Iterable[ox.Quad] | None = None) -> int:
    """Apply the rules to every graph of ``store`` until nothing new follows (semi-naive).

    New triples go into the named graph ``into``; returns how many were added. Without
    ``new`` the first round runs every rule over the whole graph; with ``new`` (triples just
    added, such as the derived ones) only what follows from them is computed. Later rounds
    join only the previous round's new triples.
    """
    if store.contains_named_graph(DELTA):
        store.remove_graph(DELTA)
    current: tuple[Rule, ...] = rules()
    if new is not None:
        store.extend(ox.Quad(q.subject, q.predicate, q.object, DELTA) for q in new)
        current = delta_rules()
    added = 0
    try:
        for _ in range(MAX_ROUNDS):
            fresh: set[ox.Triple] = set()
            for rule in current:
                for t in construct(store, rule.query):
                    if not isinstance(t.subject, ox.Literal) and t not in fresh and not _known(store, t):
                        fresh.add(t)
            if store.contains_named_graph(DELTA):
                store.remove_graph(DELTA)
            if not fresh:
                return added
            store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in fresh for g in (into, DELTA))
            added += len(fresh)
            current = delta_rules()
        raise RuntimeError(f"inference did not reach a fixpoint in {MAX_ROUNDS} rounds")
    finally:
        if store.contains_named_graph(DELTA):
            store.remove_graph(DELTA)
