"""Exports of a timeline: JSON (with its JSON Schema), a spreadsheet CSV, TimelineJS3
JSON, the TimelineJS Google Sheet CSV and ProPublica TimelineSetter CSV.

`export(timeline, settings, format)` gives one export as text; `site_files` gives the
ones a built site publishes under `exports/`. Exports hold the timeline's events as
the site shows them: drafts only when the build includes drafts.

Choices, in short (each is explained where it is made):

- events.json has every field of every event; optional values are `null` when absent
  (`description` is always a string, empty without a body). `date_end` is `null` for
  a single date and for an open end: `date` (EDTF) tells them apart.
- events.json and timeline.json are compact JSON (no indentation): they are large
  and read by programs; the schema is indented for people.
- CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or
  a carriage return) get a leading apostrophe. Date columns are left alone: they only
  ever hold what the date model writes (digits, '-', '/', '..', '~?%'), which cannot
  call a function, and BCE dates (`-0044-03-15`) must stay readable by programs.
- TimelineJS: our `-0044` (44 BC) is TimelineJS year `-44`, which TimelineJS labels
  "44 BCE". (Its axis uses JavaScript dates, which count astronomically, so BCE slides
  sit one year early on the axis; the labels are right.) Every text TimelineJS shows
  as HTML is escaped; bodies are rendered from Markdown and reduced to a short list of
  harmless tags. Sources are listed after the body in a `<div class="timeline-sources">`
  that `generator.importers` reads back into sources.
"""

from __future__ import annotations

import functools
import html
import json
from typing import Any

from .config import Settings
from .dates import EventDate, Point
from .model import STATUSES, Citation, Event, Source, Timeline
from .render import event_url
from .safe_html import body_html

FORMATS = ("json", "schema", "csv", "timelinejs", "timelinejs-csv", "timelinesetter-csv")
SITE_FILES = {
    "exports/events.json": "json",
    "exports/events.schema.json": "schema",
    "exports/events.csv": "csv",
    "exports/timeline.json": "timelinejs",
}
GENERATED_BY = "timeline-site"
SOURCES_CLASS = "timeline-sources"  # marks the sources list in TimelineJS/TimelineSetter text


def export(timeline: Timeline, settings: Settings, format: str,
           records: list[dict] | None = None) -> str:
    """One export of the timeline as text. Raises ValueError for an unknown format.
    `records`: the events' `event_record`s, when the caller has them already."""
    if format == "json":
        # Compact, like timeline.json: `indent` makes json use its pure-Python
        # encoder, several times slower on a large timeline, for a file programs read.
        return _dump(events_document(timeline, settings, records), compact=True)
    if format == "schema":
        return _dump(events_schema())
    if format == "csv":
        return events_csv(timeline, settings, records)
    if format == "timelinejs":
        # Compact: TimelineJS downloads it on every page view.
        return _dump(timelinejs_document(timeline, settings), compact=True)
    if format == "timelinejs-csv":
        return timelinejs_csv(timeline, settings)
    if format == "timelinesetter-csv":
        return timelinesetter_csv(timeline, settings)
    raise ValueError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")


def site_files(timeline: Timeline, settings: Settings) -> dict[str, bytes]:
    """The exports a built site publishes: path relative to the site root -> UTF-8 content.
    Bytes, not text: a text with one character beyond Latin-1 takes two or four bytes
    a character in memory, and these files stay in memory until the build ends."""
    records = event_records(timeline, settings)  # made once for events.json and events.csv
    return {path: export(timeline, settings, format, records).encode("utf-8")
            for path, format in SITE_FILES.items()}


def _dump(document: Any, compact: bool = False) -> str:
    if compact:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"  # small files people read


# --- events.json ---------------------------------------------------------------------

def events_document(timeline: Timeline, settings: Settings, records: list[dict] | None = None) -> dict:
    return {
        "title": settings.title,
        "description": settings.description,
        "generated_by": GENERATED_BY,
        "events": event_records(timeline, settings) if records is None else records,
    }


def event_records(timeline: Timeline, settings: Settings) -> list[dict]:
    return [event_record(event, settings) for event in timeline.events]


def event_record(event: Event, settings: Settings) -> dict:
    date = event.date
    return {
        "id": event.id,
        "title": event.title,
        "date": date.edtf(),
        "date_start": date.start.iso() if date.start else None,
        "date_end": date.end.iso() if date.interval and date.end else None,
        "precision": date.precision,
        "approximate": date.approximate,
        "uncertain": date.uncertain,
        "display_date": date.display(),
        "time": event.time or None,
        "timezone": event.timezone or None,
        "status": event.status,
        "tags": list(event.tags),
        "actors": list(event.actors),
        "places": list(event.places),
        "description": event.body,
        "url": event_url(event, settings),
        "sources": [citation_record(c) for c in event.citations],
    }


def citation_record(citation: Citation) -> dict:
    source = citation.source
    return {
        "id": source.id or None,  # None: a source given inline in the event
        "title": source.title,
        "url": source.url or None,
        "publisher": source.publisher or None,
        "author": source.author or None,
        "published": source.published.edtf() if source.published else None,
        "accessed": source.accessed.edtf() if source.accessed else None,
        "archive_url": source.archive_url or None,
        "quote": citation.quote or None,
    }


_POINT = r"-?\d{4,}(?:-\d{2}(?:-\d{2})?)?"
_EDTF_POINT = _POINT + r"[~?%]?"


def events_schema() -> dict:
    """JSON Schema (draft 2020-12) of events.json; a test validates the export with it."""
    def text(nullable: bool = False, **extra: Any) -> dict:
        return {"type": ["string", "null"] if nullable else "string", **extra}

    names = {"type": "array", "items": {"type": "string", "minLength": 1}}
    web = {"pattern": r"^https?://\S+$"}
    source = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title", "url", "publisher", "author", "published", "accessed",
                     "archive_url", "quote"],
        "properties": {
            "id": text(True, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                       description="The source file's id; null for a source given inline."),
            "title": text(minLength=1),
            "url": text(True, **web),
            "publisher": text(True),
            "author": text(True),
            "published": text(True, pattern=f"^{_EDTF_POINT}$", description="EDTF date"),
            "accessed": text(True, pattern=f"^{_EDTF_POINT}$", description="EDTF date"),
            "archive_url": text(True, **web),
            "quote": text(True),
        },
    }
    event_properties = {
        "id": text(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="Stable permalink anchor."),
        "title": text(minLength=1),
        "date": text(pattern=rf"^(?:{_EDTF_POINT}|(?:{_EDTF_POINT}|\.\.)/(?:{_EDTF_POINT}|\.\.))$",
                     description="EDTF: a point or an interval, open ends written '..'."),
        "date_start": text(True, pattern=f"^{_POINT}$",
                           description="ISO start point at its precision; null for an open start."),
        "date_end": text(True, pattern=f"^{_POINT}$",
                         description="ISO end point of an interval; null for a single date or an open end."),
        "precision": {"enum": ["year", "month", "day"]},
        "approximate": {"type": "boolean"},
        "uncertain": {"type": "boolean"},
        "display_date": text(minLength=1),
        "time": text(True, pattern=r"^(?:[01]\d|2[0-3]):[0-5]\d$"),
        "timezone": text(True, description="IANA name or UTC offset of `time`."),
        "status": {"enum": list(STATUSES)},
        "tags": names,
        "actors": names,
        "places": names,
        "description": text(description="The event's Markdown body; empty when it has none."),
        "url": text(minLength=1, description="The event's permalink."),
        "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Timeline events export (exports/events.json)",
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "description", "generated_by", "events"],
        "properties": {
            "title": {"type": "string"},
            "description": {"type": "string"},
            "generated_by": {"type": "string"},
            "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
        },
        "$defs": {
            "event": {
                "type": "object",
                "additionalProperties": False,
                "required": list(event_properties),
                "properties": event_properties,
            },
            "source": source,
        },
    }


# --- events.csv ----------------------------------------------------------------------

CSV_COLUMNS = ("id", "date", "display_date", "start", "end", "precision", "time", "timezone", "title",
               "status", "tags", "actors", "places", "description", "url", "sources", "quotes")
CSV_DATE_COLUMNS = frozenset({"date", "start", "end"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR, SOURCE_SEPARATOR = "; ", " | "


def guard_cell(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_text(header: tuple[str, ...], rows: list[dict[str, str]], unguarded: frozenset[str],
              bom: bool = False) -> str:
    guarded = [column not in unguarded for column in header]
    lines = [csv_line(header)]
    for row in rows:
        cells = [row.get(column, "") for column in header]
        lines.append(csv_line([guard_cell(cell) if guard else cell for cell, guard in zip(cells, guarded)]))
    # Excel reads a CSV without a byte order mark as the local code page, not UTF-8.
    return ("\ufeff" if bom else "") + "".join(lines)


def csv_line(cells: list[str] | tuple[str, ...]) -> str:
    """One CSV record of two cells or more, as `csv.writer` writes it (the default
    dialect with CRLF line ends, as in RFC 4180): a cell holding a quote, a comma or a
    line break is quoted, its quotes doubled. Written here because `csv.writer` goes
    through the text a character at a time and took most of events.csv's time; a
    test compares the two on arbitrary text."""
    # Four `in` scans (memchr) are several times faster than one regular expression.
    return ",".join(['"' + cell.replace('"', '""') + '"'
                     if '"' in cell or "," in cell or "\n" in cell or "\r" in cell else cell
                     for cell in cells]) + "\r\n"


def events_csv(timeline: Timeline, settings: Settings, records: list[dict] | None = None) -> str:
    if records is None:
        records = event_records(timeline, settings)
    rows = []
    for event, record in zip(timeline.events, records):
        rows.append({
            "id": event.id, "date": record["date"], "display_date": record["display_date"],
            "start": record["date_start"] or "", "end": record["date_end"] or "",
            "precision": record["precision"], "time": event.time, "timezone": event.timezone,
            "title": event.title, "status": event.status,
            "tags": LIST_SEPARATOR.join(event.tags), "actors": LIST_SEPARATOR.join(event.actors),
            "places": LIST_SEPARATOR.join(event.places), "description": event.body,
            "url": record["url"],
            "sources": SOURCE_SEPARATOR.join(_flat_source(c) for c in event.citations),
            "quotes": SOURCE_SEPARATOR.join(f"{c.source.title}: \u201c{c.quote}\u201d"
                                            for c in event.citations if c.quote),
        })
    return _csv_text(CSV_COLUMNS, rows, CSV_DATE_COLUMNS, bom=True)


def _flat_source(citation: Citation) -> str:
    """'publisher: title <url> (published)', leaving out the parts a source lacks."""
    source = citation.source
    text = f"{source.publisher}: {source.title}" if source.publisher else source.title
    if source.url:
        text += f" <{source.url}>"
    if source.published:
        text += f" ({source.published.edtf()})"
    return text


# --- TimelineJS3 JSON ----------------------------------------------------------------

def group_of(event: Event, settings: Settings) -> str:
    """A slide's group: the first tag (or actor, place, the status; see settings)."""
    choice = settings.timelinejs_group
    if choice == "none":
        return ""
    if choice == "status":
        return event.status
    names = event.terms(choice)
    return names[0] if names else ""


def tl_date(point: Point, time: str = "") -> dict[str, str]:
    """A TimelineJS date object, only as precise as the point. Values are strings, as
    in TimelineJS' own examples; the year keeps its sign (-44 is 44 BC, see above)."""
    value = {"year": str(point.year)}
    if point.month is not None:
        value["month"] = str(point.month)
    if point.day is not None:
        value["day"] = str(point.day)
        if time:
            hour, minute = time.split(":")
            value["hour"], value["minute"] = str(int(hour)), str(int(minute))
    return value


def slide_dates(date: EventDate, time: str = "") -> tuple[Point, Point | None, str]:
    """(start, end, display_date) of a slide. TimelineJS needs a start: an open start
    (../X) starts at X and says 'until …'; an open end has a start only and says
    'from …'. Approximate and uncertain dates show our display string, which keeps
    the 'c.' and '(?)' TimelineJS has no way to show."""
    if date.interval and date.start is None:
        return date.anchor, None, date.display()
    end = date.end if date.interval else None
    needs_display = date.approximate or date.uncertain or (date.interval and date.end is None)
    return date.anchor, end, date.display() if needs_display else ""


def timelinejs_document(timeline: Timeline, settings: Settings) -> dict:
    return {
        "title": {"text": {"headline": html.escape(settings.title),
                           "text": html.escape(settings.description)}},
        "events": [timelinejs_slide(event, settings) for event in timeline.events],
        "scale": "human",
    }


def timelinejs_slide(event: Event, settings: Settings) -> dict:
    start, end, display = slide_dates(event.date, event.time)
    slide: dict[str, Any] = {"start_date": tl_date(start, event.time)}
    if end is not None:
        slide["end_date"] = tl_date(end)
    if display:
        slide["display_date"] = html.escape(display)
    slide["text"] = {"headline": html.escape(event.title), "text": event_html(event)}
    group = group_of(event, settings)
    if group:
        slide["group"] = html.escape(group)
    slide["unique_id"] = event.id
    return slide


def event_html(event: Event) -> str:
    """The body as safe HTML, then the sources."""
    return body_html(event.body) + sources_html(event)


def sources_html(event: Event) -> str:
    """Sources as a list TimelineJS shows and `generator.importers` reads back:
    `<cite>` holds the title (linked to the url), classed spans the author and
    publisher, `<time>` the published date, `<q>` the quote."""
    if not event.citations:
        return ""
    items = []
    for citation in event.citations:
        item = _source_html(citation.source)
        if citation.quote:
            item += f": <q>{html.escape(citation.quote)}</q>"
        items.append(f"<li>{item}</li>")
    return f'<div class="{SOURCES_CLASS}"><p>Sources:</p><ol>{"".join(items)}</ol></div>'


# A few hundred sources are cited by thousands of events: each is written once.
@functools.lru_cache(maxsize=4096)
def _source_html(source: Source) -> str:
    title = html.escape(source.title)
    if source.url:
        title = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>'
    parts = [f"<cite>{title}</cite>"]
    if source.author:
        parts.append(f'<span class="author">{html.escape(source.author)}</span>')
    if source.publisher:
        parts.append(f'<span class="publisher">{html.escape(source.publisher)}</span>')
    if source.published:
        parts.append(f'<time datetime="{source.published.iso()}">'
                     f'{html.escape(source.published.display())}</time>')
    if source.archive_url:
        parts.append(f'<a class="archive" href="{html.escape(source.archive_url, quote=True)}">archived</a>')
    return ", ".join(parts)


# --- TimelineJS sheet CSV and TimelineSetter CSV -------------------------------------

TIMELINEJS_COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
                      "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
                      "Media Thumbnail", "Type", "Group", "Background")
_TIMELINEJS_NUMBERS = frozenset({"Year", "Month", "Day", "Time", "End Year", "End Month", "End Day",
                                 "End Time"})


def timelinejs_csv(timeline: Timeline, settings: Settings) -> str:
    """The TimelineJS Google Sheet template as CSV: a 'title' row, then one row per
    event with the same content as the slides of timeline.json."""
    rows = [{"Headline": html.escape(settings.title), "Text": html.escape(settings.description),
             "Type": "title"}]
    for event in timeline.events:
        start, end, display = slide_dates(event.date, event.time)
        row = {"Year": str(start.year), "Month": _part(start.month), "Day": _part(start.day),
               "Time": event.time if start.day is not None else "",
               "Display Date": html.escape(display), "Headline": html.escape(event.title),
               "Text": event_html(event), "Group": html.escape(group_of(event, settings))}
        if end is not None:
            row.update({"End Year": str(end.year), "End Month": _part(end.month), "End Day": _part(end.day)})
        rows.append(row)
    return _csv_text(TIMELINEJS_COLUMNS, rows, _TIMELINEJS_NUMBERS)


def _part(value: int | None) -> str:
    return "" if value is None else str(value)


TIMELINESETTER_COLUMNS = ("date", "display_date", "description", "link", "series", "html")


def timelinesetter_csv(timeline: Timeline, settings: Settings) -> str:
    """ProPublica TimelineSetter CSV. It knows single full dates only, so `date` is the
    first day of the anchor point (with the time) and `display_date` carries the real
    precision, qualifiers and intervals in our display form, which the importer reads
    back. `description` (the card's label) is the title; `html` holds the body and the
    sources; `link` ("read more") is the first source's address."""
    rows = []
    for event in timeline.events:
        point = event.date.anchor
        date = point.iso() if point.day is not None else Point(point.year, point.month or 1, 1).iso()
        if event.time and point.day is not None:
            date += f" {event.time}"
        link = next((c.source.url for c in event.citations if c.source.url), "")
        rows.append({"date": date, "display_date": html.escape(event.date.display()),
                     "description": html.escape(event.title), "link": link,
                     "series": html.escape(group_of(event, settings)), "html": event_html(event)})
    return _csv_text(TIMELINESETTER_COLUMNS, rows, frozenset({"date"}))
