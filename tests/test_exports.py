"""Exports: events.json against its JSON Schema, the spreadsheet CSV and its formula
guard, TimelineJS3 JSON (dates by precision, BCE, display dates, escaping, groups),
and the TimelineJS sheet and TimelineSetter CSVs."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator import dates
from generator.config import load_settings
from generator.exports import (CSV_COLUMNS, FORMATS, SITE_FILES, TIMELINEJS_COLUMNS, TIMELINESETTER_COLUMNS,
                               csv_line, events_document, export, guard_cell, site_files)
from generator.model import build_timeline
from generator.pipeline import read_timeline
from generator.safe_html import body_html, safe_html

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_CONFIG = ROOT / "tests" / "fixtures" / "site" / "mkdocs.yml"


def load(config: Path):
    settings = load_settings(config)
    timeline, problems = read_timeline(settings)
    assert [p for p in problems if p.severity == "error"] == []
    return timeline, settings


@pytest.fixture(scope="module")
def fixture_site():
    return load(FIXTURE_CONFIG)


@pytest.fixture(scope="module", params=["fixture", "example"])
def any_site(request):
    return load(FIXTURE_CONFIG if request.param == "fixture" else ROOT / "mkdocs.yml")


def with_events(timeline, settings, *events):
    return build_timeline(list(events), timeline.sources, settings.taxonomies)


def event_by_id(timeline, event_id):
    return next(e for e in timeline.events if e.id == event_id)


def slides(timeline, settings) -> dict[str, dict]:
    document = json.loads(export(timeline, settings, "timelinejs"))
    return {slide["unique_id"]: slide for slide in document["events"]}


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# --- events.json ---------------------------------------------------------------------

def test_json_export_validates_against_its_schema(any_site):
    timeline, settings = any_site
    schema = json.loads(export(timeline, settings, "schema"))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(export(timeline, settings, "json"))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert [e["id"] for e in document["events"]] == [e.id for e in timeline.events]


def test_json_export_holds_every_field(fixture_site):
    timeline, settings = fixture_site
    document = json.loads(export(timeline, settings, "json"))
    assert (document["title"], document["generated_by"]) == ("Fixture timeline", "timeline-site")
    events = {e["id"]: e for e in document["events"]}
    assert "draft-event" not in events  # drafts are not published
    summit = events["summit"]
    assert summit == {
        "id": "summit", "title": "Leaders meet at the summit", "date": "2023-09-13",
        "date_start": "2023-09-13", "date_end": None, "precision": "day", "approximate": False,
        "uncertain": False, "display_date": "13 Sep 2023", "time": "14:30", "timezone": "Asia/Vladivostok",
        "status": "confirmed", "tags": ["summit", "Diplomacy"], "actors": ["Kim Jong Un", "Vladimir Putin"],
        "places": ["Vostochny Cosmodrome"],
        "description": "The two leaders met. *Markdown* in the body is kept.",
        "url": "https://example.github.io/fixture/years/2023/#summit",
        "sources": [{
            "id": "wire-report", "title": "Wire report on the <b>summit</b> & its aftermath",
            "url": "https://news.example.org/2023/summit?id=1&lang=en", "publisher": "Example Wire",
            "author": "A. Reporter", "published": "2023-09-14", "accessed": "2026-11-01",
            "archive_url": "https://archive.example.org/2023/summit",
            "quote": 'The leaders "met" for <i>four</i> hours & talked.'}],
    }
    assert (events["until"]["date"], events["until"]["date_start"], events["until"]["date_end"]) == \
        ("../2023-10-26", None, "2023-10-26")
    assert (events["shipments"]["date_start"], events["shipments"]["date_end"]) == ("2023-09-07", "2023-10-01")
    assert events["ides-of-march"]["date_start"] == "-0044-03-15"
    assert events["ides-of-march"]["display_date"] == "15 Mar 44 BC"
    assert (events["whole-year"]["precision"], events["whole-year"]["uncertain"]) == ("year", True)
    assert (events["escape-me"]["approximate"], events["escape-me"]["precision"]) == (True, "month")
    inline = events["escape-me"]["sources"][0]
    assert (inline["id"], inline["url"], inline["quote"]) == (None, "https://example.org/a_(b)",
                                                              "<script>bad()</script>")


@pytest.mark.parametrize("change", [
    lambda e: e.update(extra="field"),
    lambda e: e.update(status="rumoured"),
    lambda e: e.update(precision="week"),
    lambda e: e.pop("url"),
    lambda e: e["sources"][0].update(unknown=1),
    lambda e: e.update(date="13 September 2023"),
])
def test_schema_describes_the_export_exactly(fixture_site, change):
    timeline, settings = fixture_site
    validator = jsonschema.Draft202012Validator(json.loads(export(timeline, settings, "schema")))
    document = json.loads(export(timeline, settings, "json"))
    change(next(e for e in document["events"] if e["id"] == "summit"))
    assert not validator.is_valid(document)


# --- events.csv ----------------------------------------------------------------------

def test_csv_has_a_row_per_event(any_site):
    timeline, settings = any_site
    text = export(timeline, settings, "csv")
    assert text.startswith("\ufeff")  # so that Excel reads UTF-8
    rows = csv_rows(text)
    assert len(rows) == len(timeline.events)
    assert tuple(rows[0]) == CSV_COLUMNS


def test_csv_joins_lists_and_flattens_sources(fixture_site):
    timeline, settings = fixture_site
    rows = {row["id"]: row for row in csv_rows(export(timeline, settings, "csv"))}
    summit = rows["summit"]
    assert (summit["tags"], summit["actors"]) == ("summit; Diplomacy", "Kim Jong Un; Vladimir Putin")
    assert summit["sources"] == ("Example Wire: Wire report on the <b>summit</b> & its aftermath "
                                 "<https://news.example.org/2023/summit?id=1&lang=en> (2023-09-14)")
    assert summit["quotes"] == ('Wire report on the <b>summit</b> & its aftermath: '
                                '\u201cThe leaders "met" for <i>four</i> hours & talked.\u201d')
    assert (summit["time"], summit["timezone"]) == ("14:30", "Asia/Vladivostok")
    assert rows["escape-me"]["actors"] == "Société Générale; 김정은"
    assert (rows["until"]["start"], rows["until"]["end"]) == ("", "2023-10-26")


def test_csv_guards_cells_against_formulas_but_not_dates(fixture_site):
    timeline, settings = fixture_site
    caesar = event_by_id(timeline, "ides-of-march")
    hostile = dataclasses.replace(caesar, title="=HYPERLINK(\"https://evil.example\")",
                                  tags=("+cmd", "@SUM(A1)"), body="-2 dead", places=("\tTab",))
    rows = csv_rows(export(with_events(timeline, settings, hostile), settings, "csv"))
    (row,) = rows
    assert row["title"] == "'=HYPERLINK(\"https://evil.example\")"
    assert row["tags"] == "'+cmd; @SUM(A1)"
    assert row["description"] == "'-2 dead"
    assert row["places"] == "'\tTab"
    # Dates come from the date model only, and stay machine-readable.
    assert (row["date"], row["start"]) == ("-0044-03-15", "-0044-03-15")
    assert guard_cell("plain") == "plain" and guard_cell("-0044") == "'-0044"


# --- TimelineJS3 JSON ----------------------------------------------------------------

def test_timelinejs_document_shape(fixture_site):
    timeline, settings = fixture_site
    document = json.loads(export(timeline, settings, "timelinejs"))
    assert set(document) == {"title", "events", "scale"}
    assert document["scale"] == "human"
    assert document["title"] == {"text": {"headline": "Fixture timeline",
                                          "text": "A small timeline that exercises every date form and every escape."}}
    assert [s["unique_id"] for s in document["events"]] == [e.id for e in timeline.events]


def test_timelinejs_dates_follow_precision(fixture_site):
    timeline, settings = fixture_site
    by_id = slides(timeline, settings)
    # BCE: our -0044 (44 BC) is TimelineJS year -44, which it labels "44 BCE".
    assert by_id["ides-of-march"]["start_date"] == {"year": "-44", "month": "3", "day": "15"}
    assert "display_date" not in by_id["ides-of-march"]
    assert by_id["whole-year"]["start_date"] == {"year": "2023"}
    assert by_id["escape-me"]["start_date"] == {"year": "2023", "month": "10"}
    assert by_id["summit"]["start_date"] == {"year": "2023", "month": "9", "day": "13", "hour": "14",
                                             "minute": "30"}
    assert by_id["shipments"]["start_date"] == {"year": "2023", "month": "9", "day": "7"}
    assert by_id["shipments"]["end_date"] == {"year": "2023", "month": "10", "day": "1"}
    assert "end_date" not in by_id["summit"]


def test_timelinejs_display_date_for_approximate_uncertain_and_open_dates(fixture_site):
    timeline, settings = fixture_site
    by_id = slides(timeline, settings)
    assert by_id["escape-me"]["display_date"] == "c. Oct 2023"
    assert by_id["whole-year"]["display_date"] == "2023 (?)"
    assert "display_date" not in by_id["summit"]
    # An open start starts at its end and says so.
    assert by_id["until"]["start_date"] == {"year": "2023", "month": "10", "day": "26"}
    assert "end_date" not in by_id["until"]
    assert by_id["until"]["display_date"] == "until 26 Oct 2023"
    # An open end has a start only.
    summit = event_by_id(timeline, "summit")
    opened = dataclasses.replace(summit, id="opened", date=dates.parse("2023-09-07/.."), time="")
    slide = slides(with_events(timeline, settings, opened), settings)["opened"]
    assert slide["start_date"] == {"year": "2023", "month": "9", "day": "7"}
    assert "end_date" not in slide and slide["display_date"] == "from 7 Sep 2023"


def test_timelinejs_escapes_untrusted_text(fixture_site):
    timeline, settings = fixture_site
    text = export(timeline, settings, "timelinejs")
    slide = slides(timeline, settings)["escape-me"]
    title = event_by_id(timeline, "escape-me").title
    assert slide["text"]["headline"] == html.escape(title)
    assert slide["group"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "&lt;script&gt;bad()&lt;/script&gt;" in slide["text"]["text"]  # the quote
    document = json.loads(text)
    for item in document["events"]:
        for value in (item["text"]["headline"], item["text"]["text"], item.get("group", ""),
                      item.get("display_date", "")):
            assert "<script" not in value and "<img" not in value and "<b>" not in value


def test_timelinejs_text_is_the_body_made_safe_then_the_sources(fixture_site):
    timeline, settings = fixture_site
    summit = event_by_id(timeline, "summit")
    hostile = dataclasses.replace(summit, body=(
        "Keep *this* and [a link](https://example.org/ok).\n\n"
        "<script>alert(1)</script><span onclick=\"steal()\">text</span> "
        "[bad](javascript:alert(1)) <img src=x onerror=alert(2)>\n\n- one\n- two"))
    text = slides(with_events(timeline, settings, hostile), settings)["summit"]["text"]["text"]
    body, sources = text.split('<div class="timeline-sources">')
    assert body == ('<p>Keep <em>this</em> and <a href="https://example.org/ok">a link</a>.</p>\n\n'
                    '<p>text <a>bad</a> </p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>')
    assert sources.startswith("<p>Sources:</p><ol><li><cite><a href=\"https://news.example.org/2023/summit")
    assert '<q>The leaders &quot;met&quot; for &lt;i&gt;four&lt;/i&gt; hours &amp; talked.</q>' in sources


def test_safe_html_keeps_an_allowlist():
    assert safe_html('<p class="x" onclick="y">a<b>b</b><iframe>c</iframe><style>d</style></p>') == "<p>a<b>b</b></p>"
    assert safe_html('<a href=" java\nscript:alert(1)">x</a><a href="mailto:a@b.org">m</a>') == \
        '<a>x</a><a href="mailto:a@b.org">m</a>'
    assert safe_html("<em>unclosed") == "<em>unclosed</em>"
    assert body_html("Plain prose\nover lines.\n\nSecond & last.") == \
        "<p>Plain prose\nover lines.</p>\n<p>Second &amp; last.</p>"


@pytest.mark.parametrize("choice, expected", [
    ("tags", {"summit": "summit", "ides-of-march": "history", "until": None}),
    ("actors", {"summit": "Kim Jong Un", "ides-of-march": "Julius Caesar", "until": None}),
    ("places", {"summit": "Vostochny Cosmodrome", "ides-of-march": "Rome", "until": None}),
    ("status", {"summit": "confirmed", "ides-of-march": "reported", "until": "denied"}),
    ("none", {"summit": None, "ides-of-march": None, "until": None}),
])
def test_timelinejs_group_follows_the_setting(fixture_site, choice, expected):
    timeline, settings = fixture_site
    by_id = slides(timeline, dataclasses.replace(settings, timelinejs_group=choice))
    assert {key: by_id[key].get("group") for key in expected} == expected


# --- the sheet CSVs, site files, formats ---------------------------------------------

def test_timelinejs_csv_has_a_title_row_and_the_slides(fixture_site):
    timeline, settings = fixture_site
    rows = csv_rows(export(timeline, settings, "timelinejs-csv"))
    assert tuple(rows[0]) == TIMELINEJS_COLUMNS
    assert (rows[0]["Type"], rows[0]["Headline"]) == ("title", "Fixture timeline")
    assert len(rows) == len(timeline.events) + 1
    by_headline = {row["Headline"]: row for row in rows[1:]}
    caesar = by_headline["Julius Caesar is assassinated"]
    assert (caesar["Year"], caesar["Month"], caesar["Day"], caesar["Group"]) == ("-44", "3", "15", "history")
    shipments = by_headline["Containers are shipped"]
    assert (shipments["End Year"], shipments["End Month"], shipments["End Day"]) == ("2023", "10", "1")
    assert by_headline["Leaders meet at the summit"]["Time"] == "14:30"
    assert by_headline["Talks went on until late October"]["Display Date"] == "until 26 Oct 2023"


def test_timelinesetter_csv_keeps_precision_in_the_display_date(fixture_site):
    timeline, settings = fixture_site
    rows = csv_rows(export(timeline, settings, "timelinesetter-csv"))
    assert tuple(rows[0]) == TIMELINESETTER_COLUMNS
    by_title = {row["description"]: row for row in rows}
    assert (by_title["Something happened during the year"]["date"],
            by_title["Something happened during the year"]["display_date"]) == ("2023-01-01", "2023 (?)")
    assert by_title["Leaders meet at the summit"]["date"] == "2023-09-13 14:30"
    assert by_title["Leaders meet at the summit"]["link"] == "https://news.example.org/2023/summit?id=1&lang=en"
    assert by_title["Julius Caesar is assassinated"]["date"] == "-0044-03-15"


def test_site_files_are_the_exports(fixture_site):
    timeline, settings = fixture_site
    files = site_files(timeline, settings)
    assert set(files) == {"exports/events.json", "exports/events.schema.json", "exports/events.csv",
                          "exports/timeline.json"}
    for path, format in SITE_FILES.items():
        assert files[path] == export(timeline, settings, format).encode("utf-8")


def test_every_format_exports_and_an_unknown_one_is_refused(fixture_site):
    timeline, settings = fixture_site
    for format in FORMATS:
        assert export(timeline, settings, format)
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(timeline, settings, "xml")


def test_site_files_json_is_compact_and_holds_the_document(fixture_site):
    # events.json is written without indentation (json's C encoder; see export()):
    # what it holds is the document, whatever the layout.
    timeline, settings = fixture_site
    files = site_files(timeline, settings)
    assert json.loads(files["exports/events.json"]) == events_document(timeline, settings)
    assert files["exports/events.json"].count(b"\n") == 1
    assert b"\n  " in files["exports/events.schema.json"]  # the small schema stays readable


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
                | st.sampled_from(["", '"', ",", "\r", "\n", "\r\n", " ", "'", '""', "a,b", 'x"y']),
                min_size=2, max_size=6))
def test_csv_line_writes_what_csv_writer_writes(cells):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    assert csv_line(cells) == out.getvalue()
    assert next(csv.reader(io.StringIO(csv_line(cells), newline=""))) == cells
