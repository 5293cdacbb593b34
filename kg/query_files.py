"""The ``.rq`` and ``.ru`` files the package ships, each described by its own header.

Every query or update lives in a file beside the code that runs it (``kg/*/queries/``) and
opens with a block of ``#+`` lines in YAML (the grlc convention), named queries and
internal ones alike::

    #+ summary: Which targets moved category in a year ...
    #+ params:
    #+   year: {type: gYear, required: true, description: "..."}
    #+ example: seckg query --name moved_category --param year=2022

A caller binds a query's own parameters and nothing else (:meth:`QueryFile.bind`): a value
is checked against its type and becomes an RDF term, never query text. A string from a
user is converted (``"2022"`` -> ``"2022"^^xsd:gYear``); a term the code already holds
passes if it is of the right kind. A parameter left out stays an unbound variable. A
parameter of type ``iris`` is a list of IRIs, written as a ``VALUES`` block at the start
of the ``WHERE`` group (:meth:`QueryFile.text_for`); the others too, as one row of a
``VALUES`` block (:func:`with_values`), each written as an RDF term in N-Triples syntax by
pyoxigraph after the checks of :meth:`QueryFile.bind`. Not as pyoxigraph's
``substitutions`` (SEP-0007): its optimiser orders the joins as if the variable were
unbound, so a query bound to one document still starts from every node of a class (0.15 s
against 2 ms at 6 M quads), and an ``OPTIONAL`` of several patterns is evaluated over the
whole store.

>>> q = parse("moved", '''#+ params:
... #+   year: {type: gYear, required: true}
... SELECT ?t WHERE { ?c <urn:year> ?year ; <urn:target> ?t }''')
>>> q.bind({"year": "2022"})
{<Variable value=year>: <Literal value=2022 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#gYear>>}
>>> q.bind({"yaer": "2022"})
Traceback (most recent call last):
...
kg.errors.BadParameter: parameter 'yaer': unknown parameter of query 'moved' (known: year)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import yamlfile
from kg.errors import BadParameter, SeckgError, UnknownQuery
from kg.sparql_text import insert_in_where
from kg.vocab import CAT, ID, SECKG, XSD, category_names, change_kinds


def _typed(value: str, datatype: ox.NamedNode) -> ox.Literal:
    return ox.Literal(value, datatype=datatype)


def _pattern(regex: str, what: str, make: Callable[[str], ox.NamedNode | ox.Literal]) -> Callable[[str], Any]:
    compiled = re.compile(regex)

    def convert(value: str) -> ox.NamedNode | ox.Literal:
        if not compiled.fullmatch(value):
            raise ValueError(f"expected {what}, got {value!r}")
        return make(value)

    return convert


def _one_of(names: Callable[[], Iterable[str]], make: Callable[[str], ox.NamedNode]) -> Callable[[str], Any]:
    """A converter for one of ``names()`` (read from the ontology when first used)."""

    def convert(value: str) -> ox.NamedNode:
        known = tuple(names())
        if value not in known:
            raise ValueError(f"expected one of {', '.join(known)}, got {value!r}")
        return make(value)

    return convert


def _date(value: str) -> ox.Literal:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")
    return _typed(value, XSD.date)


def _boolean(value: str) -> ox.Literal:
    lowered = value.lower()
    if lowered not in ("true", "false", "1", "0", "yes", "no"):
        raise ValueError(f"expected true or false, got {value!r}")
    return _typed("true" if lowered in ("true", "1", "yes") else "false", XSD.boolean)


def _iri(value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise ValueError(f"expected an absolute IRI, got {value!r}") from None


# type -> how a string becomes its term; the IRI types take an IRI the code holds as it is
CONVERTERS: dict[str, Callable[[str], ox.NamedNode | ox.Literal]] = {
    "gYear": _pattern(r"\d{4}", "a year YYYY", lambda v: _typed(v, XSD.gYear)),
    "code": _pattern(r"[A-Z]{2,10}", "an actor code such as JPN or NATO", ox.Literal),
    "date": _date,
    "boolean": _boolean,
    "integer": _pattern(r"-?\d{1,9}", "an integer", lambda v: _typed(v, XSD.integer)),
    "category": _one_of(category_names, lambda v: CAT[v]),
    "document": _pattern(r"[a-z0-9][a-z0-9.\-]{0,79}", "a document id such as jpn-nss-2022", ID.document),
    "direction": _pattern("hostility|friendship", "hostility or friendship",
                          lambda v: SECKG["toward" + v.capitalize()]),
    "change_kind": _one_of(lambda: change_kinds(), lambda v: SECKG[v]),
    "string": lambda v: ox.Literal(v),
    "iri": _iri,
    "literal": lambda v: ox.Literal(v),
}
IRI_TYPES = {"category", "document", "direction", "change_kind", "iri", "iris"}
# "iris": a list of IRIs (a VALUES block); "term": any IRI or literal the code holds
TYPES = {*CONVERTERS, "iris", "term"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class QueryFile:
    """One query or update: its text and what its header says of it."""

    name: str
    summary: str
    description: str
    params: dict[str, Param]
    example: str
    text: str
    form: str = field(default="SELECT")

    def bind(self, values: Mapping[str, Any]) -> dict[ox.Variable, Any]:
        """Check ``values`` against the query's parameters; their RDF terms, by variable
        (``iris`` parameters excepted: they go into the text, :meth:`text_for`)."""
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            raise BadParameter(unknown[0], f"unknown parameter of query '{self.name}' "
                                           f"(known: {', '.join(self.params) or 'none'})")
        bound = {}
        for name, param in self.params.items():
            value = values.get(name)
            if value is None or value == "":
                if param.required:
                    raise BadParameter(name, f"required by query '{self.name}'")
                continue
            if param.type == "iris":
                continue
            bound[ox.Variable(name)] = _term(self.name, param, value)
        return bound

    def text_for(self, values: Mapping[str, Any]) -> str:
        """The text with a ``VALUES`` block for each ``iris`` parameter given in ``values``."""
        text = self.text
        for name, param in self.params.items():
            if param.type != "iris" or values.get(name) is None:
                continue
            written = []
            for term in values[name]:
                if not isinstance(term, ox.NamedNode):
                    raise TypeError(f"{self.name}: {name} takes IRIs, not {term!r}")
                written.append(str(term))  # N-Triples syntax, written by pyoxigraph
            text = insert_in_where(text, f"VALUES ?{name} {{ {' '.join(written)} }}")
        return text

    def run(self, store: Any, values: Mapping[str, Any] | None = None, **options: Any) -> Any:
        """Run the query on ``store`` with its parameters bound; pyoxigraph's result object.
        Over the union of all graphs unless ``options`` say otherwise."""
        values = values or {}
        options.setdefault("use_default_graph_as_union", True)
        return store.query(with_values(self.text_for(values), self.bind(values)), **options)

    def select(self, store: Any, values: Mapping[str, Any] | None = None, **options: Any) -> ox.QuerySolutions:
        """:meth:`run` for a SELECT query: its solutions."""
        solutions = self.run(store, values, **options)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError(f"{self.name} is not a SELECT query")
        return solutions


def with_values(query: str, substitutions: Mapping[Any, Any], *, every_where: bool = False) -> str:
    """``query`` with a VALUES block binding ``substitutions`` at the start of its WHERE group
    (of every operation's WHERE group with ``every_where``, for update requests)."""
    if not substitutions:
        return query
    names, values = [], []
    for variable, term in substitutions.items():
        var = variable if isinstance(variable, ox.Variable) else ox.Variable(str(variable))
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise TypeError(f"cannot bind {var} to {term!r}: only IRIs and literals can be sent in VALUES")
        names.append(str(var))
        values.append(str(term))
    block = f"VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }}"
    return insert_in_where(query, block, every_where=every_where)


def _term(query: str, param: Param, value: Any) -> ox.NamedNode | ox.Literal:
    if param.type == "term":
        if not isinstance(value, ox.NamedNode | ox.Literal):
            raise TypeError(f"{query}: {param.name} takes an IRI or a literal, not {value!r}")
        return value
    if isinstance(value, ox.NamedNode | ox.Literal):
        if isinstance(value, ox.NamedNode) != (param.type in IRI_TYPES):
            raise TypeError(f"{query}: {param.name} ({param.type}) cannot take {value!r}")
        return value
    try:
        return CONVERTERS[param.type](str(value))
    except ValueError as exc:
        raise BadParameter(param.name, str(exc)) from None


_HEADER = re.compile(r"^#\+ ?(.*)$")


def parse(name: str, text: str) -> QueryFile:
    """Read a query's ``#+`` header; raise SeckgError if it is malformed."""
    header = "\n".join(m.group(1) for line in text.splitlines() if (m := _HEADER.match(line)))
    meta = yamlfile.loads(header, f"{name}.rq") or {}
    if not isinstance(meta, dict):
        raise SeckgError(f"{name}: the #+ header must be a mapping")
    params = {}
    for pname, spec in (meta.get("params") or {}).items():
        if not isinstance(spec, dict) or spec.get("type") not in TYPES:
            raise SeckgError(f"{name}: parameter '{pname}' has unknown type "
                             f"{spec.get('type') if isinstance(spec, dict) else spec!r}")
        params[pname] = Param(pname, spec["type"], bool(spec.get("required", False)), spec.get("description", ""))
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    form = next((w for w in ("CONSTRUCT", "DESCRIBE", "ASK", "SELECT") if re.search(rf"\b{w}\b", body)), "SELECT")
    return QueryFile(name, meta.get("summary", ""), meta.get("description", ""), params,
                     meta.get("example", ""), text, form)


class Folder:
    """The query files of one folder, by name (without ``.rq`` / ``.ru``), each read once."""

    def __init__(self, path: Path):
        self.path = path

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.path.iterdir() if p.suffix in (".rq", ".ru"))

    def __getitem__(self, name: str) -> QueryFile:
        return _read(self.path, name)

    def all(self) -> dict[str, QueryFile]:
        return {name: self[name] for name in self.names()}


@cache
def _read(folder: Path, name: str) -> QueryFile:
    for suffix in (".rq", ".ru"):
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return parse(name, path.read_text(encoding="utf-8"))
    raise UnknownQuery(f"no query '{name}' in {folder}")
