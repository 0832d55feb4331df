"""Import timelines made with other tools: `timeline import FILE`.

Formats:

- `timelinejs-csv`: the TimelineJS Google Sheet template saved as CSV (Year, Month,
  Day, Time, End Year, End Month, End Day, End Time, Display Date, Headline, Text,
  Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, Background).
- `timelinejs-json`: TimelineJS3 JSON (`{"title", "events", "eras"}`).
- `timelinesetter-csv`: ProPublica TimelineSetter CSV (date, display_date,
  description, link, series, html).

Each row (slide) becomes one event file in `content/events/` (or `out_dir`), written
with `create_unique`, so nothing is ever overwritten. A row that cannot be read is
reported and the others go on. Choices:

- Events get `status: reported` and no `draft: true`: they come from timelines that
  were already published; `timeline check` shows what needs review.
- Dates keep the precision the columns give (Year only -> `2023`); negative years are
  BCE in both TimelineJS and our numbering (-44 is 44 BC); an end date makes an
  interval. A display date written in our own display forms ("c. Oct 2023",
  "until 26 Oct 2023", "7 Sep – 1 Oct 2023", "2023 (?)") or any human date the date
  model reads is taken as the date when it agrees with the columns, which restores
  qualifiers, open ends and TimelineSetter's precision. A display date that differs
  from how we would show the date is kept in a `# display date: …` comment.
- Text and html become Markdown: p, br, a (http, https and mailto only), em/i,
  strong/b and lists are converted; script, style and embedded objects are dropped
  with their content; every other tag and every attribute is dropped; the remaining
  text is escaped so that it cannot become Markdown or HTML markup.
- Group (TimelineSetter: series) becomes the first name of the taxonomy the site's
  `timelinejs_group` setting names (tags by default), as the export does.
- Media becomes a source: `url` = Media, `title` = Media Caption (else "Media"),
  `publisher` = Media Credit. TimelineSetter's link becomes a source url. A list of
  sources written by our own export (`<div class="timeline-sources">`) becomes the
  event's sources again; a url that a source file of the site has is cited by its id.
- A row whose (title, date) an existing event already has is skipped, so importing a
  file twice creates nothing; a TimelineJS `unique_id` becomes the event's `id` when
  it is valid and free.
- Problems name the file and, for CSV, the line where the row starts (the message
  says "row N", N counted as a spreadsheet counts rows, header = row 1); for JSON the
  line is the 1-based index of the event in `events` and the message says "event N".
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import yaml

from . import dates
from .config import TAXONOMIES, Settings
from .dates import MONTH_ABBR, DateError, EventDate, Point
from .exports import SOURCES_CLASS
from .safe_html import DROPPED_CONTENT, safe_href
from .load import FENCE, read_document
from .model import STATUSES, slugify
from .pipeline import EVENTS_DIR, read_sources
from .problems import ERROR, WARNING, Problem
from .scaffold import create_unique
from .validate import ID_PATTERN, URL_PATTERN

FORMATS = ("timelinejs-csv", "timelinejs-json", "timelinesetter-csv")
# Rich HTML cells are larger than the csv module's 128 KiB default; 16 MiB still
# bounds what a hostile file can make us hold.
csv.field_size_limit(16 * 1024 * 1024)


# --- the report ----------------------------------------------------------------------

@dataclass(frozen=True)
class Skipped:
    """A row not imported because the event is already there."""

    line: int
    where: str  # "row 7", "event 3"
    title: str
    date: str
    existing: str  # the file (or the earlier row of this file) that has it

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: {self.where}: skipped '{self.title}' ({self.date}), already in {self.existing}"


@dataclass(frozen=True)
class Planned:
    """One event made from a row, as it is (or would be) written."""

    line: int
    where: str
    title: str
    date: str
    text: str  # the event file's content
    path: Path | None = None  # where it was written; None when write=False


@dataclass
class ImportReport:
    path: str
    format: str = ""
    title: str = ""  # the timeline's own title (a 'title' row or slide): reported, not imported
    eras: list[tuple[int, str]] = field(default_factory=list)  # (line, headline): not events
    events: list[Planned] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def written(self) -> list[Path]:
        return [p.path for p in self.events if p.path is not None]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    def summary(self) -> list[str]:
        """Lines for the command line, after the problems."""
        lines = []
        if self.title:
            lines.append(f"timeline title (not an event): {self.title}")
        for line, headline in self.eras:
            lines.append(f"{self.path}:{line}: era (not an event): {headline}")
        lines += [skip.format(self.path) for skip in self.skipped]
        lines += [f"wrote {p.path}" for p in self.events if p.path is not None]
        errors = sum(p.severity == ERROR for p in self.problems)
        written, planned = len(self.written), len(self.events)
        done = f"wrote {written}" if written or not planned else f"would write {planned}"  # write=False
        lines.append(f"{self.format or 'import'}: {done} event{'s' * ((written or planned) != 1)}, "
                     f"skipped {len(self.skipped)} already there, {errors} error{'s' * (errors != 1)}")
        return lines


class _RowError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class _Row:
    """One row or slide read into neutral fields, before it becomes an event."""

    line: int
    where: str
    title: str = ""
    date: EventDate | None = None
    time: str = ""
    body: str = ""
    group: str = ""
    id: str = ""
    sources: list[dict] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class _Parsed:
    rows: list[_Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title: str = ""
    eras: list[tuple[int, str]] = field(default_factory=list)


# --- entry point ---------------------------------------------------------------------

def import_file(path: Path, settings: Settings, format: str | None = None, out_dir: Path | None = None,
                write: bool = True) -> ImportReport:
    """Import one file into event files; never overwrites, never duplicates."""
    shown = path.as_posix()
    report = ImportReport(shown)
    text = _read_text(path, shown, report)
    if text is None:
        return report
    format = format or detect_format(path, text)
    if format not in FORMATS:
        report.problems.append(Problem(
            shown, 1, "cannot tell which timeline format this file is" if format is None
            else f"unknown import format '{format}'",
            f"give --format: {', '.join(FORMATS)}"))
        return report
    report.format = format
    reader = {"timelinejs-csv": _read_timelinejs_csv, "timelinejs-json": _read_timelinejs_json,
              "timelinesetter-csv": _read_timelinesetter_csv}[format]
    try:
        parsed = reader(text, shown)
    except (csv.Error, RecursionError) as error:
        # A cell over the CSV size limit, or JSON nested deeper than Python recurses.
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        report.problems.append(Problem(shown, 1, f"cannot read the file: {reason}",
                                       "export the timeline again from its tool"))
        return report
    report.title, report.eras = parsed.title, parsed.eras
    report.problems += parsed.problems

    folder = out_dir if out_dir is not None else settings.content_path / EVENTS_DIR
    existing, taken_ids = _existing_events(settings, folder)
    source_ids = _source_ids_by_url(settings)
    for row in parsed.rows:
        assert row.date is not None
        key = _event_key(row.title, row.date.edtf())
        if key in existing:
            report.skipped.append(Skipped(row.line, row.where, row.title, row.date.edtf(), existing[key]))
            continue
        existing[key] = f"{row.where} of {shown}"
        if row.id and (row.id in taken_ids or not ID_PATTERN.match(row.id)):
            # Keep the permalink only when it is valid and no other event has it.
            reason = "another event has it" if row.id in taken_ids else "it is not a valid id"
            report.problems.append(Problem(shown, row.line, f"{row.where}: unique_id '{row.id}' is not kept: "
                                           f"{reason}", "the event's id is its file name", WARNING))
            row.id = ""
        text_out = event_text(row, settings, shown, source_ids)
        # The file is named after the title; without an `id:` its name is the event's id,
        # so it must be one no event in another folder has.
        stem = slugify(row.title)[:60].rstrip("-") or "event"
        if not row.id:
            stem = _free_stem(stem, taken_ids)
        written = None
        if write:
            folder.mkdir(parents=True, exist_ok=True)
            written = create_unique(folder, stem, text_out)
            stem = written.stem
        taken_ids.add(row.id or stem)
        report.events.append(Planned(row.line, row.where, row.title, row.date.edtf(), text_out, written))
    report.problems.sort()
    return report


def _read_text(path: Path, shown: str, report: ImportReport) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        report.problems.append(Problem(shown, 1, f"cannot read the file: {error.strerror}"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        report.problems.append(Problem(shown, line, "the file is not UTF-8 text",
                                       "export it again as 'CSV UTF-8' (or save it with UTF-8 encoding)"))
        return None


def detect_format(path: Path, text: str) -> str | None:
    """The format from the file name and its first line (or JSON keys)."""
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" or stripped.startswith("{"):
        return "timelinejs-json"
    header = {_column_key(c) for c in _header_cells(text)}
    if {"year", "headline"} <= header:
        return "timelinejs-csv"
    if "date" in header and header & {"description", "html", "display_date"}:
        return "timelinesetter-csv"
    return None


# --- existing content ----------------------------------------------------------------

def _event_key(title: str, edtf: str) -> tuple[str, str]:
    return " ".join(title.split()).casefold(), edtf


def _existing_events(settings: Settings, folder: Path) -> tuple[dict[tuple[str, str], str], set[str]]:
    """(title, date) -> file, and every event id in use, from the content's events and
    the output folder. Files are read as documents, not validated, so an event with a
    problem still counts as there."""
    keys: dict[tuple[str, str], str] = {}
    ids: set[str] = set()
    seen: set[Path] = set()
    for root in (settings.content_path / EVENTS_DIR, folder):
        if not root.is_dir():
            continue
        for file in sorted(root.rglob("*.md")):
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            shown = _shown(file, settings)
            doc = read_document(file, shown)
            if isinstance(doc, Problem):
                ids.add(file.stem)
                continue
            event_id = doc.meta.get("id")
            ids.add(event_id if isinstance(event_id, str) else file.stem)
            title, date = doc.meta.get("title"), doc.meta.get("date")
            if title is None or date is None:
                continue
            try:
                edtf = dates.parse(date).edtf()
            except DateError:
                edtf = str(date)
            keys.setdefault(_event_key(str(title), edtf), shown)
    return keys, ids


def _shown(path: Path, settings: Settings) -> str:
    try:
        return path.resolve().relative_to(settings.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _free_stem(base: str, taken: set[str]) -> str:
    """A file stem that is no event's id yet (another folder may hold `base.md`)."""
    stem, number = base, 1
    while stem in taken:
        number += 1
        stem = f"{base}-{number}"
    return stem


def _source_ids_by_url(settings: Settings) -> dict[str, str]:
    sources, _ = read_sources(settings)
    return {source.url: source.id for source in sources.values() if source.url}


# --- writing an event ----------------------------------------------------------------

def event_text(row: _Row, settings: Settings, shown: str, source_ids: dict[str, str]) -> str:
    assert row.date is not None
    meta: dict[str, Any] = {"title": row.title}
    if row.id:
        meta["id"] = row.id
    meta["date"] = row.date.edtf()
    if row.time:
        meta["time"] = row.time
    meta["status"] = "reported"
    if row.group:
        target = settings.timelinejs_group
        if target == "status" and row.group in STATUSES:
            meta["status"] = row.group
        else:
            meta[target if target in TAXONOMIES else "tags"] = [row.group]
    sources = []
    for source in row.sources:
        known = source_ids.get(source.get("url", ""))
        if known:
            # The site has this source as a file: cite it, keep the quote.
            source = {"source": known, **({"quote": source["quote"]} if source.get("quote") else {})}
        sources.append(source)
    if sources:
        meta["sources"] = sources
    front_matter = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    comments = [f"imported from {shown}, {row.where}", *row.comments]
    comment_text = "".join(f"# {' '.join(c.split())}\n" for c in comments)
    body = row.body.strip()
    return f"{FENCE}\n{comment_text}{front_matter}{FENCE}\n" + (f"{body}\n" if body else "")


# --- CSV helpers ---------------------------------------------------------------------

def _column_key(name: str) -> str:
    """Header names compared as TimelineJS does: case and spaces ignored."""
    return re.sub(r"\s+", "", name).lower()


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _header_cells(text: str) -> list[str]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return next(csv.reader([first], delimiter=_delimiter(first)), [])


def _csv_rows(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line of the row, row number as a spreadsheet counts, cells)."""
    # newline="": lines end at \n, \r or \r\n only, as in a text editor (not at U+2028).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    previous_end = 0
    for number, cells in enumerate(reader, 1):
        start = previous_end + 1
        previous_end = reader.line_num
        yield start, number, cells


def _cell(value: str) -> str:
    """A cell with our export's formula guard (a leading apostrophe) taken off."""
    value = value.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        return value[1:]
    return value


def _table(text: str, shown: str, parsed: _Parsed, known: tuple[str, ...],
           required: tuple[str, ...]) -> Iterator[tuple[int, str, dict[str, str]]]:
    """Rows as {column key: cell}; reports a header that lacks required columns and
    columns that are not read."""
    rows = _csv_rows(text)
    try:
        line, _, header = next(rows)
    except StopIteration:
        parsed.problems.append(Problem(shown, 1, "the file is empty"))
        return
    keys = [_column_key(name) for name in header]
    missing = [name for name in required if _column_key(name) not in keys]
    if missing:
        parsed.problems.append(Problem(shown, line, f"no column {', '.join(missing)} in the first row",
                                       f"the first row must name the columns: {', '.join(known)}"))
        return
    unread = [name for name, key in zip(header, keys) if key and key not in {_column_key(k) for k in known}]
    if unread:
        parsed.problems.append(Problem(shown, line, f"columns not imported: {', '.join(unread)}",
                                       severity=WARNING))
    for line, number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank rows are spacing, as in TimelineJS
        values = {key: _cell(cell) for key, cell in zip(keys, cells) if key}
        yield line, f"row {number}", values


# --- dates ---------------------------------------------------------------------------

_INTEGER = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class _Labels:
    """How a format names its date fields, for messages."""

    year: str
    month: str
    day: str
    end_year: str
    end_month: str
    end_day: str


_SHEET_LABELS = _Labels("Year", "Month", "Day", "End Year", "End Month", "End Day")
_JSON_LABELS = _Labels("start_date.year", "start_date.month", "start_date.day",
                       "end_date.year", "end_date.month", "end_date.day")


def _number(value: Any, label: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _RowError(f"{label} '{value}' is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = re.sub(r"[\s,]+", "", str(value))  # "1,900" as TimelineJS reads it
    if not _INTEGER.match(text):
        raise _RowError(f"{label} '{value}' is not a whole number",
                        "dates are written as numbers: Year 2023, Month 10, Day 13")
    return int(text)


def _point(year: Any, month: Any, day: Any, labels: tuple[str, str, str]) -> Point | None:
    y, m, d = (_number(v, label) for v, label in zip((year, month, day), labels))
    if y is None:
        if m is not None or d is not None:
            raise _RowError(f"{labels[1] if m is not None else labels[2]} given without {labels[0]}")
        return None
    if d is not None and m is None:
        raise _RowError(f"{labels[2]} given without {labels[1]}")
    if m is not None and not 1 <= m <= 12:
        raise _RowError(f"{labels[1]} '{m}' is not a month (1 to 12)")
    if y == 0:
        raise _RowError(f"{labels[0]} 0 does not exist", "1 BC is -1, AD 1 is 1: there is no year 0")
    edtf = (f"-{-y:04d}" if y < 0 else f"{y:04d}") + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")
    try:
        return dates.parse_point(edtf)
    except DateError as error:
        raise _RowError(error.message, error.hint) from None


def _ends_before(start: Point, end: Point) -> bool:
    common = min(dates.PRECISION_RANK[start.precision], dates.PRECISION_RANK[end.precision])
    return start.key[: common + 1] > end.key[: common + 1]


def _date(start: Point | None, end: Point | None, labels: _Labels) -> EventDate:
    if start is None:
        raise _RowError("no year", f"fill in {labels.year} (a negative year for BCE: -44 is 44 BC)")
    if end is None:
        return EventDate(start)
    if _ends_before(start, end):
        raise _RowError(f"{labels.end_year} before {labels.year}: the end {end.iso()} is before the start {start.iso()}",
                        "swap the start and end dates")
    return EventDate(start, end, interval=True)


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?)?\s*([AaPp])?\.?\s*(?:[Mm]\.?)?$")


def parse_time(value: str, label: str = "Time") -> tuple[str, bool]:
    """'14:30', '2:30 PM', '1430', '14' -> ('HH:MM', whether seconds were dropped)."""
    text = value.strip()
    compact = re.fullmatch(r"(\d{1,2})(\d{2})", text)
    if compact:
        text = f"{compact[1]}:{compact[2]}"
    match = _TIME.match(text)
    if not match:
        raise _RowError(f"{label} '{value}' is not a time", "write it as 14:30 or 2:30 PM")
    hour, minute = int(match[1]), int(match[2] or 0)
    period = (match[4] or "").lower()
    if period and not 1 <= hour <= 12:
        raise _RowError(f"{label} '{value}' is not a time", "write it as 14:30 or 2:30 PM")
    if period == "p" and hour != 12:
        hour += 12
    elif period == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise _RowError(f"{label} '{value}' is not a time", "write it as 14:30 or 2:30 PM")
    return f"{hour:02d}:{minute:02d}", bool(match[3] and int(match[3]))


def _year_text(year: int) -> str:
    return f"{-year} BC" if year < 0 else str(year)


def parse_display(text: str) -> EventDate | None:
    """Read a display date: our own forms ('c. Oct 2023', 'until 26 Oct 2023',
    '7 Sep – 1 Oct 2023', '23–29 Oct 2023 (?)') or any date the date model reads.
    Interval forms are only taken when they display back exactly as written."""
    text = " ".join(text.split())
    if not text:
        return None
    for prefix, open_start in (("until ", True), ("from ", False)):
        if text.lower().startswith(prefix):
            try:
                point = dates.parse_point(text[len(prefix):])
            except DateError:
                return None
            date = EventDate(None, point, True) if open_start else EventDate(point, None, True)
            return date if date.display() == text else None
    if "–" in text:
        return _parse_display_interval(text)
    try:
        return dates.parse(text)
    except DateError:
        return None


def _parse_display_interval(text: str) -> EventDate | None:
    left, _, right = text.partition("–")
    bare_left = re.sub(r"^c\.\s*", "", left.strip())
    bare_right = re.sub(r"\s*\(\?\)$", "", right.strip())
    try:
        end = dates.parse_point(re.sub(r"^c\.\s*", "", bare_right))
    except DateError:
        return None
    # The left side may leave out what the right side says: '7 Sep', '23', 'Sep'.
    completions = [bare_left, f"{bare_left} {_year_text(end.year)}"]
    if end.month is not None:
        completions.append(f"{bare_left} {MONTH_ABBR[end.month - 1]} {_year_text(end.year)}")
    starts = []
    for candidate in completions:
        try:
            starts.append(dates.parse_point(re.sub(r"\s*\(\?\)$", "", candidate)))
        except DateError:
            continue
    flags = [(a, u) for a in (False, True) for u in (False, True)]
    # Shared qualifiers first: our display says them once for both ends.
    combos = [(f, f) for f in flags] + [(f, g) for f in flags for g in flags if f != g]
    for start in starts:
        for (sa, su), (ea, eu) in combos:
            date = EventDate(replace(start, approximate=sa, uncertain=su),
                             replace(end, approximate=ea, uncertain=eu), interval=True)
            if date.display() == text:
                return date
    return None


def _agrees(shown: Point, given: Point) -> bool:
    """The display's point says the same as the columns', or less (a coarser precision)."""
    return (shown.year == given.year and shown.month in (None, given.month)
            and shown.day in (None, given.day)
            and dates.PRECISION_RANK[shown.precision] <= dates.PRECISION_RANK[given.precision])


def _with_display(row: _Row, display: str) -> None:
    """Take the display date when it agrees with the columns; keep it in a comment
    when it says something our display would not."""
    display = " ".join(_plain(display).split())
    if not display:
        return
    assert row.date is not None
    given = row.date
    shown = parse_display(display)
    if shown is not None:
        given_end = given.end if given.interval else None
        if shown.start is None:  # 'until X': the columns hold X
            fits = not given.interval and shown.end is not None and _agrees(shown.end, given.anchor)
        elif shown.interval and shown.end is not None:
            fits = given.start is not None and _agrees(shown.start, given.start) and (
                given_end is None or _agrees(shown.end, given_end))
        else:  # 'from X', or a single date
            fits = given_end is None and _agrees(shown.start, given.anchor)
        if fits:
            row.date = shown
    if display != row.date.display():
        row.comments.append(f"display date: {display}")


def _check_time(row: _Row, time: str, problems: list[Problem], shown: str) -> None:
    assert row.date is not None
    if time and row.date.precision != dates.DAY:
        problems.append(Problem(shown, row.line, f"{row.where}: a time without a day is left out",
                                "give the Day, or leave the time out", WARNING))
        return
    row.time = time


# --- HTML ----------------------------------------------------------------------------

class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in DROPPED_CONTENT:
            self.dropping += 1
        elif tag in ("br", "p", "div", "li", "tr", "td", "th") or re.fullmatch(r"h\d", tag):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_CONTENT:
            self.dropping = max(0, self.dropping - 1)

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def _plain(value: Any) -> str:
    """Text of an HTML fragment: tags stripped, entities unescaped, one line."""
    if value is None:
        return ""
    parser = _TextParser()
    parser.feed(str(value))
    parser.close()
    return " ".join("".join(parser.parts).split())


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^([#>+\-!]|\d+\.(?=\s|$))")  # '!!!' opens an admonition
_BREAK = "\x00"  # marks a <br> until the paragraph is laid out


def _escape_markdown(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, attribute lists
    ({: …}) or raw HTML can come out of it."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    # Every "<", not only one before a letter: the HTML reader may hand text over in
    # pieces ("<", then "text<script>"), and pieces are escaped one at a time.
    return text.replace("<", "&lt;")


def _escape_line_start(line: str) -> str:
    """Keep a line from starting a heading, quote, list or setext underline."""
    if re.fullmatch(r"=+", line):
        return "&#61;" + line[1:]
    match = _LINE_START.match(line)
    if not match:
        return line
    marker = match[1]
    return (marker[:-1] + "\\." if marker.endswith(".") else "\\" + marker) + line[len(marker):]


def _markdown_url(url: str) -> str:
    return re.sub(r"[\s()<>\"\\`]", lambda m: f"%{ord(m[0]):02X}", url)


class _MarkdownWriter(HTMLParser):
    """Basic HTML to Markdown (see the module docstring), and the sources list of our
    own export read back into source fields."""

    _BLOCK = frozenset({"p", "div", "section", "article", "header", "footer", "aside", "blockquote",
                        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "figure",
                        "figcaption", "dl", "dt", "dd", "hr", "address", "main", "nav", "center"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.inline: list[str] = []
        self.marks: list[tuple[str, int, str]] = []  # open em/strong/a: (tag, position, href)
        self.lists: list[list] = []  # [ordered, next number]
        self.list_lines: list[str] = []
        self.prefix = ""  # the current list item's marker
        self.dropping = 0
        # Our export's sources list.
        self.sources: list[dict[str, str]] = []
        self.in_sources = 0  # div depth inside it
        self.source: dict[str, str] | None = None
        self.field: tuple[str, str] | None = None  # (field, tag that opened it)

    # -- parsing --
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_CONTENT:
            self.dropping += 1
        if self.dropping:
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if self.in_sources:
            self._source_start(tag, attributes, classes)
            return
        if tag == "div" and SOURCES_CLASS in classes:
            self._end_block()
            self.in_sources = 1
            return
        if tag in ("ul", "ol"):
            self._end_line()
            self.lists.append([tag == "ol", 1])
        elif tag == "li":
            self._end_line()
            if not self.lists:
                self.lists.append([False, 1])
            ordered, number = self.lists[-1]
            marker = f"{number}. " if ordered else "- "
            self.lists[-1][1] += 1
            self.prefix = "    " * (len(self.lists) - 1) + marker
        elif tag == "br":
            self.inline.append(_BREAK)
        elif tag in ("td", "th"):
            self.inline.append(" ")
        elif tag in self._BLOCK:
            self._block_boundary()
        elif tag in ("em", "i", "strong", "b", "a"):
            href = safe_href(attributes.get("href")) if tag == "a" else ""
            self.marks.append((tag, len(self.inline), href))

    def _block_boundary(self) -> None:
        """A block starts or ends: inside a list item it is only a space."""
        if self.lists:
            self.inline.append(" ")
        else:
            self._end_block()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_CONTENT:
            return  # <script/>: nothing inside
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping:
            return
        if self.in_sources:
            self._source_end(tag)
            return
        if tag in ("ul", "ol"):
            self._end_line()
            if self.lists:
                self.lists.pop()
            # Text after a nested list continues the parent item.
            self.prefix = "    " * len(self.lists)
            if not self.lists:
                self._end_list()
        elif tag == "li":
            self._end_line()
        elif tag in self._BLOCK:
            self._block_boundary()
        elif tag in ("em", "i", "strong", "b", "a"):
            self._close_mark(tag)

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.in_sources:
            if self.source is not None and self.field is not None:
                name = self.field[0]
                self.source[name] = self.source.get(name, "") + data
            return
        self.inline.append(_escape_markdown(data.replace(_BREAK, "")))

    # -- inline marks --
    def _close_mark(self, tag: str) -> None:
        kinds = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "a": "a"}
        if not any(kinds[t] == kinds[tag] for t, _, _ in self.marks):
            return
        while self.marks:
            open_tag, position, href = self.marks.pop()
            self._wrap(open_tag, position, href)
            if kinds[open_tag] == kinds[tag]:
                break

    def _wrap(self, tag: str, position: int, href: str) -> None:
        content = "".join(self.inline[position:])
        del self.inline[position:]
        inner = content.strip(" \t\n" + _BREAK)
        if not inner:
            self.inline.append(content)
            return
        lead = content[: len(content) - len(content.lstrip(" \t\n" + _BREAK))]
        trail = content[len(content.rstrip(" \t\n" + _BREAK)):]
        if tag == "a":
            wrapped = f"[{inner}]({_markdown_url(href)})" if href else inner
        else:
            marker = "*" if tag in ("em", "i") else "**"
            wrapped = f"{marker}{inner}{marker}"
        self.inline.append(lead + wrapped + trail)

    def _close_marks(self) -> None:
        while self.marks:
            tag, position, href = self.marks.pop()
            self._wrap(tag, position, href)

    # -- blocks --
    def _paragraphs(self) -> list[str]:
        """The inline buffer laid out: one <br> is a line break, two end a paragraph."""
        self._close_marks()
        text = re.sub(r"[ \t\r\n\f\v]+", " ", "".join(self.inline))
        self.inline = []
        paragraphs = []
        for chunk in re.split(f" ?{_BREAK}(?: ?{_BREAK})+ ?", text):
            lines = [line.strip() for line in chunk.split(_BREAK)]
            lines = [_escape_line_start(line) for line in lines if line]
            if lines:
                paragraphs.append("  \n".join(lines))
        return paragraphs

    def _end_block(self) -> None:
        self.blocks += self._paragraphs()

    def _end_line(self) -> None:
        """End the current list item's line (or, outside lists, the paragraph)."""
        if not self.lists:
            self._end_block()
            return
        text = " ".join(self._paragraphs()).replace("  \n", " ")
        if text:
            self.list_lines.append(self.prefix + text)

    def _end_list(self) -> None:
        # A list nested without a parent item would be indented past its parent, which
        # Markdown reads as a code block: indent at most one level deeper than the line before.
        lines, depth = [], -4
        for line in self.list_lines:
            text = line.lstrip(" ")
            depth = min(len(line) - len(text), depth + 4)
            lines.append(" " * depth + text)
        if lines:
            self.blocks.append("\n".join(lines))
        self.list_lines = []

    # -- our sources list --
    def _source_start(self, tag: str, attributes: dict, classes: list[str]) -> None:
        if tag == "div":
            self.in_sources += 1
        elif tag == "li":
            self.source = {}
        elif self.source is None:
            return
        elif tag == "a":
            href = safe_href(attributes.get("href"))
            if "archive" in classes:
                self.source["archive_url"] = href
            elif href and "url" not in self.source:
                self.source["url"] = href
        elif tag == "cite":
            self.field = ("title", tag)
        elif tag == "span" and classes and classes[0] in ("author", "publisher"):
            self.field = (classes[0], tag)
        elif tag == "time":
            self.field = ("published", tag)
            self.source["published_iso"] = attributes.get("datetime") or ""
        elif tag == "q":
            self.field = ("quote", tag)

    def _source_end(self, tag: str) -> None:
        if tag == "div":
            self.in_sources -= 1
        elif tag == "li" and self.source is not None:
            self.sources.append(self.source)
            self.source = None
        elif self.field is not None and self.field[1] == tag:
            self.field = None

    def result(self) -> tuple[str, list[dict[str, str]]]:
        self.close()
        self._end_line()
        if self.lists:
            self.lists = []
        self._end_list()
        return "\n\n".join(self.blocks), self.sources


def html_to_markdown(text: str) -> tuple[str, list[dict]]:
    """Markdown for an HTML fragment, and the sources of our export's sources list."""
    writer = _MarkdownWriter()
    writer.feed(text or "")
    body, found = writer.result()
    sources = []
    for item in found:
        source: dict[str, str] = {}
        title = " ".join(item.get("title", "").split())
        url = item.get("url", "")
        if url and URL_PATTERN.match(url):
            source["url"] = url
        if title and title != url:
            source["title"] = title
        for key in ("publisher", "author"):
            if " ".join(item.get(key, "").split()):
                source[key] = " ".join(item[key].split())
        published = _published(item)
        if published:
            source["published"] = published
        archive = item.get("archive_url", "")
        if archive and URL_PATTERN.match(archive):
            source["archive_url"] = archive
        if " ".join(item.get("quote", "").split()):
            source["quote"] = " ".join(item["quote"].split())
        if "url" in source or "title" in source:
            sources.append(source)
    return body, sources


def _published(item: dict[str, str]) -> str:
    """The published date: its displayed text keeps 'c.' and '(?)', the datetime
    attribute is the fallback."""
    for value in (item.get("published", ""), item.get("published_iso", "")):
        try:
            date = dates.parse(" ".join(value.split()))
        except DateError:
            continue
        if not date.interval:
            return date.edtf()
    return ""


# --- rows to events ------------------------------------------------------------------

def _first_sentence(text: str, limit: int = 90) -> str:
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _media_source(url: Any, caption: Any, credit: Any, row: _Row, problems: list[Problem], shown: str,
                  label: str) -> None:
    url = str(url).strip() if url else ""  # an address, not HTML: "&not=" must stay as written
    if not url:
        return
    if not URL_PATTERN.match(url):
        problems.append(Problem(shown, row.line, f"{row.where}: {label} is not a web address; left out",
                                "only http:// and https:// addresses become sources", WARNING))
        return
    source = {"url": url, "title": _plain(caption) or "Media"}
    if _plain(credit):
        source["publisher"] = _plain(credit)
    _add_source(row, source)


def _add_source(row: _Row, source: dict) -> None:
    if source.get("url") and any(s.get("url") == source["url"] for s in row.sources):
        return
    row.sources.append(source)


def _finish_text(row: _Row, headline: Any, text_html: str, problems: list[Problem], shown: str) -> bool:
    """Title, body and sources from a headline and an HTML text; False when the row has
    nothing to title the event with."""
    body, sources = html_to_markdown(text_html)
    row.body = body
    for source in sources:
        _add_source(row, source)
    row.title = _plain(headline)
    if not row.title:
        row.title = _first_sentence(_plain(text_html.split(f'<div class="{SOURCES_CLASS}"')[0]))
    if not row.title:
        problems.append(Problem(shown, row.line, f"{row.where}: no headline",
                                "give the event a Headline (or a Text to take it from)"))
        return False
    return True


def _problem(shown: str, row: _Row, error: _RowError) -> Problem:
    return Problem(shown, row.line, f"{row.where}: {error.message}", error.hint)


# --- TimelineJS sheet CSV ------------------------------------------------------------

_SHEET_COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
                  "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
                  "Media Thumbnail", "Type", "Group", "Background")


def _read_timelinejs_csv(text: str, shown: str) -> _Parsed:
    parsed = _Parsed()
    for line, where, values in _table(text, shown, parsed, _SHEET_COLUMNS, ("Year", "Headline")):
        kind = values.get("type", "").lower()
        if kind == "title" and not parsed.title:
            parsed.title = _plain(values.get("headline")) or _plain(values.get("text"))
            continue
        if kind == "era":
            parsed.eras.append((line, _plain(values.get("headline"))))
            continue
        row = _Row(line, where)
        try:
            start = _point(values.get("year"), values.get("month"), values.get("day"),
                           ("Year", "Month", "Day"))
            end = _point(values.get("endyear"), values.get("endmonth"), values.get("endday"),
                         ("End Year", "End Month", "End Day"))
            if end is None and values.get("endtime"):
                raise _RowError("End Time given without End Year")
            row.date = _date(start, end, _SHEET_LABELS)
            time, seconds = parse_time(values["time"]) if values.get("time") else ("", False)
            end_time = parse_time(values["endtime"], "End Time")[0] if values.get("endtime") else ""
        except _RowError as error:
            parsed.problems.append(_problem(shown, row, error))
            continue
        if not _finish_text(row, values.get("headline"), values.get("text", ""), parsed.problems, shown):
            continue
        _with_display(row, values.get("displaydate", ""))
        _check_time(row, time, parsed.problems, shown)
        if seconds:
            parsed.problems.append(Problem(shown, line, f"{where}: seconds of the Time are left out",
                                           severity=WARNING))
        if end_time:
            row.comments.append(f"end time: {end_time}")
        row.group = _plain(values.get("group"))
        _media_source(values.get("media"), values.get("mediacaption"), values.get("mediacredit"), row,
                      parsed.problems, shown, "Media")
        parsed.rows.append(row)
    return parsed


# --- TimelineJS JSON -----------------------------------------------------------------

def _read_timelinejs_json(text: str, shown: str) -> _Parsed:
    parsed = _Parsed()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        parsed.problems.append(Problem(shown, error.lineno, f"invalid JSON: {error.msg}",
                                       "check the file with a JSON validator"))
        return parsed
    events = document.get("events") if isinstance(document, dict) else None
    if not isinstance(events, list):
        parsed.problems.append(Problem(shown, 1, "not TimelineJS JSON: no 'events' list",
                                       'a TimelineJS file looks like {"title": {…}, "events": […]}'))
        return parsed
    title = document.get("title")
    if isinstance(title, dict):
        parsed.title = _plain(_get(title, "text", "headline")) or _plain(_get(title, "text", "text"))
    for index, era in enumerate(document.get("eras") or [], 1):
        if isinstance(era, dict):
            parsed.eras.append((index, _plain(_get(era, "text", "headline"))))
    for index, slide in enumerate(events, 1):
        row = _Row(index, f"event {index}")
        if not isinstance(slide, dict):
            parsed.problems.append(Problem(shown, index, f"event {index}: not a slide (an object)"))
            continue
        try:
            start_data, end_data = slide.get("start_date"), slide.get("end_date")
            for name, value in (("start_date", start_data), ("end_date", end_data)):
                if value is not None and not isinstance(value, dict):
                    raise _RowError(f"{name} must be an object with year, month, day")
            start = _json_point(start_data, "start_date")
            end = _json_point(end_data, "end_date")
            row.date = _date(start, end, _JSON_LABELS)
            time, seconds = _json_time(start_data or {})
        except _RowError as error:
            parsed.problems.append(_problem(shown, row, error))
            continue
        text_html = _get(slide, "text", "text")
        if not _finish_text(row, _get(slide, "text", "headline"), str(text_html or ""),
                            parsed.problems, shown):
            continue
        display = slide.get("display_date") or (start_data or {}).get("display_date") or ""
        _with_display(row, str(display))
        _check_time(row, time, parsed.problems, shown)
        if seconds:
            parsed.problems.append(Problem(shown, index, f"event {index}: seconds of the time are left out",
                                           severity=WARNING))
        row.group = _plain(slide.get("group"))
        row.id = str(slide.get("unique_id") or "")
        media = slide.get("media")
        if isinstance(media, dict):
            _media_source(media.get("url"), media.get("caption"), media.get("credit"), row,
                          parsed.problems, shown, "media.url")
        parsed.rows.append(row)
    return parsed


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _json_point(data: dict | None, name: str) -> Point | None:
    if not data:
        return None
    return _point(data.get("year"), data.get("month"), data.get("day"),
                  (f"{name}.year", f"{name}.month", f"{name}.day"))


def _json_time(data: dict) -> tuple[str, bool]:
    hour = _number(data.get("hour"), "start_date.hour")
    if hour is None:
        return "", False
    minute = _number(data.get("minute"), "start_date.minute") or 0
    second = _number(data.get("second"), "start_date.second") or 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise _RowError(f"{hour}:{minute:02d} is not a time", "hour 0 to 23, minute 0 to 59")
    return f"{hour:02d}:{minute:02d}", bool(second)


# --- TimelineSetter CSV --------------------------------------------------------------

_SETTER_COLUMNS = ("date", "display_date", "description", "link", "series", "html")
_SETTER_TIME = re.compile(r"^(?P<date>.*?)[\sT,]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?\s*[Mm]\.?)?)$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _setter_date(value: str) -> tuple[EventDate, str]:
    """TimelineSetter's date column: ISO, a human date ('Feb. 18, 2003', 'March 20,
    2010 11:59 PM') or M/D/YYYY, the order its documentation uses ('3/20/2010')."""
    text = " ".join(value.split())
    if not text:
        raise _RowError("no date", "fill in the date column, e.g. 2023-09-13 or Sept. 13, 2023")
    time = ""
    match = _SETTER_TIME.match(text)
    if match:
        text = match["date"].rstrip(",")
        time = parse_time(match["time"], "the time")[0]
    us = _US_DATE.match(text)
    try:
        if us:
            month, day, year = (int(part) for part in us.groups())
            if month > 12:
                raise _RowError(f"date '{value}' is not month/day/year",
                                "TimelineSetter reads 3/20/2010 as March 20; write 2010-03-20")
            point = _point(year, month, day, ("year", "month", "day"))
            return EventDate(point), time  # type: ignore[arg-type]
        return dates.parse(text), time
    except DateError as error:
        raise _RowError(error.message, error.hint) from None


def _read_timelinesetter_csv(text: str, shown: str) -> _Parsed:
    parsed = _Parsed()
    for line, where, values in _table(text, shown, parsed, _SETTER_COLUMNS, ("date",)):
        row = _Row(line, where)
        try:
            row.date, time = _setter_date(values.get("date", ""))
        except _RowError as error:
            parsed.problems.append(_problem(shown, row, error))
            continue
        description = _plain(values.get("description"))
        html_part = values.get("html", "")
        body, sources = html_to_markdown(html_part)
        for source in sources:
            _add_source(row, source)
        heading = _first_heading(html_part)
        if description and len(description) <= 150 and _first_sentence(description, 150) == description:
            # A one-sentence description is the card's label: the event's title.
            row.title, parts = description, [body]
        else:
            row.title = heading or _first_sentence(description)
            if heading:
                body = html_to_markdown(_without_first_heading(html_part))[0]
            parts = [html_to_markdown(f"<p>{html.escape(description)}</p>")[0] if description else "", body]
        row.body = "\n\n".join(part for part in parts if part)
        if not row.title:
            parsed.problems.append(Problem(shown, line, f"{where}: no description",
                                           "give the event a description (its title here)"))
            continue
        _with_display(row, values.get("display_date", ""))
        _check_time(row, time, parsed.problems, shown)
        row.group = _plain(values.get("series"))
        link = values.get("link", "")
        if link:
            if URL_PATTERN.match(link):
                _add_source(row, {"url": link})
            else:
                parsed.problems.append(Problem(shown, line, f"{where}: link is not a web address; left out",
                                               "only http:// and https:// addresses become sources", WARNING))
        parsed.rows.append(row)
    return parsed


_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)


def _first_heading(html_text: str) -> str:
    match = _HEADING.search(html_text or "")
    return _plain(match[2]) if match else ""


def _without_first_heading(html_text: str) -> str:
    return _HEADING.sub("", html_text, count=1)
