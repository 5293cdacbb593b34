"""The build pipeline: seeds -> RDF -> inference -> SHACL -> derived changes -> store.

    read     parse and check every seeds file (structure, identifiers)      kg.seeds
    load     turn records into quads, one named graph per document          kg.load
    infer    OWL 2 RL entailments of the ontology, to a fixpoint            kg.infer
    validate SHACL shapes on the inferred graph, located as file:line       kg.validate
    derive   predecessors, positions, change records; then infer again      kg.derive
    dumps    the whole graph in every dump format, beside the store         kg.export
    store    write a new on-disk store and switch it in atomically          kg.store

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
from kg.load import Loaded, load
from kg.namespaces import GRAPH_DERIVED, GRAPH_INFERRED, GRAPH_ONTOLOGY
from kg.rdfterms import to_ox
from kg.resources import ontology_files
from kg.seeds import read_seeds

Progress = Callable[[str], None]


@dataclass
class Assembled:
    """The complete graph of one build, in memory, with what it took to make it."""

    dataset: ox.Store
    loaded: Loaded
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


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


def assemble(seeds_dir: Path, progress: Progress = _quiet) -> Assembled:
    """Everything but the store step; raises SeedsInvalid on any problem."""
    timings: dict[str, float] = {}
    with _step("read", timings, progress):
        seeds = read_seeds(seeds_dir)
    with _step("load", timings, progress):
        loaded = load(seeds)
        dataset = ox.Store()
        load_ontology(dataset)
        dataset.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in loaded.quads)
    inferred = ox.NamedNode(str(GRAPH_INFERRED))
    with _step("infer", timings, progress):
        n_inferred = infer_mod.infer(dataset, inferred)
    with _step("validate", timings, progress):
        problems = validate_mod.check_store(dataset)
        if problems:
            raise SeedsInvalid(validate_mod.as_seed_errors(problems, loaded))
    with _step("derive", timings, progress):
        derived = ox.NamedNode(str(GRAPH_DERIVED))
        n_derived = derive_mod.derive(dataset, derived)
        n_inferred += infer_mod.infer(dataset, inferred, new=dataset.quads_for_pattern(None, None, None, derived))
    counts = {
        "asserted": len(loaded.quads),
        "inferred": n_inferred,
        "derived": n_derived,
        "documents": len(seeds.documents),
        "designations": sum(len(d.designations) for d, _ in seeds.documents.values()),
    }
    counts["quads"] = len(dataset)
    return Assembled(dataset, loaded, timings, counts)


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
        assembled = assemble(seeds_dir, progress)
        timings = assembled.timings
        path = store_mod.new_build_dir(store_root)
        info: dict[str, Any] = {
            "version": kg.__version__,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "seeds": str(Path(seeds_dir).resolve()),
            "counts": assembled.counts,
        }
        try:
            with _step("dumps", timings, progress):
                info["dumps"] = export.write_dumps(assembled.dataset, store_mod.dumps_dir(path))
            with _step("store", timings, progress):
                store_mod.write_build(path, assembled.dataset, {**info, "timings": timings})
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        store_mod.switch(store_root, path)
        store_mod.clean(store_root)
        return {**info, "timings": timings, "path": str(path)}
