"""Named SPARQL queries: one ``.rq`` file per question, with a header that describes it.

The header is a block of ``#+`` lines in YAML (the grlc convention)::

    #+ summary: Which targets moved category in a year ...
    #+ params:
    #+   year: {type: gYear, required: true, description: "..."}
    #+ example: seckg query --name moved_category --param year=2022

Each parameter binds the SPARQL variable of the same name through pyoxigraph's
``substitutions`` (SEP-0007): a value is checked against its type and becomes an RDF term,
never query text. A parameter left out stays an unbound variable. On a store over HTTP
(:mod:`kg.stores.remote`) the same checked terms travel as a ``VALUES`` block instead.

>>> q = named("moved_category")
>>> sorted(q.params)
['direction', 'issuer', 'target', 'year']
>>> bind(q, {"year": "2022"})
{<Variable value=year>: <Literal value=2022 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#gYear>>}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import yamlfile
from kg.errors import BadParameter, SeckgError, UnknownQuery
from kg.vocab import BASE, CAT, SECKG

HERE = Path(__file__).parent

XSD = "http://www.w3.org/2001/XMLSchema#"


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _pattern(regex: str, what: str, make: Callable[[str], ox.NamedNode | ox.Literal]) -> Callable[[str], Any]:
    compiled = re.compile(regex)

    def convert(value: str) -> ox.NamedNode | ox.Literal:
        if not compiled.fullmatch(value):
            raise ValueError(f"expected {what}, got {value!r}")
        return make(value)

    return convert


def _date(value: str) -> ox.Literal:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")
    return _typed(value, "date")


def _boolean(value: str) -> ox.Literal:
    lowered = value.lower()
    if lowered not in ("true", "false", "1", "0", "yes", "no"):
        raise ValueError(f"expected true or false, got {value!r}")
    return _typed("true" if lowered in ("true", "1", "yes") else "false", "boolean")


CHANGE_KINDS = ("CategoryMove", "UnevenReading", "HarshestFacetChange", "TermChange", "NewlyDesignated",
                "NoLongerMentioned", "NotCoded")
CATEGORIES = ("ally", "partner", "cooperation", "neutral", "concern", "competitor", "challenge", "rival",
              "threat", "enemy")

CONVERTERS: dict[str, Callable[[str], ox.NamedNode | ox.Literal]] = {
    "gYear": _pattern(r"\d{4}", "a year YYYY", lambda v: _typed(v, "gYear")),
    "code": _pattern(r"[A-Z]{2,10}", "an actor code such as JPN or NATO", ox.Literal),
    "date": _date,
    "boolean": _boolean,
    "integer": _pattern(r"-?\d{1,9}", "an integer", lambda v: _typed(v, "integer")),
    "category": _pattern("|".join(CATEGORIES), "one of " + ", ".join(CATEGORIES),
                         lambda v: ox.NamedNode(str(CAT[v]))),
    "document": _pattern(r"[a-z0-9][a-z0-9.\-]{0,79}", "a document id such as jpn-nss-2022",
                         lambda v: ox.NamedNode(f"{BASE}id/document/{v}")),
    "direction": _pattern("hostility|friendship", "hostility or friendship",
                          lambda v: ox.NamedNode(str(SECKG["toward" + v.capitalize()]))),
    "change_kind": _pattern("|".join(CHANGE_KINDS), "one of " + ", ".join(CHANGE_KINDS),
                            lambda v: ox.NamedNode(str(SECKG[v]))),
    "string": lambda v: ox.Literal(v),
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    description: str
    params: dict[str, Param]
    example: str
    text: str
    form: str = field(default="SELECT")


_HEADER = re.compile(r"^#\+ ?(.*)$")


def parse(name: str, text: str) -> NamedQuery:
    """Read a query's ``#+`` header; raise SeckgError if it is malformed."""
    header = "\n".join(m.group(1) for line in text.splitlines() if (m := _HEADER.match(line)))
    meta = yamlfile.loads(header, f"{name}.rq") or {}
    params = {}
    for pname, spec in (meta.get("params") or {}).items():
        if spec.get("type") not in CONVERTERS:
            raise SeckgError(f"{name}.rq: parameter '{pname}' has unknown type {spec.get('type')!r}")
        params[pname] = Param(pname, spec["type"], bool(spec.get("required", False)), spec.get("description", ""))
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    form = next((w for w in ("CONSTRUCT", "DESCRIBE", "ASK", "SELECT") if re.search(rf"\b{w}\b", body)), "SELECT")
    return NamedQuery(name, meta.get("summary", ""), meta.get("description", ""), params,
                      meta.get("example", ""), text, form)


@cache
def catalogue() -> dict[str, NamedQuery]:
    """Every named query shipped in the package, by name."""
    return {p.stem: parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted((HERE / "queries").glob("*.rq"))}


def named(name: str) -> NamedQuery:
    try:
        return catalogue()[name]
    except KeyError:
        raise UnknownQuery(f"no named query '{name}'; known: {', '.join(catalogue())}") from None


def bind(query: NamedQuery, values: Mapping[str, str | None]) -> dict[ox.Variable, Any]:
    """Check ``values`` against the query's parameters and turn them into RDF terms."""
    unknown = sorted(set(values) - set(query.params))
    if unknown:
        raise BadParameter(unknown[0], f"unknown parameter of query '{query.name}' "
                                       f"(known: {', '.join(query.params) or 'none'})")
    bound = {}
    for name, param in query.params.items():
        value = values.get(name)
        if value is None or value == "":
            if param.required:
                raise BadParameter(name, f"required by query '{query.name}'")
            continue
        try:
            bound[ox.Variable(name)] = CONVERTERS[param.type](str(value))
        except ValueError as exc:
            raise BadParameter(name, str(exc)) from None
    return bound


def run(store: ox.Store, name: str, values: Mapping[str, str | None] | None = None) -> Any:
    """Run a named query with bound parameters; the pyoxigraph result object."""
    query = named(name)
    return store.query(query.text, substitutions=bind(query, values or {}), use_default_graph_as_union=True)


def term_value(term: Any) -> Any:
    """A plain Python value for a result term: IRIs and strings as str, numbers and booleans typed."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype in (XSD + "integer", XSD + "int", XSD + "long"):
            return int(term.value)
        if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return term.value


def rows(store: ox.Store, name: str, values: Mapping[str, str | None] | None = None) -> Iterator[dict[str, Any]]:
    """Run a named SELECT query; each solution as a dict of plain values (unbound: None)."""
    solutions = run(store, name, values)
    variables = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {v: term_value(solution[v]) for v in variables}
