"""Reading on past a structural problem, so that one run reports every problem of every file.

A misspelled key or a bad value in one designation stops that record, not the check of the
rest: :func:`prune` removes, in place, the unknown keys and the designations that hold a bad
value, so that the rest of the file can be validated and go on to the graph's own checks
(SHACL). Anything else (a bad field of the document itself, of a section, a term or a source,
which other records refer to) is not pruned: the file is left out whole, and the graph's
checks are not run, as they would report what its absence causes.

>>> from kg.yamlfile import loads
>>> raw = loads("document:\\n  id: x\\n  colour: red\\n  designations:\\n    - target: RUS\\n    - target: bad\\n", "f")
>>> prune(raw, [{"type": "extra_forbidden", "loc": ("document", "colour")},
...             {"type": "string_pattern_mismatch", "loc": ("document", "designations", 1, "target")}])
True
>>> sorted(raw["document"]), [d["target"] for d in raw["document"]["designations"]]
(['designations', 'id'], ['RUS'])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg import yamlfile

# the lists whose records may be left out without leaving another record pointing at nothing
RECORDS = (("document", "designations"),)


def _walk(raw: Any, path: Iterable[Any]) -> Any:
    node = raw
    for part in path:
        node = node[part]
    return node


def prune(raw: Any, errors: Iterable[dict[str, Any]]) -> bool:
    """Remove from ``raw`` (in place) what each pydantic error is about; False if one of them
    is about a part that cannot be left out."""
    keys: list[tuple[Any, ...]] = []
    records: dict[tuple[Any, ...], set[int]] = {}
    for error in errors:
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(("function-", "lax-",
                                                                                          "union["))))
        lists = [loc[:n] for n in range(len(loc)) if loc[:n] in RECORDS and n < len(loc) and isinstance(loc[n], int)]
        if lists:
            records.setdefault(lists[0], set()).add(loc[len(lists[0])])
        elif error["type"] == "extra_forbidden":
            keys.append(loc)
        else:
            return False
    try:
        for loc in keys:
            parent = _walk(raw, loc[:-1])
            if isinstance(parent, dict) and loc[-1] in parent:
                del parent[loc[-1]]
        for path, drop in records.items():
            items = _walk(raw, path)
            assert isinstance(items, yamlfile.LineList)
            kept = [i for i in range(len(items)) if i not in drop]
            lines = [items.item_lines[i] for i in kept]
            items[:] = [items[i] for i in kept]
            items.item_lines = lines
    except (KeyError, IndexError, TypeError):
        return False
    return True
