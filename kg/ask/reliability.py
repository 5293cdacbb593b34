"""Measured agreement (codebook R10): a blind reliability sample, and Krippendorff's alpha.

``seckg reliability sample`` draws a random sample of at least ``share`` of the designations
of every issuer (stratified, a fixed seed) from a built graph and writes, in
``seeds/reliability/``:

    sample.yaml        the seed, the share, and the designations drawn, with their first coding
    sheet.yaml         what the second coder sees: the document, issuer, target, section and
                       quotes of each unit; never the category, the national term or the note
    coding-b.yaml      the second coder's categories, one per unit (written by the coder)
    adjudication.yaml  the decision on every disagreement, with the rule and the reason

``seckg reliability score`` computes, from those files alone, Krippendorff's alpha on the
ranks (ordinal metric; the nominal alpha beside it) and the agreement per category, and says
which units disagree and whether each is adjudicated. With no second coding it says so.

The alpha is computed from the coincidence matrix (Krippendorff 2004, ch. 11; Krippendorff
2011, "Computing Krippendorff's alpha-reliability"); ``tests/kg/test_reliability.py`` checks it
against the worked example of that paper.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from kg.query_files import Folder
from kg.vocab import categories, category_names

HERE = Path(__file__).parent

RANK = {c.name: c.rank for c in categories()}


QUERIES = Folder(HERE / "queries" / "reliability")


# ---------------------------------------------------------------- Krippendorff's alpha

Metric = Callable[[float, float, dict[float, float]], float]


def nominal(c: float, k: float, n: dict[float, float]) -> float:
    return 0.0 if c == k else 1.0


def interval(c: float, k: float, n: dict[float, float]) -> float:
    return (c - k) ** 2


def ordinal(c: float, k: float, n: dict[float, float]) -> float:
    """The ordinal difference: the values between c and k, counted by how often they occur."""
    low, high = min(c, k), max(c, k)
    between = sum(count for value, count in n.items() if low <= value <= high)
    return (between - (n[low] + n[high]) / 2) ** 2


def alpha(units: Iterable[Iterable[float | None]], metric: Metric = ordinal) -> float:
    """Krippendorff's alpha of ``units`` (each: the values the coders gave it, None for none)."""
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [u for u in pairable if len(u) >= 2]
    coincidence: dict[tuple[float, float], float] = defaultdict(float)
    for values in pairable:
        m = len(values)
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidence[(c, k)] += 1 / (m - 1)
    totals: dict[float, float] = defaultdict(float)
    for (c, _), o in coincidence.items():
        totals[c] += o
    n = sum(totals.values())
    if n <= 1:
        return math.nan
    observed = sum(o * metric(c, k, totals) for (c, k), o in coincidence.items())
    expected = sum(totals[c] * totals[k] * metric(c, k, totals) for c in totals for k in totals) / (n - 1)
    return 1.0 if expected == 0 else 1 - observed / expected


# ---------------------------------------------------------------- the sample and the sheet

@dataclass(frozen=True)
class Unit:
    designation: str
    issuer: str
    target: str
    document: str
    document_label: str
    issued: str
    section: str | None
    category: str
    quotes: tuple[tuple[str, str, str], ...]  # (lang, text, verification)


def units(store: ox.Store) -> list[Unit]:
    """Every designation of the graph as a unit of coding, in IRI order."""
    found: dict[str, dict[str, Any]] = {}
    for row in QUERIES["units"].select(store):
        iri = row["designation"].value
        entry = found.setdefault(iri, {
            "issuer": row["issuer"].value, "target": row["target"].value,
            "document": row["document"].value.rsplit("/", 1)[-1], "label": row["docLabel"].value,
            "issued": row["issued"].value, "section": row["section"].value if row["section"] else None,
            "category": row["category"].value, "quotes": []})
        quote = row["quote"]
        entry["quotes"].append((quote.language or "", quote.value, row["verification"].value))
    return [Unit(iri, e["issuer"], e["target"], e["document"], e["label"], e["issued"], e["section"],
                 e["category"], tuple(e["quotes"])) for iri, e in sorted(found.items())]


def draw(all_units: list[Unit], *, share: float = 0.25, seed: int = 2026) -> list[Unit]:
    """At least ``share`` of each issuer's units (rounded up), drawn with ``seed``."""
    rng = random.Random(seed)
    by_issuer: dict[str, list[Unit]] = defaultdict(list)
    for unit in all_units:
        by_issuer[unit.issuer].append(unit)
    drawn: list[Unit] = []
    for issuer in sorted(by_issuer):
        group = by_issuer[issuer]
        drawn += rng.sample(group, math.ceil(share * len(group)))
    rng.shuffle(drawn)  # the coder meets the units in an order that says nothing
    return drawn


def _quote(lang: str, text: str, *, unverified: bool = False) -> dict[str, Any]:
    return {"lang": lang, "text": text, **({"unverified": True} if unverified else {})}


def write_sample(drawn: list[Unit], out: Path, *, share: float, seed: int) -> None:
    """sample.yaml (with the first coding) and sheet.yaml (without it) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    ids = [f"U{i:03d}" for i in range(1, len(drawn) + 1)]
    sample = {"seed": seed, "share": share, "units": [
        {"id": i, "designation": u.designation, "issuer": u.issuer, "first_coding": u.category}
        for i, u in zip(ids, drawn, strict=True)]}
    sheet = {
        "instructions": ("Code each unit with one category of the shared scale (ally, partner, cooperation, "
                         "neutral, concern, competitor, challenge, rival, threat, enemy), or 'none' if by the "
                         "codebook it is not a designation of the target, following seeds/CODEBOOK.md only. "
                         "Write your answers into coding-b.yaml as 'U001: concern'."),
        "units": [{"id": i, "issuer": u.issuer, "target": u.target, "document": u.document,
                   "title": u.document_label, "issued": u.issued, "section": u.section,
                   "quotes": [_quote(lang, text) for lang, text, verification in u.quotes
                              if verification != "unverified"] or
                             [_quote(lang, text, unverified=True) for lang, text, _ in u.quotes]}
                  for i, u in zip(ids, drawn, strict=True)]}
    for name, data in (("sample.yaml", sample), ("sheet.yaml", sheet)):
        (out / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                                encoding="utf-8")


# ---------------------------------------------------------------- scoring

def score(folder: Path) -> dict[str, Any]:
    """The agreement figures from the files of ``folder`` (see the module's docstring)."""
    sample = yaml.safe_load((folder / "sample.yaml").read_text(encoding="utf-8"))
    first = {u["id"]: u["first_coding"] for u in sample["units"]}
    issuers = {u["id"]: u["issuer"] for u in sample["units"]}
    second_file = folder / "coding-b.yaml"
    if not second_file.is_file():
        return {"units": len(first), "seed": sample["seed"], "share": sample["share"], "coded": 0,
                "measured": False}
    second = yaml.safe_load(second_file.read_text(encoding="utf-8")) or {}
    unknown = sorted(set(second) - set(first))
    if unknown:
        raise ValueError(f"{second_file}: units not in the sample: {', '.join(unknown)}")
    bad = sorted(f"{k}: {v!r}" for k, v in second.items() if v not in RANK and v != "none")
    if bad:
        raise ValueError(f"{second_file}: not a category of the shared scale: {'; '.join(bad)}")
    adjudicated: dict[str, Any] = {}
    if (folder / "adjudication.yaml").is_file():
        adjudicated = yaml.safe_load((folder / "adjudication.yaml").read_text(encoding="utf-8")) or {}
    coded = [i for i in first if i in second]
    pairs = [(first[i], second[i]) for i in coded]
    ranks = [[RANK[a], RANK.get(b)] for a, b in pairs]  # 'none' is missing on the ordinal scale
    per_category: dict[str, dict[str, int]] = {}
    for category in category_names():
        either = [(a, b) for a, b in pairs if category in (a, b)]
        if either:
            per_category[category] = {"units": len(either), "agreed": sum(a == b == category for a, b in either)}
    disagreements = [{"id": i, "issuer": issuers[i], "first": first[i], "second": second[i],
                      "adjudicated": i in adjudicated} for i in coded if first[i] != second[i]]
    by_issuer = Counter(issuers[i] for i in coded)
    return {
        "units": len(first), "seed": sample["seed"], "share": sample["share"], "coded": len(coded),
        "measured": True, "alpha_ordinal": alpha(ranks, ordinal), "alpha_nominal": alpha(ranks, nominal),
        "agreement": sum(a == b for a, b in pairs) / len(pairs) if pairs else math.nan,
        "per_category": per_category, "by_issuer": dict(sorted(by_issuer.items())),
        "disagreements": disagreements,
    }


def markdown(figures: dict[str, Any]) -> list[str]:
    """The reliability figures as Markdown lines (for seeds/COVERAGE.md and /about)."""
    head = (f"Sample: {figures['units']} designations, at least {figures['share']:.0%} of each issuer's, "
            f"drawn with seed {figures['seed']} (`seeds/reliability/sample.yaml`; recompute with "
            "`seckg reliability score`).")
    if not figures["measured"]:
        return [head, "",
                "Not yet measured: no blind second coding (`seeds/reliability/coding-b.yaml`) exists. "
                "The blind sheet is `seeds/reliability/sheet.yaml`. Until it is coded, no agreement "
                "figure is published; cite moves with their confidence and prefer band-crossing moves "
                "(`/changes?band_crossing=true`)."]
    out = [head, "",
           f"- Coded a second time, blind: {figures['coded']} of {figures['units']}.",
           f"- Krippendorff's alpha, ordinal on the ranks: {figures['alpha_ordinal']:.3f} "
           f"(nominal {figures['alpha_nominal']:.3f}); raw agreement {figures['agreement']:.0%}.",
           f"- Disagreements: {len(figures['disagreements'])}, adjudicated: "
           f"{sum(d['adjudicated'] for d in figures['disagreements'])}.", "",
           "| category | units coded so by either coder | agreed |", "|---|---:|---:|"]
    out += [f"| {c} | {v['units']} | {v['agreed']} |" for c, v in figures["per_category"].items()]
    return out


# ---------------------------------------------------------------- the band-level second reading (R10, issue 20)

def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def band_task(store: ox.Store) -> dict[str, Any]:
    """The band-reading task: every edition read in full and the targets to read it for."""
    editions: dict[str, dict[str, Any]] = {}
    for row in QUERIES["editions"].select(store):
        doc = _local(row["document"].value)
        entry = editions.setdefault(doc, {"document": doc, "issued": row["issued"].value,
                                          "replaces": _local(row["previous"].value) if row["previous"] else None,
                                          "targets": []})
        entry["targets"].append(row["target"].value)
    return {
        "instructions": ("For each edition and target, read the held text (the document's own words only) and give "
                         "the band of the document's dominant stance toward the target, as seeds/CODEBOOK.md R7.2 "
                         "defines the bands: aligned, cooperative, wary or adversarial; 'none' if the text does not "
                         "speak of it. Do not look at seeds/ or the graph. Write band-reading.yaml as "
                         "'usa-nss-1990: {CHN: wary, SUN: adversarial}'."),
        "editions": sorted(editions.values(), key=lambda e: (e["issued"], e["document"])),
    }


def band_score(store: ox.Store, folder: Path, moves: list[dict[str, Any]]) -> dict[str, Any]:
    """How far a blind band-level reading (``folder/band-reading.yaml``) confirms our moves
    (``moves``: the published CategoryMove records, kg.ask.changes) between editions read in
    full, and how many of its band changes we publish."""
    task = band_task(store)
    reading_file = folder / "band-reading.yaml"
    pairs = [(e["replaces"], e["document"]) for e in task["editions"] if e["replaces"]]
    if not reading_file.is_file():
        return {"measured": False, "editions": len(task["editions"]), "pairs": len(pairs)}
    reading = yaml.safe_load(reading_file.read_text(encoding="utf-8")) or {}
    band_level = {r["band"].value: int(r["level"].value) for r in QUERIES["bands"].select(store)}
    bad = sorted(f"{d}/{t}: {b!r}" for d, bands in reading.items() for t, b in (bands or {}).items()
                 if b not in band_level and b != "none")
    if bad:
        raise ValueError(f"{reading_file}: not a band: {'; '.join(bad)}")

    former = {r["state"].value: r["former"].value for r in QUERIES["continuations"].select(store)}

    def level(doc: str, target: str) -> int | None:
        bands = reading.get(doc) or {}
        band = bands.get(target) or bands.get(former.get(target, ""))  # Russia read as the Soviet Union
        return band_level.get(band) if band else None

    held = {e["document"] for e in task["editions"]}
    ours = [m for m in moves if _local(m["from_document"]) in held and _local(m["to_document"]) in held
            and m["crosses_band"]]
    confirmed = []
    for m in ours:
        before, after = level(_local(m["from_document"]), m["target"]), level(_local(m["to_document"]), m["target"])
        if before is not None and after is not None and (after - before) * m["rank_delta"] > 0:
            confirmed.append(m)
    published = {(_local(m["from_document"]), _local(m["to_document"]), m["target"]): m for m in moves}
    theirs, shown = [], []
    continued_by = {f: state for state, f in former.items()}
    for old, new in pairs:
        spoken = set(reading.get(old) or {}) | set(reading.get(new) or {})
        for target in sorted({continued_by.get(t, t) for t in spoken}):
            before, after = level(old, target), level(new, target)
            if before is None or after is None or before == after:
                continue
            theirs.append((old, new, target))
            move = published.get((old, new, target))
            if move is not None and (after - before) * move["rank_delta"] > 0:
                shown.append((old, new, target))
    return {
        "measured": True, "editions": len(task["editions"]), "pairs": len(pairs),
        "moves": len(ours), "confirmed": len(confirmed),
        "confirmed_share": len(confirmed) / len(ours) if ours else math.nan,
        "reading_changes": len(theirs), "shown": len(shown),
        "shown_share": len(shown) / len(theirs) if theirs else math.nan,
        "disputed": [f"{m['issuer']}-{m['target']} {m['year']}" for m in ours if m not in confirmed],
    }


def figures(store: ox.Store, folder: Path) -> dict[str, Any]:
    """The agreement figures of a reliability folder: the second coding and the band reading
    (None for both without a sample), as the report and ``seckg reliability score`` give them."""
    from kg.ask.changes import changes  # asking the graph, as the report does

    if not (folder / "sample.yaml").is_file():
        return {"coding": None, "bands": None}
    moves = [m for row in QUERIES["move_years"].select(store) for m in changes(store, year=row["year"].value)]
    return {"coding": score(folder), "bands": band_score(store, folder, moves)}


def band_markdown(figures: dict[str, Any]) -> list[str]:
    if not figures["measured"]:
        return [f"Not yet measured: no blind band-level reading (`seeds/reliability/band-reading.yaml`) of the "
                f"{figures['editions']} editions read in full exists (the task: "
                "`seeds/reliability/band-task.yaml`). No share of confirmed or shown moves is published."]
    return [f"- Band-crossing moves between editions read in full: {figures['moves']}; confirmed by the blind "
            f"reading (same direction): {figures['confirmed']} ({figures['confirmed_share']:.0%}).",
            f"- Band changes the blind reading finds between consecutive editions: {figures['reading_changes']}; "
            f"published as a move: {figures['shown']} ({figures['shown_share']:.0%}).",
            f"- Disputed: {', '.join(figures['disputed']) or 'none'}."]
