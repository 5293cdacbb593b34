"""The example notebooks run, on the real seeds, in a fresh kernel each, and answer their question.

The graph is built once from the repository's ``seeds/`` by the client itself (into a
temporary store, never ``var/store``); the kernels find it through ``SECKG_STORE``. The
SPARQLWrapper notebook talks to a ``seckg serve`` started here on a free port, whose URL it
reads from ``SECKG_URL``. Each notebook gets one extra cell, here and not in the file, that
checks its answer; any error in any cell fails the test. Charts use matplotlib's Agg backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kg.client import open_graph
from tests.service import running_service

ROOT = Path(__file__).parents[1]
NOTEBOOKS = ROOT / "notebooks"
TIMEOUT = 60  # seconds per cell

CHECKS = {
    "01_moved_category_2022.ipynb": """
found = set(zip(moves.issuer, moves.target, moves.from_category, moves.to_category))
assert {("JPN", "CHN", "concern", "challenge"), ("NATO", "RUS", "partner", "threat")} <= found, found
assert (moves.year == 2022).all() and moves.rank_delta.notna().all()
assert len(ax.texts) == len(moves)
assert set(moves.confidence) <= {"high", "medium"} and moves.crosses_band.notna().all()
assert ("JPN", "RUS", "unverified") in set(zip(every.issuer, every.target, every.confidence))
""",
    "02_dyad_over_time.ipynb": """
assert set(zip(positions.issuer, positions.target)) == {("JPN", "USA"), ("USA", "JPN")}
assert str(positions.issued.dtype).startswith("datetime64") and positions.issued.is_monotonic_increasing
assert latest["gap"].notna().any() and len(ax.get_lines()) == 2
""",
    "03_who_designates_whom.ipynb": """
assert matrix.loc["NATO", "RUS"] == 9 and matrix.loc["JPN", "USA"] == 1, matrix
assert {"USA", "JPN", "KOR", "NATO"} <= set(matrix.index) and len(ax.images) == 1
""",
    "04_service_with_sparqlwrapper.ipynb": """
assert ("NATO", "RUS", "partner", "threat", 7) in set(moves.itertuples(index=False, name=None)), moves
assert list(threats.columns) == ["target", "documents"] and threats.documents.iloc[0] > 1
""",
}


def test_every_notebook_is_checked():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(CHECKS)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real seeds, built by the client because the store has no build yet."""
    root = tmp_path_factory.mktemp("real-store")
    open_graph(root, seeds=ROOT / "seeds")
    return root


@pytest.fixture(scope="module")
def service(real_store: Path) -> Iterator[str]:
    with running_service(real_store) as base:
        yield base


def execute(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CHECKS[name]))
    NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()


@pytest.mark.parametrize("name", sorted(n for n in CHECKS if "sparqlwrapper" not in n))
def test_notebook_runs_on_the_embedded_graph(name, real_store, monkeypatch):
    monkeypatch.setenv("SECKG_STORE", str(real_store))
    monkeypatch.setenv("SECKG_SEEDS", str(ROOT / "seeds"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    execute(name)


def test_sparqlwrapper_notebook_runs_against_the_service(service, monkeypatch):
    monkeypatch.setenv("SECKG_URL", service)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    execute("04_service_with_sparqlwrapper.ipynb")
