"""The date model: parsing, errors, leap years, display, ordering, and properties."""

from __future__ import annotations

import calendar
import datetime as dt
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.dates import DateError, EventDate, Point, days_in_month, is_leap, parse


def P(year, month=None, day=None, q=""):  # noqa: N802 - a short constructor for the tables
    return Point(year, month, day, approximate=q in ("~", "%"), uncertain=q in ("?", "%"))


def interval(start, end):
    return EventDate(start, end, interval=True)


# --- parsing ----------------------------------------------------------------------------

PARSED = [
    # EDTF: year, month, day
    ("2023", EventDate(P(2023))),
    ("2023-10", EventDate(P(2023, 10))),
    ("2023-10-13", EventDate(P(2023, 10, 13))),
    ("  2023-10-13  ", EventDate(P(2023, 10, 13))),
    # qualifiers: approximate, uncertain, both
    ("2023~", EventDate(P(2023, q="~"))),
    ("2023-10?", EventDate(P(2023, 10, q="?"))),
    ("2023-10-13%", EventDate(P(2023, 10, 13, q="%"))),
    # intervals, open ends, qualified ends
    ("2023-09-07/2023-10-01", interval(P(2023, 9, 7), P(2023, 10, 1))),
    ("2023-09/2023-10", interval(P(2023, 9), P(2023, 10))),
    ("2023/2024", interval(P(2023), P(2024))),
    ("2023-10-13/2023-10-13", interval(P(2023, 10, 13), P(2023, 10, 13))),
    ("2023-10/2023-10-01", interval(P(2023, 10), P(2023, 10, 1))),  # ends agree at their common precision
    ("../2023-10-26", interval(None, P(2023, 10, 26))),
    ("2023-09-07/..", interval(P(2023, 9, 7), None)),
    ("2023-10-23~/2023-10-29~", interval(P(2023, 10, 23, "~"), P(2023, 10, 29, "~"))),
    ("2023-09?/2023-10%", interval(P(2023, 9, q="?"), P(2023, 10, q="%"))),
    ("2023-10-01 / 2023-10-05", interval(P(2023, 10, 1), P(2023, 10, 5))),
    # negative years: historians' numbering, -0044 is 44 BC
    ("-0044-03-15", EventDate(P(-44, 3, 15))),
    ("-0001", EventDate(P(-1))),
    ("-10000", EventDate(P(-10000))),
    ("-0045-02-29", EventDate(P(-45, 2, 29))),
    ("-0001-12-31/0001-01-01", interval(P(-1, 12, 31), P(1, 1, 1))),
    ("0044-03-15", EventDate(P(44, 3, 15))),
    # human forms
    ("13 September 2023", EventDate(P(2023, 9, 13))),
    ("Sept. 2023", EventDate(P(2023, 9))),
    ("September 13, 2023", EventDate(P(2023, 9, 13))),
    ("Sept. 13, 2023", EventDate(P(2023, 9, 13))),
    ("13 sept. 2023", EventDate(P(2023, 9, 13))),
    ("c. Oct 2023", EventDate(P(2023, 10, q="~"))),
    ("circa 2023", EventDate(P(2023, q="~"))),
    ("c. 2023-10", EventDate(P(2023, 10, q="~"))),
    ("Oct 2023 (?)", EventDate(P(2023, 10, q="?"))),
    ("Oct 2023?", EventDate(P(2023, 10, q="?"))),
    ("c. 13 October 2023 (?)", EventDate(P(2023, 10, 13, "%"))),
    ("44 BC", EventDate(P(-44))),
    ("44 BCE", EventDate(P(-44))),
    ("44 bc", EventDate(P(-44))),
    ("c. 44 BC", EventDate(P(-44, q="~"))),
    ("15 Mar 44 BC", EventDate(P(-44, 3, 15))),
    ("15 March 44 B.C.", EventDate(P(-44, 3, 15))),
    ("Mar 044 BC", EventDate(P(-44, 3))),
    ("10000 BC", EventDate(P(-10000))),
    ("May 10000 BC", EventDate(P(-10000, 5))),
    ("29 Feb 45 BC", EventDate(P(-45, 2, 29))),
    ("44 AD", EventDate(P(44))),
    ("13 September 2023/15 September 2023", interval(P(2023, 9, 13), P(2023, 9, 15))),
    # YAML values: dates, datetimes (time dropped), integers
    (dt.date(2023, 10, 13), EventDate(P(2023, 10, 13))),
    (dt.datetime(2023, 10, 13, 14, 30), EventDate(P(2023, 10, 13))),
    (dt.date(44, 3, 15), EventDate(P(44, 3, 15))),
    (2023, EventDate(P(2023))),
    (-44, EventDate(P(-44))),
]


@pytest.mark.parametrize(("value", "expected"), PARSED, ids=[repr(v) for v, _ in PARSED])
def test_parse(value, expected):
    assert parse(value) == expected


EDTF = [
    ("2023", "2023"),
    ("2023-10-13%", "2023-10-13%"),
    ("-0044-03-15", "-0044-03-15"),
    ("../2023-10-26", "../2023-10-26"),
    ("2023-09-07/..", "2023-09-07/.."),
    ("2023-10-23~/2023-10-29~", "2023-10-23~/2023-10-29~"),
    # human forms come out as EDTF
    ("13 September 2023", "2023-09-13"),
    ("c. Oct 2023", "2023-10~"),
    ("Oct 2023 (?)", "2023-10?"),
    ("15 Mar 44 BC", "-0044-03-15"),
    ("44 AD", "0044"),
    (5, "0005"),
]


@pytest.mark.parametrize(("value", "expected"), EDTF)
def test_edtf(value, expected):
    assert parse(value).edtf() == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2023", "2023"), ("2023-10~", "2023-10"), ("2023-10-13?", "2023-10-13"),
    ("2023-09-07/2023-10-01", "2023-09-07"), ("../2023-10-26", "2023-10-26"), ("-0044-03-15", "-0044-03-15"),
])
def test_machine_is_the_unqualified_anchor(value, expected):
    assert parse(value).machine() == expected


def test_properties_of_an_interval():
    date = parse("2023-10-23~/2023-10-29?")
    assert (date.approximate, date.uncertain, date.precision, date.year) == (True, True, "day", 2023)
    assert parse("../2023-10").anchor == P(2023, 10)
    assert parse("../2023-10").precision == "month"


# --- errors -----------------------------------------------------------------------------

DEFAULT_HINT = "write it as 2023, 2023-10 or 2023-10-13 (see README, 'Dates')"

ERRORS = [
    # (value, message, hint)
    ("2023-02-30", "impossible date '2023-02-30': February 2023 has 28 days", DEFAULT_HINT),
    ("2023-04-31", "impossible date '2023-04-31': April 2023 has 30 days", DEFAULT_HINT),
    ("2100-02-29", "impossible date '2100-02-29': February 2100 has 28 days", DEFAULT_HINT),
    ("1900-02-29", "impossible date '1900-02-29': February 1900 has 28 days", DEFAULT_HINT),
    ("-0044-02-29", "impossible date '-0044-02-29': February 44 BC has 28 days", DEFAULT_HINT),
    ("29 Feb 44 BC", "impossible date '29 Feb 44 BC': February 44 BC has 28 days", DEFAULT_HINT),
    ("2023-13", "impossible date '2023-13': there is no month 13", DEFAULT_HINT),
    ("2023-00", "impossible date '2023-00': there is no month 0", DEFAULT_HINT),
    ("0000", "impossible date '0000': there is no year 0", "1 BC is -0001, AD 1 is 0001"),
    ("-0000-01", "impossible date '-0000-01': there is no year 0", "1 BC is -0001, AD 1 is 0001"),
    (0, "impossible date '0': there is no year 0", "1 BC is -0001, AD 1 is 0001"),
    ("0 BC", "impossible date '0 BC': there is no year 0", "1 BC is -0001, AD 1 is 0001"),
    ("May 0 BC", "impossible date 'May 0 BC': there is no year 0", "1 BC is -0001, AD 1 is 0001"),
    ("10/13/2023", "ambiguous date '10/13/2023': day and month order is unclear",
     "write it as YYYY-MM-DD, e.g. 2023-10-13"),
    ("13/10/2023", "ambiguous date '13/10/2023': day and month order is unclear",
     "write it as YYYY-MM-DD, e.g. 2023-10-13"),
    ("13.10.2023", "ambiguous date '13.10.2023': day and month order is unclear",
     "write it as YYYY-MM-DD, e.g. 2023-10-13"),
    ("banana", "unknown date form 'banana'", DEFAULT_HINT),
    ("the week after Chuseok", "unknown date form 'the week after Chuseok'", DEFAULT_HINT),
    ("2023-10-13~~", "unknown date form '2023-10-13~~'", DEFAULT_HINT),
    ("2023-10-13/2023-10-20/2023-10-27", "unknown date form '2023-10-13/2023-10-20/2023-10-27'", DEFAULT_HINT),
    ("13 Oct 2023 14:30", "unknown date form '13 Oct 2023 14:30': put a time in the 'time' field", DEFAULT_HINT),
    ("2023-10-13T14:30", "unknown date form '2023-10-13T14:30': put a time in the 'time' field", DEFAULT_HINT),
    ("13 September", "date '13 September' has no year", "add the year: 13 September 2023"),
    ("September", "date 'September' has no year", "add the year: 13 September 2023"),
    ("2023-10-01/2023-09-07", "interval '2023-10-01/2023-09-07' ends before it starts",
     "put the earlier date first: START/END"),
    ("2023-10/2023-09-30", "interval '2023-10/2023-09-30' ends before it starts",
     "put the earlier date first: START/END"),
    ("2024/2023-12-31", "interval '2024/2023-12-31' ends before it starts", "put the earlier date first: START/END"),
    ("0001/-0001", "interval '0001/-0001' ends before it starts", "put the earlier date first: START/END"),
    ("../..", "interval '../..' has no known end", "give at least one end: ../2023-10-26"),
    ("", "the date is empty", DEFAULT_HINT),
    ("   ", "the date is empty", DEFAULT_HINT),
    (None, "a date is required, got None", DEFAULT_HINT),
    (True, "a date is required, got True", DEFAULT_HINT),
    (3.5, "a date must be text, got float", DEFAULT_HINT),
    ([2023], "a date must be text, got list", DEFAULT_HINT),
]


@pytest.mark.parametrize(("value", "message", "hint"), ERRORS, ids=[repr(v) for v, _, _ in ERRORS])
def test_parse_error(value, message, hint):
    with pytest.raises(DateError) as caught:
        parse(value)
    assert caught.value.message == message
    assert str(caught.value) == message
    assert caught.value.hint == hint


def test_date_error_is_a_value_error():
    assert issubclass(DateError, ValueError)


def test_quoted_negative_short_year_is_not_read_as_this_century():
    with pytest.raises(DateError) as raised:
        parse("-44")
    assert raised.value.hint == "write negative years with four digits: -0044"


# --- leap years -------------------------------------------------------------------------

LEAP = [
    (2024, True), (2023, False), (2000, True), (1900, False), (2100, False), (1600, True), (4, True), (1, False),
    # BCE: astronomical year = year + 1, so 1 BC, 5 BC and 45 BC are leap years
    (-1, True), (-2, False), (-4, False), (-5, True), (-44, False), (-45, True),
    (-101, False), (-401, True), (-9999, False), (-9997, True),
]


@pytest.mark.parametrize(("year", "leap"), LEAP)
def test_is_leap(year, leap):
    assert is_leap(year) is leap
    assert days_in_month(year, 2) == (29 if leap else 28)


@pytest.mark.parametrize(("year", "leap"), LEAP)
def test_29_february_parses_only_in_leap_years(year, leap):
    text = (f"-{-year:04d}" if year < 0 else f"{year:04d}") + "-02-29"
    if leap:
        assert parse(text) == EventDate(P(year, 2, 29))
    else:
        with pytest.raises(DateError, match="has 28 days"):
            parse(text)


@pytest.mark.parametrize("month", range(1, 13))
def test_days_in_month_agrees_with_the_calendar_module(month):
    for year in (1900, 2000, 2023, 2024):
        assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


# --- display ----------------------------------------------------------------------------

DISPLAY = [
    ("2023", "2023"),
    ("2023-09", "Sep 2023"),
    ("2023-09-13", "13 Sep 2023"),
    ("2023-10~", "c. Oct 2023"),
    ("2023-10?", "Oct 2023 (?)"),
    ("2023-10-13%", "c. 13 Oct 2023 (?)"),
    ("44 BC", "44 BC"),
    ("15 Mar 44 BC", "15 Mar 44 BC"),
    ("-0044~", "c. 44 BC"),
    ("0044", "44"),
    # intervals: the shared year (and month) said once
    ("2023-09-07/2023-10-01", "7 Sep – 1 Oct 2023"),
    ("2023-10-18/2023-10-19", "18–19 Oct 2023"),
    ("2023-09/2023-10", "Sep – Oct 2023"),
    ("2023/2024", "2023 – 2024"),
    ("2023-12-30/2024-01-02", "30 Dec 2023 – 2 Jan 2024"),
    ("2023-10/2023-10-20", "Oct 2023 – 20 Oct 2023"),
    ("-0044-03-15/-0044-03-17", "15–17 Mar 44 BC"),
    ("-0001/0001", "1 BC – 1"),
    # a qualifier both ends share is said once; different qualifiers are said per end
    ("2023-10-23~/2023-10-29~", "c. 23–29 Oct 2023"),
    ("2023-09-07~/2023-10-01~", "c. 7 Sep – 1 Oct 2023"),
    ("2023-09?/2023-10?", "Sep – Oct 2023 (?)"),
    ("2023%/2024%", "c. 2023 – 2024 (?)"),
    ("2023-10-23~/2023-10-29", "c. 23 Oct 2023 – 29 Oct 2023"),
    ("2023-10-18/2023-10-19?", "18 Oct 2023 – 19 Oct 2023 (?)"),
    # open intervals
    ("../2023-10-26", "until 26 Oct 2023"),
    ("2023-09-07/..", "from 7 Sep 2023"),
    ("../2023~", "until c. 2023"),
    ("-0044-03/..", "from Mar 44 BC"),
]


@pytest.mark.parametrize(("value", "expected"), DISPLAY)
def test_display(value, expected):
    assert parse(value).display() == expected


# --- ordering ---------------------------------------------------------------------------

def test_sort_key_orders_by_start():
    texts = ["2023-10-13", "2023-09-07/2023-10-01", "-0044-03-15", "2024", "0001", "-0001", "2023-10-01"]
    assert sorted(texts, key=lambda t: parse(t).sort_key) == [
        "-0044-03-15", "-0001", "0001", "2023-09-07/2023-10-01", "2023-10-01", "2023-10-13", "2024"]


def test_open_start_sorts_by_its_end():
    texts = ["2023-10-20", "../2023-10-15", "2023-10-10"]
    assert sorted(texts, key=lambda t: parse(t).sort_key) == ["2023-10-10", "../2023-10-15", "2023-10-20"]


def test_coarser_precision_sorts_first():
    texts = ["2023-10-01", "2023-10", "2023", "2023-01", "2023-01-01"]
    assert sorted(texts, key=lambda t: parse(t).sort_key) == ["2023", "2023-01", "2023-01-01", "2023-10",
                                                                "2023-10-01"]


def test_points_sort_before_intervals_from_the_same_start():
    texts = ["2023-10-13/..", "2023-10-13/2023-10-20", "2023-10-13/2023-10-14", "../2023-10-13", "2023-10-13"]
    assert sorted(texts, key=lambda t: parse(t).sort_key) == [
        "2023-10-13",
        # then intervals by their end (an open start files under its end), an open end last
        "../2023-10-13", "2023-10-13/2023-10-14", "2023-10-13/2023-10-20", "2023-10-13/..",
    ]


def test_qualifiers_do_not_change_the_order():
    assert parse("2023-10~").sort_key == parse("2023-10").sort_key == parse("2023-10%").sort_key


# --- properties -------------------------------------------------------------------------

years = st.integers(-9999, 9999).filter(lambda year: year != 0)


def month_length(year: int, month: int) -> int:
    """An oracle independent of generator.dates: proleptic Gregorian, astronomical years."""
    astronomical = year + 1 if year < 0 else year
    if month == 2:
        return 29 if calendar.isleap(astronomical) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@st.composite
def points(draw) -> Point:
    year = draw(years)
    month = draw(st.none() | st.integers(1, 12))
    day = None if month is None else draw(st.none() | st.integers(1, month_length(year, month)))
    return Point(year, month, day, approximate=draw(st.booleans()), uncertain=draw(st.booleans()))


@st.composite
def event_dates(draw) -> EventDate:
    kind = draw(st.sampled_from(["point", "interval", "open start", "open end"]))
    if kind == "point":
        return EventDate(draw(points()))
    start, end = sorted([draw(points()), draw(points())], key=lambda p: p.key)
    if kind == "open start":
        start = None
    elif kind == "open end":
        end = None
    return EventDate(start, end, interval=True)


def full_key(date: EventDate) -> tuple:
    """sort_key made total, as callers do with the event id (edtf() is one-to-one)."""
    return (date.sort_key, date.edtf())


@given(event_dates())
def test_a_date_is_pickled_and_back_unchanged(date):
    # Dates cross between processes when a large timeline is read on two cores.
    assert pickle.loads(pickle.dumps(date)) == date


@given(event_dates())
def test_edtf_round_trips(date):
    assert parse(date.edtf()) == date


@given(points())
def test_point_round_trips_through_its_iso_text(point):
    assert parse(point.iso()).anchor == Point(point.year, point.month, point.day)


@given(points().filter(lambda p: p.year >= 1000 or p.year < 0))
def test_display_of_a_point_parses_back(point):
    # Two-digit AD years are left out: '13 Oct 44' reads as 2044, as people mean it today.
    assert parse(point.display()) == EventDate(point)


@given(event_dates())
def test_display_never_raises(date):
    text = date.display()
    assert text and text == text.strip()
    assert str(abs(date.year)) in text


@given(event_dates(), event_dates())
def test_sort_key_comparison_is_total_and_antisymmetric(a, b):
    ka, kb = a.sort_key, b.sort_key
    assert (ka < kb) + (ka == kb) + (ka > kb) == 1
    if ka <= kb and kb <= ka:
        assert ka == kb
    if a == b:
        assert ka == kb
    if full_key(a) == full_key(b):
        assert a == b


@given(event_dates(), event_dates(), event_dates())
def test_sort_key_is_transitive(a, b, c):
    x, y, z = sorted([a, b, c], key=lambda d: d.sort_key)
    assert x.sort_key <= y.sort_key <= z.sort_key
    assert x.sort_key <= z.sort_key


@given(event_dates(), event_dates())
def test_sort_key_is_chronological(a, b):
    if a.anchor.key < b.anchor.key:
        assert a.sort_key < b.sort_key
    if a.anchor.key == b.anchor.key and not a.interval and b.interval:
        assert a.sort_key < b.sort_key


@settings(max_examples=50)
@given(st.lists(event_dates(), max_size=20), st.randoms(use_true_random=False))
def test_sorting_is_idempotent_and_independent_of_input_order(dates, random):
    ordered = sorted(dates, key=full_key)
    shuffled = list(dates)
    random.shuffle(shuffled)
    assert sorted(shuffled, key=full_key) == ordered
    assert sorted(ordered, key=full_key) == ordered
    # By sort_key alone (a stable sort), the keys come out in the same order whatever the input order.
    assert [d.sort_key for d in sorted(shuffled, key=lambda d: d.sort_key)] == [d.sort_key for d in ordered]
