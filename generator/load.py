"""Read content files: split the YAML front matter from the Markdown body.

Parsing uses libyaml when it is there (fast); the slower node tree that knows the
line of every key is composed only when a problem needs a line number.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import simple_yaml
from .problems import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type, misc]
    """Safe YAML that keeps every plain value as the text written, but null and
    true/false. YAML 1.1 would read `date: 0044` as the octal 36, `1:30` as the base-60
    90, `2023-02-30` as a failing timestamp and `places: [NO]` as false; the date model
    and the validator read the text instead, with its precision and clear errors."""


_KEPT = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:merge")
_TRUE_FALSE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, _TRUE_FALSE if tag.endswith(":bool") else regexp) for tag, regexp in resolvers if tag in _KEPT]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_STR_TAG = "tag:yaml.org,2002:str"
# The words those resolvers match, for a set lookup instead of PyYAML's regular
# expressions, run once for every value of every file.
_PLAIN_TAGS = {**dict.fromkeys(("", "~", "null", "Null", "NULL"), "tag:yaml.org,2002:null"),
               **dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), "tag:yaml.org,2002:bool"),
               "<<": "tag:yaml.org,2002:merge"}


def _resolve(self, kind, value, implicit):
    if kind is yaml.ScalarNode:
        if implicit[0]:
            return _PLAIN_TAGS.get(value, _STR_TAG)
        return _STR_TAG
    return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG


def _no_path_resolvers(self, *args) -> None:
    """Path resolvers are not used: skip PyYAML's bookkeeping for them on every node."""


_Loader.resolve = _resolve
_Loader.descend_resolver = _no_path_resolvers
_Loader.ascend_resolver = _no_path_resolvers
FENCE = "---"


def _load_yaml(text: str):
    """yaml.load, faster: the common plain forms are read by simple_yaml; for the rest,
    plain strings and containers are built directly, the rest (booleans, null) by
    PyYAML's safe constructor."""
    value = simple_yaml.load(text)
    return _load_with_pyyaml(text) if value is simple_yaml.NOT_SIMPLE else value


def _load_with_pyyaml(text: str):
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _construct(node, loader)
    finally:
        loader.dispose()


def _construct(node, loader, made: dict | None = None):
    """Build the value of a node; an aliased node is built once and shared, as PyYAML
    does, so that nested aliases cannot blow up ("billion laughs")."""
    made = {} if made is None else made
    if id(node) in made:
        return made[id(node)]
    if isinstance(node, yaml.ScalarNode):
        value = node.value if node.tag == _STR_TAG else loader.construct_object(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        if any(key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value):
            value = loader.construct_object(node, deep=True)
        else:
            value = {_construct(key, loader, made): _construct(item, loader, made) for key, item in node.value}
    elif isinstance(node, yaml.SequenceNode):
        value = [_construct(item, loader, made) for item in node.value]
    else:
        value = loader.construct_object(node, deep=True)
    made[id(node)] = value
    return value


@dataclass
class Document:
    """One content file: its front matter (a mapping) and its body."""

    path: str  # as shown to the user, relative to the project
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line where the body starts
    front_matter: str = field(repr=False, default="")
    _lines: dict | None = field(repr=False, default=None)

    def line_of(self, key: str, index: int | None = None, subkey: str | None = None) -> int:
        """The 1-based line of a front-matter key (or of item `index` of its list,
        or of `subkey` inside that item); the fence line if it cannot be found."""
        if self._lines is None:
            self._lines = _key_lines(self.front_matter)
        entry = self._lines.get(key)
        if entry is None:
            return 1
        line, items = entry
        if index is not None and index < len(items):
            line, subkeys = items[index]
            if subkey is not None and subkey in subkeys:
                line = subkeys[subkey]
        return line + 2  # +1 for 1-based lines, +1 for the opening fence


def _key_lines(front_matter: str) -> dict:
    """key -> (line, [(item line, {subkey: line})]) for a front matter's mapping."""
    try:
        root = yaml.compose(front_matter, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    table: dict = {}
    if not isinstance(root, yaml.MappingNode):
        return table
    for key_node, value_node in root.value:
        items = []
        if isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                subkeys = {}
                if isinstance(item, yaml.MappingNode):
                    subkeys = {k.value: k.start_mark.line for k, _ in item.value}
                items.append((item.start_mark.line, subkeys))
        table[str(key_node.value)] = (key_node.start_mark.line, items)
    return table


def _read_bytes(path: Path | str) -> bytes:
    """The file's bytes, without the buffered file object `Path.read_bytes` makes
    (half the cost of reading a small file)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(descriptor, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_document(path: Path | str, shown_as: str) -> Document | Problem:
    """Read one Markdown file with front matter, or say what is wrong with it."""
    try:
        raw = _read_bytes(path)
    except OSError as error:
        return Problem(shown_as, 1, f"cannot read the file: {error.strerror}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return Problem(shown_as, line, "the file is not UTF-8 text",
                       "save it as UTF-8 (most editors offer this under 'Save with encoding')")
    return parse_document(text, shown_as)


def parse_document(text: str, shown_as: str) -> Document | Problem:
    if not text.strip():
        return Problem(shown_as, 1, "the file is empty",
                       "start it with front matter: a '---' line, 'title:' and 'date:', and a closing '---'")
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != FENCE:
        return Problem(shown_as, 1, "no front matter: the file must start with a line '---'",
                       "add '---', then 'title:' and 'date:' lines, then '---' before the text")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if closing is None:
        return Problem(shown_as, 1, "the front matter is not closed",
                       "add a line '---' after the last front-matter field")
    front_matter = "".join(lines[1:closing])
    try:
        meta = _load_yaml(front_matter)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(error, "problem", None) or "invalid YAML"
        return Problem(shown_as, line, f"invalid YAML in the front matter: {reason}",
                       "check the indentation and quote values that contain ': ', '#', '~', '?' or '%'")
    except (TypeError, ValueError, RecursionError):
        # Unhashable keys ({[a]: 1}) and self-referencing anchors are valid YAML but no front matter.
        return Problem(shown_as, 2, "the front matter has a key or an anchor that cannot be read",
                       "use plain 'name: value' lines without complex keys or recursive anchors")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return Problem(shown_as, 2, "the front matter must be a list of 'key: value' lines")
    body = "".join(lines[closing + 1:])
    return Document(shown_as, meta, body, closing + 2, front_matter)
