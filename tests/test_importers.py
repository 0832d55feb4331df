"""Imports from TimelineJS (sheet CSV and JSON) and TimelineSetter CSV: bad rows
reported on their line, HTML made safe, title and era rows, no duplicates on
re-import, imported files that pass `timeline check`, and round trips through our
own exports."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from generator.config import load_settings
from generator.exports import export
from generator.importers import FORMATS, detect_format, html_to_markdown, import_file, parse_display
from generator.load import parse_document
from generator.pipeline import read_timeline

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = ROOT / "tests" / "fixtures" / "imports"
SHEET, SLIDES, SETTER = IMPORTS / "timelinejs.csv", IMPORTS / "timelinejs.json", IMPORTS / "timelinesetter.csv"
SITE_MARKDOWN = ["attr_list", "md_in_html", "admonition"]  # what the sites render bodies with


def project(tmp_path: Path, extra: str = ""):
    (tmp_path / "content" / "events").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: T\ndocs_dir: content\n{extra}", encoding="utf-8")
    return load_settings(tmp_path / "mkdocs.yml")


def errors(report) -> list[str]:
    return [f"{p.path}:{p.line}: {p.message}" for p in report.problems if p.severity == "error"]


def warnings(report) -> list[str]:
    return [f"{p.path}:{p.line}: {p.message}" for p in report.problems if p.severity == "warning"]


def imported(report) -> dict[str, tuple[dict, str, str]]:
    """title -> (front matter, body, whole text) of each event the import made."""
    result = {}
    for planned in report.events:
        doc = parse_document(planned.text, "x.md")
        result[doc.meta["title"]] = (doc.meta, doc.body.strip(), planned.text)
    return result


def assert_valid(settings) -> None:
    timeline, problems = read_timeline(settings)
    assert [p.format() for p in problems if p.severity == "error"] == []
    return timeline


# --- TimelineJS sheet CSV ------------------------------------------------------------

def test_timelinejs_csv_reports_bad_rows_on_their_line(tmp_path):
    report = import_file(SHEET, project(tmp_path))
    path = SHEET.as_posix()
    assert errors(report) == [
        f"{path}:7: row 7: no year",
        f"{path}:8: row 8: End Year before Year: the end 2022 is before the start 2023-10",
        f"{path}:9: row 9: Month 'Sept' is not a whole number",
        f"{path}:10: row 10: impossible date '2023-02-30': February 2023 has 28 days",
        f"{path}:11: row 11: Time '25:00' is not a time",
    ]
    assert all(p.hint for p in report.problems)
    # The bad rows stopped nothing: the seven good rows were written.
    assert len(report.written) == 7


def test_timelinejs_csv_title_and_era_rows_are_reported_not_imported(tmp_path):
    report = import_file(SHEET, project(tmp_path))
    assert report.format == "timelinejs-csv"
    assert report.title == "The Arms Trail"
    assert report.eras == [(3, "Korean War")]
    assert "Korean War" not in imported(report) and "The Arms Trail" not in imported(report)
    assert "timeline title (not an event): The Arms Trail" in report.summary()


def test_timelinejs_csv_rows_become_events(tmp_path):
    report = import_file(SHEET, project(tmp_path))
    events = imported(report)
    meta, body, _ = events["A whole year"]
    assert meta == {"title": "A whole year", "date": "2023", "status": "reported", "tags": ["Diplomacy"]}
    assert body == "Only the year is known."
    meta, _, _ = events["Leaders meet"]
    assert (meta["date"], meta["time"], meta["tags"]) == ("2023-09-13", "14:30", ["Summit"])
    assert meta["sources"] == [{"url": "https://example.org/photo.jpg", "title": "Leaders at the cosmodrome",
                                "publisher": "AP Photo"}]
    assert "draft" not in meta  # published timelines being migrated
    assert events["Caesar is killed"][0]["date"] == "-0044-03-15"
    assert events["Containers move"][0]["date"] == "2023-09-07~/2023-10-01~"
    assert events["Containers move"][1] == "First line second line"
    assert events["Approximate year"][0]["date"] == "1923~"
    meta, _, text = events["Display kept"]
    assert meta["date"] == "1923-06" and "# display date: Summer 1923\n" in text
    # Our export's formula guard is taken off again.
    assert '=HYPERLINK("https://example.org")' in events
    # Rows keep their spreadsheet number; a cell over two lines shifts the file lines.
    approximate = next(p for p in report.events if p.title == "Approximate year")
    assert (approximate.line, approximate.where) == (15, "row 14")
    assert "# imported from " + SHEET.as_posix() + ", row 14\n" in approximate.text


def test_html_is_converted_and_scripts_and_handlers_are_stripped(tmp_path):
    report = import_file(SHEET, project(tmp_path))
    _, body, text = imported(report)["Leaders meet"]
    assert body == "They **met** at [the site](https://example.org/a).\n\nclick \\{: onclick=x \\}\n\n- one\n- two"
    for bad in ("<script", "alert", "steal", "onmouseover", "javascript:", "<p", "<style", "p {}"):
        assert bad not in text
    rendered = markdown.markdown(body, extensions=SITE_MARKDOWN)
    assert "onclick=" not in rendered.replace("{: onclick=x }", "")
    assert rendered.startswith('<p>They <strong>met</strong> at <a href="https://example.org/a">the site</a>.</p>')


def test_reimport_creates_nothing(tmp_path):
    settings = project(tmp_path)
    first = import_file(SHEET, settings)
    files = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "content" / "events").glob("*.md")}
    second = import_file(SHEET, settings)
    assert second.written == [] and second.events == []
    assert [s.title for s in second.skipped] == [p.title for p in first.events]
    assert second.skipped[0].existing == "content/events/a-whole-year.md"
    assert {p: p.read_text(encoding="utf-8") for p in (tmp_path / "content" / "events").glob("*.md")} == files


def test_existing_event_in_another_folder_counts_and_its_name_is_not_reused(tmp_path):
    settings = project(tmp_path)
    (tmp_path / "content" / "events" / "old").mkdir()
    (tmp_path / "content" / "events" / "old" / "a-whole-year.md").write_text(
        "---\ntitle: A whole year\ndate: 2023\nsources: [https://example.org]\n---\n", encoding="utf-8")
    (tmp_path / "content" / "events" / "old" / "leaders-meet.md").write_text(
        "---\ntitle: Another event\ndate: 2020\nsources: [https://example.org]\n---\n", encoding="utf-8")
    report = import_file(SHEET, settings, out_dir=tmp_path / "content" / "events" / "imported")
    assert [s.title for s in report.skipped] == ["A whole year"]
    assert (tmp_path / "content" / "events" / "imported" / "leaders-meet-2.md").is_file()
    assert_valid(settings)


def test_write_false_writes_nothing(tmp_path):
    settings = project(tmp_path)
    report = import_file(SHEET, settings, write=False)
    assert len(report.events) == 7 and report.written == []
    assert list((tmp_path / "content" / "events").iterdir()) == []


@pytest.mark.parametrize("fixture", [SHEET, SLIDES, SETTER])
def test_imported_files_pass_validation(tmp_path, fixture):
    settings = project(tmp_path)
    report = import_file(fixture, settings)
    assert report.written
    timeline = assert_valid(settings)
    assert sorted(e.title for e in timeline.events) == sorted(p.title for p in report.events)


# --- TimelineJS JSON -----------------------------------------------------------------

def test_timelinejs_json_reports_bad_slides_by_index(tmp_path):
    report = import_file(SLIDES, project(tmp_path))
    path = SLIDES.as_posix()
    assert errors(report) == [
        f"{path}:3: event 3: start_date.month given without start_date.year",
        f"{path}:4: event 4: no year",
        f"{path}:5: event 5: end_date.year before start_date.year: the end 2021 is before the start 2023",
        f"{path}:6: event 6: not a slide (an object)",
        f"{path}:9: event 9: start_date.year '1e3' is not a whole number",
        f"{path}:10: event 10: start_date.month '13' is not a month (1 to 12)",
    ]
    assert warnings(report) == [
        f"{path}:2: event 2: unique_id 'Not A Valid Id' is not kept: it is not a valid id",
        f"{path}:11: event 11: media.url is not a web address; left out",
    ]
    assert (report.title, report.eras) == ("Imported JSON timeline", [(1, "Korean War")])


def test_timelinejs_json_slides_become_events(tmp_path):
    report = import_file(SLIDES, project(tmp_path))
    events = imported(report)
    meta, body, text = events["Leaders meet"]
    assert meta == {"title": "Leaders meet", "id": "leaders-meet", "date": "2023-09-13", "time": "14:30",
                    "status": "reported", "tags": ["Summit"],
                    "sources": [{"url": "https://example.org/video", "title": "The meeting",
                                 "publisher": "Reuters"}]}
    assert body == "Hi there."
    assert "onerror" not in text and "evil" not in text and "frame" not in text
    assert events["Caesar"][0]["date"] == "-0044-03-15" and "id" not in events["Caesar"][0]
    assert events["Talks until late October"][0]["date"] == "../2023-10-26"
    meta, body, _ = events["The first sentence becomes the title."]
    assert body == "The first sentence becomes the title. A second sentence stays in the body."


def test_unique_id_of_another_event_is_not_taken(tmp_path):
    settings = project(tmp_path)
    (tmp_path / "content" / "events" / "leaders-meet.md").write_text(
        "---\ntitle: Something else\ndate: 2020\nsources: [https://example.org]\n---\n", encoding="utf-8")
    report = import_file(SLIDES, settings)
    assert f"{SLIDES.as_posix()}:1: event 1: unique_id 'leaders-meet' is not kept: another event has it" \
        in warnings(report)
    assert "id" not in imported(report)["Leaders meet"][0]
    assert_valid(settings)


def test_invalid_json_is_reported_on_its_line(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "events": [\n    {"start_date": }\n  ]\n}\n', encoding="utf-8")
    report = import_file(broken, project(tmp_path / "site"))
    assert errors(report) == [f"{broken.as_posix()}:3: invalid JSON: Expecting value"]
    not_timeline = tmp_path / "other.json"
    not_timeline.write_text('{"items": []}', encoding="utf-8")
    assert errors(import_file(not_timeline, project(tmp_path / "site2"))) == [
        f"{not_timeline.as_posix()}:1: not TimelineJS JSON: no 'events' list"]


# --- TimelineSetter CSV --------------------------------------------------------------

def test_timelinesetter_csv_reports_bad_rows(tmp_path):
    report = import_file(SETTER, project(tmp_path))
    path = SETTER.as_posix()
    assert report.format == "timelinesetter-csv"
    assert errors(report) == [
        f"{path}:6: row 6: date '13/10/2023' is not month/day/year",
        f"{path}:7: row 7: no date",
        f"{path}:8: row 8: unknown date form 'sometime'",
    ]
    assert warnings(report) == [f"{path}:9: row 9: link is not a web address; left out"]


def test_timelinesetter_csv_rows_become_events(tmp_path):
    report = import_file(SETTER, project(tmp_path))
    events = imported(report)
    # A long description with a heading in the html: the heading titles the event.
    meta, body, text = events["Brock Joins the Army"]
    assert (meta["date"], meta["tags"]) == ("2003-02-18", ["Brock"])
    assert body == ("Brock joins the Army and is stationed at Fort Riley. "
                    "His assigned position is artillery survey.")
    assert "onerror" not in text and "<img" not in text
    # The display date gives the precision; its wording is kept in a comment.
    meta, _, text = events["Brock's unit is ambushed."]
    assert meta["date"] == "2003-12" and "# display date: December 2003\n" in text
    assert meta["sources"] == [{"url": "http://www.example.org/story"}]
    meta, _, _ = events["Junge leaves the Air Force."]
    assert (meta["date"], meta["time"]) == ("2010-03-20", "23:59")
    meta, _, text = events["Junge enlists."]
    assert meta["date"] == "2006-10-01" and "# display date: Oct-06\n" in text
    meta, body, text = events["Script title"]
    assert body == "Body **bold**" and "sources" not in meta
    assert "alert" not in text and "onclick" not in text


# --- format detection ----------------------------------------------------------------

@pytest.mark.parametrize("fixture, expected", [(SHEET, "timelinejs-csv"), (SLIDES, "timelinejs-json"),
                                               (SETTER, "timelinesetter-csv")])
def test_format_is_detected_from_the_file(fixture, expected):
    assert detect_format(fixture, fixture.read_text(encoding="utf-8")) == expected


def test_unknown_format_is_reported(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("name,when\nx,2023\n", encoding="utf-8")
    report = import_file(other, project(tmp_path / "site"))
    assert errors(report) == [f"{other.as_posix()}:1: cannot tell which timeline format this file is"]
    assert "timelinejs-csv" in report.problems[0].hint
    report = import_file(other, project(tmp_path / "site2"), format="timelinejs-csv")
    assert errors(report) == [f"{other.as_posix()}:1: no column Year, Headline in the first row"]


def test_a_url_the_site_has_as_a_source_file_is_cited_by_id(tmp_path):
    settings = project(tmp_path)
    (tmp_path / "content" / "sources").mkdir()
    (tmp_path / "content" / "sources" / "story.md").write_text(
        "---\ntitle: The story\nurl: http://www.example.org/story\n---\n", encoding="utf-8")
    report = import_file(SETTER, settings)
    assert imported(report)["Brock's unit is ambushed."][0]["sources"] == [{"source": "story"}]
    assert_valid(settings)


# --- round trips ---------------------------------------------------------------------

def shared_fields(event) -> tuple:
    """What our events and the three formats all carry."""
    return (event.title, event.date.edtf(), event.time, event.tags[:1], " ".join(event.body.split()),
            [(c.source.url, c.source.title, c.quote) for c in event.citations])


@pytest.mark.parametrize("site", ["tests/fixtures/site/mkdocs.yml", "mkdocs.yml"])
@pytest.mark.parametrize("format, suffix", [("timelinejs", ".json"), ("timelinejs-csv", ".csv"),
                                            ("timelinesetter-csv", ".csv")])
def test_round_trip_keeps_the_shared_fields(tmp_path, site, format, suffix):
    source_settings = load_settings(ROOT / site)
    timeline, problems = read_timeline(source_settings)
    assert not [p for p in problems if p.severity == "error"]
    exported = tmp_path / f"export{suffix}"
    exported.write_text(export(timeline, source_settings, format), encoding="utf-8", newline="")
    settings = project(tmp_path / "site")
    report = import_file(exported, settings)
    assert errors(report) == [] and warnings(report) == []
    assert report.format == {"timelinejs": "timelinejs-json"}.get(format, format)
    imported_timeline = assert_valid(settings)
    assert sorted(map(shared_fields, imported_timeline.events)) == sorted(map(shared_fields, timeline.events))
    if format == "timelinejs":  # unique_id carries the permalink
        assert sorted(e.id for e in imported_timeline.events) == sorted(e.id for e in timeline.events)
    assert import_file(exported, settings).written == []


# --- the HTML converter --------------------------------------------------------------

def test_display_dates_we_write_are_read_back():
    for text, edtf in [("c. Oct 2023", "2023-10~"), ("until 26 Oct 2023", "../2023-10-26"),
                       ("from 7 Sep 2023", "2023-09-07/.."), ("7 Sep – 1 Oct 2023", "2023-09-07/2023-10-01"),
                       ("c. 23–29 Oct 2023", "2023-10-23~/2023-10-29~"), ("2023 (?)", "2023?"),
                       ("15 Mar 44 BC", "-0044-03-15"), ("Sep – Oct 2023", "2023-09/2023-10")]:
        assert parse_display(text).edtf() == edtf
    assert parse_display("Oct-06") is None and parse_display("1920s") is None


def test_markdown_escapes_text_that_would_become_markup():
    body, _ = html_to_markdown("<p># not a heading</p><p>*stars* [x](javascript:y) {: .cls } &lt;b&gt; "
                               "&amp;amp; !!! note</p><p>1. not a list</p>")
    rendered = markdown.markdown(body, extensions=SITE_MARKDOWN)
    assert rendered == ("<p># not a heading</p>\n<p>*stars* [x](javascript:y) {: .cls } &lt;b&gt; &amp;amp; "
                        "!!! note</p>\n<p>1. not a list</p>")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


HTML_PIECES = st.sampled_from([
    "<script>", "</script>", "<p onclick='x()'>", "</p>", "<a href='javascript:alert(1)'>",
    "<a href='https://ok.example/(x)'>", "</a>", "<b>", "</b>", "<em>", "</em>", "<ul>", "<li>", "</li>",
    "</ul>", "<ol>", "</ol>", "<br>", "<img src=x onerror=alert(1)>", "<style>", "</style>",
    "<div class='timeline-sources'>", "</div>", "&lt;script&gt;", "&amp;", "{: onclick=x }", "*", "_",
    "[", "](", ")", "#", "- ", "1. ", "!!! ", "`", "\\", "<", ">", "\n", " ", "text", "=", "<!-- c -->",
    "<iframe src=x>", "</iframe>", "<h2>", "</h2>",
])


@given(st.lists(HTML_PIECES, max_size=40).map("".join))
@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_imported_markdown_never_renders_unsafe_html(fragment):
    body, _ = html_to_markdown(fragment)
    parser = _Tags()
    parser.feed(markdown.markdown(body, extensions=SITE_MARKDOWN))
    for tag, attrs in parser.found:
        assert tag in {"p", "br", "a", "em", "strong", "ul", "ol", "li"}, (fragment, body)
        for name, value in attrs:
            assert name == "href" and tag == "a" and re.match(r"^(https?://|mailto:)", value), (fragment, body)


def test_formats_listed():
    assert FORMATS == ("timelinejs-csv", "timelinejs-json", "timelinesetter-csv")
    assert json.loads((SLIDES).read_text(encoding="utf-8"))["events"]


def test_text_split_by_the_html_reader_cannot_become_a_tag():
    # HTMLParser hands "<" and "text<script>" over as two pieces of text.
    body, _ = html_to_markdown("<text&lt;script&gt;")
    assert "<" not in body.replace("&lt;", "")
    assert markdown.markdown(body, extensions=SITE_MARKDOWN) == "<p>&lt;text&lt;script&gt;</p>"
