"""The codebook's rules are the same in ontology/codebook.ttl and seeds/CODEBOOK.md, every
category links to its rule, and every designation of the real seeds names a known rule."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from api.markdown import rule_numbers, to_html
from kg.resources import ontology_dir

ROOT = Path(__file__).parents[2]
SECKG = "https://w3id.org/seckg/ontology#"


def _graph() -> Graph:
    g = Graph()
    for name in ("codebook.ttl", "categories.ttl"):
        g.parse(ontology_dir() / name, format="turtle")
    return g


def test_rules_in_the_ontology_are_the_headings_of_the_codebook():
    numbers = {str(o) for o in _graph().objects(None, URIRef(SECKG + "ruleNumber"))}
    headings = rule_numbers((ROOT / "seeds" / "CODEBOOK.md").read_text(encoding="utf-8"))
    assert len(headings) == len(set(headings))
    assert numbers == set(headings)


def test_every_category_links_to_its_rule():
    g = _graph()
    categories = set(g.subjects(URIRef(SECKG + "rank"), None))
    assert len(categories) == 10
    for category in categories:
        [rule] = g.objects(category, URIRef(SECKG + "codingRule"))
        assert (rule, URIRef(SECKG + "ruleNumber"), None) in g
        [band] = g.objects(category, URIRef(SECKG + "band"))
        assert (band, URIRef(SECKG + "level"), None) in g


def test_every_rule_has_an_anchor_on_the_page():
    html = to_html((ROOT / "seeds" / "CODEBOOK.md").read_text(encoding="utf-8"))
    for number in ("R2.5", "R8.1", "R9.4", "R10.2"):
        assert f'id="{number}"' in html
