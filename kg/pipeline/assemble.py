"""The whole graph of a build, in memory: read, load, infer, validate, derive.

    read     parse and check every seeds file (structure, identifiers)      kg.pipeline.seeds
             and the held texts (checksums, corrections)                    kg.pipeline.texts
    quotes   locate every quote of a held text in it                        kg.pipeline.quotes
    load     turn records into quads, one named graph per document          kg.pipeline.load
    infer    OWL 2 RL entailments of the ontology, to a fixpoint            kg.pipeline.infer
    validate SHACL shapes on the inferred graph, located as file:line       kg.pipeline.validate
    derive   predecessors, positions, change records; then infer again      kg.pipeline.derive

Any problem raises :class:`~kg.errors.SeedsInvalid` with every problem found, each with its
file and line; nothing is written anywhere. Putting the graph into a store is
:mod:`kg.build`'s work.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import SeedsInvalid
from kg.pipeline import derive, infer, validate
from kg.pipeline.load import load, locations
from kg.pipeline.quotes import check_quotes
from kg.pipeline.seeds import read_seeds
from kg.pipeline.texts import read_texts
from kg.resources import ontology_files
from kg.vocab import GRAPH_DERIVED, GRAPH_INFERRED, GRAPH_ONTOLOGY

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    """A :data:`Progress` that says nothing."""


@dataclass
class Assembled:
    """The complete graph of one build, in memory, with what it took to make it."""

    dataset: ox.Store
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    late_inferred: list[ox.Quad] = field(default_factory=list)  # after on_valid, as derived quads were
    documents: dict[str, tuple[Path, str]] = field(default_factory=dict)  # id -> (seeds file, series)




@contextmanager
def step(name: str, timings: dict[str, float], progress: Progress) -> Iterator[None]:
    """Time a step of a build into ``timings`` and say when it starts and ends."""
    progress(f"{name}...")
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
    progress(f"{name}: {timings[name]:.2f} s")


def load_ontology(dataset: ox.Store) -> None:
    graph = GRAPH_ONTOLOGY
    for f in ontology_files():
        dataset.load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=graph)


def ontology_quads() -> list[ox.Quad]:
    """The ontology's quads, parsed once: stores given the same list share its blank nodes."""
    store = ox.Store()
    load_ontology(store)
    return list(store)


def derive_and_infer(dataset: ox.Store, record: list[ox.Quad] | None = None) -> tuple[int, int]:
    """Derive (:mod:`kg.pipeline.derive`), then infer what follows from the derived quads
    (each recorded in ``record``); how many quads each made."""
    derived = derive.derive(dataset, GRAPH_DERIVED)
    return derived, infer.infer(dataset, GRAPH_INFERRED, new_graph=GRAPH_DERIVED, record=record)


def assemble(seeds_dir: Path, progress: Progress = quiet,
             on_valid: Callable[[ox.Store], None] | None = None, *,
             only: list[Path] | None = None, ontology: list[ox.Quad] | None = None) -> Assembled:
    """Every step above; raises SeedsInvalid on any problem.

    ``on_valid`` is called with the graph once it has passed validation, before derive. With
    ``only``, the graph of those seeds files alone (:mod:`kg.pipeline.scope`); with
    ``ontology``, those quads for the ontology rather than the files parsed anew.
    """
    timings: dict[str, float] = {}
    with step("read", timings, progress):
        seeds = read_seeds(seeds_dir, lenient=True, only=only)  # on past a bad record: every problem in one run
        if not seeds.whole:  # a file could not be read: the graph's checks would report its absence
            raise SeedsInvalid(seeds.problems)
        held = read_texts(seeds_dir)
    with step("quotes", timings, progress):
        quotes = check_quotes(seeds, held)
    counts = {"documents": len(seeds.documents),
              "designations": sum(len(d.designations) for d, _ in seeds.documents.values()),
              "texts": len(held), **quotes.counts()}
    with step("load", timings, progress):
        dataset = ox.Store()
        if ontology is None:
            load_ontology(dataset)
        else:
            dataset.extend(ontology)
        n_ontology = len(dataset)
        load(seeds, dataset)
        dataset.extend(quotes.quads)
        n_asserted = len(dataset) - n_ontology  # distinct quads, as an incremental build counts them
    inferred = GRAPH_INFERRED
    with step("infer", timings, progress):
        n_inferred = infer.infer(dataset, inferred)
    with step("validate", timings, progress):
        problems = validate.check_store(dataset)
        if problems or quotes.errors or seeds.problems:  # every problem at once, in the order of the files
            located = validate.as_seed_errors(problems, locations(seeds)) if problems else []
            raise SeedsInvalid(seeds.problems + quotes.errors + located)
    documents = {doc_id: (seeds.document_files[doc_id], doc.series) for doc_id, (doc, _) in seeds.documents.items()}
    del seeds  # only bad seeds need them again (locations): free them
    if on_valid is not None:
        on_valid(dataset)
    late_inferred: list[ox.Quad] = []
    with step("derive", timings, progress):
        n_derived, n_late = derive_and_infer(dataset, late_inferred)
        n_inferred += n_late
    counts = {"asserted": n_asserted, "inferred": n_inferred, "derived": n_derived, **counts,
              "quads": len(dataset)}
    return Assembled(dataset, timings, counts, late_inferred, documents)
