"""The measurements behind the proposals in bench/README.md, on one build and its seeds.

    python -m bench.experiments SEEDS STORE_ROOT     # e.g. after bench.run --keep

1. read: PyYAML's pure-Python parser vs ``kg.yamlfile.loads`` (libyaml since commit 465eb5a),
   built into the same LineDict/LineList trees;
2. infer: the naive fixpoint of ``kg.infer`` vs a semi-naive one (rounds after the first
   join only against the triples the previous round added), from the asserted graph of
   the build; then the pass after derive, with the derived graph as the first delta;
3. validate: ``kg.validate.check_store`` (SHACL Core compiled to SPARQL since commit
   935ac07) on an in-memory copy, as the build runs it;
4. queries: ``change_evidence`` and ``dyad_timeline`` as shipped vs with each top-level
   OPTIONAL inside Oxigraph's LATERAL (SEP-0006).

Each prints its times and whether its result equals the current one. None of this is
used by the build or the service.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import infer, queries, yamlfile
from kg.namespaces import GRAPH_DERIVED, GRAPH_INFERRED
from kg.rdfterms import construct
from kg.seeds import seed_files
from kg.store import StoreHandle

DELTA = ox.NamedNode("urn:seckg:bench:delta")
_D = f"<{DELTA.value}>"
_SCHEMA_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
_CHAIN = ("?p owl:propertyChainAxiom ?chain . ?chain rdf:first ?p1 ; rdf:rest ?rest . "
          "?rest rdf:first ?p2 ; rdf:rest rdf:nil .")
# kg/rules/*.rq with their data patterns read from the delta graph only (one variant per data pattern)
DELTA_RULES = [_SCHEMA_PREFIXES + q for q in (
    f"CONSTRUCT {{ ?x a ?super }} WHERE {{ ?class rdfs:subClassOf+ ?super . GRAPH {_D} {{ ?x a ?class }} "
    "FILTER (isIRI(?super)) }",
    f"CONSTRUCT {{ ?x a ?c }} WHERE {{ ?p rdfs:domain ?c . GRAPH {_D} {{ ?x ?p ?y }} FILTER (isIRI(?c)) }}",
    f"CONSTRUCT {{ ?y ?q ?x }} WHERE {{ {{ ?p owl:inverseOf ?q }} UNION {{ ?q owl:inverseOf ?p }} "
    f"GRAPH {_D} {{ ?x ?p ?y }} FILTER (!isLiteral(?y)) }}",
    f"CONSTRUCT {{ ?y a ?c }} WHERE {{ ?p rdfs:range ?c . GRAPH {_D} {{ ?x ?p ?y }} "
    "FILTER (isIRI(?c) && !isLiteral(?y)) }",
    f"CONSTRUCT {{ ?x ?super ?y }} WHERE {{ ?p rdfs:subPropertyOf+ ?super . GRAPH {_D} {{ ?x ?p ?y }} "
    "FILTER (isIRI(?super)) }",
    f"CONSTRUCT {{ ?x ?p ?z }} WHERE {{ {_CHAIN} GRAPH {_D} {{ ?x ?p1 ?y }} ?y ?p2 ?z . }}",
    f"CONSTRUCT {{ ?x ?p ?z }} WHERE {{ {_CHAIN} ?x ?p1 ?y . GRAPH {_D} {{ ?y ?p2 ?z }} }}",
    f"CONSTRUCT {{ ?x ?p ?z }} WHERE {{ ?p a owl:TransitiveProperty . GRAPH {_D} {{ ?x ?p ?y }} ?y ?p ?z }}",
    f"CONSTRUCT {{ ?x ?p ?z }} WHERE {{ ?p a owl:TransitiveProperty . ?x ?p ?y . GRAPH {_D} {{ ?y ?p ?z }} }}",
)]


def _timed(f: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = f()
    return out, time.perf_counter() - start


def read(seeds: Path) -> None:
    files = seed_files(seeds)
    texts = [f.read_text(encoding="utf-8") for f in files]

    def pure_python() -> list[Any]:
        out = []
        for f, text in zip(files, texts, strict=True):
            loader = yamlfile._Loader(text)
            try:
                node = loader.get_single_node()
                assert node is not None
                out.append(yamlfile._build(node, loader, 0, str(f), set()))
            finally:
                loader.dispose()
        return out

    slow, t_py = _timed(pure_python)
    quick, t_now = _timed(lambda: [yamlfile.loads(t, f) for f, t in zip(files, texts, strict=True)])
    same = slow == quick and all(_lines(a) == _lines(b) for a, b in zip(slow, quick, strict=True))
    print(f"read: {len(files)} files, {sum(map(len, texts)) / 1e6:.1f} MB: PyYAML pure-Python {t_py:.1f} s, "
          f"kg.yamlfile.loads (libyaml where PyYAML has it) {t_now:.1f} s; same values and lines: {same}")


def _lines(x: Any) -> Any:
    if isinstance(x, yamlfile.LineDict):
        return [x.line, sorted(x.key_lines.items()), [_lines(v) for v in x.values()]]
    if isinstance(x, yamlfile.LineList):
        return [x.line, x.item_lines, [_lines(v) for v in x]]
    return x


def _seminaive(store: ox.Store, into: ox.NamedNode, first: Iterable[str]) -> int:
    """Rules to a fixpoint; after the first round only the delta rules, on the last round's news."""
    added, rules = 0, list(first)
    while True:
        fresh: set[ox.Triple] = set()
        for query in rules:
            for t in construct(store, query):
                if not isinstance(t.subject, ox.Literal) and t not in fresh and not any(
                        q.graph_name != DELTA for q in store.quads_for_pattern(t.subject, t.predicate, t.object)):
                    fresh.add(t)
        store.remove_graph(DELTA)
        if not fresh:
            return added
        store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in fresh for g in (into, DELTA))
        added, rules = added + len(fresh), DELTA_RULES


def _graph(store: ox.Store, graph: str) -> set[tuple[Any, Any, Any]]:
    return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


def infer_passes(built: ox.Store) -> None:
    skip = {str(GRAPH_INFERRED), str(GRAPH_DERIVED)}

    def asserted() -> ox.Store:
        s = ox.Store()
        s.extend(q for q in built.quads_for_pattern(None, None, None, None)
                 if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in skip))
        return s

    into = ox.NamedNode(str(GRAPH_INFERRED))
    naive = asserted()
    n, t_naive = _timed(lambda: infer.infer(naive, into))
    semi = asserted()
    m, t_semi = _timed(lambda: _seminaive(semi, into, [r.query for r in infer.rules()]))
    print(f"infer, first pass: naive {n} triples in {t_naive:.1f} s, semi-naive {m} in {t_semi:.1f} s; "
          f"same: {_graph(naive, str(GRAPH_INFERRED)) == _graph(semi, str(GRAPH_INFERRED))}")
    derived = list(built.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH_DERIVED))))
    naive.extend(derived)
    n2, t_naive2 = _timed(lambda: infer.infer(naive, into))
    semi.extend(derived)
    semi.extend(ox.Quad(q.subject, q.predicate, q.object, DELTA) for q in derived)
    m2, t_semi2 = _timed(lambda: _seminaive(semi, into, DELTA_RULES))
    print(f"infer, pass after derive: naive {n2} triples in {t_naive2:.1f} s, semi-naive {m2} in {t_semi2:.1f} s; "
          f"same as the build: {_graph(semi, str(GRAPH_INFERRED)) == _graph(built, str(GRAPH_INFERRED))}")


def validate(built: ox.Store) -> None:
    from kg.validate import check_store

    memory = ox.Store()
    memory.extend(built.quads_for_pattern(None, None, None, None))
    problems, seconds = _timed(lambda: check_store(memory))
    print(f"validate: kg.validate.check_store on an in-memory copy: {len(problems)} problems in {seconds:.1f} s")


def lateral(text: str) -> str:
    """Wrap every OPTIONAL at the top level of the WHERE clause in LATERAL { }."""
    out, i, depth = [], 0, 0
    while i < len(text):
        if depth == 1 and text.startswith("OPTIONAL", i):
            start = text.index("{", i)
            j, level = start, 0
            while True:
                level += {"{": 1, "}": -1}.get(text[j], 0)
                if level == 0:
                    break
                j += 1
            out.append(f"LATERAL {{ {text[i:j + 1]} }}")
            i = j + 1
            continue
        if text[i] == "#":  # a comment runs to the end of the line
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            out.append(text[i:end])
            i = end
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        out.append(text[i])
        i += 1
    return "".join(out)


def _best(store: ox.Store, text: str, subs: dict[ox.Variable, Any]) -> tuple[list[tuple[str, ...]], float]:
    best, rows = float("inf"), []
    for _ in range(2):
        start = time.perf_counter()
        result = store.query(text, substitutions=subs, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        rows = [tuple(str(s[v]) for v in names) for s in result]
        best = min(best, time.perf_counter() - start)
    return rows, best


def lateral_queries(store: ox.Store) -> None:
    from bench.workload import pick

    work = pick(store, sets=3)
    cases = (("change_evidence", work.params["changes_year"][:3]), ("dyad_timeline", work.params["dyad_timeline"]))
    for name, sets in cases:
        query = queries.named(name)
        for params in sets:
            subs = queries.bind(query, params)
            now, t_now = _best(store, query.text, subs)
            new, t_new = _best(store, lateral(query.text), subs)
            print(f"{name} {params}: {t_now * 1000:.0f} ms -> {t_new * 1000:.0f} ms with LATERAL; "
                  f"identical ordered rows: {now == new} ({len(now)})")


def main(argv: list[str]) -> int:
    seeds, root = Path(argv[0]), Path(argv[1])
    read(seeds)
    built = StoreHandle(root).get()
    infer_passes(built)
    validate(built)
    lateral_queries(built)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
