"""The data report: what the graph covers and how well its words are verified.

``seckg report`` writes it as Markdown (``seeds/COVERAGE.md`` is this report for the real
seeds) or JSON: documents per issuer, designations per category, the share of designations
whose words were verified verbatim, the changes between editions, and every designation
that rests on unverified evidence only. ``--check FILE`` fails when FILE is out of date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.ask.named import plain
from kg.query_files import Folder
from kg.vocab import category_names, change_kinds

HERE = Path(__file__).parent

STRENGTH = {"verbatim-official": 3, "verbatim-secondary": 2, "third-party-translation": 1, "unverified": 0}


QUERIES = Folder(HERE / "queries" / "report")


def _rows(store: ox.Store, name: str) -> list[dict[str, Any]]:
    return list(plain(QUERIES[name].select(store)))


@dataclass
class Designation:
    iri: str
    issuer: str
    document: str
    target: str
    category: str
    best: str = "unverified"
    quotes: list[tuple[str, str, str]] = field(default_factory=list)  # (verification, quote, source)


def collect(store: ox.Store) -> dict[str, Any]:
    """The report's figures as plain data."""
    designations: dict[str, Designation] = {}
    documents: dict[str, dict[str, Any]] = {}
    for row in _rows(store, "evidence"):
        doc = documents.setdefault(row["document"], {
            "issuer": row["issuer"], "series": row["series"].rsplit("/", 1)[-1],
            "label": row["docLabel"], "issued": row["issued"], "designations": set(),
        })
        doc["designations"].add(row["designation"])
        d = designations.setdefault(row["designation"], Designation(
            row["designation"], row["issuer"], row["document"], row["target"], row["category"]))
        d.quotes.append((row["verification"], row["quote"], row["source"]))
        if STRENGTH[row["verification"]] > STRENGTH[d.best]:
            d.best = row["verification"]
    best = Counter(d.best for d in designations.values())
    total = len(designations)
    changes = sorted(
        ({**r, "kind": r["kind"].rsplit("#", 1)[-1]} for r in _rows(store, "changes")),
        key=lambda r: (r["year"], r["issuer"], r["target"]),
    )
    per_issuer: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for iri, doc in sorted(documents.items(), key=lambda kv: (kv[1]["issuer"], kv[1]["issued"])):
        per_issuer[doc["issuer"]].append({"document": iri.rsplit("/", 1)[-1], "series": doc["series"],
                                          "label": doc["label"], "issued": doc["issued"],
                                          "designations": len(doc["designations"])})
    moved_pairs = {(c["issuer"], c["target"]) for c in changes if c["kind"] == "CategoryMove"}
    editions: dict[tuple[str, str], set[str]] = defaultdict(set)
    evidence: dict[str, Counter[str]] = defaultdict(Counter)
    for d in designations.values():
        editions[(d.issuer, d.target)].add(d.document)
        evidence[d.issuer][d.best] += 1
    texts = [{**r, "text": r["text"].rsplit("/", 1)[-1]} for r in _rows(store, "texts")]
    return {
        "documents": len(documents),
        "issuers": len(per_issuer),
        "designations": total,
        "verified_share": (best["verbatim-official"] + best["verbatim-secondary"]) / total if total else 0.0,
        "by_verification": {k: best[k] for k in STRENGTH},
        "by_category": {c: n for c in category_names() if (n := sum(d.category == c for d in designations.values()))},
        "per_issuer": dict(per_issuer),
        "changes": changes,
        "changes_by_kind": {k: n for k in change_kinds() if (n := sum(c["kind"] == k for c in changes))},
        "pairs_with_a_move": len(moved_pairs),
        "editions": [{"issuer": i, "target": t, "editions": len(docs)} for (i, t), docs in sorted(editions.items())],
        "evidence_per_issuer": {i: {k: c[k] for k in STRENGTH} for i, c in sorted(evidence.items())},
        "texts": texts,
        "quotes": {k: sum(int(t[k]) for t in texts) for k in ("located", "throughCorrection", "notFound", "toRaise")},
        "unverified": [
            {"designation": d.iri, "document": d.document.rsplit("/", 1)[-1], "target": d.target,
             "category": d.category, "quote": d.quotes[0][1], "source": d.quotes[0][2]}
            for d in sorted(designations.values(), key=lambda d: d.iri) if d.best == "unverified"
        ],
    }


def _yes(value: Any) -> str:
    return "-" if value is None else ("yes" if value in (True, "true", "1") else "no")


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


TWO_WAY_EDITIONS = 3  # each direction of a pair in at least this many editions (issue 15's target)


def _matrix_markdown(report: dict[str, Any]) -> list[str]:
    """Who designates whom: editions coded in each direction, and the pairs coded one way only."""
    pairs = {(e["issuer"], e["target"]): e["editions"] for e in report["editions"]}
    issuers = sorted({i for i, _ in pairs})
    targets_by = defaultdict(set)
    for i, t in pairs:
        targets_by[t].add(i)
    # the columns: every issuer, and each other target that at least two issuers designate
    columns = sorted(set(issuers) | {t for t, who in targets_by.items() if len(who) >= 2})
    out = ["", "## Who designates whom", "",
           "Editions coded in each direction: the row's issuer on the column's target (a document counts once "
           "however many passages it has on the target). Columns: every issuer, and the other targets that at "
           "least two issuers designate.", "",
           "| issuer → target | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for i in issuers:
        out.append(f"| {i} | " + " | ".join("·" if i == t else str(pairs.get((i, t), "")) for t in columns) + " |")
    both = sorted((a, b) for (a, b) in pairs if a < b and (b, a) in pairs)
    strong = [(a, b) for a, b in both if min(pairs[(a, b)], pairs[(b, a)]) >= TWO_WAY_EDITIONS]
    one_way = sorted((a, b) for (a, b) in pairs if b in issuers and (b, a) not in pairs)
    out += ["", f"Pairs of issuers coded in both directions: {len(both)}; in at least {TWO_WAY_EDITIONS} editions "
            f"each way: {len(strong)} ({', '.join(f'{a}-{b}' for a, b in strong) or 'none'}).", "",
            "Pairs of issuers coded one way only (the second has no coded document on the first): "
            + (", ".join(f"{a} on {b} ({pairs[(a, b)]})" for a, b in one_way) or "none") + "."]
    return out


def _evidence_markdown(report: dict[str, Any]) -> list[str]:
    out = ["", "## Evidence per issuer", "",
           "Designations by their best evidence (codebook R6): the document's own words (the official text or an "
           "official translation, read by us), a secondary source's verbatim quotation, a third party's "
           "translation, or unverified words.", "",
           "| issuer | official text | secondary source | third-party translation | unverified | official share |",
           "|---|---:|---:|---:|---:|---:|"]
    for issuer, c in report["evidence_per_issuer"].items():
        share = _pct(_share(c["verbatim-official"], sum(c.values())))
        out.append(f"| {issuer} | {c['verbatim-official']} | {c['verbatim-secondary']} | "
                   f"{c['third-party-translation']} | {c['unverified']} | {share} |")
    return out


def _texts_markdown(report: dict[str, Any]) -> list[str]:
    quotes, texts = report["quotes"], report["texts"]
    out = ["", "## Held texts and located quotes", "",
           f"{len(texts)} texts held in `seeds/texts/` ({sum(1 for t in texts if t['document'])} of them of coded "
           f"documents). Quotes of their documents located in them: {quotes['located']}, of which "
           f"{quotes['throughCorrection']} read a recorded correction; not found: {quotes['notFound']} (none may be "
           f"marked verbatim-official: the build fails on such a quote); found though not marked as the document's "
           f"own words: {quotes['toRaise']}.", ""]
    coded = [t for t in texts if t["document"]]
    if coded:
        out += ["| text | language | corrections | located | through a correction | not found | to raise |",
                "|---|---|---:|---:|---:|---:|---:|"]
        out += [f"| `{t['text']}` | {t['language']} | {t['corrections']} | {t['located']} | {t['throughCorrection']} "
                f"| {t['notFound']} | {t['toRaise']} |" for t in coded]
    return out


def markdown(report: dict[str, Any]) -> str:
    """The report as Markdown, stable for the same graph (no dates or timings in it)."""
    out = [
        "# Coverage of the seeds",
        "",
        "Generated by `seckg report --out seeds/COVERAGE.md` from the built graph; do not edit by hand.",
        "",
        f"- {report['documents']} documents from {report['issuers']} issuers, "
        f"{report['designations']} designations.",
        f"- Verified verbatim: {_pct(report['verified_share'])} of designations "
        f"(best evidence: {report['by_verification']['verbatim-official']} in the official text, "
        f"{report['by_verification']['verbatim-secondary']} in a secondary source, "
        f"{report['by_verification']['third-party-translation']} only in a third party's translation, "
        f"{report['by_verification']['unverified']} unverified).",
        f"- Issuer/target pairs with a category move between two editions: {report['pairs_with_a_move']}.",
        f"- Designations resting on the document's own words (the official text or an official translation): "
        f"{_pct(_share(report['by_verification']['verbatim-official'], report['designations']))}.",
        "",
        "## Documents per issuer",
        "",
        "| issuer | document | series | issued | designations |",
        "|---|---|---|---|---:|",
    ]
    for issuer, docs in sorted(report["per_issuer"].items()):
        for d in docs:
            out.append(f"| {issuer} | {d['label']} (`{d['document']}`) | {d['series']} | {d['issued']} "
                       f"| {d['designations']} |")
    out += _matrix_markdown(report)
    out += _evidence_markdown(report)
    out += ["", "## Designations per category", "", "| category | designations |", "|---|---:|"]
    out += [f"| {c} | {n} |" for c, n in report["by_category"].items()]
    out += ["", "## Changes between editions", ""]
    out += [f"- {k}: {n}" for k, n in report["changes_by_kind"].items()]
    out += ["", "Moves (codebook R9.3), with their confidence (R9.4), whether they cross a band (R7.2) and "
            "whether they are robust (R8.1); changes of term; and differences not counted as moves "
            "(uneven reading, harshest facet only).", "",
            "| year | issuer | target | from | to | kind | confidence | crosses a band | robust |",
            "|---|---|---|---|---|---|---|---|---|"]
    shown = ("CategoryMove", "TermChange", "UnevenReading", "HarshestFacetChange")
    out += [f"| {c['year']} | {c['issuer']} | {c['target']} | {c['from'] or '-'} | {c['to'] or '-'} | {c['kind']} "
            f"| {c.get('confidence') or '-'} | {_yes(c.get('crossesBand'))} | {_yes(c.get('robust'))} |"
            for c in report["changes"] if c["kind"] in shown]
    out += _texts_markdown(report)
    out += ["", "## Designations resting on unverified evidence only", ""]
    if not report["unverified"]:
        out.append("None.")
    for u in report["unverified"]:
        out.append(f"- `{u['document']}` on {u['target']} ({u['category']}): \"{u['quote']}\" ({u['source']})")
    out += ["", "## Reliability (codebook R10)", ""]
    reliability = report.get("reliability") or {}
    if reliability.get("coding") is None:
        out += ["Not yet measured: no reliability sample (`seckg reliability sample`) is in the repository."]
    else:
        from kg.ask.reliability import band_markdown
        from kg.ask.reliability import markdown as coding_markdown

        out += coding_markdown(reliability["coding"])
        out += ["", "### A blind band-level reading of the editions read in full", ""]
        out += band_markdown(reliability["bands"])
    return "\n".join(out) + "\n"
