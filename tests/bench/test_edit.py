"""The bench's curator's edit (bench/edit.py) changes one document and builds incrementally."""

from __future__ import annotations

from pathlib import Path

from bench.edit import edit_one_document
from kg.build import build
from kg.pipeline.synth import synth


def test_the_edit_changes_one_document_and_the_next_build_is_incremental(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    synth(seeds, issuers=2, editions=3, targets=5, seed=7)
    first = build(seeds, tmp_path / "store")
    edited = edit_one_document(seeds)
    info = build(seeds, tmp_path / "store")
    assert info["incremental"]["changed"] == [edited]
    assert info["counts"]["designations"] == first["counts"]["designations"] + 1
    assert info["incremental"]["added"] > 0 and info["incremental"]["removed"] > 0  # the quote corrected
