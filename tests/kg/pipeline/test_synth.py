"""Synthetic seeds: valid, buildable, deterministic, realistic in shape, with changes."""

from pathlib import Path

import pytest

from kg.build import build
from kg.cli import main
from kg.errors import SeckgError
from kg.pipeline.seeds import read_seeds
from kg.pipeline.synth import FORMER, state_codes, synth
from kg.rdfterms import select
from kg.stores.disk_handle import StoreHandle
from kg.vocab import category_names

SMALL = {"issuers": 3, "editions": 4, "targets": 12}
PREFIX = "PREFIX seckg: <https://w3id.org/seckg/ontology#>\n"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def count(store, where: str) -> int:  # type: ignore[no-untyped-def]
    return int(next(iter(select(store, PREFIX + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))["n"].value)


@pytest.fixture(scope="module")
def built(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("synth")
    synth(root / "seeds", seed=1, **SMALL)
    build(root / "seeds", root / "store")
    return root / "seeds", StoreHandle(root / "store").get()


def test_cli_writes_seeds_that_validate(tmp_path, capsys):
    out = tmp_path / "seeds"
    assert main(["synth", "--issuers", "1", "--editions", "2", "--targets", "4", "--out", str(out),
                 "--seed", "5"]) == 0
    assert "documents" in capsys.readouterr().out
    assert main(["validate", "--seeds", str(out)]) == 0


def test_small_output_builds(built):
    seeds, store = built
    made = read_seeds(seeds)
    assert len(made.registers) == SMALL["issuers"]
    assert count(store, "?d a seckg:StrategyDocument") == len(made.documents)
    assert count(store, "?d a seckg:Designation") == sum(len(d.designations) for d, _ in made.documents.values())


def test_same_seed_gives_identical_files(tmp_path):
    synth(tmp_path / "a", seed=9, **SMALL)
    synth(tmp_path / "b", seed=9, **SMALL)
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_different_seeds_differ(tmp_path):
    synth(tmp_path / "a", seed=1, **SMALL)
    synth(tmp_path / "b", seed=2, **SMALL)
    assert files(tmp_path / "a") != files(tmp_path / "b")


def test_category_moves_appear_at_a_realistic_rate(built):
    _, store = built
    kept = count(store, """?d seckg:isPosition true ; seckg:document ?doc ; seckg:target ?t .
                           ?doc seckg:replacesEdition ?prev .
                           ?p seckg:isPosition true ; seckg:document ?prev ; seckg:target ?t .""")
    moves = count(store, "?c a seckg:CategoryMove")
    assert 0.08 <= moves / kept <= 0.25, (moves, kept)
    assert count(store, "?c seckg:rankDelta ?d FILTER (ABS(?d) > 3)") == 0
    for kind in ("TermChange", "NewlyDesignated", "NoLongerMentioned"):
        assert count(store, f"?c a seckg:{kind}") > 0, kind


def test_shape_facets_sections_scopes_and_coverage(built):
    seeds, _ = built
    docs = [d for d, _ in read_seeds(seeds).documents.values()]
    designations = [x for d in docs for x in d.designations]
    for series in {d.series for d in docs}:
        editions = sorted((d for d in docs if d.series == series), key=lambda d: str(d.issued))
        assert [d.replaces for d in editions] == [None] + [d.id for d in editions[:-1]]
    assert any(x.section and not x.term and not x.category for x in designations)  # category from the section
    assert any(x.scope for x in designations)
    assert any(len([x for x in d.designations if x.target == t]) > 1 for d in docs for t in d.coverage)
    assert any(set(d.coverage) - {x.target for x in d.designations} for d in docs)
    assert {x.category for x in designations if x.category} <= set(category_names())


def test_actors_are_current_iso_codes():
    codes = state_codes()
    assert len(codes) == 249 and not set(codes) & FORMER
    assert {"JPN", "USA", "CHN"} <= set(codes)


def test_evidence_is_marked_synthetic(built):
    _, store = built
    assert count(store, "?e <http://www.w3.org/ns/oa#exact> ?q FILTER (!STRSTARTS(?q, 'SYNTHETIC QUOTE'))") == 0
    assert count(store, """?s a seckg:Source ; <http://xmlns.com/foaf/0.1/page> ?u
                           FILTER (!STRSTARTS(STR(?u), 'https://example.org/synthetic/'))""") == 0


def test_refuses_a_non_empty_folder_and_bad_sizes(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(SeckgError, match="not empty"):
        synth(tmp_path, issuers=1, editions=1, targets=1)
    with pytest.raises(SeckgError, match="--targets"):
        synth(tmp_path / "new", issuers=1, editions=1, targets=1000)
