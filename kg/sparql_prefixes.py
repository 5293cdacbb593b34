"""The prefixes a user query may use without declaring them, and its syntax errors in one sentence.

:func:`predeclare` puts a ``PREFIX`` declaration for each common prefix a query uses but
does not declare (:data:`kg.vocab.PREFIXES`: seckg, skos, dct, rdfs...) in front of its
first line, so that line numbers stay those the user wrote. :func:`syntax_message` turns the
engine's error into one sentence with the line and column of the user's own text: an
undeclared prefix is named as such, and a long list of what the grammar expected is
replaced by the words near the error.

>>> text, shift = predeclare("SELECT ?d WHERE { ?d a seckg:Designation }")
>>> text[:shift]
'PREFIX seckg: <https://w3id.org/seckg/ontology#> '
>>> predeclare("PREFIX skos: <http://example.org/my-skos#> SELECT * { ?c a skos:Concept }")[1]
0
>>> syntax_message("error at 1:27: expected OPTIONAL", "SELECT ?x WHERE { ex:a ?p ?o }")
"line 1, column 19: the prefix 'ex:' is not declared: add PREFIX ex: <...> before the query \
(seckg, cat, id, rdf, rdfs, xsd, owl, skos, dct, prov, oa, foaf and wd are declared already)"
"""

from __future__ import annotations

import re

from kg.sparql_text import mask_lexical
from kg.vocab import PREFIXES

_DECLARED = re.compile(r"(?<![\w:?$@-])PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)
_USED = re.compile(r"(?<![\w:?$<@.-])([A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?=[\w%\\]|[\s.;,)\]}]|$)")
_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
LONGEST = 100  # characters of "expected ..." worth showing; past that, the words near the error


def predeclare(query: str) -> tuple[str, int]:
    """``query`` with the declarations of the common prefixes it uses and does not declare,
    on its first line; and how many characters were put in front."""
    masked = mask_lexical(query)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(masked)}
    used = {m.group(1) or "" for m in _USED.finditer(masked)}
    head = "".join(f"PREFIX {p}: <{iri}> " for p, iri in PREFIXES.items() if p in used and p not in declared)
    return head + query, len(head)


def _position(query: str, offset: int) -> tuple[int, int]:
    before = query[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def syntax_message(error: str, query: str, shift: int = 0) -> str:
    """The engine's ``error`` for ``query`` (to which ``shift`` characters of declarations were
    put in front, :func:`predeclare`) as one sentence about the user's own text."""
    masked = mask_lexical(query)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(masked)} | set(PREFIXES)
    for m in _USED.finditer(masked):
        if (m.group(1) or "") not in declared:
            line, column = _position(query, m.start())
            name = f"{m.group(1) or ''}:"
            return (f"line {line}, column {column}: the prefix '{name}' is not declared: add PREFIX {name} <...> "
                    f"before the query ({', '.join(list(PREFIXES)[:-1])} and {list(PREFIXES)[-1]} are declared "
                    "already)")
    found = _AT.match(error)
    if found is None:
        return " ".join(error.split())[:300]
    line, column, what = int(found[1]), int(found[2]), " ".join(found[3].split())
    if line == 1:
        column -= shift
    text = query.split("\n")[line - 1] if 0 < line <= query.count("\n") + 1 else ""
    near = " ".join(text[max(0, column - 25):column + 15].split())
    if len(what) > LONGEST:
        return f"line {line}, column {column}: the query does not parse here, near \"{near}\""
    return f"line {line}, column {column}: {what}, near \"{near}\""
