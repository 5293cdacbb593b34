"""The w3id redirect rules (w3id/.htaccess), applied to the IRIs the graph mints: every one
leads to an address where the service answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[1] / "w3id" / ".htaccess"
HOST = "https://seckg.example.org"
RULE = re.compile(r"^RewriteRule\s+(\S+)\s+(\S+)\s+\[([^\]]*)\]\s*$")


def rules() -> list[tuple[re.Pattern[str], str, str]]:
    found = []
    for line in RULES.read_text(encoding="utf-8").splitlines():
        m = RULE.match(line.strip())
        if m:
            found.append((re.compile(m[1]), m[2], m[3]))
    return found


def redirect(path: str) -> tuple[str, str] | None:
    """Where w3id sends ``https://w3id.org/seckg/<path>``: (target, flags), as Apache's first matching rule."""
    for pattern, target, flags in rules():
        m = pattern.search(path)
        if m:
            return m.expand(target.replace("\\", "\\\\").replace("$", "\\")), flags  # Apache's $1 is re's \1
    return None


@pytest.mark.parametrize(("iri", "status"), [
    ("https://w3id.org/seckg/ontology", 303), ("https://w3id.org/seckg/ontology/0.1.0", 303),
    ("https://w3id.org/seckg/id/state/JPN", 303), ("https://w3id.org/seckg/id/document/tst-2020", 303),
    ("https://w3id.org/seckg/id/designation/tst-2010/chn/concern-a", 303),
    ("https://w3id.org/seckg/id/change/tst-2020/rus", 303), ("https://w3id.org/seckg/id/category/threat", 303),
    ("https://w3id.org/seckg/dataset", 303), ("https://w3id.org/seckg/sparql", 307),
])
def test_every_minted_iri_leads_to_the_service(client, iri: str, status: int) -> None:
    found = redirect(iri.removeprefix("https://w3id.org/seckg/"))
    assert found is not None, iri
    target, flags = found
    assert f"R={status}" in flags and target.startswith(HOST)
    answer = client.get(target.removeprefix(HOST), headers={"Accept": "text/html"})
    assert answer.status_code == 200, (iri, target)


def test_the_rules_cover_the_namespaces_of_the_vocabulary() -> None:
    from kg.vocab import BASE, ID, SECKG

    for iri in (str(SECKG).rstrip("#"), ID.state("USA").value, ID.text("usa-nss-1994").value):
        assert iri.startswith(BASE) and redirect(iri.removeprefix(BASE)) is not None, iri
