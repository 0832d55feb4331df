"""A fast reader for the plain YAML that front matter is nearly always written in.

Reading ten thousand event files, PyYAML's parser cost two thirds of the reading:
its C scanner calls back into Python for every node. Front matter written by hand
or by `timeline new` uses a few forms only: `key: value`, `key: [a, b]`, quoted
values on one line, and a list of `- key: value` items. This module reads those
forms, and only when it is sure: anything else (comments, anchors, tags, block
scalars, multi-line values, tabs, unusual characters...) makes it return NOT_SIMPLE,
and the caller hands the text to PyYAML, which also reports the errors. For
the forms it reads, the result equals what load.py's PyYAML loader gives; a property
test compares the two on generated documents.
"""

from __future__ import annotations

import re
from typing import Any

NOT_SIMPLE = object()

# Plain words that are not text for load.py's loader (null and true/false; `<<` merges).
_WORDS: dict[str, Any] = {**dict.fromkeys(("", "~", "null", "Null", "NULL")),
                          **dict.fromkeys(("true", "True", "TRUE"), True),
                          **dict.fromkeys(("false", "False", "FALSE"), False)}

# A key PyYAML reads as one: it refuses a "simple key" of over 1,024 characters.
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,999}):(?: +(.*))?$")
_ITEM_LINE = re.compile(r"( *)- +(.*)$")
# A plain value cannot start with these marks (but "-" before a digit: "-0044").
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_QUOTED = re.compile(r"\"([^\"\\]*)\"|'([^']*)'")
_NOT_IN_FLOW_ITEM = re.compile(r"[:#\[\]{}'\"]")
# Characters PyYAML refuses in a stream, or reads as line breaks where str.split does
# not (ASCII text is tested as bytes: the regular expression is slow).
_UNUSUAL_BYTES = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


def _unusual_ascii(text: str) -> bool:
    encoded = text.encode("ascii")
    return len(encoded.translate(None, _UNUSUAL_BYTES)) != len(encoded)


def load(text: str) -> Any:
    """The front matter's value, or NOT_SIMPLE when PyYAML must read it."""
    if (_unusual_ascii(text) if text.isascii() else _UNUSUAL.search(text)):
        return NOT_SIMPLE
    result: dict[str, Any] = {}
    lines = text.split("\n")
    position, count = 0, len(lines)
    while position < count:
        line = lines[position]
        position += 1
        if not line or (line[0] == " " and not line.strip(" ")):
            continue
        match = _KEY_LINE.match(line)
        if match is None or match[1] in _WORDS:
            return NOT_SIMPLE
        key, rest = match[1], match[2]
        if rest:  # the pattern leaves it None, empty, or starting with its text
            value = _value(rest)
            if value is NOT_SIMPLE:
                return NOT_SIMPLE
            result[key] = value  # an indented line after it fails the next round: not simple
            continue
        items, position = _sequence(lines, position)
        if items is NOT_SIMPLE:
            return NOT_SIMPLE
        result[key] = items
    return result or None


def _value(text: str) -> Any:
    """A value on the line after `key:` or `- `."""
    text = text.rstrip(" ")
    if not text or text == "<<":
        return NOT_SIMPLE
    first = text[0]
    if first == "[":
        if text[-1] != "]" or _NOT_IN_FLOW_ITEM.search(text, 1, len(text) - 1):
            return NOT_SIMPLE
        inner = text[1:-1].strip(" ")
        if not inner:
            return []
        items = []
        for item in inner.split(","):
            item = item.strip(" ")
            if not item or item == "<<" or (item[0] in _INDICATORS and not _signed_number(item)):
                return NOT_SIMPLE
            items.append(_WORDS.get(item, item))
        return items
    if first in "\"'":
        quoted = _QUOTED.fullmatch(text)
        if quoted is None:
            return NOT_SIMPLE
        return quoted[1] if quoted[1] is not None else quoted[2]
    # Not a plain value that means its text: a mark at the start, a comment (" #"),
    # a colon that makes a mapping (": ", or one at the end).
    if (first in _INDICATORS and not _signed_number(text)) or ": " in text or " #" in text or text[-1] == ":":
        return NOT_SIMPLE
    return _WORDS.get(text, text)


def _signed_number(text: str) -> bool:
    return text[0] == "-" and text[1:2].isdigit()


def _sequence(lines: list[str], position: int) -> tuple[Any, int]:
    """The value of a key written with nothing after its colon: a list of `- ` items
    on the lines below it, or null when none follows. Returns the value and the
    position of the line after it."""
    items: list[Any] = []
    indent = None  # of the "-" of every item
    mapping: dict[str, Any] | None = None  # the item being read, when it is a mapping
    keys_at = 0  # column of that mapping's keys
    count = len(lines)
    while position < count:
        line = lines[position]
        if not line.strip(" "):
            position += 1
            continue
        item = _ITEM_LINE.match(line)
        if item is not None and (indent is None or len(item[1]) == indent):
            if indent is None:
                indent = len(item[1])
            position += 1
            text = item[2]
            key = _KEY_LINE.match(text)
            if key is None:
                value = _value(text)
                if value is NOT_SIMPLE:
                    return NOT_SIMPLE, position
                items.append(value)
                mapping = None
                continue
            mapping = {}
            keys_at = len(line) - len(text)
            if not _add_key(mapping, key):
                return NOT_SIMPLE, position
            items.append(mapping)
            continue
        if indent is None:
            if line[0] == " ":
                return NOT_SIMPLE, position  # a nested mapping or a continued value
            return None, position
        if line[0] != " ":
            return items, position  # the next top-level key, which the caller checks
        spaces = len(line) - len(line.lstrip(" "))
        key = _KEY_LINE.match(line, spaces)
        if mapping is None or spaces != keys_at or key is None or not _add_key(mapping, key):
            return NOT_SIMPLE, position
        position += 1
    return (items if indent is not None else None), position


def _add_key(mapping: dict[str, Any], key: re.Match[str]) -> bool:
    """Add one `key: value` of a list item's mapping; False if it is not simple."""
    name, rest = key[1], key[2]
    if name in _WORDS or rest is None or not rest.strip(" "):
        return False  # a nested value or an empty one: PyYAML reads those
    value = _value(rest)
    if value is NOT_SIMPLE:
        return False
    mapping[name] = value
    return True
