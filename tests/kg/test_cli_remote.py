"""The command line with --store-url: the same answers as with the embedded store."""

from __future__ import annotations

import pytest

from kg.cli import main


@pytest.mark.parametrize("args", [
    ["changes", "--year", "2020", "--format", "json"],
    ["changes", "--year", "2020", "--all-kinds"],
    ["query", "--name", "dyad_timeline", "--param", "issuer=JPN", "--param", "target=RUS", "--format", "json"],
    ["query", "SELECT ?code WHERE { ?a <https://w3id.org/seckg/ontology#code> ?code } ORDER BY ?code",
     "--format", "csv"],
    ["report", "--format", "json"],
])
def test_same_output_as_the_embedded_store(args, store_root, remote_url, capsys):
    assert main([*args, "--store", str(store_root)]) == 0
    embedded = capsys.readouterr().out
    assert main([*args, "--store-url", remote_url]) == 0
    assert capsys.readouterr().out == embedded and embedded


def test_export_of_triples_works_and_of_a_dataset_says_why_not(remote_url, tmp_path, capsys):
    assert main(["export", "--format", "ntriples", "--out", str(tmp_path / "g.nt"), "--store-url", remote_url]) == 0
    assert len((tmp_path / "g.nt").read_text().splitlines()) > 500
    assert main(["export", "--format", "trig", "--store-url", remote_url]) == 2
    assert "graph per document" in capsys.readouterr().err


def test_build_to_an_unreachable_store_fails_cleanly(capsys):
    from tests.conftest import FIXTURE_SEEDS
    from tests.stores import free_port

    assert main(["build", "--seeds", str(FIXTURE_SEEDS), "--store-url", f"http://127.0.0.1:{free_port()}"]) == 2
    assert "cannot connect" in capsys.readouterr().err
