"""The build pipeline: seeds -> RDF -> inference -> SHACL -> derived changes -> store.

    read     parse and check every seeds file (structure, identifiers)      kg.seeds
    load     turn records into quads, one named graph per document          kg.load
    infer    OWL 2 RL entailments of the ontology, to a fixpoint            kg.infer
    validate SHACL shapes on the inferred graph, located as file:line       kg.validate
    derive   predecessors, positions, change records; then infer again      kg.derive
    store    write a new on-disk store and switch it in atomically          kg.store

The store step starts early: once the graph is valid, a background thread bulk-loads it
into the new on-disk store while derive runs (:class:`kg.store.BuildWriter`); the step
then adds what derive made. The only dump a build writes is N-Quads (the file the bulk
loader read, completed); the other formats are written from the store on their first
request (:func:`kg.export.cached_dump`).

Any problem raises :class:`~kg.errors.SeedsInvalid` before the store step, so the build
in service stays as it was.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

import kg
from kg import derive as derive_mod
from kg import export
from kg import infer as infer_mod
from kg import store as store_mod
from kg import validate as validate_mod
from kg.errors import SeedsInvalid
from kg.load import load, locations
from kg.namespaces import GRAPH_DERIVED, GRAPH_INFERRED, GRAPH_ONTOLOGY
from kg.resources import ontology_files
from kg.seeds import read_seeds

Progress = Callable[[str], None]


@dataclass
class Assembled:
    """The complete graph of one build, in memory, with what it took to make it."""

    dataset: ox.Store
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    late_inferred: list[ox.Quad] = field(default_factory=list)

    def made_after_validation(self) -> Iterator[ox.Quad]:
        """The quads added after ``on_valid`` saw the graph: derived, and inferred from them."""
        yield from self.dataset.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH_DERIVED)))
        yield from self.late_inferred


def _quiet(_: str) -> None:
    pass


@contextmanager
def _step(name: str, timings: dict[str, float], progress: Progress) -> Iterator[None]:
    progress(f"{name}...")
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
    progress(f"{name}: {timings[name]:.2f} s")


def load_ontology(dataset: ox.Store) -> None:
    graph = ox.NamedNode(str(GRAPH_ONTOLOGY))
    for f in ontology_files():
        dataset.load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=graph)


def assemble(seeds_dir: Path, progress: Progress = _quiet,
             on_valid: Callable[[ox.Store], None] | None = None) -> Assembled:
    """Everything but the store step; raises SeedsInvalid on any problem.

    ``on_valid`` is called with the graph once it has passed validation, before derive.
    """
    timings: dict[str, float] = {}
    with _step("read", timings, progress):
        seeds = read_seeds(seeds_dir)
    counts = {"documents": len(seeds.documents),
              "designations": sum(len(d.designations) for d, _ in seeds.documents.values())}
    with _step("load", timings, progress):
        dataset = ox.Store()
        load_ontology(dataset)
        n_asserted = load(seeds, dataset)
    inferred = ox.NamedNode(str(GRAPH_INFERRED))
    with _step("infer", timings, progress):
        n_inferred = infer_mod.infer(dataset, inferred)
    with _step("validate", timings, progress):
        problems = validate_mod.check_store(dataset)
        if problems:
            raise SeedsInvalid(validate_mod.as_seed_errors(problems, locations(seeds)))
    del seeds  # only bad seeds need them again (locations): free them (most of the 0.9 GiB read takes at 4 M)
    if on_valid is not None:
        on_valid(dataset)
    late_inferred: list[ox.Quad] = []
    with _step("derive", timings, progress):
        derived = ox.NamedNode(str(GRAPH_DERIVED))
        n_derived = derive_mod.derive(dataset, derived)
        n_inferred += infer_mod.infer(dataset, inferred, new=dataset.quads_for_pattern(None, None, None, derived),
                                      record=late_inferred)
    counts = {"asserted": n_asserted, "inferred": n_inferred, "derived": n_derived, **counts,
              "quads": len(dataset)}
    return Assembled(dataset, timings, counts, late_inferred)


def validate(seeds_dir: Path, progress: Progress = _quiet) -> Assembled:
    """Read, load, infer and validate without storing (``seckg validate``)."""
    return assemble(seeds_dir, progress)


def build(seeds_dir: Path, store_root: Path, progress: Progress = _quiet) -> dict[str, Any]:
    """Build the graph from ``seeds_dir`` and switch it in under ``store_root``.

    Returns the build's metadata (also written to BUILD.json). On any error the store in
    service is left untouched and the partial directory is removed.
    """
    store_root = Path(store_root)
    with store_mod.build_lock(store_root):
        store_mod.clean(store_root)
        path = store_mod.new_build_dir(store_root)
        writer = store_mod.BuildWriter(path)
        started = 0.0

        def start_writing(dataset: ox.Store) -> None:
            nonlocal started
            begin = time.perf_counter()
            writer.start(dataset)
            started = time.perf_counter() - begin

        try:
            assembled = assemble(seeds_dir, progress, on_valid=start_writing)
            timings = assembled.timings
            info: dict[str, Any] = {
                "version": kg.__version__,
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "seeds": str(Path(seeds_dir).resolve()),
                "counts": assembled.counts,
                "dumps": export.catalogue(),
            }
            with _step("store", timings, progress):
                writer.finish(assembled.dataset, assembled.made_after_validation,
                              store_mod.dumps_dir(path) / export.dump_file(export.Format.nquads),
                              {**info, "timings": dict(timings)})
            timings["store"] += started  # and the snapshot that started it, before derive
        except BaseException:
            writer.abandon()
            shutil.rmtree(path, ignore_errors=True)
            raise
        store_mod.switch(store_root, path)
        store_mod.clean(store_root)
        return {**info, "timings": timings, "path": str(path)}
