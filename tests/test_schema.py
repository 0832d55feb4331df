"""The published JSON Schema of event front matter agrees with `timeline check`.

The schema cannot express every rule: those it cannot (listed in BEYOND_SCHEMA) are
checked by `timeline check` alone, and the test says so rather than skipping them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.config import Settings
from generator.load import Document, read_document
from generator.pipeline import read_timeline

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "fixtures" / "bad"
SCHEMA = json.loads((ROOT / "generator" / "data" / "event.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# Rules that need more than one file, the calendar, or the byte level.
BEYOND_SCHEMA = ("ends before it starts", "duplicate event id", "unknown source id", "is not UTF-8",
                 "unknown time zone")


def event_files():
    for case in sorted(BAD.iterdir()):
        for path in sorted((case / "content" / "events").glob("*.md")):
            yield pytest.param(case, path, id=f"{case.name}/{path.name}")


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(("case", "path"), list(event_files()))
def test_check_and_schema_agree_on_the_bad_corpus(case: Path, path: Path):
    _, problems = read_timeline(Settings(root=case, content_dir="content"))
    shown = path.relative_to(case).as_posix()
    errors = [p.message for p in problems if p.path == shown and p.severity == "error"]
    doc = read_document(path, shown)
    if not isinstance(doc, Document):
        assert errors, "a file that cannot be read is an error"
        return  # no front matter to give the schema: the file itself is unreadable
    schema_errors = [e.message for e in VALIDATOR.iter_errors(doc.meta)]
    if errors and all(any(rule in message for rule in BEYOND_SCHEMA) for message in errors):
        assert schema_errors == [], "the schema should not claim rules it cannot express"
    else:
        assert bool(schema_errors) == bool(errors), (errors, schema_errors)


def test_every_example_event_matches_the_schema():
    settings = Settings(root=ROOT, content_dir="content")
    for path in sorted((ROOT / "content" / "events").glob("*.md")):
        doc = read_document(path, path.name)
        assert isinstance(doc, Document)
        assert list(VALIDATOR.iter_errors(doc.meta)) == [], path.name
    assert read_timeline(settings)[1] == []
