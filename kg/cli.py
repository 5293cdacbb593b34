"""``seckg``: the command line, a thin shell over the ``kg`` functions.

    seckg build    [--seeds DIR] [--cold] [--store DIR | --store-url URL]
    seckg validate [--seeds DIR]
    seckg query    'SPARQL' | --name NAME [--param k=v ...] [--format table|json|csv]
    seckg queries
    seckg suggest  --document ID [--limit N] [--include-coded] [--measure] [--format text|json]
    seckg changes  --year YYYY [--issuer XXX] [--target XXX] [--direction hostility|friendship]
                   [--all-kinds] [--include-unverified]
                   [--min-confidence high|medium|low|unverified] [--band-crossing] [--robust-only]
                   [--format table|json]
    seckg export   --format turtle|ntriples|jsonld|trig|nquads|datapackage [--out FILE|DIR]
    seckg report   [--format markdown|json] [--out FILE | --check FILE]
    seckg reliability sample|score [--dir seeds/reliability] [--share 0.25] [--seed 2026]
    seckg synth    --issuers N --editions M --targets K --out DIR [--seed S]
    seckg serve    [--host H] [--port P] [--processes N] [--store DIR | --store-url URL]

Exit status: 0 on success, 1 when the seeds are invalid, 2 on any other error.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg import __version__
from kg.ask.change_filter import DEFAULT_CONFIDENCE
from kg.errors import SeckgError, SeedsInvalid
from kg.settings import Settings
from kg.vocab import ID, SECKG, confidences


def _store(args: argparse.Namespace) -> Any:
    from kg.stores import open_at

    return open_at(args.store, getattr(args, "store_url", None)).get()


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from kg.build import build

    if args.store_url:  # publish to a SPARQL store over HTTP instead (kg.build.publish)
        from kg.build import publish
        from kg.stores import http_at

        info = publish(args.seeds, http_at(args.store_url), progress=_progress)
        print(f"published {info['counts']['triples']} triples in {sum(info['timings'].values()):.2f} s "
              f"-> {info['graph']} on {info['store']}")
        return 0
    info = build(args.seeds, args.store, progress=_progress, cold=args.cold)
    counts = info["counts"]
    total = sum(info["timings"].values())
    how = "incrementally, " if "incremental" in info else ""
    print(f"built {counts['documents']} documents, {counts['designations']} designations, "
          f"{counts['quads']} quads ({how}in {total:.2f} s) -> {info['path']}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.build import validate

    result = validate(args.seeds, progress=_progress if args.verbose else lambda _: None)
    print(f"valid: {result.counts['documents']} documents, {result.counts['designations']} designations")
    return 0


def _print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        print("(no results)", file=sys.stderr)
        return
    columns = list(rows[0])
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        return
    cells = [[_cell(r[c]) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    for prefix in (ID.root, str(SECKG)):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _params(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SeckgError(f"--param expects name=value, got {pair!r}")
        out[key] = value
    return out


def cmd_query(args: argparse.Namespace) -> int:
    from kg.ask import named

    store = _store(args)
    if args.name:
        rows = list(named.rows(store, args.name, _params(args.param)))
    elif args.sparql:
        from kg.sparql_text import check_query

        check_query(args.sparql)
        import pyoxigraph as ox

        result = store.query(args.sparql, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            print("true" if bool(result) else "false")
            return 0
        if isinstance(result, ox.QueryTriples):
            sys.stdout.write((ox.serialize(result, format=ox.RdfFormat.TURTLE) or b"").decode("utf-8"))
            return 0
        variables = [v.value for v in result.variables]
        rows = [{v: named.term_value(s[v]) for v in variables} for s in result]
    else:
        raise SeckgError("give a SPARQL query or --name NAME")
    _print_rows(rows, args.format)
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    from kg.ask import named

    for q in named.catalogue().values():
        params = ", ".join(f"{p.name}{'' if p.required else '?'}:{p.type}" for p in q.params.values())
        print(f"{q.name}({params})\n    {q.summary}")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from kg.ask.change_filter import ChangeFilter
    from kg.ask.changes import find

    found = find(_store(args), ChangeFilter.from_params(vars(args))).records
    if args.format == "json":
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"no changes in {args.year}", file=sys.stderr)
        return 0
    for c in found:
        arrow = f"{c['from_category'] or '-'} -> {c['to_category'] or '-'}"
        extra = f", {c['direction']} ({c['rank_delta']:+d})" if c["direction"] else ""
        extra += ", crosses a band" if c["crosses_band"] else ""
        extra += ", robust" if c["robust"] else ""
        extra += f", confidence {c['confidence']}" if c["confidence"] else ""
        print(f"{c['issuer']} on {c['target']}: {arrow} [{c['kind']}{extra}]")
        for side, doc in (("from", c["from_document"]), ("to", c["to_document"])):
            position = c[f"{side}_position"]
            inputs = ""
            if position:
                bands = ", ".join(f"{b} {n}" for b, n in position["passages_per_band"].items())
                inputs = f"  position {position['band']} ({bands}; read in {position['reading_depth']})"
            print(f"  {side} {_cell(doc)}{inputs}")
            for facet in c[side]:
                mark = "*" if facet["position"] else " "
                print(f"   {mark} {facet['category']}: {facet['term'] or ''}"
                      f"{'  [' + facet['section'] + ']' if facet['section'] else ''}")
                for q in facet["quotes"]:
                    print(f"       \"{q['text']}\" ({q['lang']}, {q['verification']}) {q['source'] or ''}")
                if not facet["quotes"]:
                    print("       (no verified quote; --include-unverified shows unverified ones)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kg.formats import Format
    from kg.stores.export import export

    store = _store(args)
    if args.format == "datapackage":  # CSV tables and datapackage.json, for R, Stata and spreadsheets
        from kg.ask import tables

        if not args.out:
            print("seckg export --format datapackage needs --out DIR", file=sys.stderr)
            return 2
        for path in tables.export(store, Path(args.out)):
            print(path)
        return 0
    fmt = Format(args.format)
    if args.out:
        export(store, fmt, str(args.out))
    else:
        data = export(store, fmt)
        assert data is not None
        sys.stdout.buffer.write(data)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from kg.ask import suggest

    store = _store(args)
    if args.measure:
        figures = suggest.measure(store, args.document)
        print(json.dumps(figures, indent=2) if args.format == "json" else
              f"{figures['documents']} documents, {figures['designations']} coded designations with a located "
              f"official quote: {figures['found']} in a proposed sentence naming their target (recall "
              f"{100 * figures['recall']:.1f}%); {figures['proposals']} proposals, "
              f"{figures['proposals_per_designation']:.2f} per coded designation")
        return 0
    from kg.ask.texts import text

    for doc_id in args.document:
        found = suggest.suggest(store, doc_id, include_coded=args.include_coded)[:args.limit]
        held = text(store, doc_id) or {}
        if args.format == "json":
            print(json.dumps([vars(p) for p in found], ensure_ascii=False, indent=2))
            continue
        print(f"# {doc_id}: {len(found)} proposals, best first (seckg suggest; the category is yours to decide)")
        for rank, p in enumerate(found, 1):
            print(f"\n## {rank}. #char={p.start},{p.end}  {', '.join(p.targets)}: {', '.join(p.words)}")
            print(f"{p.sentence}\n")
            source = held.get("sourceRecord")
            print(p.entry(held.get("language", "en"), source.rsplit("/", 1)[-1] if source else None))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from kg.ask.reliability import figures
    from kg.ask.report import collect, markdown

    store = _store(args)
    report = collect(store)
    report["reliability"] = figures(store, args.reliability)
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n" if args.format == "json" else markdown(report)
    if args.check:
        current = args.check.read_text(encoding="utf-8") if args.check.exists() else ""
        if current != text:
            print(f"{args.check} is out of date: run 'seckg report --out {args.check}'", file=sys.stderr)
            return 1
        print(f"{args.check} is up to date")
    elif args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_reliability(args: argparse.Namespace) -> int:
    import yaml

    from kg.ask.reliability import band_markdown, band_task, draw, figures, markdown, units, write_sample

    store = _store(args)
    if args.action == "sample":
        drawn = draw(units(store), share=args.share, seed=args.seed)
        write_sample(drawn, args.dir, share=args.share, seed=args.seed)
        (args.dir / "band-task.yaml").write_text(
            yaml.safe_dump(band_task(store), allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
        print(f"{len(drawn)} units drawn (seed {args.seed}) -> {args.dir}/sample.yaml, sheet.yaml, band-task.yaml")
        return 0
    found = figures(store, args.dir)
    if found["coding"] is None:
        print(f"no reliability sample in {args.dir}: run 'seckg reliability sample' first", file=sys.stderr)
        return 1
    print("\n".join(markdown(found["coding"]) + [""] + band_markdown(found["bands"])))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.middleware import log_config

    if args.processes < 1:
        print("--processes must be at least 1", file=sys.stderr)
        return 2
    # our access log (JSON, api/middleware.py) replaces uvicorn's; uvloop and httptools when installed
    options: dict[str, Any] = {"host": args.host, "port": args.port, "log_level": "info", "log_config": log_config(),
                               "access_log": False}
    if args.processes == 1:
        uvicorn.run(create_app(store_root=args.store, store_url=args.store_url), **options)
        return 0
    # each process makes its own app from the environment: its store handle, answers, query workers
    os.environ["SECKG_STORE"] = str(args.store)
    if args.store_url:
        os.environ["SECKG_STORE_URL"] = args.store_url
    uvicorn.run("api.app:create_app", factory=True, workers=args.processes, **options)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from kg.pipeline.synth import synth

    made = synth(args.out, issuers=args.issuers, editions=args.editions, targets=args.targets, seed=args.seed)
    print(f"wrote {made.issuers} issuers, {made.series} series, {made.documents} documents, "
          f"{made.designations} designations ({len(made.files)} files) -> {made.out}")
    return 0


def parser() -> argparse.ArgumentParser:
    settings = Settings.from_env()
    p = argparse.ArgumentParser(prog="seckg", description="The security-designations knowledge graph.")
    p.add_argument("--version", action="version", version=f"seckg {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def with_store(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--store", type=Path, default=settings.store, help="store root (SECKG_STORE)")
        sp.add_argument("--store-url", default=settings.store_url, metavar="URL",
                        help="a SPARQL store over HTTP to use instead (SECKG_STORE_URL)")

    b = sub.add_parser("build", help="load, validate, infer, derive and store the seeds")
    b.add_argument("--seeds", type=Path, default=settings.seeds, help="seeds folder (SECKG_SEEDS)")
    b.add_argument("--cold", action="store_true",
                   help="build from nothing, even where only documents changed since the last build "
                        "(which is otherwise incremental)")
    with_store(b)
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="check the seeds; every problem with file and line")
    v.add_argument("--seeds", type=Path, default=settings.seeds)
    v.add_argument("--verbose", action="store_true", help="show the pipeline steps")
    v.set_defaults(func=cmd_validate)

    q = sub.add_parser("query", help="run a SPARQL query or a named query")
    q.add_argument("sparql", nargs="?", help="SPARQL query text")
    q.add_argument("--name", help="a named query (see 'seckg queries')")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    q.add_argument("--format", choices=("table", "json", "csv"), default="table")
    with_store(q)
    q.set_defaults(func=cmd_query)

    ql = sub.add_parser("queries", help="list the named queries and their parameters")
    ql.set_defaults(func=cmd_queries)

    c = sub.add_parser("changes", help="which targets moved category in a year, with quotes")
    c.add_argument("--year", required=True)
    c.add_argument("--issuer")
    c.add_argument("--target")
    c.add_argument("--direction", choices=("hostility", "friendship"), help="only moves in this direction")
    c.add_argument("--all-kinds", action="store_true",
                   help="also changes of term, newly designated, no longer mentioned, not coded")
    c.add_argument("--include-unverified", action="store_true", help="also show unverified quotes")
    c.add_argument("--min-confidence", choices=confidences(), default=DEFAULT_CONFIDENCE,
                   help="only changes of at least this confidence (codebook R9.4; default medium)")
    c.add_argument("--band-crossing", action="store_true", help="only moves that also change band (R7.2)")
    c.add_argument("--robust-only", action="store_true",
                   help="only moves that no single passage more could undo (R8.1)")
    c.add_argument("--format", choices=("table", "json"), default="table")
    with_store(c)
    c.set_defaults(func=cmd_changes)

    e = sub.add_parser("export", help="dump the whole graph")
    e.add_argument("--format", choices=("turtle", "ntriples", "jsonld", "trig", "nquads", "datapackage"),
                   default="turtle", help="an RDF format, or datapackage: CSV tables with datapackage.json (--out DIR)")
    e.add_argument("--out", type=Path)
    with_store(e)
    e.set_defaults(func=cmd_export)

    g = sub.add_parser("suggest", help="sentences of a held text that may designate someone, not yet coded")
    g.add_argument("--document", action="append", required=True, help="a document whose text is held (repeatable)")
    g.add_argument("--limit", type=int, default=50, help="at most this many proposals per document (default 50)")
    g.add_argument("--include-coded", action="store_true", help="also sentences already coded for their target")
    g.add_argument("--measure", action="store_true",
                   help="instead, the recall on these coded documents and the proposals per coded designation")
    g.add_argument("--format", choices=("text", "json"), default="text")
    with_store(g)
    g.set_defaults(func=cmd_suggest)

    r = sub.add_parser("report", help="the data report: coverage, verification, changes")
    r.add_argument("--format", choices=("markdown", "json"), default="markdown")
    r.add_argument("--out", type=Path, help="write to this file")
    r.add_argument("--check", type=Path, metavar="FILE", help="exit 1 if FILE differs from the report")
    r.add_argument("--reliability", type=Path, default=settings.seeds / "reliability",
                   help="the reliability sample and codings to report (codebook R10)")
    with_store(r)
    r.set_defaults(func=cmd_report)

    rel = sub.add_parser("reliability", help="the blind reliability sample and the agreement figures (codebook R10)")
    rel.add_argument("action", choices=("sample", "score"),
                     help="sample: draw the sample and write the blind sheets; score: the agreement figures")
    rel.add_argument("--dir", type=Path, default=settings.seeds / "reliability")
    rel.add_argument("--share", type=float, default=0.25, help="the share of each issuer's designations drawn")
    rel.add_argument("--seed", type=int, default=2026)
    with_store(rel)
    rel.set_defaults(func=cmd_reliability)

    s = sub.add_parser("serve", help="serve the built store over HTTP")
    s.add_argument("--host", default=settings.host)
    s.add_argument("--port", type=int, default=settings.port)
    s.add_argument("--processes", type=int, default=settings.processes,
                   help="serving processes, each with its own answers and copy in memory (SECKG_PROCESSES)")
    with_store(s)
    s.set_defaults(func=cmd_serve)

    y = sub.add_parser("synth", help="write a synthetic seeds folder (for tests and benchmarks)")
    y.add_argument("--issuers", type=int, required=True, help="issuing states")
    y.add_argument("--editions", type=int, required=True, help="editions per document series")
    y.add_argument("--targets", type=int, required=True, help="targets designated per edition")
    y.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    y.add_argument("--seed", type=int, default=0, help="the same seed gives the same files")
    y.set_defaults(func=cmd_synth)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SeedsInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s); the store in service was not changed", file=sys.stderr)
        return 1
    except SeckgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SyntaxError as exc:  # pyoxigraph reports a malformed query as SyntaxError
        print(f"error: SPARQL syntax: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `seckg changes ... | head`: the reader went away, which is fine
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
