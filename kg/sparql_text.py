"""Refusing what a public read-only SPARQL endpoint must not do, before the engine sees it.

pyoxigraph follows ``SERVICE`` to other hosts, so a federated query would make the server
send requests wherever a client asks. The guard strips comments, string literals and IRIs
from the query text and refuses the ``SERVICE`` keyword and every SPARQL Update operation
wherever they stand. It works on tokens, not on a full parse, so it errs on the side of
refusing: a prefixed name such as ``ex:service`` or a variable ``?service`` is fine, the
keyword is not.

>>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' } # SERVICE in a comment")
>>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.errors.UnsafeQuery: SERVICE (federated query) is not allowed on this endpoint
"""

from __future__ import annotations

import re

from kg.errors import UnsafeQuery

MAX_QUERY_CHARS = 100_000

_LEXICAL = re.compile(
    r"""
      \#[^\n\r]*                              # comment
    | '''(?:[^'\\]|\\.|'(?!''))*'''           # long strings
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'                   # short strings
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\s]*>                      # IRIs
    """,
    re.VERBOSE,
)

_KEYWORD = r"(?<![\w:?$@-])({})(?![\w:-])"
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)
_UPDATE = re.compile(
    _KEYWORD.format("INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH"), re.IGNORECASE
)


def strip_lexical(query: str) -> str:
    """The query with comments, strings and IRIs blanked out."""
    return _LEXICAL.sub(" ", query)


def mask_lexical(query: str) -> str:
    """The query with comments, strings and IRIs blanked out, each character kept in place.

    >>> mask_lexical('SELECT * WHERE { ?s <http://x/> "{" } # }')
    'SELECT * WHERE { ?s                 }    '
    """
    return _LEXICAL.sub(lambda m: " " * len(m.group(0)), query)


_WHERE = re.compile(_KEYWORD.format("WHERE"), re.IGNORECASE)


def insert_in_where(query: str, block: str, *, every_where: bool = False) -> str:
    """``query`` with ``block`` (a VALUES block) at the start of its WHERE group, or of every
    operation's WHERE group with ``every_where`` (update requests). Strings, IRIs and comments
    that contain the word WHERE or braces are not mistaken for it.

    >>> insert_in_where('SELECT * WHERE { ?s ?p "WHERE {" }', "VALUES ?s { <http://x/> }")
    'SELECT * WHERE { VALUES ?s { <http://x/> } ?s ?p "WHERE {" }'
    """
    masked = mask_lexical(query)
    wheres = list(_WHERE.finditer(masked))[: None if every_where else 1]
    braces = [masked.find("{", where.end()) for where in wheres]
    if not braces or min(braces) < 0:
        raise ValueError("cannot bind parameters: the query has no 'WHERE {'")
    for brace in reversed(braces):
        query = query[: brace + 1] + " " + block + query[brace + 1:]
    return query


def check_query(query: str) -> None:
    """Raise UnsafeQuery if the query is too long, federated or an update."""
    if len(query) > MAX_QUERY_CHARS:
        raise UnsafeQuery(f"query is longer than {MAX_QUERY_CHARS} characters")
    bare = strip_lexical(query)
    if _SERVICE.search(bare):
        raise UnsafeQuery("SERVICE (federated query) is not allowed on this endpoint")
    match = _UPDATE.search(bare)
    if match:
        raise UnsafeQuery(f"SPARQL Update ({match.group(1).upper()}) is not allowed: this endpoint is read-only")

