"""Where the ontology and the shapes are, in a checkout or in an installed wheel.

In a source checkout they are the repository's top-level ``ontology/`` and ``shapes/``; in
an installed wheel the build copies them into the package (``kg/_data/``), so both layouts
work. The queries and rules sit beside the code that reads them (``kg/*/queries/``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    shipped = PACKAGE / "_data" / name
    if shipped.is_dir():
        return shipped
    checkout = PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"cannot find the '{name}' folder beside or inside the kg package")


def ontology_dir() -> Path:
    return _data_dir("ontology")


def shapes_dir() -> Path:
    return _data_dir("shapes")


def ontology_files() -> list[Path]:
    return sorted(ontology_dir().glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))
