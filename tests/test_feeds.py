"""The feeds (generator/feeds.py), parsed back with the readers' own libraries and
compared with the content they come from."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator import feeds
from generator.config import Settings, load_settings
from generator.dates import parse
from generator.model import Citation, Event, Source, build_timeline
from generator.pipeline import read_timeline
from generator.render import event_url

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"
SCRIPT_TITLE = '<script>alert("x")</script> [click](javascript:alert(1)) *bold* {: onclick=x }'
# The fixture's published events by event date, newest first; the BCE one has no
# timestamp and is left out of the dated feeds.
FIXTURE_ORDER = ["new-year", "until", "escape-me", "summit", "shipments", "whole-year"]


@pytest.fixture(scope="module")
def fixture_site():
    settings = load_settings(FIXTURE / "mkdocs.yml")
    timeline, _ = read_timeline(settings)
    return timeline, settings, feeds.site_files(timeline, settings)


@pytest.fixture(scope="module")
def example_site():
    settings = load_settings(ROOT / "mkdocs.yml")
    timeline, _ = read_timeline(settings)
    return timeline, settings, feeds.site_files(timeline, settings)


def by_id(timeline):
    return {event.id: event for event in timeline.events}


def calendar_events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["uid"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def make_event(event_id: str, date: str, **fields) -> Event:
    return Event(id=event_id, title=fields.pop("title", event_id), date=parse(date),
                 path=f"content/events/{event_id}.md", **fields)


def test_site_files_paths(fixture_site):
    _, _, files = fixture_site
    assert set(files) == {"feeds/atom.xml", "feeds/rss.xml", "feeds/feed.json", "feeds/events.ics"}
    assert all(isinstance(data, bytes) for data in files.values())


@pytest.mark.parametrize("path, version", [("feeds/atom.xml", "atom10"), ("feeds/rss.xml", "rss20")])
def test_atom_and_rss_entries(fixture_site, path, version):
    timeline, settings, files = fixture_site
    parsed = feedparser.parse(files[path])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.feed.title == "Fixture timeline"
    assert parsed.feed.link == "https://example.github.io/fixture/"
    events = by_id(timeline)
    assert [entry.id for entry in parsed.entries] == [event_url(events[i], settings) for i in FIXTURE_ORDER]
    assert [entry.link for entry in parsed.entries] == [entry.id for entry in parsed.entries]
    assert [entry.title for entry in parsed.entries] == [events[i].title for i in FIXTURE_ORDER]
    # The title with markup in it comes out as text, never as markup.
    script = parsed.entries[FIXTURE_ORDER.index("escape-me")]
    assert script.title == SCRIPT_TITLE and script.title_detail.type == "text/plain"
    assert b"<script>" not in files[path]


def test_atom_dates_and_content(fixture_site):
    _, _, files = fixture_site
    entries = {e.id.rsplit("#", 1)[1]: e for e in feedparser.parse(files["feeds/atom.xml"]).entries}
    # A time in its own zone; a day at midnight in settings.timezone (UTC here);
    # a month or a year from its first day; an open start from its end.
    assert entries["summit"].published == "2023-09-13T14:30:00+10:00"
    assert entries["new-year"].published == "2024-01-01T00:00:00+00:00"
    assert entries["escape-me"].updated == "2023-10-01T00:00:00+00:00"
    assert entries["whole-year"].published == "2023-01-01T00:00:00+00:00"
    assert entries["until"].published == "2023-10-26T00:00:00+00:00"
    summit = entries["summit"].content[0].value
    assert "13 Sep 2023" in summit and "confirmed" in summit and "<em>Markdown</em>" in summit
    assert 'href="https://news.example.org/2023/summit?id=1&amp;lang=en"' in summit
    assert "Wire report on the &lt;b&gt;summit&lt;/b&gt; &amp; its aftermath" in summit
    assert "&lt;i&gt;four&lt;/i&gt;" in summit  # the quote, escaped
    escaped = entries["escape-me"].content[0].value
    assert "<script" not in escaped and "&lt;script&gt;bad()&lt;/script&gt;" in escaped


def test_json_feed(fixture_site):
    timeline, settings, files = fixture_site
    feed = json.loads(files["feeds/feed.json"])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Fixture timeline"
    assert feed["home_page_url"] == "https://example.github.io/fixture/"
    assert feed["feed_url"] == "https://example.github.io/fixture/feeds/feed.json"
    events = by_id(timeline)
    items = feed["items"]
    assert [item["id"] for item in items] == [event_url(events[i], settings) for i in FIXTURE_ORDER]
    assert all(item["url"] == item["id"] for item in items)
    script = items[FIXTURE_ORDER.index("escape-me")]
    assert script["title"] == SCRIPT_TITLE
    assert script["tags"] == ["<img src=x onerror=alert(1)>"]
    assert "<img" not in script["content_html"]
    assert script["_timeline"]["date"] == "2023-10~" and script["_timeline"]["status"] == "disputed"
    summit = items[FIXTURE_ORDER.index("summit")]
    assert summit["date_published"] == "2023-09-13T14:30:00+10:00"
    assert summit["tags"] == ["summit", "Diplomacy"]
    assert summit["_timeline"]["sources"] == [{
        "id": "wire-report", "title": "Wire report on the <b>summit</b> & its aftermath",
        "url": "https://news.example.org/2023/summit?id=1&lang=en", "publisher": "Example Wire",
        "author": "A. Reporter", "published": "2023-09-14", "archive_url": "https://archive.example.org/2023/summit",
        "quote": 'The leaders "met" for <i>four</i> hours & talked.'}]
    for item in items:
        assert dt.datetime.fromisoformat(item["date_published"]).tzinfo is not None


def test_calendar_fixture(fixture_site):
    timeline, settings, files = fixture_site
    calendar = icalendar.Calendar.from_ical(files["feeds/events.ics"])
    assert str(calendar["version"]) == "2.0"
    assert "left out" in str(calendar["x-wr-caldesc"])
    events = calendar_events(files["feeds/events.ics"])
    # Month, year, open-interval and BCE events are left out.
    assert set(events) == {"shipments", "summit", "new-year"}
    assert str(events["summit"]["uid"]) == "summit@example.github.io"
    # An interval known to the day spans its days; DTEND is the day after the end.
    assert events["shipments"].decoded("dtstart") == dt.date(2023, 9, 7)
    assert events["shipments"].decoded("dtend") == dt.date(2023, 10, 2)
    assert events["new-year"].decoded("dtstart") == dt.date(2024, 1, 1)
    assert events["new-year"].decoded("dtend") == dt.date(2024, 1, 2)
    start = events["summit"].decoded("dtstart")
    assert start == dt.datetime(2023, 9, 13, 14, 30, tzinfo=ZoneInfo("Asia/Vladivostok"))
    assert start.tzinfo.key == "Asia/Vladivostok"
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} == {"Asia/Vladivostok"}
    assert str(events["summit"]["status"]) == "CONFIRMED"
    assert str(events["shipments"]["status"]) == "TENTATIVE"
    assert str(events["summit"]["url"]) == event_url(by_id(timeline)["summit"], settings)
    assert [str(c) for c in events["shipments"]["categories"].cats] == ["arms-transfers", "diplomacy"]
    description = str(events["summit"]["description"])
    assert "Status: confirmed" in description and "Example Wire: Wire report" in description
    assert str(events["summit"]["summary"]) == "Leaders meet at the summit"


def test_example_content(example_site):
    timeline, settings, files = example_site
    ordered = sorted(timeline.events, key=lambda e: e.sort_key, reverse=True)[: settings.feed_entries]
    expected = [event_url(e, settings) for e in ordered]
    for path in ("feeds/atom.xml", "feeds/rss.xml"):
        parsed = feedparser.parse(files[path])
        assert not parsed.bozo
        assert [entry.id for entry in parsed.entries] == expected
        assert [entry.title for entry in parsed.entries] == [e.title for e in ordered]
    assert [item["id"] for item in json.loads(files["feeds/feed.json"])["items"]] == expected

    events = calendar_events(files["feeds/events.ics"])
    day_precise = {e.id for e in timeline.events if feeds.calendar_span(e) is not None}
    assert set(events) == day_precise
    assert "unification-ministry-no-imminent-satellite-launch" not in events  # dated to a month
    launch = events["north-korea-spy-satellite-launch-fails-may"].decoded("dtstart")
    assert launch == dt.datetime(2023, 5, 31, 6, 29, tzinfo=ZoneInfo("Asia/Seoul"))
    exercise = events["trilateral-air-exercise-b52"]
    assert exercise.decoded("dtstart") == dt.date(2023, 10, 22)
    drill = events["south-korea-west-coast-naval-drill"]  # 2023-10-23~/2023-10-29~
    assert (drill.decoded("dtstart"), drill.decoded("dtend")) == (dt.date(2023, 10, 23), dt.date(2023, 10, 30))
    assert "approximate" in str(drill["description"])


def test_feed_entries_limit_and_empty(fixture_site):
    timeline, settings, _ = fixture_site
    files = feeds.site_files(timeline, dataclasses.replace(settings, feed_entries=2))
    ids = [e.id.rsplit("#", 1)[1] for e in feedparser.parse(files["feeds/atom.xml"]).entries]
    assert ids == FIXTURE_ORDER[:2]
    empty = build_timeline([], [], settings.taxonomies)
    files = feeds.site_files(empty, settings)
    assert feedparser.parse(files["feeds/atom.xml"]).entries == []
    assert not feedparser.parse(files["feeds/rss.xml"]).bozo
    assert json.loads(files["feeds/feed.json"])["items"] == []
    assert calendar_events(files["feeds/events.ics"]) == {}


def test_without_site_url(fixture_site):
    timeline, settings, _ = fixture_site
    bare = dataclasses.replace(settings, site_url="")
    files = feeds.site_files(timeline, bare)
    atom = feedparser.parse(files["feeds/atom.xml"])
    assert not atom.bozo
    first = atom.entries[0]
    # Links are relative to the feed file; ids are absolute tag: URIs.
    assert first.link.endswith("years/2024/#new-year")
    assert b'href="../years/2024/#new-year"' in files["feeds/atom.xml"]
    assert first.id == "tag:timeline,2000:years/2024/#new-year"
    assert not feedparser.parse(files["feeds/rss.xml"]).bozo
    feed = json.loads(files["feeds/feed.json"])
    assert "home_page_url" not in feed and "feed_url" not in feed
    assert feed["items"][0]["url"] == "../years/2024/#new-year"
    events = calendar_events(files["feeds/events.ics"])
    assert str(events["summit"]["uid"]) == "summit@timeline"
    assert "url" not in events["summit"]


def test_calendar_edge_cases():
    settings = Settings(title="T", site_url="https://news.example.org/t/", timezone="Europe/London")
    events = [
        make_event("approx-day", "2023-10-13~"),
        make_event("uncertain-day", "2023-10-14?"),
        make_event("offset-time", "2023-10-15", time="09:00", timezone="+09:00"),
        make_event("settings-zone", "2023-07-01", time="12:00"),
        make_event("timed-interval", "2023-10-16/2023-10-17", time="20:00", timezone="UTC"),
        make_event("half-month", "2023-10-01/2023-11"),
        make_event("open-end", "2023-10-01/.."),
        make_event("bce-day", "-0044-03-15"),
        make_event("last-day", "9999-12-31"),
    ]
    timeline = build_timeline(events, [], ("tags",))
    found = calendar_events(feeds.site_files(timeline, settings)["feeds/events.ics"])
    assert set(found) == {"approx-day", "uncertain-day", "offset-time", "settings-zone", "timed-interval"}
    assert str(found["approx-day"]["uid"]) == "approx-day@news.example.org"
    assert "(approximate)" in str(found["approx-day"]["description"])
    assert "(uncertain)" in str(found["uncertain-day"]["description"])
    # A UTC offset has no TZID: the time is given in UTC, exactly.
    assert found["offset-time"].decoded("dtstart") == dt.datetime(2023, 10, 15, 0, 0, tzinfo=dt.timezone.utc)
    # A time without a zone is in settings.timezone.
    start = found["settings-zone"].decoded("dtstart")
    assert start == dt.datetime(2023, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/London"))
    assert start.utcoffset() == dt.timedelta(hours=1)
    interval = found["timed-interval"]
    assert interval.decoded("dtstart") == dt.datetime(2023, 10, 16, 20, 0, tzinfo=dt.timezone.utc)
    assert interval.decoded("dtend") == dt.datetime(2023, 10, 18, 0, 0, tzinfo=dt.timezone.utc)


def test_body_markdown_is_safe():
    settings = Settings(title="T", site_url="https://example.org/")
    body = ("Text with <script>alert(1)</script> and <b>bold</b>.\n\n"
            "[bad](javascript:alert(1)) [good](https://example.org/x) ![img](data:text/html,x)")
    source = Source(id="", title="<i>Title</i>", url="javascript:alert(2)")
    event = Event(id="e", title="E", date=parse("2023-10-13"), path="e.md", body=body,
                  citations=(Citation(source, quote="<q>"),))
    content = feeds.entry_html(event, settings)
    assert "<script" not in content and "alert(1)</" not in content  # dropped with its content
    assert 'href="javascript' not in content and "data:text" not in content
    assert '<a href="https://example.org/x">good</a>' in content
    assert "&lt;i&gt;Title&lt;/i&gt;" in content and "&lt;q&gt;" in content


def test_head_links():
    settings = Settings(title="My <timeline>")
    links = feeds.head_links(settings)
    assert [link["href"] for link in links] == ["feeds/atom.xml", "feeds/rss.xml", "feeds/feed.json",
                                                 "feeds/events.ics"]
    assert [link["type"] for link in links] == ["application/atom+xml", "application/rss+xml",
                                                 "application/feed+json", "text/calendar"]
    assert all(link["rel"] == "alternate" and link["title"].startswith("My <timeline>") for link in links)
    assert feeds.head_links(settings, corrections=True)[-1]["href"] == "feeds/corrections.xml"


def test_output_is_reproducible(fixture_site):
    timeline, settings, files = fixture_site
    assert feeds.site_files(timeline, settings) == files


_points = st.builds(
    lambda year, month, day, q: f"{'-' if year < 0 else ''}{abs(year):04d}"
    + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "") + q,
    st.integers(-9999, 9999).filter(bool), st.one_of(st.none(), st.integers(1, 12)),
    st.one_of(st.none(), st.integers(1, 28)), st.sampled_from(["", "~", "?", "%"]))


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_points, st.one_of(st.none(), _points, st.just("..")),
                          st.sampled_from(["", "06:15"])), min_size=1, max_size=4))
def test_any_dates_give_valid_feeds(specs):
    """Whatever the dates (BCE, far future, open ends), the feeds build and parse."""
    settings = Settings(title="T", site_url="https://example.org/", timezone="Asia/Seoul")
    events = []
    for index, (start, end, time) in enumerate(specs):
        text = start if end is None else f"{start}/{end}"
        try:
            date = parse(text)
        except ValueError:
            continue
        events.append(Event(id=f"e{index}", title=f"E{index}", date=date, path=f"e{index}.md", time=time))
    timeline = build_timeline(events, [], ())
    files = feeds.site_files(timeline, settings)
    parsed = feedparser.parse(files["feeds/atom.xml"])
    assert not parsed.bozo
    dated = [e for e in timeline.events if feeds.event_datetime(e, settings) is not None]
    assert len(parsed.entries) == len(dated)
    found = calendar_events(files["feeds/events.ics"])
    for event in timeline.events:
        span = feeds.calendar_span(event)
        assert (event.id in found) == (span is not None)
        if span and not event.time:
            assert (found[event.id].decoded("dtstart"), found[event.id].decoded("dtend")) == span
            assert event.date.precision == "day" and event.date.anchor.year > 0


# --- The calendar's own writer (feeds.calendar): folding, escaping, zones --------------

_ICS_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    return data[:-2].split(b"\r\n")


def unfolded_lines(data: bytes) -> list[str]:
    """The content lines, unfolded as RFC 5545 3.1 says: CRLF + one space removed."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def rfc_unescape(value: str) -> str:
    """TEXT unescaping of RFC 5545 3.3.11, in one pass (icalendar's reader turns an
    escaped backslash followed by "n" into a line break, see below)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def calendar_of(*events: Event, **settings_fields) -> bytes:
    settings = Settings(**{"title": "T", "site_url": "https://example.org/", **settings_fields})
    return feeds.calendar(build_timeline(list(events), [], ("tags",)), settings)


@pytest.mark.parametrize("unit", ["é", "€", "日本", "🎉", "a€🎉é"])
def test_calendar_folds_long_multibyte_lines(unit):
    # Every length and offset: folds fall before, inside and after each character.
    for shift in range(4):
        title = "x" * shift + unit * 120
        data = calendar_of(make_event("long", "2023-10-13", title=title, tags=(title,)))
        for line in physical_lines(data):
            assert len(line) <= 75
            line.decode("utf-8")  # no character split across two physical lines
        assert f"SUMMARY:{title}" in unfolded_lines(data)
        event = calendar_events(data)["long"]
        assert str(event["summary"]) == title
        assert [str(c) for c in event["categories"].cats] == [title]


def test_calendar_fold_lengths():
    for length in range(0, 400, 7):
        line = "DESCRIPTION:" + "é" * length
        folded = feeds.ics_lines([line])
        assert all(len(part) <= 75 for part in physical_lines(folded))
        assert all(part.startswith(b" ") for part in physical_lines(folded)[1:])
        assert unfolded_lines(folded) == [line]


def test_calendar_escapes_text():
    title = 'Semi; comma, back\\slash and a\nnew line, CRLF\r\nand "quotes": done'
    data = calendar_of(make_event("esc", "2023-10-13", title=title, tags=("a,b", "c;d")))
    assert ("SUMMARY:Semi\\; comma\\, back\\\\slash and a\\nnew line\\, CRLF\\nand \"quotes\": done"
            in unfolded_lines(data))
    event = calendar_events(data)["esc"]
    assert str(event["summary"]) == title.replace("\r\n", "\n")
    assert [str(c) for c in event["categories"].cats] == ["a,b", "c;d"]
    # Control characters are not allowed in TEXT: they are left out.
    data = calendar_of(make_event("ctl", "2023-10-13", title="bell\x07 tab\t null\x00 cr\r end"))
    assert str(calendar_events(data)["ctl"]["summary"]) == "bell tab\t null cr\n end"


def test_calendar_header_and_zones():
    data = calendar_of(
        make_event("seoul", "2023-10-13/2023-10-14", time="09:30", timezone="Asia/Seoul"),
        make_event("berlin", "2023-10-15", time="18:00", timezone="Europe/Berlin"),
        make_event("etc-utc", "2023-10-16", time="07:00", timezone="Etc/UTC"),
        make_event("old", "1950-06-25", time="04:00", timezone="Asia/Seoul"),
        title="Arms, ships; and \\ more", description="A, B")
    calendar = icalendar.Calendar.from_ical(data)
    # TEXT, escaped (icalendar reads these two without unescaping: compare the lines).
    assert "X-WR-CALNAME:Arms\\, ships\\; and \\\\ more" in unfolded_lines(data)
    assert "NAME:Arms\\, ships\\; and \\\\ more" in unfolded_lines(data)
    assert "DESCRIPTION:A\\, B " + feeds.LEFT_OUT_NOTE.replace(",", "\\,") in unfolded_lines(data)
    # One VTIMEZONE per IANA zone named, sorted, before the events.
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul", "Europe/Berlin"]
    assert data.index(b"BEGIN:VTIMEZONE") < data.index(b"BEGIN:VEVENT")
    found = calendar_events(data)
    seoul = found["seoul"]
    assert seoul.decoded("dtstart") == dt.datetime(2023, 10, 13, 9, 30, tzinfo=ZoneInfo("Asia/Seoul"))
    assert seoul.decoded("dtend") == dt.datetime(2023, 10, 15, 0, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    assert "DTSTART;TZID=Asia/Seoul:20231013T093000" in unfolded_lines(data)
    assert found["berlin"].decoded("dtstart").utcoffset() == dt.timedelta(hours=2)
    # UTC by another name, and a year before 1970 (the VTIMEZONEs start then): in UTC.
    assert "DTSTART:20231016T070000Z" in unfolded_lines(data)
    old = found["old"].decoded("dtstart")
    assert old == dt.datetime(1950, 6, 25, 4, 0, tzinfo=ZoneInfo("Asia/Seoul")) and old.utcoffset() == dt.timedelta(0)
    assert "DTSTAMP:19500625T000000Z" in unfolded_lines(data)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_title_round_trips(title):
    data = calendar_of(make_event("e", "2023-10-13", title=title))
    assert all(len(line) <= 75 for line in physical_lines(data))
    expected = _ICS_CONTROLS.sub("", title).replace("\r\n", "\n").replace("\r", "\n")
    summary = next(line for line in unfolded_lines(data) if line.startswith("SUMMARY:"))
    assert rfc_unescape(summary.removeprefix("SUMMARY:")) == expected
    if not re.search(r"\\[nN]", title):  # icalendar reads "\\n" as a backslash and a line break
        assert str(calendar_events(data)["e"]["summary"]) == expected
