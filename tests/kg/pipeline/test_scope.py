"""An incremental build is the cold build of the same seeds: the same quads, the same figures.

Each chain edits a copy of the seeds one document at a time (a quote corrected, a designation
added, one taken away, an edition added, one taken away; on the real seeds, a quote located in a
held text corrected and a document with a held text taken away), builds incrementally after each
edit from the build before, and compares the result with a cold build of the same seeds:
every quad equal (those with a blank node, the ontology's, up to its labels), and the
record's figures equal.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml

from kg.build import build
from kg.errors import SeedsInvalid
from kg.pipeline import scope
from kg.pipeline.assemble import assemble
from kg.pipeline.synth import synth
from kg.stores import disk

REPO = Path(__file__).resolve().parents[3]

Edit = Callable[[Path], None]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there: the real seeds are read often


def _docs(seeds: Path) -> dict[Path, dict[str, Any]]:
    out = {}
    for path in sorted(seeds.rglob("*.yaml")):
        if {"texts", "reliability"} & set(path.relative_to(seeds).parts[:-1]):
            continue
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)  # noqa: S506 (a safe loader)
        if isinstance(raw, dict) and "document" in raw:
            out[path] = raw
    return out


def _write(path: Path, raw: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _latest(seeds: Path, issuer: str | None = None) -> tuple[Path, dict[str, Any]]:
    """A document no other replaces, with designations (of ``issuer`` when given)."""
    docs = _docs(seeds)
    replaced = {raw["document"].get("replaces") for raw in docs.values()}
    return next((path, raw) for path, raw in docs.items()
                if raw["document"]["id"] not in replaced and raw["document"].get("designations")
                and raw["document"].get("replaces") and issuer in (None, raw["document"]["issuer"]))


def correct_quote(seeds: Path) -> None:
    """The first quote of a document's first designation, shortened by its last two characters."""
    path, raw = _latest(seeds)
    evidence = raw["document"]["designations"][0]["evidence"][0]
    evidence["quote"] = evidence["quote"][:-2].rstrip()
    _write(path, raw)


def add_designation(seeds: Path) -> None:
    """A designation added to the edition before the latest, of a target the issuer had not named."""
    path, raw = _latest(seeds)
    doc = raw["document"]
    earlier = next(p for p, r in _docs(seeds).items() if r["document"]["id"] == doc["replaces"])
    raw = _docs(seeds)[earlier]
    doc = raw["document"]
    named = {d["target"] for r in _docs(seeds).values() for d in r["document"].get("designations", [])
             if r["document"]["issuer"] == doc["issuer"]}
    actors = yaml.safe_load((seeds / "actors.yaml").read_text(encoding="utf-8"))["actors"]
    target = next(a["code"] for a in actors if a["code"] not in named and a["code"] != doc["issuer"]
                  and a.get("kind", "state") == "state")
    source = doc["designations"][0]["evidence"][0]["source"]
    doc["designations"].append({"id": "added-by-test", "target": target, "category": "threat", "rules": ["R2.9"],
                                "evidence": [{"quote": "words added by a test", "lang": "en", "source": source,
                                              "verification": "unverified"}]})
    _write(earlier, raw)


def remove_designation(seeds: Path) -> None:
    """The last designation of the latest edition taken away."""
    path, raw = _latest(seeds)
    raw["document"]["designations"].pop()
    _write(path, raw)


def add_edition(seeds: Path) -> None:
    """A new edition of a series, a copy of its latest with one designation's category changed."""
    path, raw = _latest(seeds)
    doc = raw["document"]
    new_id = doc["id"] + "-next"
    doc["replaces"], doc["id"] = doc["id"], new_id
    doc["issued"] = "2031-01-01"
    first = doc["designations"][0]
    first.pop("term", None)
    first.pop("section", None)
    first["category"] = "enemy" if first.get("category") != "enemy" else "ally"
    _write(path.with_name(new_id + ".yaml"), raw)


def remove_edition(seeds: Path) -> None:
    """The latest edition of a series taken away."""
    path, _ = _latest(seeds)
    path.unlink()


def _held(seeds: Path) -> set[str]:
    """The documents whose text the seeds hold."""
    register = seeds / "texts" / "texts.yaml"
    return {t["document"] for t in yaml.safe_load(register.read_text(encoding="utf-8"))["texts"]} \
        if register.is_file() else set()


def correct_quote_of_a_held_text(seeds: Path) -> None:
    """A quote located in a held text, shortened by its last word: its passage ends earlier."""
    held = _held(seeds)
    for path, raw in _docs(seeds).items():
        if raw["document"]["id"] not in held:
            continue
        for designation in raw["document"].get("designations", []):
            for evidence in designation["evidence"]:
                words = evidence["quote"].split(" ")
                if evidence["lang"] == "en" and len(words) > 4 and "..." not in evidence["quote"]:
                    evidence["quote"] = " ".join(words[:-1])
                    _write(path, raw)
                    return
    raise AssertionError("no quote of a held text to correct")


def remove_a_held_text_document(seeds: Path) -> None:
    """The latest edition of a series whose text is held, taken away: the text is no document's now."""
    held, docs = _held(seeds), _docs(seeds)
    replaced = {raw["document"].get("replaces") for raw in docs.values()}
    next(p for p, r in docs.items() if r["document"]["id"] in held and r["document"]["id"] not in replaced).unlink()


CHAIN = [correct_quote, add_designation, remove_designation, add_edition, remove_edition]


def _graph(root: Path) -> tuple[set[ox.Quad], Counter[str]]:
    """The build's quads without a blank node, and those with one, each blank node written _:b
    (an incremental build never adds or takes away a quad with a blank node: it copies them)."""
    store = ox.Store.read_only(str(disk.store_dir(disk.current_build(root))))
    plain, blank = set(), Counter()
    for q in store:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            blank[" ".join("_:b" if isinstance(t, ox.BlankNode) else str(t) for t in q)] += 1
        else:
            plain.add(q)
    return plain, blank


def assert_same(incremental: dict[str, Any], cold: dict[str, Any], a: Path, b: Path) -> None:
    plain_a, blank_a = _graph(a)
    plain_b, blank_b = _graph(b)
    only_a, only_b = sorted(map(str, plain_a - plain_b)), sorted(map(str, plain_b - plain_a))
    assert not only_a and not only_b, f"only incremental: {only_a[:5]}; only cold: {only_b[:5]}"
    assert blank_a == blank_b
    assert incremental["counts"] == cold["counts"]


def _chain(seeds: Path, tmp: Path, chain: list[list[Edit]]) -> list[str]:
    """Each step's edits made, then one incremental build compared with a cold one."""
    root = tmp / "store"
    build(seeds, root, cold=True)
    done = []
    for i, edits in enumerate(chain):
        names = "+".join(e.__name__ for e in edits)
        for edit in edits:
            edit(seeds)
        info = build(seeds, root)
        assert "incremental" in info, f"{names} did not build incrementally"
        assert info["incremental"]["changed"], names
        assert info["incremental"]["added"] + info["incremental"]["removed"] > 0, names
        cold = build(seeds, tmp / f"cold-{i}", cold=True)
        assert_same(info, cold, root, tmp / f"cold-{i}")
        done.append(names)
    return done


def test_incremental_builds_equal_cold_builds_on_the_real_seeds(tmp_path: Path) -> None:
    """Two edits a build, in two documents (as a curator's session makes them): the synthetic
    chain has every edit on its own."""
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    chain = [[correct_quote, add_designation], [add_edition, correct_quote_of_a_held_text],
             [remove_edition, remove_a_held_text_document]]
    assert len(_chain(seeds, tmp_path, chain)) == len(chain)


def test_incremental_builds_equal_cold_builds_on_synthetic_seeds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    synth(seeds, issuers=4, editions=3, targets=8, seed=1)
    assert _chain(seeds, tmp_path, [[e] for e in CHAIN]) == [e.__name__ for e in CHAIN]


def test_a_change_outside_the_documents_builds_cold(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    synth(seeds, issuers=2, editions=2, targets=4, seed=2)
    root = tmp_path / "store"
    build(seeds, root)
    register = next(seeds.rglob("register.yaml"))
    register.write_text(register.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    said: list[str] = []
    info = build(seeds, root, progress=said.append)
    assert "incremental" not in info
    assert any("a cold build: the code, ontology, shapes, held texts, actors or registers changed" in s
               for s in said)


def test_bad_seeds_in_a_change_are_reported_as_a_cold_build_reports_them(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    synth(seeds, issuers=2, editions=2, targets=4, seed=3)
    root = tmp_path / "store"
    first = build(seeds, root)
    path, raw = _latest(seeds)
    raw["document"]["designations"][0]["target"] = "XXX"
    _write(path, raw)
    with pytest.raises(SeedsInvalid) as bad:
        build(seeds, root)
    assert any(str(path.name) in str(e.file) for e in bad.value.errors)
    assert disk.current_build(root) == Path(first["path"]).resolve()


def test_a_failed_incremental_build_leaves_the_build_in_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    seeds = tmp_path / "seeds"
    synth(seeds, issuers=2, editions=2, targets=4, seed=4)
    root = tmp_path / "store"
    first = build(seeds, root)
    correct_quote(seeds)

    def broken(store: ox.Store, diff: scope.Difference) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(scope, "apply", broken)
    with pytest.raises(OSError, match="disk full"):
        build(seeds, root)
    assert disk.current_build(root) == Path(first["path"]).resolve()
    assert [p.name for p in (root / "builds").iterdir()] == [Path(first["path"]).name]


def test_the_summed_figures_counted_in_a_graph_are_those_a_build_records() -> None:
    built = assemble(REPO / "seeds")
    assert scope.figures(built.dataset) == {k: built.counts[k] for k in scope.SUMMED}
    assert built.counts["quotes_located"] > 0 and built.counts["quotes_to_raise"] > 0  # the real seeds have both


def test_the_service_serves_an_incremental_build_and_writes_its_dump_when_asked(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    seeds = tmp_path / "seeds"
    synth(seeds, issuers=2, editions=2, targets=4, seed=5)
    root = tmp_path / "store"
    build(seeds, root)
    with TestClient(create_app(store_root=root)) as client:
        assert client.get("/healthz").status_code == 200
        correct_quote(seeds)
        info = build(seeds, root)
        assert "incremental" in info
        assert client.get("/healthz").json()["build"] == Path(info["path"]).name
        dump = client.get("/dumps/seckg.nq")
        assert dump.status_code == 200
        assert len(list(ox.parse(dump.content, format=ox.RdfFormat.N_QUADS))) == info["counts"]["quads"]


def test_a_fault_in_the_incremental_path_builds_cold_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    seeds = tmp_path / "seeds"
    synth(seeds, issuers=2, editions=2, targets=4, seed=6)
    root = tmp_path / "store"
    build(seeds, root)
    correct_quote(seeds)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(scope, "difference", broken)
    said: list[str] = []
    info = build(seeds, root, progress=said.append)
    assert "incremental" not in info
    assert "a cold build: the incremental build failed (KeyError: 'a bug')" in said
