"""Plain-data views of the graph's resources, shared by the REST API and the HTML pages.

Each function runs named queries (``kg/ask/queries/*.rq``) and folds their rows into nested
dicts: actors, documents with their sections, designations with their quotes, the two
directions of a dyad, the category scheme. IRIs stay IRIs; the service maps them to its
own URLs. ``describe`` gives the RDF view of a resource for JSON-LD and Turtle answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches
from typing import Any

import pyoxigraph as ox

from kg.ask import named
from kg.errors import BadParameter
from kg.vocab import ID, OA, RDFS, SECKG, VERIFICATION


def _local(iri: str | None) -> str | None:
    return None if iri is None else iri.rsplit("/", 1)[-1]


def actors(store: ox.Store, code: str | None = None) -> list[dict[str, Any]]:
    return [{
        "code": r["code"],
        "iri": r["actor"],
        "kind": "state" if r["kind"] == SECKG + "State" else "organization",
        "name": r["name"],
        "wikidata": r["wikidata"],
        "designations_issued": r["issues"],
        "designations_received": r["receives"],
    } for r in named.rows(store, "actors", {"code": code})]


def require_actor(store: ox.Store, code: str, parameter: str) -> str:
    """``code`` if an actor of the graph has it; else BadParameter naming ``parameter`` and the
    closest known codes (a misspelled code would otherwise give a silent empty answer)."""
    codes = [a["code"] for a in actors(store)]
    if code in codes:
        return code
    close = get_close_matches(code.upper(), codes, n=3, cutoff=0.3)
    hint = f"; the closest known: {', '.join(close)}" if close else ""
    raise BadParameter(parameter, f"no state or organisation has the code {code!r}{hint} (see /states)")


def actor(store: ox.Store, code: str) -> dict[str, Any] | None:
    found = actors(store, code)
    if not found:
        return None
    record = found[0]
    record["documents"] = documents(store, issuer=code)
    return record


def documents(store: ox.Store, issuer: str | None = None, document: str | None = None) -> list[dict[str, Any]]:
    return [{
        "id": _local(r["document"]),
        "iri": r["document"],
        "issuer": r["issuer"],
        "title": r["title"],
        "issued": r["issued"],
        "language": r["language"],
        "series": {"iri": r["series"], "title": r["seriesTitle"]},
        "replaces": r["replaces"],
        "replaced_by": r["replacedBy"],
        "url": r["url"],
        "designations": r["designations"],
    } for r in named.rows(store, "documents", {"issuer": issuer, "document": document})]


def designations(store: ox.Store, **filters: str | None) -> list[dict[str, Any]]:
    """Designations with their quotes; filters are the ``designations`` query's parameters."""
    out: dict[str, dict[str, Any]] = {}
    for r in named.rows(store, "designations", filters):
        d = out.get(r["designation"])
        if d is None:
            d = out[r["designation"]] = {
                "iri": r["designation"],
                "issuer": r["issuer"],
                "target": r["target"],
                "document": {"id": _local(r["document"]), "iri": r["document"], "title": r["docTitle"],
                             "issued": r["issued"]},
                "category": _local(r["category"]),
                "rank": r["rank"],
                "position": r["position"],
                "harshest": r["harshest"],
                "term": r["term"],
                "scope": r["scope"],
                "section": None if r["section"] is None else {
                    "iri": r["section"], "number": r["sectionNumber"], "title": r["sectionTitle"]},
                "note": r["note"],
                "quotes": [],
            }
        if r["quote"] is not None:
            d["quotes"].append({"text": r["quote"], "lang": r["lang"], "verification": r["verification"],
                                "source": {"iri": r["source"], "title": r["sourceTitle"], "url": r["sourceUrl"]},
                                "page": r["page"]})
    return list(out.values())


def document(store: ox.Store, doc_id: str, include_unverified: bool = False) -> dict[str, Any] | None:
    iri = ID.document(doc_id).value
    header = next((d for d in documents(store, document=doc_id) if d["iri"] == iri), None)
    if header is None:
        return None
    # the issuer too: the query starts from the actors' codes, so one given makes it index lookups
    found = designations(store, document=doc_id, issuer=header["issuer"],
                         include_unverified="true" if include_unverified else None)
    by_section: dict[str | None, list[dict[str, Any]]] = {}
    for d in found:
        by_section.setdefault(d["section"]["iri"] if d["section"] else None, []).append(d)
    sections = [{
        "iri": s["section"], "number": s["number"], "title": s["title"], "implies": s["implies"], "note": s["note"],
        "designations": by_section.pop(s["section"], []),
    } for s in named.rows(store, "sections", {"document": doc_id})]
    positions = [{k: v for k, v in p.items() if k not in ("document", "issued", "issuer")}
                 for p in named.rows(store, "positions", {"document": doc_id})]
    return {**header, "positions": positions, "sections": sections,
            "designations_outside_sections": by_section.pop(None, [])}


def dyad(store: ox.Store, a: str, b: str, include_unverified: bool = False) -> dict[str, Any]:
    """Both directions of a pair over time: how A designates B and how B designates A."""
    flag = "true" if include_unverified else None
    return {
        "a": a, "b": b,
        "a_on_b": designations(store, issuer=a, target=b, include_unverified=flag),
        "b_on_a": designations(store, issuer=b, target=a, include_unverified=flag),
    }


def categories(store: ox.Store) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in named.rows(store, "categories"):
        c = out.setdefault(r["category"], {
            "iri": r["category"], "notation": r["notation"], "rank": r["rank"], "label": r["label"],
            "definition": r["definition"], "scope_note": r["scopeNote"], "national_terms": {},
        })
        if r["term"] is not None:
            term = c["national_terms"].setdefault(r["term"], {"iri": r["term"], "issuer": r["termIssuer"],
                                                              "labels": {}})
            term["labels"][r["termLang"]] = r["termLabel"]
    for c in out.values():
        c["national_terms"] = list(c["national_terms"].values())
    return sorted(out.values(), key=lambda c: c["rank"])



# The parts that belong with a resource in its RDF view: (property, direction) hops, where
# "in" means the part points at the resource (a section's sectionOf) and "out" the reverse.
PARTS: dict[str, list[list[tuple[str, str]]]] = {
    "resource": [],
    "designation": [[("evidence", "out")]],
    "document": [[("sectionOf", "in")], [("document", "in")], [("document", "in"), ("evidence", "out")]],
    "change": [[("fromDesignation", "out")], [("toDesignation", "out")]],
}


def _follow(store: ox.Store, start: ox.NamedNode, hops: list[tuple[str, str]]) -> set[Any]:
    nodes: set[Any] = {start}
    for prop, direction in hops:
        predicate = SECKG[prop]
        if direction == "out":
            nodes = {q.object for n in nodes for q in store.quads_for_pattern(n, predicate, None)}
        else:
            nodes = {q.subject for n in nodes for q in store.quads_for_pattern(None, predicate, n)}
    return nodes




def describe(store: ox.Store, iris: Iterable[str], kind: str = "resource",
             include_unverified: bool = False) -> list[ox.Triple]:
    """The RDF view of resources: their own statements, those of their parts (``PARTS[kind]``),
    and the labels of everything they link to. Pattern lookups only, no query text.

    The words of unverified evidence (``oa:exact``) are left out unless asked for; the
    evidence node and its status stay, so a reader sees that a quote exists and why not.
    """
    subjects: list[Any] = []
    for iri in iris:
        start = ox.NamedNode(iri)
        subjects.append(start)
        for hops in PARTS[kind]:
            subjects.extend(sorted(_follow(store, start, hops), key=str))
    triples: dict[ox.Triple, None] = {}
    for subject in subjects:
        for q in store.quads_for_pattern(subject, None, None):
            triples.setdefault(ox.Triple(q.subject, q.predicate, q.object))
            if isinstance(q.object, ox.NamedNode):
                for label in store.quads_for_pattern(q.object, RDFS.label, None):
                    triples.setdefault(ox.Triple(label.subject, label.predicate, label.object))
    if include_unverified:
        return list(triples)
    hidden = {t.subject for t in triples if t.predicate == SECKG.verification and t.object == VERIFICATION.unverified}
    return [t for t in triples if not (t.predicate == OA.exact and t.subject in hidden)]
