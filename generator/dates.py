"""The date model: EDTF-style event dates that keep their precision.

A date is a single point (`2023`, `2023-10`, `2023-10-13`) or an interval of two
points (`2023-09-07/2023-10-01`, open ends written `..`). Each point may be
approximate (`~`), uncertain (`?`) or both (`%`).

Years count as historians count them: `-0044` is 44 BC and there is no year 0.
Nothing here uses `datetime` for ordering, because `datetime` cannot hold BCE years.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from operator import attrgetter

from dateutil import parser as _dateutil_parser

YEAR, MONTH, DAY = "year", "month", "day"
PRECISION_RANK = {YEAR: 0, MONTH: 1, DAY: 2}

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

_EDTF_POINT = re.compile(r"^(?P<sign>-?)(?P<year>\d{4,})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[~?%])?$")
_OPEN = ".."


class DateError(ValueError):
    """A date value that cannot be understood; `hint` says how to write it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint or "write it as 2023, 2023-10 or 2023-10-13 (see README, 'Dates')"


def is_leap(year: int) -> bool:
    """Proleptic Gregorian leap year; `year` in historians' numbering (no year 0)."""
    astronomical = year + 1 if year < 0 else year
    return astronomical % 4 == 0 and (astronomical % 100 != 0 or astronomical % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def pickled_by_fields(cls: type) -> type:
    """Class decorator: pickle a slotted dataclass as its class and field values. Its
    default pickling is twice as slow, and a large timeline's events cross between
    two processes (see parallel.map_on_two_cores)."""
    names = cls.__slots__  # a dataclass's slots are its fields, in order
    values = attrgetter(*names) if len(names) > 1 else lambda value: (getattr(value, names[0]),)
    cls.__reduce__ = lambda self: (cls, values(self))  # type: ignore[method-assign]
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Point:
    """One calendar point, as precise as the record allows."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        if self.day is not None:
            return DAY
        return MONTH if self.month is not None else YEAR

    @property
    def key(self) -> tuple[int, int, int]:
        """Ordering key: missing parts sort before any given part."""
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """The point without qualifiers: `2023-10`, `-0044-03-15`."""
        text = f"-{-self.year:04d}" if self.year < 0 else f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def qualifier(self) -> str:
        if self.approximate and self.uncertain:
            return "%"
        return "~" if self.approximate else ("?" if self.uncertain else "")

    def edtf(self) -> str:
        return self.iso() + self.qualifier

    def display(self, with_year: bool = True, with_month: bool = True, qualified: bool = True) -> str:
        parts: list[str] = []
        if self.day is not None:
            parts.append(str(self.day))
        if self.month is not None and with_month:
            parts.append(MONTH_ABBR[self.month - 1])
        if with_year:
            parts.append(f"{-self.year} BC" if self.year < 0 else str(self.year))
        text = " ".join(parts)
        return self.qualify(text) if qualified else text

    def qualify(self, text: str) -> str:
        """Mark displayed text with this point's qualifiers: 'c. …' and '… (?)'."""
        if self.approximate:
            text = "c. " + text
        if self.uncertain:
            text += " (?)"
        return text


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class EventDate:
    """A single point, or an interval whose either end may be open (None)."""

    start: Point | None
    end: Point | None = None
    interval: bool = False

    @property
    def anchor(self) -> Point:
        """The point the date is filed and sorted under: its start, else its end."""
        point = self.start or self.end
        assert point is not None  # parse() never builds a date with neither end
        return point

    @property
    def precision(self) -> str:
        return self.anchor.precision

    @property
    def approximate(self) -> bool:
        return any(p.approximate for p in (self.start, self.end) if p)

    @property
    def uncertain(self) -> bool:
        return any(p.uncertain for p in (self.start, self.end) if p)

    @property
    def sort_key(self) -> tuple:
        """Start (an open start sorts by its end), then precision coarsest first, then
        points before intervals, then the end. Callers add the event id to make it total."""
        end_key = self.end.key if self.end else (10**9, 0, 0)
        return (self.anchor.key, PRECISION_RANK[self.precision], self.interval, end_key)

    @property
    def year(self) -> int:
        return self.anchor.year

    def edtf(self) -> str:
        if not self.interval:
            return self.anchor.edtf()
        start = self.start.edtf() if self.start else _OPEN
        end = self.end.edtf() if self.end else _OPEN
        return f"{start}/{end}"

    def machine(self) -> str:
        """The value for HTML's `<time datetime>`: the anchor point, unqualified."""
        return self.anchor.iso()

    def display(self) -> str:
        if not self.interval:
            return self.anchor.display()
        if self.start is None:
            return "until " + self.end.display()  # type: ignore[union-attr]
        if self.end is None:
            return "from " + self.start.display()
        start, end = self.start, self.end
        if start == end:
            return start.display()
        if start.qualifier != end.qualifier:
            return f"{start.display()} – {end.display()}"
        # Both ends share their qualifier: say it once, around the compact form.
        text = f"{start.display(qualified=False)} – {end.display(qualified=False)}"
        if start.year == end.year and start.precision == end.precision != YEAR:
            if start.precision == DAY and start.month == end.month:
                text = f"{start.day}–{end.display(qualified=False)}"
            else:
                text = f"{start.display(with_year=False, qualified=False)} – {end.display(qualified=False)}"
        return start.qualify(text)


def parse(value: object) -> EventDate:
    """Parse a front-matter date: EDTF text, a YAML date/int, or a common human form."""
    if isinstance(value, bool) or value is None:
        raise DateError(f"a date is required, got {value!r}")
    if isinstance(value, _dt.datetime):
        return EventDate(Point(value.year, value.month, value.day))
    if isinstance(value, _dt.date):
        return EventDate(Point(value.year, value.month, value.day))
    if isinstance(value, int):
        return EventDate(_checked_point(value, None, None, "", str(value)))
    if not isinstance(value, str):
        raise DateError(f"a date must be text, got {type(value).__name__}")
    text = value.strip()
    if not text:
        raise DateError("the date is empty")
    if text.count("/") == 1:
        return _parse_interval(text)
    return EventDate(parse_point(text))


def _parse_interval(text: str) -> EventDate:
    left, right = (part.strip() for part in text.split("/"))
    if left == _OPEN and right == _OPEN:
        raise DateError(f"interval {text!r} has no known end", "give at least one end: ../2023-10-26")
    start = None if left == _OPEN else parse_point(left)
    end = None if right == _OPEN else parse_point(right)
    if start and end and _later(start, end):
        raise DateError(
            f"interval {text!r} ends before it starts",
            "put the earlier date first: START/END",
        )
    return EventDate(start, end, interval=True)


def _later(start: Point, end: Point) -> bool:
    """True when `start` lies wholly after `end` at their common precision."""
    common = min(PRECISION_RANK[start.precision], PRECISION_RANK[end.precision])
    return start.key[: common + 1] > end.key[: common + 1]


def parse_point(text: str) -> Point:
    match = _EDTF_POINT.match(text)
    if not match and re.fullmatch(r"-\d{1,3}[~?%]?", text):
        raise DateError(f"unknown date form {text!r}", f"write negative years with four digits: -{text[1:].zfill(4)}")
    if match and not match["sign"] and len(match["year"]) > 4:
        # 20231013 is a day written without dashes, not the year 20,231,013.
        raise DateError(f"unknown date form {text!r}: years after AD 9999 are not supported",
                        "write a day as 2023-10-13, a month as 2023-10")
    if match:
        year = int(match["year"]) * (-1 if match["sign"] else 1)
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        return _checked_point(year, month, day, match["q"] or "", text)
    return _parse_human(text)


def _checked_point(year: int, month: int | None, day: int | None, qualifier: str, text: str) -> Point:
    if year == 0:
        raise DateError(f"impossible date {text!r}: there is no year 0", "1 BC is -0001, AD 1 is 0001")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"impossible date {text!r}: there is no month {month}")
    if day is not None:
        assert month is not None
        last = days_in_month(year, month)
        if not 1 <= day <= last:
            year_text = f"{-year} BC" if year < 0 else str(year)
            raise DateError(
                f"impossible date {text!r}: {MONTH_NAMES[month - 1]} {year_text} has {last} days",
            )
    return Point(year, month, day, approximate=qualifier in "~%" and bool(qualifier),
                 uncertain=qualifier in "?%" and bool(qualifier))


_APPROX_PREFIX = re.compile(r"^(?:c\.|ca\.|circa|about|around)\s*", re.I)
_UNCERTAIN_SUFFIX = re.compile(r"\s*(?:\(\?\)|\?)$")
_BC_SUFFIX = re.compile(r"\s*(?:BCE|BC|B\.C\.E?\.?)$", re.I)
_AD_SUFFIX = re.compile(r"\s*(?:CE|AD|A\.D\.)$", re.I)
_ABBREVIATION_DOT = re.compile(r"\b([A-Za-z]{3,4})\.")
_NUMERIC_ONLY = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
# Two different defaults reveal which fields the text left out.
_DEFAULTS = (_dt.datetime(2004, 1, 1), _dt.datetime(2008, 2, 2))


def _parse_human(original: str) -> Point:
    """Human forms such as '13 September 2023', 'Sept. 2023', 'c. Oct 2023', '44 BC'."""
    text = original
    approximate = bool(_APPROX_PREFIX.search(text))
    text = _APPROX_PREFIX.sub("", text)
    uncertain = bool(_UNCERTAIN_SUFFIX.search(text))
    text = _UNCERTAIN_SUFFIX.sub("", text)
    bce = bool(_BC_SUFFIX.search(text))
    text = _AD_SUFFIX.sub("", _BC_SUFFIX.sub("", text)).strip()
    qualifier = "%" if approximate and uncertain else ("~" if approximate else ("?" if uncertain else ""))
    if _NUMERIC_ONLY.match(text):
        raise DateError(
            f"ambiguous date {original!r}: day and month order is unclear",
            "write it as YYYY-MM-DD, e.g. 2023-10-13",
        )
    if re.fullmatch(r"\d{1,4}", text) and (bce or text != original.strip()):
        return _checked_point(-int(text) if bce else int(text), None, None, qualifier, original)
    text = _ABBREVIATION_DOT.sub(r"\1", text)
    bce_year = None
    if bce:
        # dateutil reads short years as this century's, so parse BCE day and month alone.
        match = re.fullmatch(r"(.*?)[\s,]*(\d+)", text)
        if not match:
            raise DateError(f"unknown date form {original!r}")
        text, bce_year = f"{match[1]} 2000", int(match[2])
    try:
        first, second = (_dateutil_parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError) as error:
        raise DateError(f"unknown date form {original!r}") from error
    if first.hour or first.minute or first.second or first.tzinfo:
        raise DateError(f"unknown date form {original!r}: put a time in the 'time' field")
    if first.year != second.year:
        raise DateError(f"date {original!r} has no year", "add the year: 13 September 2023")
    has_month = first.month == second.month
    has_day = first.day == second.day
    if has_day and not has_month:
        raise DateError(f"unknown date form {original!r}")
    year = -bce_year if bce_year is not None else first.year
    return _checked_point(year, first.month if has_month else None, first.day if has_day else None,
                          qualifier, original)
