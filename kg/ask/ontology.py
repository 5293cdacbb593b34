"""The ontology described for people: its classes and properties, grouped, with their definitions.

>>> terms = describe()
>>> [t["name"] for t in terms["Classes"]][:3]
['Actor', 'AnnualPolicyAddress', 'Band']
>>> designation = next(t for t in terms["Classes"] if t["name"] == "Designation")
>>> designation["label"], bool(designation["comment"])
('designation', True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.ask.named import plain
from kg.query_files import Folder
from kg.vocab import OWL, ontology

QUERIES = Folder(Path(__file__).parent / "queries" / "ontology")
GROUPS = {OWL + "Class": "Classes", OWL + "ObjectProperty": "Object properties",
          OWL + "DatatypeProperty": "Datatype properties", OWL + "AnnotationProperty": "Annotation properties"}


def _name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def describe() -> dict[str, list[dict[str, Any]]]:
    """Every term of the ontology by group (classes, object, datatype and annotation properties),
    in the order of their names: IRI, name, label, definition, parents, domains, ranges."""
    found: dict[str, dict[str, Any]] = {}
    for row in plain(QUERIES["terms"].select(ontology())):
        term = found.setdefault(row["term"], {
            "iri": row["term"], "name": _name(row["term"]), "group": GROUPS[row["kind"]], "label": row["label"],
            "comment": row["comment"], "parents": [], "domains": [], "ranges": []})
        for key, column in (("parents", "parent"), ("domains", "domain"), ("ranges", "range")):
            if row[column] and row[column] not in term[key]:
                term[key].append(row[column])
    groups: dict[str, list[dict[str, Any]]] = {name: [] for name in GROUPS.values()}
    for term in sorted(found.values(), key=lambda t: t["name"].lower()):
        groups[term["group"]].append(term)
    return {name: terms for name, terms in groups.items() if terms}
