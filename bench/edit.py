"""A curator's edit of one document of synthetic seeds, for the incremental rebuild's timing.

The edit issue 17 names: in one document, a quote corrected (the first, shortened by its last
word) and a designation added (a target the document did not name, as a threat). The
document is the latest edition of the first series, so the change records of its series are
derived again too. ``tests/kg/pipeline/test_scope.py`` proves, on smaller seeds, that the
incremental build that follows equals a cold build of the edited seeds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.pipeline.seeds import seed_files


def _documents(seeds: Path) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in seed_files(seeds):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and "document" in raw:
            out.append((path, raw))
    return out


def edit_one_document(seeds: Path) -> str:
    """Edit the latest edition of the first series (in file order); the file's path."""
    docs = _documents(seeds)
    replaced = {raw["document"].get("replaces") for _, raw in docs}
    path, raw = next((p, r) for p, r in docs if r["document"]["id"] not in replaced and r["document"].get("replaces"))
    doc = raw["document"]
    first = doc["designations"][0]["evidence"][0]
    first["quote"] = first["quote"].rsplit(" ", 1)[0]
    named = {d["target"] for d in doc["designations"]} | {doc["issuer"]}
    actors = yaml.safe_load((seeds / "actors.yaml").read_text(encoding="utf-8"))["actors"]
    target = next(a["code"] for a in actors if a["code"] not in named)
    doc["designations"].append({
        "id": "added-by-bench", "target": target, "category": "threat", "rules": ["R2.9"],
        "evidence": [{"quote": "words added by the benchmark", "lang": "en",
                      "source": doc["designations"][0]["evidence"][0]["source"], "verification": "unverified"}]})
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path.relative_to(seeds))
