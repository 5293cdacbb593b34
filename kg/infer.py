"""Inference: the OWL 2 RL entailments the ontology relies on, computed in the store.

owlrl is the reference semantics, but its full closure is pure Python and slow (about a
minute for 37k triples). The rules the ontology actually uses -- subclass and subproperty
closure, inverse and transitive properties, two-step property chains, domains and ranges --
are SPARQL CONSTRUCT queries in ``kg/rules/`` (named after their OWL 2 RL rule), applied
to a fixpoint on the pyoxigraph store. ``tests/kg/test_infer.py`` proves the result equal
to owlrl's closure on the data nodes of small graphs.

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

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from kg.rdfterms import construct
from kg.resources import rules_dir

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
MAX_ROUNDS = 50


@dataclass(frozen=True)
class Rule:
    name: str
    query: str


@cache
def rules() -> tuple[Rule, ...]:
    return tuple(Rule(p.stem, p.read_text(encoding="utf-8")) for p in sorted(rules_dir().glob("*.rq")))


def _known(store: ox.Store, t: ox.Triple) -> bool:
    return next(iter(store.quads_for_pattern(t.subject, t.predicate, t.object)), None) is not None


def infer(store: ox.Store, into: ox.NamedNode) -> int:
    """Apply the rules to every graph of ``store`` until nothing new follows.

    New triples go into the named graph ``into``; returns how many were added.
    """
    added = 0
    for _ in range(MAX_ROUNDS):
        fresh: set[ox.Triple] = set()
        for rule in rules():
            for t in construct(store, rule.query):
                if isinstance(t.subject, ox.Literal):
                    continue
                if t not in fresh and not _known(store, t):
                    fresh.add(t)
        if not fresh:
            return added
        store.extend(ox.Quad(t.subject, t.predicate, t.object, into) for t in fresh)
        added += len(fresh)
    raise RuntimeError(f"inference did not reach a fixpoint in {MAX_ROUNDS} rounds")
