"""Typed pandas DataFrames from SPARQL JSON results and from plain records, in one place.

Every column gets a dtype from what its values are, the same way whichever way they came:

===============================================  ==================================
SPARQL JSON term                                 pandas dtype
===============================================  ==================================
``xsd:integer`` and its subtypes (``int`` ...)    ``Int64``
``xsd:decimal``, ``xsd:double``, ``xsd:float``    ``Float64`` (also integers mixed in)
``xsd:boolean``                                   ``boolean``
``xsd:date``, ``xsd:dateTime``, ``xsd:gYearMonth``,  ``datetime64[ns]`` (a month or year
``xsd:gYear``                                     is its first day; times in UTC)
IRIs, blank nodes (``_:b0``), plain and language  ``string``
strings, anything else or a column of mixed kinds
===============================================  ==================================

Unbound values are ``<NA>`` (``NaT`` for dates). A column whose values do not parse as
their datatype says (an ill-typed literal) falls back to ``string`` rather than failing.
pandas is imported only when a frame is made (:func:`pandas`), so ``import kg`` never needs it.

>>> result = {"head": {"vars": ["doc", "issued", "n"]}, "results": {"bindings": [
...     {"doc": {"type": "uri", "value": "https://w3id.org/seckg/id/document/kor-dwp-2016"},
...      "issued": {"type": "literal", "value": "2017-01", "datatype": XSD + "gYearMonth"},
...      "n": {"type": "literal", "value": "2", "datatype": XSD + "integer"}},
...     {"doc": {"type": "uri", "value": "https://w3id.org/seckg/id/document/jpn-nss-2022"},
...      "issued": {"type": "literal", "value": "2022-12-16", "datatype": XSD + "date"}}]}}
>>> df = from_sparql_json(result)
>>> df
                                                doc     issued     n
0  https://w3id.org/seckg/id/document/kor-dwp-2016 2017-01-01     2
1  https://w3id.org/seckg/id/document/jpn-nss-2022 2022-12-16  <NA>
>>> [str(t) for t in df.dtypes]
['string', 'datetime64[ns]', 'Int64']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kg.ask.rows import BOOL, DATETIME, FLOAT, INT, STRING  # the dtype names of the record schemas
from kg.vocab import XSD

if TYPE_CHECKING:
    import pandas as pd


INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                              "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
                              "unsignedShort", "unsignedByte")}
FLOATS = {XSD + t for t in ("decimal", "double", "float")}
TEMPORAL = {XSD + t for t in ("date", "dateTime", "dateTimeStamp", "gYearMonth", "gYear")}
BOOLEAN = XSD + "boolean"


class MissingExtra(ImportError):
    """A library of the ``notebook`` extra (pandas, httpx) is not installed."""


def pandas() -> Any:
    """The pandas module, or a clear error saying how to install it."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtra("DataFrames need pandas: pip install 'seckg[notebook]'") from None
    return pd


_TZ = re.compile(r"(Z|[+-]\d{2}:\d{2})$")


def timestamp(lexical: str) -> dt.datetime:
    """A naive UTC datetime for an ``xsd:date``/``dateTime``/``gYearMonth``/``gYear`` value.

    >>> [str(timestamp(v)) for v in ("2022", "2017-01", "2022-12-16", "2022-12-16T09:00:00+09:00")]
    ['2022-01-01 00:00:00', '2017-01-01 00:00:00', '2022-12-16 00:00:00', '2022-12-16 00:00:00']
    """
    text = lexical.strip()
    if "T" in text:
        moment = dt.datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return moment
    text = _TZ.sub("", text)
    if re.fullmatch(r"\d{4}", text):
        text += "-01-01"
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())


def _boolean(lexical: str) -> bool:
    if lexical in ("true", "1"):
        return True
    if lexical in ("false", "0"):
        return False
    raise ValueError(f"not an xsd:boolean: {lexical!r}")


def _kind(term: Mapping[str, str]) -> str:
    """The dtype a SPARQL JSON term asks for."""
    if term.get("type") not in ("literal", "typed-literal"):
        return STRING
    datatype = term.get("datatype", "")
    if datatype in INTEGERS:
        return INT
    if datatype in FLOATS:
        return FLOAT
    if datatype == BOOLEAN:
        return BOOL
    if datatype in TEMPORAL:
        return DATETIME
    return STRING


def _text(term: Mapping[str, str]) -> str:
    if term.get("type") == "bnode":
        return "_:" + term["value"]
    return str(term["value"])


def column_dtype(kinds: Iterable[str]) -> str:
    """The dtype of a column whose values have these kinds (no values: string).

    >>> column_dtype([INT, INT]), column_dtype([INT, FLOAT]), column_dtype([INT, STRING]), column_dtype([])
    ('Int64', 'Float64', 'string', 'string')
    """
    found = set(kinds)
    if len(found) == 1:
        return found.pop()
    if found == {INT, FLOAT}:
        return FLOAT
    return STRING


PARSE: dict[str, Callable[[str], Any]] = {INT: int, FLOAT: float, BOOL: _boolean, DATETIME: timestamp, STRING: str}


def series(values: list[str | None], dtype: str) -> pd.Series:
    """A Series of lexical values (None: missing) as ``dtype``; ``string`` if one does not parse."""
    pd = pandas()
    try:
        parsed = [None if v is None else PARSE[dtype](v) for v in values]
    except (ValueError, OverflowError):
        dtype, parsed = STRING, values
    if dtype == DATETIME:
        return pd.Series(pd.to_datetime(parsed), dtype=DATETIME)
    return pd.Series(parsed, dtype=dtype)


def from_sparql_json(result: Mapping[str, Any]) -> pd.DataFrame:
    """A DataFrame of a SPARQL JSON SELECT result: one column per variable, typed (see above)."""
    pd = pandas()
    variables = list(result["head"].get("vars", []))
    bindings = result["results"]["bindings"]
    columns = {}
    for var in variables:
        terms = [b.get(var) for b in bindings]
        dtype = column_dtype(_kind(t) for t in terms if t is not None)
        lexical = [None if t is None else (t["value"] if dtype != STRING else _text(t)) for t in terms]
        columns[var] = series(lexical, dtype)
    return pd.DataFrame(columns, columns=variables, index=pd.RangeIndex(len(bindings)))


def from_records(records: list[dict[str, Any]], schema: Mapping[str, str]) -> pd.DataFrame:
    """A DataFrame of flat records with the column names and dtypes of ``schema``.

    Dates arrive as their lexical form (``"2017-01"``, ``"2022-12-16"``) and are read as
    :func:`timestamp` reads them; other values are already Python numbers, booleans or strings.
    """
    pd = pandas()
    columns = {}
    for name, dtype in schema.items():
        values = [r.get(name) for r in records]
        if dtype == DATETIME:
            columns[name] = series([None if v is None else str(v) for v in values], DATETIME)
        else:
            columns[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(columns, columns=list(schema), index=pd.RangeIndex(len(records)))
