"""The fast front-matter reader must agree with PyYAML wherever it answers."""

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import simple_yaml
from generator.load import _load_with_pyyaml

ROOT = Path(__file__).resolve().parents[1]


def typed(value):
    """A value with its types spelled out: True == 1 and "1" != 1 must not blur a diff."""
    if isinstance(value, dict):
        return {"dict": [(typed(k), typed(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return {"list": [typed(v) for v in value]}
    return (type(value).__name__, value)


def agrees_with_pyyaml(text: str) -> bool:
    """True when the fast reader answers, and says what PyYAML says; False when it
    leaves the text to PyYAML. Fails when it answers differently, or answers where
    PyYAML finds an error."""
    fast = simple_yaml.load(text)
    if fast is simple_yaml.NOT_SIMPLE:
        return False
    assert typed(fast) == typed(_load_with_pyyaml(text)), text
    return True


FRONT_MATTER = """\
title: Kim Jong Un leaves Pyongyang by train
date: 2023-09-10
time: 06:30
status: reported
draft: false
tags: [summit, travel]
actors: [Kim Jong Un]
places: []
sources:
  - source: example-article
    quote: Kim's armoured train crossed into Russia; officials said "soon".
  - url: https://example.org/news?id=1#top
    title: 'Train: "seen" at the border'
    published: "2023-09-11"
"""


def test_a_typical_event_is_read_without_pyyaml():
    assert agrees_with_pyyaml(FRONT_MATTER)
    assert simple_yaml.load(FRONT_MATTER)["sources"][1] == {
        "url": "https://example.org/news?id=1#top", "title": 'Train: "seen" at the border', "published": "2023-09-11"}


@pytest.mark.parametrize("text", [
    "tags:\n- a\n- b\ntitle: x\n",  # a list as deep as its key
    "date: -0044-03-15\n",
    "id:\nnote: ~\nflag: TRUE\nitems: [null, true, x]\n",
    "\n\ntitle: x  \n\n",
    "title: a#b {c} [d], e:f? ok\n",
    "title: café – 1,000\xa0km\n",
    "sources:\n  -   source: a\n      quote: b\n",
])
def test_simple_forms_agree_with_pyyaml(text):
    assert agrees_with_pyyaml(text)


@pytest.mark.parametrize("text", [
    "title: x # a comment\n",
    "title: a: b\n",
    "title: Note:\n",
    "title: &anchor x\n",
    "title: |\n  two\n  lines\n",
    "title: first line\n  continued\n",
    "title: \"escaped \\\" quote\"\n",
    "places: [\"Washington, D.C.\"]\n",
    "tags: [a, b,]\n",
    "sources:\n  - source:\n      nested: x\n",
    "sources:\n  - a\n    b\n",
    "title:\tx\n",
    "title: x\r\n",
    "true: x\n",
    "<<: {a: 1}\n",
    "  title: indented\n",
    "- a list\n",
    "title: x\n- y\n",
    "title: x\u2028y\n",
    "meta:\n  nested: mapping\n",
    "k" * 1025 + ": v\n",  # PyYAML refuses a key that long
    "a:\n- " + "k" * 1025 + ": v\n",
    "a:\n- x: y\n  " + "k" * 1025 + ": v\n",
])
def test_other_forms_are_left_to_pyyaml(text):
    assert simple_yaml.load(text) is simple_yaml.NOT_SIMPLE


def test_the_example_events_mostly_take_the_fast_path():
    events = sorted((ROOT / "content" / "events").glob("*.md"))
    fast = [agrees_with_pyyaml(path.read_text(encoding="utf-8").split("---\n")[1]) for path in events]
    assert len(fast) >= 10 and sum(fast) >= len(fast) - 2


# Pieces of YAML that mean something (or nothing) to a parser, to build lines from.
PIECES = st.sampled_from([
    "a", "Z", "1", "0044", "-", "- ", "-5", ":", ": ", ":x", "#", " #", "# ", "[", "]", "{", "}", ",", ", ",
    "'", "''", '"', '\\', "&", "*", "!", "|", ">", "%", "@", "`", "~", "?", "? ", " ", "  ", "\t", "\xa0",
    "é", "\x85", "\u2028", "\ufeff", "\r", "null", "True", "false", "<<", "http://x.org/a#b", "---", "...",
])
SCALAR = st.lists(PIECES, min_size=0, max_size=6).map("".join)
KEY = st.sampled_from(["title", "date", "tags", "quote", "source", "x_1", "true", "Null", "<<", "a-b", "1", "é"])
INDENT = st.sampled_from(["", " ", "  ", "   ", "    ", "     ", "      "])
LINE = st.one_of(
    st.tuples(KEY, SCALAR).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    KEY.map(lambda key: f"{key}:"),
    st.tuples(INDENT, SCALAR).map(lambda iv: f"{iv[0]}- {iv[1]}"),
    st.tuples(INDENT, KEY, SCALAR).map(lambda ikv: f"{ikv[0]}- {ikv[1]}: {ikv[2]}"),
    st.tuples(INDENT, KEY, SCALAR).map(lambda ikv: f"{ikv[0]}{ikv[1]}: {ikv[2]}"),
    st.tuples(KEY, st.lists(SCALAR, max_size=4)).map(lambda kv: f"{kv[0]}: [{', '.join(kv[1])}]"),
    st.tuples(INDENT, SCALAR).map("".join),
    st.just(""),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=8).map(lambda lines: "\n".join(lines) + "\n"))
@example("tags:\n- a\n  - b\n")
@example("sources:\n  - source: a\n    quote: b\n  - c\n")
def test_answers_agree_with_pyyaml_on_generated_front_matter(text):
    agrees_with_pyyaml(text)


@st.composite
def edited_front_matter(draw):
    """The typical event above with a few pieces put in, and characters taken out, at
    random places: texts close to what the fast reader answers, where its mistakes
    would hide."""
    text = FRONT_MATTER
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.sampled_from([0, 0, 1, 2]))
        text = text[:at] + draw(PIECES) + text[at + cut:]
    return text


@settings(max_examples=3000, deadline=None)
@given(edited_front_matter())
@example("title: Note:\n")
@example("a: [<<]\n")
@example("sources:\n  - null: a\n")
@example("sources:\n  - source: a\n   quote: b\n")
def test_answers_agree_with_pyyaml_on_edited_front_matter(text):
    agrees_with_pyyaml(text)


def test_the_generated_documents_often_take_the_fast_path():
    """The property above means little if nearly every generated text falls back."""
    answered = []

    @settings(max_examples=500, deadline=None, database=None)
    @given(st.lists(st.one_of(
        st.tuples(KEY, SCALAR).map(lambda kv: f"{kv[0]}: {kv[1]}"),
        st.tuples(st.sampled_from(["  ", "    "]), SCALAR).map(lambda iv: f"{iv[0]}- {iv[1]}"),
    ), min_size=1, max_size=4).map(lambda lines: "\n".join(lines) + "\n"))
    def count(text):
        answered.append(agrees_with_pyyaml(text))

    count()
    assert sum(answered) >= 25
