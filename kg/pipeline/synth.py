"""Synthetic seeds: a seeds folder in our format, of realistic shape and any size.

For tests and benchmarks (``seckg synth``, ``bench/run.py``), never for ``seeds/``. The
output is a seeds folder that ``seckg validate`` accepts:

    <out>/actors.yaml              every current ISO 3166-1 alpha-3 state (the codes of
                                   shapes/actor.ttl less the former ones) and a few organisations
    <out>/<issuer>/register.yaml   1 or 2 series, 1-3 national terms per category, 4 sources
    <out>/<issuer>/<doc>.yaml      ``editions`` successive editions per series, each replacing
                                   the one before, each designating ``targets`` actors

What makes it look like the curated data: a target keeps its category between editions
unless it moves (``MOVE_RATE`` of the targets, by 1 to 3 ranks); terms change now and then
without a move; some targets get a friendlier second facet or a hostile facet limited to a
region (``scope:``); some sections imply a category and designations placed there rely on
it; coverage lists actors examined but not designated; a few targets come and go. Every
quote, title and source says it is synthetic, and every source is on example.org.

The same arguments and seed give byte-identical files (every random choice comes from a
``random.Random`` seeded with a string, which does not depend on PYTHONHASHSEED).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     made = synth(Path(tmp) / "seeds", issuers=2, editions=3, targets=5, seed=7)
...     made.designations >= made.documents * 5, (Path(tmp) / "seeds" / "actors.yaml").is_file()
(True, True)
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.errors import SeckgError
from kg.resources import shapes_dir
from kg.vocab import SH, SHAPES, category_names

MOVE_RATE = 0.15  # share of the targets kept from one edition to the next that move category
TERM_CHANGE_RATE = 0.05  # share of the others whose national term changes (same category)
CHURN_RATE = 0.05  # share of the targets dropped and replaced by another actor
SECOND_FACET_RATE = 0.15  # a friendlier second facet ("partner and competitor")
SCOPED_FACET_RATE = 0.05  # a more hostile facet limited to a region or domain
SECOND_SERIES_RATE = 0.3  # issuers with a second series (a defence white paper)
LAST_YEAR = 2025

# ISO 3166-3 codes of former states: valid in the shapes, but not for synthetic documents
FORMER = frozenset(("AFI", "ANT", "ATB", "ATN", "BUR", "BYS", "CSK", "CTE", "DDR", "DHY", "FXX", "GEL", "HVO",
                    "JTN", "MID", "NHB", "NTZ", "PCI", "PCZ", "PUS", "RHO", "SCG", "SKM", "SUN", "TMP", "VDR",
                    "WAK", "YMD", "YUG", "ZAR"))
ORGANIZATIONS = {"NATO": "North Atlantic Treaty Organization", "EU": "European Union",
                 "ASEAN": "Association of Southeast Asian Nations", "AU": "African Union",
                 "SCO": "Shanghai Cooperation Organisation", "CSTO": "Collective Security Treaty Organization",
                 "GCC": "Gulf Cooperation Council", "OAS": "Organization of American States"}
LANGUAGES = ("en", "fr", "de", "es", "ja", "ko", "ru", "zh", "ar", "pt", "it", "pl")
# how often each category (ally ... enemy) is a target's first position
CATEGORY_WEIGHTS = (8, 14, 16, 14, 16, 8, 8, 5, 8, 3)
SCOPES = ("Europe", "the Indo-Pacific", "cyberspace", "economic security", "outer space")
VERIFICATION = (("verbatim-official", 70), ("verbatim-secondary", 22), ("unverified", 8))
HEADER = "# Synthetic data made by 'seckg synth --seed {seed}': not real documents, quotes or sources.\n"


@dataclass
class Made:
    """What :func:`synth` wrote."""

    out: Path
    issuers: int = 0
    series: int = 0
    documents: int = 0
    designations: int = 0
    files: list[Path] = field(default_factory=list)


@cache
def state_codes() -> tuple[str, ...]:
    """The current ISO 3166-1 alpha-3 codes: the list in shapes/actor.ttl less FORMER."""
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection

    graph = Graph().parse(shapes_dir() / "actor.ttl", format="turtle")
    listed = graph.value(URIRef(SHAPES + "State-iso-code"), URIRef(SH + "in"))
    if listed is None:
        raise SeckgError("shapes/actor.ttl has no sh:in list of state codes")
    return tuple(sorted(str(code) for code in Collection(graph, listed) if str(code) not in FORMER))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _texts(texts: dict[str, str]) -> str:
    return "{" + ", ".join(f"{lang}: {_q(text)}" for lang, text in texts.items()) + "}"


@dataclass
class _Target:
    rank: int  # 1 (ally) .. 10 (enemy)
    term: int  # which of the issuer's terms of that category
    style: str  # how the main facet names its category: term, category or section


@dataclass
class _Issuer:
    code: str
    rng: random.Random
    language: str
    terms: dict[str, int]  # category: how many terms
    implied: dict[str, str]  # category: id of the section implying it


def synth(out: Path, *, issuers: int, editions: int, targets: int, seed: int = 0) -> Made:
    """Write a synthetic seeds folder to ``out`` (which must not exist or be empty)."""
    out = Path(out)
    states = state_codes()
    actors = states + tuple(ORGANIZATIONS)
    if not 1 <= issuers <= len(states):
        raise SeckgError(f"--issuers must be between 1 and {len(states)}, got {issuers}")
    if editions < 1:
        raise SeckgError(f"--editions must be at least 1, got {editions}")
    if not 1 <= targets <= len(actors) // 2:
        raise SeckgError(f"--targets must be between 1 and {len(actors) // 2}, got {targets}")
    if out.exists() and any(out.iterdir()):
        raise SeckgError(f"{out} is not empty: give a new folder")
    out.mkdir(parents=True, exist_ok=True)
    made = Made(out)
    header = HEADER.format(seed=seed)
    lines = [header, "actors:\n"]
    for code in states:
        lines.append(f"  - {{code: {code}, kind: state, name: {{en: {_q(f'State {code} (synthetic)')}}}}}\n")
    for code, name in ORGANIZATIONS.items():
        lines.append(f"  - {{code: {code}, kind: organization, name: {{en: {_q(name + ' (synthetic)')}}}}}\n")
    _write(made, out / "actors.yaml", lines)
    chosen = random.Random(f"seckg-synth:{seed}").sample(states, issuers)
    for code in sorted(chosen):
        rng = random.Random(f"seckg-synth:{seed}:{code}")
        _issuer(made, out / code.lower(), _new_issuer(code, rng), [a for a in actors if a != code],
                editions, targets, header)
    return made


def _write(made: Made, path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")
    made.files.append(path)


def _new_issuer(code: str, rng: random.Random) -> _Issuer:
    language = rng.choice(LANGUAGES)
    terms = {c: rng.randint(1, 3) for c in category_names()}
    implied_cats = rng.sample(category_names(), rng.randint(2, 4))
    return _Issuer(code, rng, language, terms, {c: f"s-{c}" for c in sorted(implied_cats, key=category_names().index)})


def _term_label(iss: _Issuer, category: str, i: int) -> dict[str, str]:
    label = {"en": f"synthetic {category} term {i}"}
    if iss.language != "en":
        label[iss.language] = f"SYN-{iss.language.upper()} {category} {i}"
    return label


def _issuer(made: Made, folder: Path, iss: _Issuer, others: list[str], editions: int, targets: int,
            header: str) -> None:
    rng, slug = iss.rng, iss.code.lower()
    series = [(f"syn-{slug}-nss", "National Security Strategy", (2, 5))]
    if rng.random() < SECOND_SERIES_RATE:
        series.append((f"syn-{slug}-dwp", "Defence White Paper", (1, 2)))
    lines = [header, f"issuer: {iss.code}\n", "series:\n"]
    for sid, title, _ in series:
        lines.append(f"  - id: {sid}\n    title: {_texts({'en': f'{title} of {iss.code} (synthetic)'})}\n")
    lines.append("terms:\n")
    for category, n in iss.terms.items():
        for i in range(1, n + 1):
            lines.append(f"  - id: syn-{category}-{i}\n    label: {_texts(_term_label(iss, category, i))}\n"
                         f"    category: {category}\n")
    lines.append("sources:\n")
    for kind, language in (("official-text", iss.language), ("official-translation", "en"),
                           ("press-quote", "en"), ("draft-report", "en")):
        lines.append(f"  - id: syn-{slug}-{kind}\n    url: https://example.org/synthetic/{slug}/{kind}\n"
                     f"    title: {_q(f'Synthetic {kind} for {iss.code}')}\n"
                     f"    publisher: {_q('Synthetic Publisher')}\n    kind: {kind}\n    language: {language}\n")
    _write(made, folder / "register.yaml", lines)
    made.issuers += 1
    for sid, title, gaps in series:
        _series(made, folder, iss, sid, title, gaps, others, editions, targets, header)
        made.series += 1


def _first_target(rng: random.Random, iss: _Issuer) -> _Target:
    rank = rng.choices(range(1, 11), weights=CATEGORY_WEIGHTS)[0]
    style = rng.choices(("term", "category", "section"), weights=(70, 15, 15))[0]
    return _Target(rank, rng.randint(1, iss.terms[category_names()[rank - 1]]), style)


def _evolve(rng: random.Random, iss: _Issuer, t: _Target) -> _Target:
    """The target in the next edition: mostly unchanged, sometimes moved or renamed."""
    if rng.random() < MOVE_RATE:
        step = rng.choice((1, 1, 1, 2, 2, 3)) * rng.choice((-1, 1))
        rank = t.rank + step if 1 <= t.rank + step <= 10 else t.rank - step
        return _Target(rank, rng.randint(1, iss.terms[category_names()[rank - 1]]), t.style)
    n = iss.terms[category_names()[t.rank - 1]]
    if n > 1 and rng.random() < TERM_CHANGE_RATE:
        return _Target(t.rank, t.term % n + 1, t.style)
    return t


def _series(made: Made, folder: Path, iss: _Issuer, sid: str, title: str, gaps: tuple[int, int],
            others: list[str], editions: int, targets: int, header: str) -> None:
    rng = iss.rng
    steps = [rng.randint(*gaps) for _ in range(editions - 1)]
    year = LAST_YEAR - rng.randint(0, 3) - sum(steps)
    pool = rng.sample(others, min(len(others), targets + max(2, targets // 4)))
    state = {code: _first_target(rng, iss) for code in pool[:targets]}
    previous: str | None = None
    dropped: list[str] = []
    for n in range(editions):
        if n:
            year += steps[n - 1]
            dropped = [code for code in state if rng.random() < CHURN_RATE]
            spare = [code for code in pool if code not in state]
            for code in dropped[: len(spare)]:
                del state[code]
            for code in rng.sample(spare, min(len(spare), len(dropped))):
                state[code] = _first_target(rng, iss)
            state = {code: _evolve(rng, iss, t) for code, t in state.items()}
        issued = dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
        if rng.random() < 0.1:
            issued = f'"{issued[:7]}"'  # only the month is known
        doc_id = f"{sid}-{year}"
        examined = [c for c in pool if c not in state and rng.random() < 0.5]
        examined += [c for c in dropped if c not in examined and rng.random() < 0.8]
        lines, count = _document(iss, doc_id, sid, title, issued, previous, state,
                                 sorted(set(state) | set(examined)), header)
        _write(made, folder / f"{doc_id}.yaml", lines)
        made.documents += 1
        made.designations += count
        previous = doc_id


def _document(iss: _Issuer, doc_id: str, sid: str, title: str, issued: str, previous: str | None,
              state: dict[str, _Target], coverage: list[str], header: str) -> tuple[list[str], int]:
    """The lines of one edition's file and how many designations it has."""
    rng, slug, year = iss.rng, iss.code.lower(), doc_id.rsplit("-", 1)[1]
    lines = [header, "document:\n", f"  id: {doc_id}\n", f"  series: {sid}\n", f"  issuer: {iss.code}\n",
             f"  title: {_texts({'en': f'{title} of {iss.code} {year} (synthetic)'})}\n",
             f"  issued: {issued}\n", f"  language: {iss.language}\n",
             f"  url: https://example.org/synthetic/{slug}/{doc_id}\n"]
    if previous:
        lines.append(f"  replaces: {previous}\n")
    lines.append(f"  coverage: [{', '.join(coverage)}]\n")
    lines.append(f"  note: {_q('Synthetic edition for tests and benchmarks.')}\n  sections:\n")
    sections: list[tuple[str, str, str, str | None]] = [
        ("intro", "I", "Introduction", None), ("environment", "II", "Security environment", None)]
    sections += [(section, f"III.{i}", f"Designated {category} (synthetic)", category)
                 for i, (category, section) in enumerate(iss.implied.items(), start=1)]
    for section, number, heading, implies in sections:
        lines.append(f"    - id: {section}\n      number: \"{number}\"\n      title: {_texts({'en': heading})}\n")
        if implies:
            lines.append(f"      implies: {implies}\n")
    lines.append("  designations:\n")
    count = 0
    for code, t in state.items():
        for facet in _facets(rng, t):
            lines += _designation(iss, doc_id, code, *facet)
            count += 1
    return lines, count


def _facets(rng: random.Random, t: _Target) -> list[tuple[int, int, str, str | None]]:
    """(rank, term, style, scope) of each facet of a target; the first is its position."""
    facets: list[tuple[int, int, str, str | None]] = [(t.rank, t.term, t.style, None)]
    if t.rank > 1 and rng.random() < SECOND_FACET_RATE:
        facets.append((rng.randint(1, t.rank - 1), 1, "term", None))
    if t.rank < 10 and rng.random() < SCOPED_FACET_RATE:
        facets.append((rng.randint(t.rank + 1, 10), 1, "category", rng.choice(SCOPES)))
    return facets


def _designation(iss: _Issuer, doc_id: str, target: str, rank: int, term: int, style: str,
                 scope: str | None) -> list[str]:
    rng, category = iss.rng, category_names()[rank - 1]
    section = iss.implied.get(category)
    lines = [f"    - target: {target}\n"]
    if section and style != "category":
        lines.append(f"      section: {section}\n")
    elif rng.random() < 0.7:
        lines.append("      section: environment\n")
    if style == "category" or (style == "section" and not section):
        lines.append(f"      category: {category}\n")
    if style == "term" or (style == "section" and not section):
        lines.append(f"      term: syn-{category}-{term}\n")
    if scope:
        lines.append(f"      scope: {_q(scope)}\n")
    rules = [f"R2.{rank}"] + (["R5.1"] if scope else [])  # the category's rule (codebook R2), and scope
    lines.append(f"      rules: [{', '.join(rules)}]\n")
    lines.append("      evidence:\n")
    label = _term_label(iss, category, term)
    verification = rng.choices([v for v, _ in VERIFICATION], weights=[w for _, w in VERIFICATION])[0]
    kinds = {"verbatim-official": ("official-text", "official-translation"),
             "verbatim-secondary": ("press-quote", "press-quote"),
             "unverified": ("draft-report", "draft-report")}[verification]
    quotes = [("en", kinds[1], f"SYNTHETIC QUOTE: {iss.code} {doc_id} on {target}: {label['en']}")]
    if iss.language != "en":
        quotes.insert(0, (iss.language, kinds[0], f"SYNTHETIC QUOTE: {iss.code} {doc_id} / {target}: "
                                                  f"{label[iss.language]}"))
    for lang, kind, quote in quotes:
        page = f", page: \"{rng.randint(1, 120)}\"" if rng.random() < 0.5 else ""
        lines.append(f"        - {{quote: {_q(quote)}, lang: {lang}, source: syn-{iss.code.lower()}-{kind}, "
                     f"verification: {verification}{page}}}\n")
    return lines
