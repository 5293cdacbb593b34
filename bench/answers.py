"""The service's answers on the real seeds, kept to compare two trees: a refactoring must not
change what a user sees.

    python -m bench.answers --out var/answers-before.json            # on the old tree
    python -m bench.answers --compare var/answers-before.json        # on the new one

It builds ``seeds/`` into a temporary store, asks the service (in process, through ASGI)
a fixed list of requests -- ``/changes``, ``/dyads``, ``/states``, ``/documents``,
``/sparql`` and the named queries, each in the representations a client asks for -- and
keeps each answer's status, media type and body. What differs from build to build (the
build id, its time, the store's path) is replaced by a placeholder before comparing.
``--compare`` prints every request whose answer differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent

SPARQL = ("PREFIX seckg: <https://w3id.org/seckg/ontology#> SELECT ?d ?issuer ?target ?cat WHERE { "
          "?d a seckg:Designation ; seckg:issuer ?issuer ; seckg:target ?target ; seckg:category ?cat } "
          "ORDER BY ?d LIMIT 200")
CONSTRUCT = ("PREFIX seckg: <https://w3id.org/seckg/ontology#> CONSTRUCT { ?c ?p ?o } WHERE { "
             "?c a seckg:CategoryMove ; ?p ?o }")

JSON, TURTLE, HTML, CSV = "application/json", "text/turtle", "text/html", "text/csv"

REQUESTS: list[tuple[str, str]] = [
    *((f"/changes?year={y}", JSON) for y in (1991, 2002, 2010, 2017, 2022)),
    ("/changes?year=2022&min_confidence=unverified", JSON),
    ("/changes?year=2022&min_confidence=unverified&all_kinds=true&limit=5", JSON),
    ("/changes?year=2002&issuer=USA&direction=hostility&band_crossing=true", JSON),
    ("/changes?year=2022&robust_only=true&include_unverified=true", JSON),
    ("/changes?year=2022", TURTLE),
    ("/changes.html?year=2022", HTML),
    ("/changes.html?year=2002&issuer=USA&all_kinds=true", HTML),
    *((f"/dyads/{a}/{b}", t) for a, b in (("JPN", "CHN"), ("USA", "CHN"), ("USA", "PRK"), ("NATO", "RUS"))
      for t in (JSON, TURTLE)),
    ("/states", JSON), ("/states?limit=5", TURTLE),
    *((f"/states/{c}", t) for c in ("USA", "JPN", "CHN", "PRK") for t in (JSON, TURTLE)),
    ("/states/JPN/designations", JSON),
    ("/documents", JSON),
    ("/documents/jpn-nss-2022", JSON), ("/documents/usa-nss-2002.ttl", JSON),
    ("/categories", JSON),
    ("/queries", JSON),
    ("/queries/moved_category?year=2022", JSON),
    ("/queries/dyad_timeline?issuer=USA&target=CHN", JSON),
    *((f"/id/{p}", t) for p in ("state/JPN", "state/USA", "document/jpn-nss-2022", "change/jpn-nss-2022/chn",
                                "position/jpn-nss-2022/chn", "category/threat")
      for t in (JSON, TURTLE, HTML)),
    ("/sparql?query=" + quote(SPARQL), "application/sparql-results+json"),
    ("/sparql?query=" + quote(SPARQL), "text/csv"),
    ("/sparql?query=" + quote(CONSTRUCT), "application/n-triples"),
    ("/sparql", TURTLE),
    ("/sparql?query=" + quote("SELECT * { SERVICE <http://example.org/s> { ?s ?p ?o } }"), JSON),
    ("/sparql?update=" + quote("CLEAR ALL"), JSON),
    ("/sparql?query=" + quote("SELECT * {"), JSON),
    ("/healthz", JSON),
    ("/dumps", JSON), ("/dumps", TURTLE),
    ("/dumps/seckg.nt", "application/n-triples"),
    ("/dumps/seckg.xyz", JSON),
    ("/changes?year=2022&cursor=bogus", JSON),
    ("/changes?year=2022&limit=1", JSON),
    ("/changes?year=2022&limit=1&cursor=bzox", JSON),
    ("/changes.html?year=2022&limit=1", HTML),
    ("/states?limit=2&cursor=bzoy", JSON),
    ("/", HTML),
]


RDF = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES}


def canonical(body: str, media: str) -> str:
    """An RDF answer as its sorted N-Triples (serialisers may order triples differently)."""
    fmt = RDF.get(media.split(";")[0].strip())
    if fmt is None:
        return body
    triples = ox.parse(body.encode("utf-8"), format=fmt)
    lines = (ox.serialize([t], format=ox.RdfFormat.N_TRIPLES).decode().strip() for t in triples)
    return "\n".join(sorted(re.sub(r"_:\w+", "_:b", line) for line in lines))  # labels change, not the shape


# blank-node labels in the N-Quads dump vary in length from build to build, and so its size
SIZES = [(re.compile(r'("bytes":)\d+'), r"\1<size>"), (re.compile(r'(byteSize> )"\d+"'), r'\1"<size>"')]


def stable(body: str) -> str:
    """``body`` without what differs from one build of the same seeds to the next."""
    body = re.sub(r"\d{8}T\d{12}Z", "<build-id>", body)
    for pattern, replacement in SIZES:
        body = pattern.sub(replacement, body)
    return body


def ask(store: Path) -> dict[str, dict[str, object]]:
    """Every request of :data:`REQUESTS` on the build under ``store``, normalised."""
    from api.app import create_app

    answers: dict[str, dict[str, object]] = {}
    with TestClient(create_app(store_root=store)) as client:
        info = client.get("/healthz").json()
        volatile = [info["build"], info.get("built") or "", str(store)]
        for path, accept in REQUESTS:
            r = client.get(path, headers={"Accept": accept})
            body = r.text
            for value in volatile:
                if value:
                    body = body.replace(value, "<volatile>")
            body = stable(canonical(stable(body), r.headers.get("content-type", "")))  # sizes show in N-Triples
            answers[f"{accept} {path}"] = {"status": r.status_code,
                                           "type": r.headers.get("content-type"), "body": body}
    return answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the answers here")
    parser.add_argument("--compare", type=Path, help="compare with answers written before")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    args = parser.parse_args(argv)
    from kg.build import build

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        build(args.seeds, store)
        answers = ask(store)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(answers, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"{len(answers)} answers written to {args.out}")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        for old in before.values():  # kept by an earlier version of this script, perhaps
            old["body"] = stable(str(old["body"]))
        differ = [key for key in sorted(set(before) | set(answers)) if before.get(key) != answers.get(key)]
        for key in differ:
            old, new = before.get(key) or {}, answers.get(key) or {}
            print(f"DIFFERS {key}: status {old.get('status')} -> {new.get('status')}, "
                  f"type {old.get('type')} -> {new.get('type')}")
            diff = difflib.unified_diff(str(old.get("body", "")).splitlines(), str(new.get("body", "")).splitlines(),
                                        lineterm="", n=1)
            print("\n".join(list(diff)[:20]))
        print(f"{len(answers) - len(differ)} of {len(answers)} answers identical")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
