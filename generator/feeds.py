"""Feeds of the timeline: Atom, RSS 2.0 and JSON Feed of the latest events, and an
iCalendar file of every event dated to the day.

Files (paths relative to the built site's root, see `site_files`):

- `feeds/atom.xml`, `feeds/rss.xml`, `feeds/feed.json`: the latest
  `settings.feed_entries` events by EVENT date (not by when they were written), newest
  first, in the timeline's own order (`Event.sort_key`). An entry's published/updated
  time is the event's date: its time of day in its time zone when it has one, else
  00:00 in `settings.timezone` on its first day (a month or a year counts from its
  first day). `datetime` cannot hold BCE years, so an event is dated by its start, else
  by its end (open starts, intervals from BCE into CE); an event with neither
  (a BCE date) is LEFT OUT of these three feeds. So are the years AD 1 and 9999,
  at the edges of what `datetime` holds.
- `feeds/events.ics`: every event whose date is known to the day, as an all-day event
  (an interval known to the day at both ends spans its days; DTEND is exclusive, the
  day after), or at its time of day when it has one. Events dated only to a month or a
  year, open intervals and BCE dates (and AD 1 and 9999) are LEFT OUT: a calendar has
  no way to show them truthfully. The calendar's description says so.

Without a `site_url` the feeds still validate: links are relative to the feed file
(`../years/2023/#id`, which readers resolve against the feed's own address), entry ids
become `tag:timeline,2000:<permalink>` URIs (Atom ids must be absolute), the JSON
Feed leaves out its optional home_page_url and feed_url, and calendar events have no URL.

Titles, names, quotes and source details are untrusted text: they are escaped wherever
they land. An event's body is the editor's Markdown, rendered with raw HTML turned
into text and links other than http(s), mailto and relative ones dropped.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from feedgen.feed import FeedGenerator

from .config import Settings
from .dates import DAY, Point
from .model import Event, Source, Timeline
from .render import event_timestamp, event_url, page_url
from .safe_html import body_html, safe_href

ATOM_PATH, RSS_PATH, JSON_PATH, ICS_PATH = "feeds/atom.xml", "feeds/rss.xml", "feeds/feed.json", "feeds/events.ics"
CORRECTIONS_PATH = "feeds/corrections.xml"  # written by generator.history
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEEDS_TO_ROOT = "../"  # the feeds sit one folder below the site's root
ID_PREFIX = "tag:timeline,2000:"  # absolute ids for a site without site_url
LEFT_OUT_NOTE = ("Only events dated to the day are listed: events dated to a month or a year, "
                 "open intervals and dates before the common era are left out.")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_OFFSET = re.compile(r"^(?:UTC)?([+-])(\d{2}):?(\d{2})$")


class Item(NamedTuple):
    """An event in the dated feeds: its timestamp and its HTML content, made once."""

    event: Event
    when: dt.datetime
    content: str


def site_files(timeline: Timeline, settings: Settings) -> dict[str, bytes]:
    """The feed files of the built site, by path relative to its root."""
    latest = [Item(event, when, entry_html(event, settings)) for event, when in latest_events(timeline, settings)]
    return {
        ATOM_PATH: feed_generator(latest, settings, ATOM_PATH).atom_str(pretty=True),
        RSS_PATH: feed_generator(latest, settings, RSS_PATH).rss_str(pretty=True),
        JSON_PATH: json_feed(latest, settings),
        ICS_PATH: calendar(timeline, settings),
    }


def head_links(settings: Settings, corrections: bool = False) -> list[dict[str, str]]:
    """`<link rel="alternate">` attributes for every page's head; hrefs are relative to
    the site root. `corrections=True` adds the corrections feed of generator.history."""
    links = [
        {"rel": "alternate", "type": "application/atom+xml", "title": f"{settings.title} (Atom)", "href": ATOM_PATH},
        {"rel": "alternate", "type": "application/rss+xml", "title": f"{settings.title} (RSS)", "href": RSS_PATH},
        {"rel": "alternate", "type": "application/feed+json", "title": f"{settings.title} (JSON Feed)",
         "href": JSON_PATH},
        {"rel": "alternate", "type": "text/calendar", "title": f"{settings.title} (calendar)", "href": ICS_PATH},
    ]
    if corrections:
        links.append({"rel": "alternate", "type": "application/atom+xml",
                      "title": f"{settings.title}: corrections and updates (Atom)", "href": CORRECTIONS_PATH})
    return links


# --- Dates -----------------------------------------------------------------------

def zone(name: str) -> dt.tzinfo:
    """A tzinfo for an IANA name or a UTC offset as the settings and events write them."""
    if name in ("", "UTC", "Z"):
        return dt.timezone.utc
    match = _OFFSET.match(name)
    if match:
        sign = -1 if match[1] == "-" else 1
        return dt.timezone(sign * dt.timedelta(hours=int(match[2]), minutes=int(match[3])))
    return ZoneInfo(name)


def _datable(point: Point | None) -> bool:
    """Whether `datetime` can hold the point in any time zone: not BCE, and not in its
    first or last year (AD 1, 9999), where converting to UTC can leave its range."""
    return point is not None and 2 <= point.year <= 9998


def event_datetime(event: Event, settings: Settings) -> dt.datetime | None:
    """When the event happened, as an aware datetime for the feeds; None for BCE dates."""
    date = event.date
    point = date.start if _datable(date.start) else (date.end if _datable(date.end) else None)
    if point is None:
        return None
    hour = minute = 0
    name = settings.timezone
    # The time of day belongs to the anchor point (as on the site); an end has none.
    if event.time and point is date.anchor and point.precision == DAY:
        hour, minute = map(int, event.time.split(":"))
        name = event.timezone or settings.timezone
    return dt.datetime(point.year, point.month or 1, point.day or 1, hour, minute, tzinfo=zone(name))


def latest_events(timeline: Timeline, settings: Settings) -> list[tuple[Event, dt.datetime]]:
    """The latest events by event date, newest first, with their datetimes."""
    dated = []
    for event in sorted(timeline.events, key=lambda e: e.sort_key, reverse=True):
        if len(dated) >= settings.feed_entries:
            break
        when = event_datetime(event, settings)
        if when is not None:
            dated.append((event, when))
    return dated


# --- Links and HTML ----------------------------------------------------------------

def entry_link(event: Event, settings: Settings) -> str:
    """The permalink; without site_url, relative to the feed file."""
    url = event_url(event, settings)
    return url if settings.site_url else FEEDS_TO_ROOT + url


def entry_id(event: Event, settings: Settings) -> str:
    """The permalink; without site_url, a tag: URI built from it (ids must be absolute)."""
    url = event_url(event, settings)
    return url if settings.site_url else ID_PREFIX + url


def source_link(source: Source, settings: Settings) -> str:
    """Where a source's title links: its own address, else its page on the site."""
    if source.url:
        return safe_href(source.url)  # the validator allows http(s) only; belt and braces
    if source.id:
        path = page_url(f"sources/{source.id}.md", settings.directory_urls)
        return (settings.site_url or FEEDS_TO_ROOT) + path
    return ""


def entry_html(event: Event, settings: Settings) -> str:
    """An entry's content: date and status, the description, the sources with quotes."""
    esc = html.escape
    when = f'<time datetime="{esc(event_timestamp(event))}">{esc(event.date.display())}</time>'
    if event.time:
        when += f", {esc(event.time)}" + (f" ({esc(event.timezone)})" if event.timezone else "")
    parts = [f"<p>{when} · <strong>{esc(event.status)}</strong></p>"]
    description = body_html(event.body)
    if description:
        parts.append(description)
    if event.citations:
        parts.append("<p><strong>Sources</strong></p>\n<ol>")
        for citation in event.citations:
            source = citation.source
            link = source_link(source, settings)
            title = (f'<a href="{esc(link)}">{esc(source.title)}</a>' if link else f"<cite>{esc(source.title)}</cite>")
            item = (f"{esc(source.publisher)}: " if source.publisher else "") + title
            if source.published:
                item += f", {esc(source.published.display())}"
            if citation.quote:
                item += f"<blockquote>{esc(citation.quote)}</blockquote>"
            parts.append(f"<li>{item}</li>")
        parts.append("</ol>")
    return "\n".join(parts)


def source_record(citation) -> dict[str, str]:
    """A citation as plain data, for the JSON Feed's extension."""
    source = citation.source
    record = {"id": source.id, "title": source.title, "url": source.url, "publisher": source.publisher,
              "author": source.author, "published": source.published.edtf() if source.published else "",
              "archive_url": source.archive_url, "quote": citation.quote}
    return {key: value for key, value in record.items() if value}


# --- Atom and RSS ------------------------------------------------------------------

def feed_generator(latest: list[Item], settings: Settings, path: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(settings.site_url or ID_PREFIX + path)
    fg.title(settings.title)
    fg.subtitle(settings.description or settings.title)  # RSS requires a description
    if settings.site_url:
        fg.link(href=settings.site_url + path, rel="self")
    fg.link(href=settings.site_url or FEEDS_TO_ROOT, rel="alternate")  # last: feedgen's RSS <link>
    fg.language(settings.language)
    fg.generator("timeline-site")
    # The newest event's date, not the build time, so that an unchanged timeline
    # gives byte-identical feeds.
    fg.updated(max((item.when for item in latest), default=_EPOCH))
    for event, when, content in latest:
        entry = fg.add_entry(order="append")
        entry.guid(entry_id(event, settings), permalink=bool(settings.site_url))
        entry.title(event.title)
        entry.link(href=entry_link(event, settings))
        entry.published(when)
        entry.updated(when)
        entry.content(content, type="html")
        for tag in event.tags:
            entry.category(term=tag)
    return fg


# --- JSON Feed ---------------------------------------------------------------------

def json_feed(latest: list[Item], settings: Settings) -> bytes:
    feed: dict = {"version": JSON_FEED_VERSION, "title": settings.title}
    if settings.site_url:
        feed["home_page_url"] = settings.site_url
        feed["feed_url"] = settings.site_url + JSON_PATH
    if settings.description:
        feed["description"] = settings.description
    feed["language"] = settings.language
    feed["items"] = [{
        "id": entry_id(event, settings),
        "url": entry_link(event, settings),
        "title": event.title,
        "content_html": content,
        "date_published": when.isoformat(),
        "tags": list(event.tags),
        "_timeline": {"date": event.date.edtf(), "display": event.date.display(), "status": event.status,
                      "sources": [source_record(c) for c in event.citations]},
    } for event, when, content in latest]
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- iCalendar ---------------------------------------------------------------------

def calendar_span(event: Event) -> tuple[dt.date, dt.date] | None:
    """First day and the day after the last of an event known to the day; else None."""
    date = event.date
    start, end = date.start, (date.end if date.interval else date.start)
    if start is None or end is None or start.precision != DAY or end.precision != DAY:
        return None  # month or year precision, or an open interval
    if not (_datable(start) and _datable(end)):
        return None  # BCE
    first = dt.date(*start.key)
    last = dt.date(*end.key)
    return first, last + dt.timedelta(days=1)


def calendar(timeline: Timeline, settings: Settings) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//timeline-site//Timeline calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    description = " ".join(filter(None, [settings.description, LEFT_OUT_NOTE]))
    cal.add("x-wr-calname", icalendar.vText(settings.title))
    cal.add("x-wr-caldesc", icalendar.vText(description))
    cal.add("name", settings.title)  # RFC 7986's names for the two above
    cal.add("description", description)
    host = urlsplit(settings.site_url).hostname or "timeline"
    for event in timeline.events:
        span = calendar_span(event)
        if span is None:
            continue
        cal.add_component(calendar_event(event, span, host, settings))
    cal.add_missing_timezones()
    return cal.to_ical()


def calendar_event(event: Event, span: tuple[dt.date, dt.date], host: str, settings: Settings) -> icalendar.Event:
    first, after = span
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.id}@{host}")
    # DTSTAMP is required; the event's own date keeps the file reproducible.
    vevent.add("dtstamp", dt.datetime.combine(first, dt.time(), dt.timezone.utc))
    if event.time:
        hour, minute = map(int, event.time.split(":"))
        tz = zone(event.timezone or settings.timezone)
        start = dt.datetime.combine(first, dt.time(hour, minute), tz)
        if not isinstance(tz, ZoneInfo) or not 1970 <= first.year < 2038:
            # Fixed offsets have no TZID, and the VTIMEZONE icalendar writes covers
            # 1970-2037 only: give these times in UTC, which is exact.
            start = start.astimezone(dt.timezone.utc)
        vevent.add("dtstart", start)
        if event.date.interval:
            # DTEND must be a date-time too: midnight after the last day, same zone.
            vevent.add("dtend", dt.datetime.combine(after, dt.time(), start.tzinfo))
    else:
        vevent.add("dtstart", first)
        vevent.add("dtend", after)
    vevent.add("summary", event.title)
    vevent.add("description", calendar_description(event))
    if settings.site_url:
        vevent.add("url", event_url(event, settings))
    if event.tags:
        vevent.add("categories", list(event.tags))
    vevent.add("status", "CONFIRMED" if event.status == "confirmed" else "TENTATIVE")
    return vevent


def calendar_description(event: Event) -> str:
    """Plain text: date (with its qualifiers spelt out), status, sources with quotes."""
    qualifiers = [word for word, flag in (("approximate", event.date.approximate),
                                          ("uncertain", event.date.uncertain)) if flag]
    date_line = f"Date: {event.date.display()}" + (f" ({', '.join(qualifiers)})" if qualifiers else "")
    if event.time:
        date_line += f", {event.time}" + (f" ({event.timezone})" if event.timezone else "")
    # The description stays out: the calendar links to it (URL), and icalendar folds
    # long text a character at a time, which made the calendar the slowest feed.
    lines = [date_line, f"Status: {event.status}"]
    if event.citations:
        lines += ["", "Sources:"]
        for citation in event.citations:
            source = citation.source
            text = (f"{source.publisher}: " if source.publisher else "") + source.title
            if source.published:
                text += f", {source.published.display()}"
            if source.url:
                text += f" <{source.url}>"
            lines.append(f"- {text}")
            if citation.quote:
                lines.append(f'  "{citation.quote}"')
    return "\n".join(lines)
