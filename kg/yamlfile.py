"""Reading curated YAML safely, keeping the line of every mapping key and list item.

Seeds are untrusted input: aliases (the "billion laughs" bomb) are refused, files over
``MAX_BYTES`` are refused before parsing, and nesting deeper than ``MAX_DEPTH`` is refused.
Every mapping becomes a :class:`LineDict` and every list a :class:`LineList`, which know the
line (1-based) of the node and of each of their keys or items, so that any later problem can
be reported as ``file:line``.

>>> doc = loads("a:\\n  b: [1, 2]\\n", "x.yaml")
>>> doc.line_of("a"), doc["a"].line_of("b")
(1, 2)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kg.errors import SeedError

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
STR_TAG = "tag:yaml.org,2002:str"


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that knows its own line and the line of each key."""

    line: int
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):  # type: ignore[type-arg]
    """A list that knows its own line and the line of each item."""

    line: int
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and keeps lines."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                "while reading seeds", None,
                "YAML aliases (*name) are not allowed in seeds; write the value out",
                event.start_mark,
            )
        return super().compose_node(parent, index)  # type: ignore[no-any-return,return-value]


# libyaml's parser when PyYAML was built with it (ten times faster); aliases are then caught
# in _build, which meets an aliased node a second time, before anything is expanded
_FAST: type | None = getattr(yaml, "CSafeLoader", None)


def _build(node: Node, loader: Any, depth: int, file: str, seen: set[int]) -> Any:
    if id(node) in seen:
        raise SeedError(file, node.start_mark.line + 1,
                        "YAML syntax: YAML aliases (*name) are not allowed in seeds; write the value out")
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise SeedError(file, node.start_mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels")
    if isinstance(node, MappingNode):
        out = LineDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = _build(key_node, loader, depth + 1, file, seen)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise SeedError(file, key_node.start_mark.line + 1, "mapping keys must be plain words")
            if key in out:
                raise SeedError(file, key_node.start_mark.line + 1,
                                f"key '{key}' appears twice in the same mapping "
                                f"(first on line {out.key_lines[key]})")
            out[key] = _build(value_node, loader, depth + 1, file, seen)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, SequenceNode):
        items = LineList()
        items.line = node.start_mark.line + 1
        items.item_lines = []
        for child in node.value:
            items.append(_build(child, loader, depth + 1, file, seen))
            items.item_lines.append(child.start_mark.line + 1)
        return items
    assert isinstance(node, ScalarNode)
    if node.tag == STR_TAG:  # most scalars: what SafeConstructor would make is the text itself
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # an impossible date such as 2022-02-30: the text, for the record's check to refuse
        return node.value


def loads(text: str, file: str | Path) -> Any:
    """Parse one YAML document; raise :class:`SeedError` with the line of any problem."""
    name = str(file)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise SeedError(name, None, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; split it")
    loader = _FAST(text) if _FAST is not None else _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _build(node, loader, 0, name, set())
    except yaml.MarkedYAMLError as exc:
        # an unclosed quote or bracket is noticed where the file goes on after it: name the line
        # it opened on, where the mistake is
        opened = exc.context_mark if exc.context and any(
            w in exc.context for w in ("quoted scalar", "flow mapping", "flow sequence")) else None
        mark = opened or exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        where = f" ({exc.context} that starts on this line)" if opened is not None else ""
        raise SeedError(name, line, f"YAML syntax: {exc.problem or exc.context}{where}") from None
    except yaml.YAMLError as exc:
        raise SeedError(name, None, f"YAML: {exc}") from None
    except RecursionError:
        raise SeedError(name, None, f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


def load(path: Path) -> Any:
    """Read and parse a YAML file (see :func:`loads`)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SeedError(str(path), None, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; split it")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SeedError(str(path), None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return loads(text, path)
