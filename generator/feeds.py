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
import functools
import html
import json
import re
from typing import NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from feedgen.feed import FeedGenerator
from icalendar.timezone import tzid_from_tzinfo

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


SITE_PATHS = (ATOM_PATH, RSS_PATH, JSON_PATH, ICS_PATH)  # what site_files makes


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
    for event in reversed(timeline.events):  # in order already, and ids make the order total
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
    """The iCalendar file (RFC 5545), written line by line: the icalendar library's
    property objects and per-character folding took seconds for 10,000 events. The
    library still writes the VTIMEZONE components (see `_vtimezone`)."""
    description = " ".join(filter(None, [settings.description, LEFT_OUT_NOTE]))
    head = [
        "BEGIN:VCALENDAR",
        "PRODID:-//timeline-site//Timeline calendar//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_text(settings.title),
        "X-WR-CALDESC:" + ics_text(description),
        "NAME:" + ics_text(settings.title),  # RFC 7986's names for the two above
        "DESCRIPTION:" + ics_text(description),
    ]
    host = urlsplit(settings.site_url).hostname or "timeline"
    tzids: set[str] = set()  # the IANA zones the events' TZID parameters name
    events: list[str] = []
    for event in timeline.events:
        span = calendar_span(event)
        if span is not None:
            events += calendar_event(event, span, host, settings, tzids)
    # The VTIMEZONEs go before the events that name them, as icalendar put them.
    # Sorted, so that a calendar with several zones is the same from one run to the next.
    timezones = b"".join(_vtimezone(tzid) for tzid in sorted(tzids))
    return ics_lines(head) + timezones + ics_lines(events) + ics_lines(["END:VCALENDAR"])


def calendar_event(event: Event, span: tuple[dt.date, dt.date], host: str, settings: Settings,
                   tzids: set[str]) -> list[str]:
    """The VEVENT's content lines, unfolded; adds the zones its times name to `tzids`."""
    first, after = span
    lines = [
        "BEGIN:VEVENT",
        "UID:" + ics_text(f"{event.id}@{host}"),
        # DTSTAMP is required; the event's own date keeps the file reproducible.
        "DTSTAMP:" + _ics_datetime(dt.datetime.combine(first, dt.time(), dt.timezone.utc)),
    ]
    if event.time:
        hour, minute = map(int, event.time.split(":"))
        tz = zone(event.timezone or settings.timezone)
        start = dt.datetime.combine(first, dt.time(hour, minute), tz)
        tzid = _tzid(tz) if isinstance(tz, ZoneInfo) and 1970 <= first.year < 2038 else "UTC"
        if tzid == "UTC":
            # Fixed offsets have no TZID, and the VTIMEZONE icalendar writes covers
            # 1970-2037 only: give these times in UTC, which is exact. (So are the
            # IANA names of UTC itself, "Etc/UTC", "GMT"…, as icalendar wrote them.)
            lines.append("DTSTART:" + _ics_datetime(start.astimezone(dt.timezone.utc)))
        else:
            tzids.add(tzid)
            lines.append(f"DTSTART;TZID={tzid}:" + _ics_datetime(start))
        if event.date.interval:
            # DTEND must be a date-time too: midnight after the last day, in the
            # zone DTSTART is written in (UTC for the times above).
            if tzid == "UTC":
                lines.append("DTEND:" + _ics_datetime(dt.datetime.combine(after, dt.time(), dt.timezone.utc)))
            else:
                lines.append(f"DTEND;TZID={tzid}:" + _ics_datetime(dt.datetime.combine(after, dt.time(), tz)))
    else:
        lines.append("DTSTART;VALUE=DATE:" + _ics_date(first))
        lines.append("DTEND;VALUE=DATE:" + _ics_date(after))
    lines.append("SUMMARY:" + ics_text(event.title))
    lines.append("DESCRIPTION:" + ics_text(calendar_description(event)))
    if settings.site_url:
        lines.append("URL:" + _ics_uri(event_url(event, settings)))
    if event.tags:
        lines.append("CATEGORIES:" + ",".join(map(ics_text, event.tags)))
    lines.append("STATUS:" + ("CONFIRMED" if event.status == "confirmed" else "TENTATIVE"))
    lines.append("END:VEVENT")
    return lines


# RFC 5545 3.3.11: TEXT has no control characters but HTAB (the line breaks, CR and
# LF, are escaped in `ics_text`).
_ICS_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ICS_LINE_OCTETS = 75  # RFC 5545 3.1, without the CRLF


def ics_text(value: str) -> str:
    """A TEXT value escaped: backslash first, so that the escapes it adds stay single."""
    value = _ICS_CONTROL.sub("", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    # A line break is written "\n", whether it was CRLF, LF or a lone CR (as icalendar does).
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _ics_uri(value: str) -> str:
    """A URI value is not escaped. A valid URI holds no line break or control
    character (they are percent-encoded); one would end or corrupt the content line,
    so any such character is dropped."""
    return _ICS_CONTROL.sub("", value.replace("\r", "").replace("\n", ""))


def _ics_date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"  # strftime drops the zeros of years < 1000


def _ics_datetime(when: dt.datetime) -> str:
    """A DATE-TIME value: UTC with a "Z", otherwise the wall-clock time of the zone
    the caller names in the TZID parameter."""
    text = f"{_ics_date(when)}T{when.hour:02d}{when.minute:02d}{when.second:02d}"
    return text + "Z" if when.tzinfo is dt.timezone.utc else text


def ics_lines(lines: list[str]) -> bytes:
    """Content lines in UTF-8, each folded (RFC 5545 3.1) and ended with CRLF."""
    return b"".join(_fold(line.encode("utf-8")) for line in lines)


def _fold(data: bytes) -> bytes:
    """One content line: physical lines of at most 75 octets, the continuations
    starting with a space. Never a fold inside a UTF-8 character, as RFC 5545 3.1
    asks: a reader may decode each physical line on its own. Cuts are found on the
    bytes, a few per line, not a character at a time as icalendar did."""
    if len(data) <= _ICS_LINE_OCTETS:
        return data + b"\r\n"
    parts = []
    start, limit = 0, _ICS_LINE_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: fold before its character
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, _ICS_LINE_OCTETS - 1  # the leading space counts
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


@functools.lru_cache(maxsize=None)
def _tzid(tz: ZoneInfo) -> str:
    """The TZID icalendar gives a zone: its IANA name, or "UTC" for the names of UTC."""
    return tzid_from_tzinfo(tz) or tz.key


@functools.lru_cache(maxsize=None)
def _vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE of an IANA zone, from icalendar (the zone's rules over
    1970-2037, as `Calendar.add_missing_timezones` writes them); b"" for a zone it
    does not know, which it leaves out too."""
    try:
        return icalendar.Timezone.from_tzid(tzid).to_ical()
    except ValueError:
        return b""


def calendar_description(event: Event) -> str:
    """Plain text: date (with its qualifiers spelt out), status, sources with quotes."""
    qualifiers = [word for word, flag in (("approximate", event.date.approximate),
                                          ("uncertain", event.date.uncertain)) if flag]
    date_line = f"Date: {event.date.display()}" + (f" ({', '.join(qualifiers)})" if qualifiers else "")
    if event.time:
        date_line += f", {event.time}" + (f" ({event.timezone})" if event.timezone else "")
    # The description stays out: the calendar links to it (URL), and it would make
    # the file several times larger.
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
