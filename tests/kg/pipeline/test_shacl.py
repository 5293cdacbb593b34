"""The compiled SHACL engine finds exactly what pyshacl, the reference, finds."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.errors import SeedsInvalid
from kg.pipeline import shacl
from kg.pipeline.assemble import assemble
from tests.conftest import FIXTURE_SEEDS, edit
from tests.reference import check_graph, check_graph_with_pyshacl, quads_to_graph
from tests.shapes.test_shapes import INVALID, mutated


def found(problems: list) -> set[tuple[str, str]]:
    return {(p.shape, p.focus) for p in problems}


@pytest.mark.parametrize("shape", [None, *sorted(INVALID)])
def test_same_as_pyshacl_on_every_shape_example(shape):
    g = mutated(INVALID[shape] if shape else None)
    assert found(check_graph(g)) == found(check_graph_with_pyshacl(g))


def fixture_closure(seeds) -> Graph:
    try:
        assembled = assemble(seeds)
    except SeedsInvalid:
        pytest.fail("the seeds should pass structural checks")
    return quads_to_graph(assembled.dataset.quads_for_pattern(None, None, None, None))


def test_same_as_pyshacl_on_the_test_graph():
    g = fixture_closure(FIXTURE_SEEDS)
    assert check_graph(g) == [] and check_graph_with_pyshacl(g) == []


@pytest.mark.parametrize("file, old, new", [
    ("jpn/tst-2020.yaml", "    - target: PRK", "    - target: XYZ"),
    ("jpn/tst-2010.yaml", "      category: cooperation", "      category: frenemy"),
    ("jpn/tst-2010.yaml", "      term: concern-a", "      term: concern-z"),
    ("nato/tc-2022.yaml", "    - target: JPN", "    - target: NATO"),
    ("jpn/tst-2020.yaml", "  issued: 2020-12-01", "  issued: 2009-12-01"),
])
def test_same_as_pyshacl_on_broken_seeds(seeds_copy, monkeypatch, file, old, new):
    from kg.pipeline import validate

    edit(seeds_copy / file, old, new)
    captured = {}
    real = validate.check_store

    def capture(store):  # type: ignore[no-untyped-def]
        captured["graph"] = quads_to_graph(store.quads_for_pattern(None, None, None, None))
        return real(store)

    monkeypatch.setattr(validate, "check_store", capture)
    with pytest.raises(SeedsInvalid):
        assemble(seeds_copy)
    g = captured["graph"]
    ours, reference = found(check_graph(g)), found(check_graph_with_pyshacl(g))
    assert ours == reference and ours


def test_unknown_constraints_are_refused():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
        ex:P a sh:PropertyShape ; sh:path ex:p ; sh:minLength 3 .
    """, format="turtle")
    with pytest.raises(ValueError, match="not compiled"):
        shacl.compile_shapes(shapes)
