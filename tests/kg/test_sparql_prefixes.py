"""Common prefixes declared for the user, and syntax errors in one sentence about the user's text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.sparql_prefixes import predeclare, syntax_message


def error_for(query: str) -> str:
    text, shift = predeclare(query)
    with pytest.raises(SyntaxError) as raised:
        ox.Store().query(text)
    return syntax_message(str(raised.value), query, shift)


def test_only_the_prefixes_used_and_not_declared_are_put_in_front() -> None:
    text, shift = predeclare("SELECT * { ?d a seckg:Designation ; skos:prefLabel ?l ; <http://x/rdf:y> 'dct:no' }")
    assert text[:shift] == ("PREFIX seckg: <https://w3id.org/seckg/ontology#> "
                            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")
    assert predeclare("ASK { ?s ?p ?o }") == ("ASK { ?s ?p ?o }", 0)
    ox.Store().query(text)  # it parses


def test_an_undeclared_prefix_is_named_at_its_place() -> None:
    message = error_for("SELECT ?x WHERE {\n  ?x a ex:Thing }")
    assert message.startswith("line 2, column 8: the prefix 'ex:' is not declared: add PREFIX ex: <...>")
    assert len(message) < 250


def test_other_errors_give_the_line_and_column_of_the_user_s_text() -> None:
    assert error_for("SELECT ?d WHERE { ?d a seckg:Designation ").startswith("line 1, column 42:")
    message = error_for("SELECT * WHERE { ?s <http://x/p> \"open }")
    assert message.startswith("line 1, column ") and "near" in message and len(message) < 250


def test_a_long_list_of_what_the_grammar_expected_becomes_the_words_near() -> None:
    long = "error at 1:5: expected one of " + ", ".join(f"['\\u{{{i:04X}}}']" for i in range(60))
    assert syntax_message(long, "SELECT x") == 'line 1, column 5: the query does not parse here, near "SELECT x"'
