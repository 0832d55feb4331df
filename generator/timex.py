"""TIMEX3-style temporal expression tagger for English news text.

`tag(text, published)` finds dates, times, durations and sets and normalises them to TimeML
TIMEX3 values, anchoring relative expressions ("last Friday", "a year ago") on the publication
date (the document creation time, DCT).  The grammar is a set of precompiled regular
expressions, each paired with a normaliser; candidates from all rules are merged leftmost-longest
so that the richest reading of a phrase wins ("Friday, Oct. 13, 2023" beats "Friday").

BCE years follow ISO 8601 astronomical numbering, as TIMEX3 does: 1 BC is year 0 ("0000") and
44 BC is year -43, so its value is "-0043".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Callable, Iterable

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta, TH, MO

__all__ = ["Timex", "tag", "to_json", "format_listing"]


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    resolved: bool = True


# --------------------------------------------------------------------------- lexicon

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
# Season ordering within a calendar year, to find "last winter" etc.
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
SMALL = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "couple": 2, "dozen": 12, "half": 0.5,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "thirtieth": 30,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": 4, "final": 4,
}
VAGUE = {"few", "several", "some", "many", "numerous", "couple of", "a few", "a number of"}
# Duration unit -> (TIMEX3 letter, multiplier, is time-of-day unit)
UNITS = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True),
    "day": ("D", 1, False), "night": ("D", 1, False), "week": ("W", 1, False),
    "fortnight": ("W", 2, False), "month": ("M", 1, False), "quarter": ("Q", 1, False),
    "year": ("Y", 1, False), "decade": ("Y", 10, False), "century": ("Y", 100, False),
    "weekend": ("D", 2, False),
}
SET_ADVERBS = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y",
}

# --------------------------------------------------------------------------- regex pieces

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.|Oct\.?|"
          r"Nov\.?|Dec\.?)")
_WDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR4 = r"(?:1[0-9]\d\d|20\d\d)"
# Years as broadcast transcripts spell them: "nineteen ninety-six", "two thousand and one".
_SPOKEN_YEAR = (r"(?:(?:nineteen|eighteen)[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                r"ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|"
                r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b"
                # "May two thousand people" is a count: the year must end the clause.
                r"|two\s+thousand(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?"
                r"(?=\s*(?:[,.;:!?)]|''|$)))")
_NUMW = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
         r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
         r"sixty|seventy|eighty|ninety|hundred|thousand)")
_NUM = (rf"(?:\d+(?:[.,]\d+)?(?:\s+\d/\d)?|{_NUMW}(?:[\s-]+(?:and\s+)?{_NUMW})*"
        r"(?:[\s-]+and[\s-]+a[\s-]+half)?|an?(?:[\s-]+half)?|a\s+few|few|several|some|many|"
        r"a\s+(?=hundred|thousand)\w+|a\s+couple\s+of|couple\s+of|a\s+dozen|half\s+an?|a\s+number\s+of)")
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century|centurie)"
_APPROX = (r"(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|"
           r"fewer\s+than|at\s+least|at\s+most|no\s+more\s+than|up\s+to|over|under|only|just|"
           r"within|barely|well\s+over|upwards\s+of)")
_PART = r"(?:morning|afternoon|evening|night)"
_TZ = (r"(?:\s+(?:[ECMP][SD]?T|GMT|UTC|local\s+time|(?:Eastern|Central|Mountain|Pacific)"
       r"(?:\s+(?:Standard|Daylight))?\s+[Tt]ime)\b)?")
_AMPM = r"(?:[ap]\.m\.?|[ap]m\b)"
# Words after which "12:50" is a time of day (look-behinds: the word is not the time's)
_TIME_WORD_BEFORE = "|".join(rf"(?<=\b{word}\s)" for word in
                             ("at", "until", "till", "by", "from", "before", "after", "around", "about", "since"))

MOD_OF = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN",
    "over": "MORE_THAN", "well over": "MORE_THAN", "upwards of": "MORE_THAN",
    "less than": "LESS_THAN", "fewer than": "LESS_THAN", "under": "LESS_THAN",
    "barely": "LESS_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "within": "EQUAL_OR_LESS",
    "early": "START", "late": "END", "mid": "MID", "middle": "MID", "end": "END", "start": "START",
    "beginning": "START",
}

# What is "due to" happen: "due to open on Tuesday" (not "due to heavy snow").
SCHEDULED_VERB = (r"(?:open|start|begin|close|end|arrive|meet|launch|hold|resume|return|visit|vote|appear|sign|"
                  r"finish|expire|take\s+place)")
_FUTURE = re.compile(
    # "will", not the noun ("the king's will", "the will of the people", "free will")
    r"\b(?:(?<!'s\s)(?<!’s\s)(?<!\bthe\s)(?<!\bfree\s)(?<!\bgood\s)(?<!\bhis\s)(?<!\bher\s)(?<!\btheir\s)"
    r"(?<!political\s)(?<!popular\s)will(?!\s+of\b)|'ll|shall|going\s+to|scheduled|plans?\s+to|planned|planning|intends?\s+to|"
    r"expected\s+to|upcoming|won't|is\s+to|are\s+to|set\s+to|slated|next(?!\s+to\b)|as\s+(?:soon|early)\s+as|postponed|"
    r"(?:is|are|'s|been)\s+(?:now\s+)?set\s+for|(?:is|are|'s)\s+due|"
    # "set sentencing for Jan. 12" (not "set a record for the race")
    r"\bset\s+(?:the\s+|a\s+|new\s+)?(?:sentencing|hearing|trial|date|deadline|vote|election|meeting|talks|"
    r"launch|start|opening|ballot|referendum)\s+for|"
    r"(?<!\bbeen\s)(?<!\bwas\s)(?<!\bwere\s)due\s+to\s+" + SCHEDULED_VERB + r"|"
    # (not the month May; "could not stop" is past inability)
    r"(?:might|(?-i:may)|must|should)\s+(?:not\s+)?(?!have\b)[a-z]+|"
    r"could\s+(?:be|stay|remain|last|continue|take|hit|reach|top|exceed)\b|"
    # "Economists expect Friday's jobs report to show …", "is forecast to last through …"
    r"expects?|predicts?|(?:is|are)\s+forecast\s+to)\b", re.I)  # not the noun "forecasts"
_PAST = re.compile(r"\b(?:was|were|had|did|been|ago|last(?!\s+(?:through|until|till|into|beyond)\b)|earlier|since|said|told|came|went|took|"
                   r"made|met|began|left|saw|gave|held|won|fell|rose|sent|got|found|became|"
                   r"spoke|wrote|struck|shot|broke|sold|bought|paid|brought|thought|knew|"
                   r"ran|led|lost|kept|grew|drew|flew|threw|chose|stood|heard|felt|fled|spent|"
                   r"built|wore|sought|taught|caught|fought|meant|drove|rode|withdrew|tore|stole|froze|shook|woke|"
                   r"(?!(?:succeed|proceed|exceed|need|indeed|speed)\b)\w+ed)\b", re.I)
# The verb a date is the complement of: "arrested on Friday", "met Tuesday".
_GOVERNING_VERB = re.compile(r"\b([a-z]+)\s+(?:(?:on|in|at|during|late|early)\s+)?$")
_FUTURE_PASSIVE = re.compile(r"\b(?:will|shall|'ll|won't|going\s+to|(?-i:may)|must|should)\s+(?:not\s+)?(?:be|stay|remain|have\s+been|get|"
                             r"keep|become)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ut|et)\b", re.I)
# Verbs that are rarely nouns ("the close", "returns", "votes" are not here).
_SCHEDULE_PRESENT = re.compile(r"(?<!\bto\s)\b(?:(?:is|are)(?=\s+(?:on\s+|due\s+)?$)|begins?|starts|opens?|reopens?|resumes?|"
                               r"arrives?|expires?|travels|"
                               r"goes|takes\s+(?:effect|office|place|over)|kicks\s+off|comes\s+into\s+force"
                               # "when they meet in Brussels on Monday"
                               r"|(?:they|we)\s+(?:meet|vote|gather|travel|return|play|face|host|hold|convene))\b", re.I)
# ("before the friendly on Sunday" is a preposition's phrase: no new clause)
_CLAUSE_WORD = re.compile(r"\b(?:that|what|who|which|when|where|because|(?:after|before)(?!\s+(?:the|a|an|its|his|her|"
                          r"their)\b)|while|and|but|he|she|they|it|was|were|had|did|said)\b|[,;]", re.I)
# A sentence ends at . ! ? ; : or a newline, but not after an initial or a title ("Daniel P. Davison").
_SENT_BREAK = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bGen)"
                         r"(?<!\bSen)(?<!\bRep)(?<!\bGov)[.!?;:\n](?:''|[\"”’])?\s")

# A closing quotation mark ends the quoted clause: a reporting verb after it ("...,'' he said")
# says nothing about the tense of the quote. Nor does an attribution after a comma ("will
# meet on Tuesday, officials said").
_QUOTE_END = re.compile(r"''|\"|\u201d")
_ATTRIBUTION = re.compile(r",\s+(?:[\w.'-]+\s+){0,4}?(?:said|says|say|told|added|announced|reported|"
                          r"according)\b", re.I)

PAST, FUTURE, UNKNOWN = -1, 1, 0
_ANCHOR_VALUE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T|$)")


# --------------------------------------------------------------------------- value helpers

def _y(year: int) -> str:
    # Astronomical numbering keeps arithmetic simple: year 0 is 1 BC, negatives are BCE.
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _d(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _w(d: dt.date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _q(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def count_of(text: str) -> float | None:
    """A number written in digits or words ("a", "two", "12"); None for a vague one ("several")."""
    return _num(text)


def _num(s: str) -> float | None:
    """Parse a spelled or digit number; None means vague ("several")."""
    s = s.lower().replace(",", "").strip()
    if re.fullmatch(r"a\s+few|few|several|some|many|a\s+number\s+of", s):
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(\d)/(\d))?", s)
    if m:
        v = float(m.group(1))
        if m.group(2):
            v += int(m.group(2)) / max(int(m.group(3)), 1)
        return v
    s = re.sub(r"^an?\s+(?=couple|dozen)", "", s)
    if re.fullmatch(r"(?:a\s+)?half(?:\s+an?)?|an?\s+half", s):
        return 0.5
    half = 0.0
    if re.search(r"[\s-]+and[\s-]+a[\s-]+half$", s):
        s, half = re.sub(r"[\s-]+and[\s-]+a[\s-]+half$", "", s), 0.5
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", s):
        if word in ("and", "of"):
            continue
        v = SMALL.get(word)
        if v is None:
            return None
        if v == 100:
            current = max(current, 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return total + current + half


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _duration(n: float | None, unit: str) -> str:
    unit = unit.lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    letter, mult, is_time = UNITS[unit]
    prefix = "PT" if is_time else "P"
    if n is None:
        if unit in ("decade", "century"):
            letter = "DE" if unit == "decade" else "CE"
        return f"{prefix}X{letter}"
    n *= mult
    if n != int(n):
        # Fractions read better with the next smaller unit: 1.5 years = P1Y6M, 1.5 hours = PT1H30M.
        smaller = {"year": ("M", 12, False), "month": ("D", 30, False), "week": ("D", 7, False),
                   "day": ("H", 24, True), "hour": ("M", 60, True), "minute": ("S", 60, True),
                   "quarter": ("M", 3, False)}.get(unit)
        if smaller:
            whole, rest = int(n), _fmt_num(round((n - int(n)) * smaller[1], 2))
            head = f"{whole}{letter}" if whole else ""
            if smaller[2] and not is_time:  # days -> hours crosses into the time part
                return f"P{head}T{rest}{smaller[0]}"
            return f"{prefix}{head}{rest}{smaller[0]}"
    return f"{prefix}{_fmt_num(n)}{letter}"


# --------------------------------------------------------------------------- context

# How precise an anchor an anaphor of each unit needs: 0 a year, 1 a month, 2 a day.
_PARTS_NEEDED = {"year": 0, "decade": 0, "century": 0, "month": 1}


class Ctx:
    """Per-document state: text, DCT, the last mentioned quarter (financial news compares
    "the quarter" with "a year ago", which refers to that quarter one year back) and the last
    mentioned calendar date, the narrative anchor of "that day", "the following year"."""

    def __init__(self, text: str, dct: dt.date | None):
        self.text = text
        self.dct = dct
        self.quarter: tuple[int, int] | None = None
        # (year, month or None, day or None) of the latest DATE/TIME value found so far,
        # and of the latest one not after the DCT (a past event is told from that one).
        self.anchor: tuple[int, int | None, int | None] | None = None
        self.past_anchors: list[tuple[int, int | None, int | None]] = []
        self.anchors: list[tuple[int, int | None, int | None]] = []
        # (end, year, month) of the last date written with its year: "arrested on March 19,
        # 2023, and charged in April" tells April of that year.
        self.year_told: tuple[int, int, int] | None = None

    def note(self, value: str) -> None:
        m = _ANCHOR_VALUE.match(value)
        if m:
            self.anchor = (int(m.group(1)), m.group(2) and int(m.group(2)),
                           m.group(3) and int(m.group(3)))
            self.anchors.append(self.anchor)
            y, mo, d = self.anchor
            if self.dct is None or (y, mo or 1, d or 1) <= (self.dct.year, self.dct.month, self.dct.day):
                self.past_anchors.append(self.anchor)

    def year_in_sentence(self, start: int, end: int, month: int) -> int | None:
        """The year of a month named without one, from a date of the same sentence written
        with its year; a month before that date's is the following year's. Not when a
        year follows ("November 1 last year")."""
        if (self.year_told is None or _SENT_BREAK.search(self.text, self.year_told[0], start)
                or _YEAR_AFTER.match(self.text, end)):
            return None
        _, year, told_month = self.year_told
        year = year if month >= told_month else year + 1
        # "…invited in July 1997, will join on March 12" looks ahead from the DCT instead
        if self.dct is not None and ((year, month) > (self.dct.year, self.dct.month)
                                     or self.tense(start, start + 1) == FUTURE):
            return None
        return year

    def anchor_date(self, unit: str, past: bool = False) -> dt.date | None:
        """The narrative time for an anaphor of granularity `unit` ("that day": a day): the
        last mentioned date if it is that precise, else the DCT. Unless the clause looks
        ahead, a date after the DCT ("sentencing is set for Jan. 14") is no anchor: the
        last one before it that is precise enough is."""
        anchor = self.anchor
        need = _PARTS_NEEDED.get(unit, 2)
        if past and self.past_anchors and self.anchor != self.past_anchors[-1]:
            precise = [a for a in self.past_anchors if (0 if a[1] is None else 1 if a[2] is None else 2) >= need]
            anchor = precise[-1] if precise else None
        elif anchor and (0 if anchor[1] is None else 1 if anchor[2] is None else 2) < need:
            # "announced on Wednesday … covers models sold until March 2025 … the same day":
            # the last date precise enough, not the DCT
            precise = [a for a in self.anchors if (0 if a[1] is None else 1 if a[2] is None else 2) >= need]
            anchor = precise[-1] if precise else None
        if anchor:
            y, mo, d = anchor
            need = _PARTS_NEEDED.get(unit, 2)
            have = 0 if mo is None else 1 if d is None else 2
            if have >= need:
                try:
                    return dt.date(y, mo or 1, d or 1)
                except ValueError:
                    pass
        return self.dct

    def tense(self, start: int, end: int, present_looks_ahead: bool = False) -> int:
        """Tense of the clause around [start, end): the nearest future or past cue decides.
        With `present_looks_ahead`, a present-tense verb of a schedule ("The trial begins
        Monday", "Polls open at 7 a.m. Sunday") is a future cue: news tells a coming day so."""
        left = self.text[max(0, start - 100):start]
        cut = list(_SENT_BREAK.finditer(left))
        if cut:
            left = left[cut[-1].end():]
        right = self.text[end:end + 30]
        for pattern in (_SENT_BREAK, _QUOTE_END, _ATTRIBUTION):
            cut2 = pattern.search(right)
            if cut2:
                right = right[:cut2.start()]
        if re.search(r"\b(?:until|by)\s+$", left) and re.match(r"\s+to\s+(?!the\b|a\b|an\b)[a-z]+", right):
            return FUTURE  # "gave prosecutors until Friday to respond": a deadline ahead
        governing = _GOVERNING_VERB.search(left)
        if (governing and _PAST.fullmatch(governing[1]) and not _FUTURE.fullmatch(governing[1])
                and not _FUTURE_PASSIVE.search(left)):
            return PAST  # "who was arrested on Friday will appear …": the date is the arrest's
        best, best_dist = UNKNOWN, 10 ** 6
        # A schedule's verb comes before its day ("Monday's vote is close" tells no schedule).
        cues = ((FUTURE, _FUTURE, right), (PAST, _PAST, right), (FUTURE, _SCHEDULE_PRESENT, "")) \
            if present_looks_ahead else ((FUTURE, _FUTURE, right), (PAST, _PAST, right))
        for cue, pattern, after in cues:
            # a schedule's verb stands close to its day: "The trial begins Monday"
            reach = left[-40:] if pattern is _SCHEDULE_PRESENT else left
            for c in pattern.finditer(reach):
                if len(reach) - c.end() < best_dist:
                    best, best_dist = cue, len(reach) - c.end()
            c = pattern.search(after)
            if c and c.start() < best_dist:
                best, best_dist = cue, c.start()
        if best == PAST and best_dist < len(left):
            # "will stay closed until Monday", "will be released on Friday": a participle
            # after a modal and a linking verb is part of the future verb.
            group = list(_FUTURE_PASSIVE.finditer(left))
            if group and not _CLAUSE_WORD.search(left[group[-1].end():]):
                return FUTURE
        return best

    def reference_quarter(self) -> tuple[int, int]:
        """The quarter a financial story is about: the last one named, else the last complete one."""
        if self.quarter:
            return self.quarter
        prev = self.dct - relativedelta(months=3)
        return prev.year, _q(prev)

    def in_sentence(self, start: int, end: int, pattern: re.Pattern[str]) -> bool:
        left = self.text[max(0, start - 250):start]
        cut = list(_SENT_BREAK.finditer(left))
        if cut:
            left = left[cut[-1].end():]
        right = self.text[end:end + 250]
        cut2 = _SENT_BREAK.search(right)
        if cut2:
            right = right[:cut2.start()]
        return bool(pattern.search(left) or pattern.search(right))

    def near(self, start: int, end: int, pattern: re.Pattern[str], before: int = 150) -> bool:
        return bool(pattern.search(self.text[max(0, start - before):end + 60]))


Result = tuple  # (type, value, mod, resolved[, (start, end) narrowing the matched span])


def _month_year(ctx: Ctx, month: int, day: int | None, tense: int) -> int | None:
    """Year for a month (or month-day) named without one.  News mostly reports the recent past
    but also announces the near future, so the occurrence is taken from a window reaching
    8 months back and 3 ahead of the DCT; a future-tense clause shifts the window forward."""
    dct = ctx.dct
    if dct is None:
        return None
    lo, hi = (-2, 10) if tense == FUTURE else (-9, 3)
    for y in (dct.year, dct.year - 1, dct.year + 1):
        ahead = (y - dct.year) * 12 + month - dct.month
        if day is not None and ahead == 0 and day < dct.day:
            ahead = -0.5
        if lo < ahead <= hi:
            return y
    return dct.year


def _weekday(dct: dt.date, wd: int, direction: int, strict: bool = False) -> dt.date:
    delta = wd - dct.weekday()
    if delta == 0 and not strict:
        return dct
    if direction == FUTURE:
        return dct + dt.timedelta(days=delta % 7 or 7)
    return dct - dt.timedelta(days=(-delta) % 7 or 7)


def _year_num(s: str) -> int | None:
    """Spoken years: "nineteen ninety-six" -> 1996, "two thousand" -> 2000."""
    s = s.lower()
    m = re.fullmatch(r"(nineteen|eighteen|twenty)[\s-]+(.+)", s)
    if m and m.group(2) not in ("hundred",):
        head = SMALL[m.group(1)]
        tail = _num(m.group(2))
        if tail is not None and tail < 100 and not (head == 20 and "thousand" in s):
            return int(head * 100 + tail)
    n = _num(s)
    if n is not None and 1000 <= n <= 2100 and n == int(n):
        return int(n)
    return None


# --------------------------------------------------------------------------- rules

Handler = Callable[[re.Match[str], Ctx], "Result | None"]
RULES: list[tuple[re.Pattern[str], Handler, re.Pattern[str], bool]] = []
NEEDLES: dict[Handler, tuple[str, ...]] = {}


def rule(trigger: str, pattern: str, flags: int = re.I, needles: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
    """Register a rule.  `trigger` matches a keyword every match of `pattern` must contain; the
    full pattern only runs in windows around trigger hits, which keeps tagging fast. A rule
    with `needles` (lowercase words one of which every match holds) is skipped for a text
    without any of them: a substring test costs far less than a scan with the trigger."""
    def deco(fn: Handler) -> Handler:
        if needles:
            NEEDLES[fn] = needles
        # Triggers are lowercase and run case-sensitively on lowercased text: much faster
        # in `re` than an IGNORECASE scan.
        # Case-insensitive rules likewise run as lowercase patterns on the lowercased text.
        if flags & re.I:
            low_pattern = pattern.lower().replace("(?p<", "(?P<")
            compiled, on_low = re.compile(low_pattern, flags & ~re.I), True
        else:
            compiled, on_low = re.compile(pattern, flags), False
        RULES.append((compiled, fn, re.compile(trigger.lower()), on_low))
        return fn
    return deco


def _g(m: re.Match[str], name: str) -> str | None:
    v = m.groupdict().get(name)
    return v.lower() if v else None


def _modword(s: str | None) -> str | None:
    if not s:
        return None
    s = re.sub(r"\s+", " ", s.lower().strip().rstrip("-"))
    s = re.sub(r"^at (?=about|around)", "", s)
    s = s.replace("the ", "").replace(" of", "")
    return MOD_OF.get(s)


_EDGE = r"(?:(?P<edge>(?i:early|late|mid-?|the\s+(?:end|beginning|start|middle)\s+of))\s*)?"


def _absolute(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return _y(year)
    if day is None:
        return f"{_y(year)}-{month:02d}"
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return f"{_y(year)}-{month:02d}-{day:02d}"


# Full and partial calendar dates: "Friday, Oct. 13, 2023", "13 October 2023", "October 2023".
@rule(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
      rf"\b(?:the\s+(?P<of>week)\s+of\s+)?"
      rf"(?:(?P<wd>{_WDAY}),?\s+)?{_EDGE}(?:(?P<mon>{_MONTH})\s+(?P<day>{_DAYNUM})\b"
      rf"(?:,?\s+(?P<year>{_YEAR4}|'\d\d)\b|\s+(?P<yrel>last|this|next)\s+year\b)?"
      rf"|(?P<day2>{_DAYNUM})\s+(?:of\s+)?(?P<mon2>{_MONTH})(?:,?\s+(?P<year2>{_YEAR4})\b"
      rf"|\s+(?P<yrel2>last|this|next)\s+year\b)?"
      rf"|(?P<mon3>{_MONTH})(?:,?\s+|\s+of\s+)(?P<year3>{_YEAR4}\b|{_SPOKEN_YEAR}))")
def _calendar(m: re.Match[str], ctx: Ctx) -> Result | None:
    key = "mon" if m.group("mon") else "mon2" if m.group("mon2") else "mon3"
    mon = ctx.text[m.start(key):m.end(key)]  # matched on lowercased text; case matters here
    if mon == "May" and not (m.group("day") or m.group("year3") or m.group("day2")):
        return None
    if mon[0].islower():  # "may 5" is rarely a date; months are capitalised in news
        return None
    month = MONTHS[mon.lower().rstrip(".")]
    day_s = m.group("day") or m.group("day2")
    day = int(re.match(r"\d+", day_s).group()) if day_s else None
    ys = m.group("year") or m.group("year2") or m.group("year3")
    mod = _modword(m.group("edge"))
    if ys and not ys[-1].isdigit():
        year = _year_num(ys)
        return ("DATE", _absolute(year, month), mod, True) if year else None
    if ys:
        year = int(ys[1:]) + 1900 if ys.startswith("'") else int(ys)
        if ys.startswith("'") and year < 1950:
            year += 100
        return _calendar_value(m, year, month, day, mod)
    if ctx.dct is None:
        if m.group("of"):
            return None
        v = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
        return "DATE", v, mod, False
    year_rel = (m.group("yrel") or m.group("yrel2") or "").lower()
    if year_rel:  # "November 1 last year"
        return _calendar_value(m, ctx.dct.year + {"last": -1, "this": 0, "next": 1}[year_rel], month, day, mod)
    year = ctx.dct.year
    if m.group("wd") and day:
        # A weekday pins the year: pick the nearby year where the date falls on it.
        wd = WEEKDAYS[m.group("wd").lower()]
        for y in (year, year - 1, year + 1):
            try:
                if dt.date(y, month, day).weekday() == wd:
                    year = y
                    break
            except ValueError:
                pass
        else:
            year = _month_year(ctx, month, day, ctx.tense(m.start(), m.end()))
    else:
        year = ctx.year_in_sentence(m.start(), m.end(), month) or _month_year(
            ctx, month, day, ctx.tense(m.start(), m.end(), present_looks_ahead=True))
    if month == 2 and day == 29:
        # Feb 29 exists only in leap years: take the latest one not after the chosen year.
        while not _is_leap(year):
            year -= 1
    return _calendar_value(m, year, month, day, mod)


def _calendar_value(m: re.Match[str], year: int, month: int, day: int | None,
                    mod: str | None, resolved: bool = True) -> Result | None:
    """A calendar date, or the week containing it: "the week of March 6".  ("the night of
    Oct. 23" is left as "Oct. 23", as TimeBank annotates it.)"""
    v = _absolute(year, month, day)
    if not v:
        return None
    of = _g(m, "of")
    if of and not day:
        return None
    if of == "week":
        return "DATE", _w(dt.date(year, month, day)), mod, resolved
    return "DATE", v, mod, resolved


# An award or a ranking named for its year: "player of the year", "album of the year".
_AWARD_OF = re.compile(r"\b(?:player|person|man|woman|coach|manager|goal|athlete|rookie|album|song|record|book|car|"
                       r"team|driver|photo|word|employee|teacher|footballer|sportsperson|sportsman|sportswoman)\s+"
                       r"of\s+$", re.I)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# Bare month names: "in December", "late November", "mid-October", "last March".
@rule(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
      rf"\b(?:(?P<rel>(?i:last|this|next|this\s+past|this\s+coming|the\s+following|the\s+previous))\s+)?{_EDGE}"
      rf"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
      rf"December|Sept\.)(?!\s+\d)\b(?:\s+(?:of\s+)?(?P<rel2>last|this|next|that|the\s+same)\s+year)?", 0)
def _month(m: re.Match[str], ctx: Ctx) -> Result | None:
    name = m.group("mon")
    start = m.start()
    if name in ("May", "March") and not (m.group("rel") or m.group("edge") or m.group("rel2")):
        # Modal "May" / verb "March": accept only after a preposition that takes a month.
        before = ctx.text[max(0, start - 12):start].lower()
        prep = r"in|since|until|till|by|during|of|through|early|late|before|after|from|between"
        if name == "March":  # the verb is lowercase mid-sentence; "to May" may be a person
            prep += r"|to|and|or|than"
        if not re.search(rf"\b(?:{prep})\s+$", before):
            return None
    month = MONTHS[name.lower().rstrip(".")]
    mod = _modword(m.group("edge"))
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
    rel2 = (m.group("rel2") or "").lower()
    if rel in ("the following", "the previous") and ctx.dct is not None:
        # "In 2021 … She was dismissed the following February": after the date told before
        told = ctx.anchor_date("year") or ctx.dct
        told_month = ctx.anchor[1] if ctx.anchor and ctx.anchor[1] else None
        if rel == "the following":
            year = told.year if told_month and month > told_month else told.year + 1
        else:
            year = told.year if told_month and month < told_month else told.year - 1
        return "DATE", f"{_y(year)}-{month:02d}", _modword(m.group("edge")), True
    if ctx.dct is None:
        return "DATE", f"XXXX-{month:02d}", mod, False
    year = ctx.dct.year
    if rel2 in ("that", "the same") or rel2.startswith("the "):
        year = (ctx.anchor_date("year") or ctx.dct).year  # "December of that year": the year told before
    elif rel2:
        year += {"last": -1, "this": 0, "next": 1}[rel2]
    elif rel in ("last", "this past"):
        year = year if month < ctx.dct.month else year - 1
    elif rel in ("next", "this coming"):
        year = year if month > ctx.dct.month else year + 1
    elif rel == "this":
        pass
    else:
        year = ctx.year_in_sentence(m.start(), m.end(), month) or _month_year(
            ctx, month, None, ctx.tense(m.start(), m.end(), present_looks_ahead=True))
    return "DATE", f"{_y(year)}-{month:02d}", mod, True


# Numeric dates: ISO "2023-10-13" and US "10/13/2023".
@rule(r"\d[-/]\d",
      r"\b(?:(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::\d\d)?Z?)?"
      r"|(?P<m2>[0-3]?\d)/(?P<d2>[0-3]?\d)/(?P<y2>\d{4}|\d{2})|(?P<attacks>9/11))\b(?!/)")
def _numeric(m: re.Match[str], ctx: Ctx) -> Result | None:
    if m.group("attacks"):
        return "DATE", "2001-09-11", None, True  # the attacks of September 11, 2001
    if m.group("y"):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        if y < 100:
            y += 1900 if y >= 50 else 2000
        if mo > 12 and d <= 12:  # "31/03/2024" can only be day first
            mo, d = d, mo
    v = _absolute(y, mo, d) if 1 <= mo <= 12 else None
    if v and m.group("hh"):
        return "TIME", f"{v}T{m.group('hh')}:{m.group('mm')}", None, True
    return ("DATE", v, None, True) if v else None


# Years, with optional era and fiscal prefix: "1998", "fiscal 1998", "44 BC", "AD 800".
@rule(r"[12]\d\d\d|\d\s?(?:bc|b\.c|ad|a\.d|ce)|a\.?d\.?\s\d|fy|fiscal",
      rf"(?<![$£€#\d.,/-])\b{_EDGE}(?:(?P<fy>fiscal(?:\s+year)?|FY)\s*(?P<fyear>{_YEAR4}|'?\d\d)\b"
      r"|(?P<era1>AD|A\.D\.)\s+(?P<y1>\d{1,4})\b"
      r"|(?P<y2>\d{1,4})\s*(?P<era2>BCE|BC|B\.C\.|AD|A\.D\.|CE)(?![\w])"
      rf"|(?P<year>{_YEAR4})\b(?![-–]\w|,\d|\.\d|\s*(?:%|percent|tons?|people|cars|miles|feet|"
      r"acres|shares|units|employees|workers|jobs|troops|soldiers|points|hours|years|days|"
      r"pounds|meters|kilometers|dollars|members|students|cases|deaths|million|billion)))", 0)
def _year(m: re.Match[str], ctx: Ctx) -> Result | None:
    mod = _modword(m.group("edge"))
    if m.group("fy"):
        ys = m.group("fyear").lstrip("'")
        year = int(ys)
        if year < 100:
            year += 1900 if year >= 50 else 2000
        return "DATE", _y(year), mod, True
    if m.group("y1") or m.group("y2"):
        era = (m.group("era1") or m.group("era2")).replace(".", "").upper()
        year = int(m.group("y1") or m.group("y2"))
        if year == 0:
            return None
        if era in ("BC", "BCE"):
            year = 1 - year  # astronomical: 1 BC = 0, 44 BC = -43
        return "DATE", _y(year), mod, True
    year = int(m.group("year"))
    # A bare four-digit number is a year only in a plausible range, and not the number of
    # something named ("Room 1984", "Resolution 1701", "1600 Pennsylvania Avenue").
    if not 1600 <= year <= 2100 or (not mod and (
            _NUMBERED.search(ctx.text, max(0, m.start() - 14), m.start())
            or (_STREET_AFTER.match(ctx.text, m.end())
                and not re.search(r"\b(?:a|an|the|in|of|since|by|from|until)\s+$", ctx.text[max(0, m.start() - 7):m.start()],
                                  re.I)))):
        return None
    return "DATE", _y(year), mod, True


_NUMBERED = re.compile(r"\b(?:Room|Rooms|Suite|Apartment|Apt\.|Resolution|Flight|Route|Highway|Interstate|Bus|Train|"
                       r"Platform|Gate|Exit|Pier|Berth|Bay|Hall|Building|Lot|Unit|Item|Page|Pages|Line|Chapter|Section|"
                       r"Article|Bill|Rule|Decree|Order|Case|Docket|Model|Serial|Code|Form|Box|No\.|Nos\.|Number|#)\s+$")
_STREET_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+\s+){1,3}(?:Avenue|Ave\.|Street|St\.|Road|Rd\.|Boulevard|Blvd\.|"
                           r"Drive|Lane|Parkway)\b")


# Spoken years in broadcast transcripts: "nineteen ninety-six", "the year two thousand".
@rule(r"nineteen|eighteen|two\s+thousand",
      rf"\b(?:the\s+year\s+)?(?=nineteen|eighteen){_SPOKEN_YEAR}"
      r"|\bthe\s+year\s+two\s+thousand(?:\s+and\s+\w+)?\b")
def _spoken_year(m: re.Match[str], ctx: Ctx) -> Result | None:
    s = re.sub(r"^the\s+year\s+", "", m.group().lower())
    year = _year_num(s)
    return ("DATE", _y(year), None, True) if year else None


# Decades and centuries: "the 1990s", "the '90s", "the nineties", "the 20th century".
@rule(r"\d0'?s\b|'\d0|ties\b|century",
      r"\b(?:the\s+)?(?:(?P<edge>early|late|mid-?)\s*)?(?:(?P<dec>1\d\d0|20\d0)'?s\b|'(?P<sdec>\d0)'?s\b"
      r"|(?P<wdec>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"
      r"|(?P<cent>\d{1,2})(?:st|nd|rd|th)\s+century\b"
      r"|(?P<wcent>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
      r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
      r"twentieth|twenty-first)\s+century\b)")
def _decade(m: re.Match[str], ctx: Ctx) -> Result | None:
    mod = _modword(m.group("edge"))
    if m.group("dec"):
        d = m.group("dec")
        if d.endswith("00") and d != "2000":
            return "DATE", d[:2], mod, True  # "the 1800s" is a century; "the 2000s" a decade
        return "DATE", d[:3], mod, True
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
             "seventies": 7, "eighties": 8, "nineties": 9}
    if m.group("sdec") or m.group("wdec"):
        if m.group("wdec") and not m.group().lower().startswith("the"):
            return None  # "in his fifties" is an age, not a decade
        tens = int(m.group("sdec")[0]) if m.group("sdec") else words[m.group("wdec").lower()]
        if m.group("sdec") and not m.group().lower().startswith("the"):
            return None
        return "DATE", f"19{tens}", mod, True
    c = int(m.group("cent")) if m.group("cent") else ORDINALS.get(m.group("wcent").lower(), 0)
    if m.group("wcent") and m.group("wcent").lower() == "twentieth":
        c = 20
    if not c:
        return None
    return "DATE", f"{c - 1:02d}", mod, True


_PLAY = re.compile(r"\b(?:scored|scoring|outscored|touchdowns?|free\s+throws?|kick-?off|half-?time|referee|striker|"
                   r"quarterback|\d{1,3}-\d{1,3}\s+(?:win|victory|defeat|loss|lead|draw))\b", re.I)


# Quarters and halves: "the third quarter of 1998", "third-quarter", "the fiscal first half".
@rule(r"quarter|half",
      r"\b(?:(?:(?P<det>the|its|this|last|next)\s+(?:(?P<ago>year-ago|year-earlier|prior-year)\s+)?"
      r"|(?P<yrel>this|last|next)\s+year's\s+)(?!(?:fiscal\s+)?(?:first|second|third|fourth)-))?"
      rf"(?:(?P<qyear>{_YEAR4})\s+)?(?:fiscal[\s-]+)?"
      r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last|final)[\s-]+(?:fiscal[\s-]+)?"
      rf"(?P<unit>quarter|half)(?!\s+(?:of\s+(?:a|an|one|two)\b|of\s+the\b(?!\s+year\b)|century|mile|point|"
      rf"inning|hour|percent|cent))(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>{_YEAR4})"
      r"|\s+of\s+(?P<yrel2>this|last|next|the)\s+year)?(?P<s>s)?\b")
def _quarter(m: re.Match[str], ctx: Ctx) -> Result | None:
    n = ORDINALS[m.group("ord").lower()]
    unit = m.group("unit").lower()
    if m.group("ord").lower() in ("last", "final"):
        # "the last half of 1989" is H2, but a bare "the last quarter" is the previous one.
        if not (m.group("year") or m.group("yrel2")):
            return None
        n = 4 if unit == "quarter" else 2
    if unit == "half" and n > 2:
        return None
    letter = "Q" if unit == "quarter" else "H"
    ys = m.group("year") or m.group("qyear")
    if not ys and ctx.in_sentence(m.start(), m.end(), _PLAY):
        return None  # "scored twice in the second half": a period of a game
    if m.group("s"):
        return "SET", f"XXXX-{letter}{n}", None, True
    if ys:
        year = int(ys)
    elif ctx.dct is None:
        return "DATE", f"XXXX-{letter}{n}", None, False
    elif m.group("yrel") or m.group("yrel2"):  # "next year's first quarter"
        year = ctx.dct.year + {"last": -1, "this": 0, "the": 0, "next": 1}[(m.group("yrel") or m.group("yrel2")).lower()]
    else:
        year = ctx.dct.year
        cur = _q(ctx.dct) if letter == "Q" else (ctx.dct.month - 1) // 6 + 1
        if n > cur and ctx.tense(m.start(), m.end()) != FUTURE:
            year -= 1
    if m.group("ago"):  # "the year-ago third quarter": the comparison quarter
        return "DATE", f"{_y(year - 1)}-{letter}{n}", None, True
    if letter == "Q":
        ctx.quarter = (year, n)
    return "DATE", f"{_y(year)}-{letter}{n}", None, True


# The first day of a British range: the 26 of "26-30 June", the 5 of "5 and 6 August",
# the 9 of "from 9 to 15 June" (the second day is a calendar date of its own).
@rule(r"\d\s+(?:and|or|to|through)\s+\d|\d\s?[-–]\s?\d",  # the trigger of _second_day: scanned once
      rf"\b(?P<day>{_DAYNUM})(?=\s*(?:[-–]|and|or|to|through)\s*{_DAYNUM}\s+(?:of\s+)?(?P<mon>{_MONTH})\b"
      rf"(?:,?\s+(?P<year>{_YEAR4})\b)?)")
def _first_day_of_range(m: re.Match[str], ctx: Ctx) -> Result | None:
    if re.search(r"[\d.,:/$£€-]$", ctx.text[max(0, m.start() - 1):m.start()]) or not ctx.text[m.start("mon")].isupper():
        return None  # "3.5-6 June", a score, or "between 10 and 20 may have died"
    month = MONTHS[ctx.text[m.start("mon"):m.end("mon")].lower().rstrip(".")]
    day = int(re.match(r"\d+", m.group("day")).group())
    if m.group("year"):
        year = int(m.group("year"))
    elif ctx.dct is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}", None, False
    else:
        year = ctx.year_in_sentence(m.start(), m.end(), month) or _month_year(
            ctx, month, day, ctx.tense(m.start(), m.end(), present_looks_ahead=True))
    v = _absolute(year, month, day)
    return ("DATE", v, None, True) if v else None


# Year ranges: "2015-2019", "the 2023-24 season": two years.
@rule(r"\d\d[-–/]\d\d", rf"\b(?P<first>{_YEAR4})[-–/](?P<last>\d\d(?:\d\d)?)\b(?![-–/]\d)", 0)
def _year_range(m: re.Match[str], ctx: Ctx) -> Result | None:
    first = int(m.group("first"))
    if _range_end(first, m.group("last")) is None:
        return None
    return "DATE", _y(first), None, True, (m.start("first"), m.end("first"))


def _range_end(first: int, last_text: str) -> int | None:
    """The last year of "2015-2019" or "2023-24", if the two make a plausible range."""
    last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
    return last if 1600 <= first < last <= first + 50 else None


@rule(r"\d\d[-–/]\d\d", rf"(?<=\d\d[-–/])(?P<last>\d\d(?:\d\d)?)\b(?![-–/]\d)", 0)
def _year_range_end(m: re.Match[str], ctx: Ctx) -> Result | None:
    before = re.search(rf"\b({_YEAR4})[-–/]$", ctx.text[max(0, m.start() - 5):m.start()])
    if not before:
        return None
    last = _range_end(int(before[1]), m.group("last"))
    return ("DATE", _y(last), None, True) if last is not None else None


# "the week before last", "the month after next": two units away.
@rule(r"before\s+last|after\s+next",
      r"\bthe\s+(?P<unit>week|month|year)\s+(?P<way>before\s+last|after\s+next)\b", needles=(" last", " next"))
def _two_away(m: re.Match[str], ctx: Ctx) -> Result | None:
    unit, shift = m.group("unit"), -2 if m.group("way").startswith("before") else 2
    if ctx.dct is None:
        return "DATE", {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}[unit], None, False
    if unit == "week":
        return "DATE", _w(ctx.dct + relativedelta(weeks=shift)), None, True
    if unit == "month":
        d = ctx.dct + relativedelta(months=shift)
        return "DATE", f"{_y(d.year)}-{d.month:02d}", None, True
    return "DATE", _y(ctx.dct.year + shift), None, True


# Quarters and halves in short: "Q3 2023", "Q1 profit", "H2 2024", "3Q23". Without a year
# only a quarter in a sentence about money counts (not "the Audi Q3", "knocked out in Q2",
# "hydrogen (H2)").
@rule(r"[QH][1-4]|[1-4]Q",
      r"(?<![\w(])(?:(?P<l>[QH])(?P<n>[1-4])(?:\s+(?:of\s+)?(?:FY\s*)?(?P<y>\d{4})\b|\s?'(?P<ya>\d\d)\b)?"
      r"|(?P<n2>[1-4])(?P<l2>Q)(?P<yb>\d\d)?)(?![\w)])", 0)
def _short_quarter(m: re.Match[str], ctx: Ctx) -> Result | None:
    letter, n = (m.group("l") or m.group("l2")), int(m.group("n") or m.group("n2"))
    if letter == "H" and n > 2:
        return None
    ys = m.group("y") or m.group("ya") or m.group("yb")
    if ys:
        year = int(ys) if len(ys) == 4 else 2000 + int(ys)
    elif letter == "H" or not ctx.in_sentence(m.start(), m.end(), _MONEY) or re.search(
            r"\b(?!(?:In|On|By|For|During|Since|After|Before|Until|Through|Its|The|Their)\b)[A-Z][a-z]+\s+$",
            ctx.text[max(0, m.start() - 12):m.start()]):
        return None
    elif ctx.dct is None:
        return "DATE", f"XXXX-{letter}{n}", None, False
    else:
        year = ctx.dct.year
        current = _q(ctx.dct)
        if n > current and ctx.tense(m.start(), m.end()) != FUTURE:
            year -= 1
    if letter == "Q":
        ctx.quarter = (year, n)
    return "DATE", f"{_y(year)}-{letter}{n}", None, True


_MONEY = re.compile(r"\b(?:revenue|sales|profits?|earnings|results|income|loss(?:es)?|margins?|growth|GDP|output|"
                    r"guidance|forecast|shares?|dividend|fiscal)\b|[$€£¥%]", re.I)


# Wire times: "0600 GMT".
@rule(r"GMT|UTC",
      rf"\b(?P<h>[01]\d|2[0-3])(?P<min>[0-5]\d)\s*(?P<zone>GMT|UTC)\b(?:,?\s+(?:on\s+)?(?P<wd>{_WDAY})\b)?", re.I,
      needles=("gmt", "utc"))
def _wire_time(m: re.Match[str], ctx: Ctx) -> Result | None:
    if ctx.text[max(0, m.start() - 1):m.start()] == "(" or not ctx.text[m.start("zone")].isupper():
        return None  # "at 10:35 a.m. (0735 GMT)" restates the time just given
    clock = f"T{m.group('h')}:{m.group('min')}"
    if ctx.dct is None:
        return "TIME", f"XXXX-XX-XX{clock}", None, False
    day = ctx.dct
    if m.group("wd"):  # "0600 GMT on Tuesday"
        tense = ctx.tense(m.start(), m.end(), present_looks_ahead=True)
        day = _weekday(ctx.dct, WEEKDAYS[m.group("wd").lower()], FUTURE if tense == FUTURE else PAST)
    return "TIME", f"{_d(day)}{clock}", None, True


# Anaphoric quarters: "the quarter", "the latest quarter", "the year-ago quarter".
@rule(r"quarter|period|year-",
      rf"\b(?:(?P<det>the|this|that|last|next|its|last\s+year's)\s+)?(?:(?P<year>{_YEAR4})\s+)?"
      r"(?P<adj>latest|current|recent|previous|comparable|same|year-ago|year-earlier|prior-year|"
      r"fiscal|just-ended|just\s+ended|(?:comparable\s+)?year-(?:ago|earlier)|corresponding)?\s*"
      r"(?P<unit>quarter|period)\b(?P<ago>\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?"
      r"|\b(?P<bare>year-(?:ago|earlier))\b(?!\s+(?:quarter|period))")
def _anaphoric_quarter(m: re.Match[str], ctx: Ctx) -> Result | None:
    det = _g(m, "det") or ""
    adj = _g(m, "adj") or ""
    unit = _g(m, "unit")
    if m.group("bare"):
        # "a year-earlier loss": the comparison period of a financial report.
        if ctx.dct is None:
            return "DATE", "XXXX", None, False
        if ctx.near(m.start(), m.end(), _QUARTER_NEAR, 300):
            year, q = ctx.reference_quarter()
            return "DATE", f"{_y(year - 1)}-Q{q}", None, True
        return "DATE", _y(ctx.dct.year - 1), None, True
    if not det and not adj and not m.group("year"):
        return None
    if unit == "period" and not ("year" in adj or m.group("ago") or adj == "latest"
                                 or m.group("year")):
        return None
    if ctx.dct is None:
        return "DATE", "XXXX-QX", None, False
    year, q = ctx.reference_quarter()
    if det == "this" or adj == "current":
        year, q = ctx.dct.year, _q(ctx.dct)
    elif det == "next":
        nxt = ctx.dct + relativedelta(months=3)
        year, q = nxt.year, _q(nxt)
    elif adj in ("latest", "recent", "just-ended", "just ended") or (det == "last" and not adj):
        prev = ctx.dct - relativedelta(months=3)
        year, q = prev.year, _q(prev)
    elif det not in ("the", "its", "that", "last year's") and not adj and not m.group("year"):
        return None
    if m.group("year"):
        year = int(m.group("year"))
    elif "year" in adj or m.group("ago") or adj == "corresponding" or det == "last year's":
        year -= 1
    return "DATE", f"{_y(year)}-Q{q}", None, True


_QUARTER_NEAR = re.compile(r"quarter", re.I)
_RATE = re.compile(r"(?:\d|million|billion|thousand|cents?|dollars|percent|times|once|twice|"
                   r"share|miles)\s*$", re.I)


# Durations, and "ago"/"earlier"/"later" offsets: "the past five years", "two days",
# "three years ago", "a year earlier", "more than four hours", "five-year".
@rule(r"second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur",
      rf"\b(?:(?P<approx>{_APPROX})\s+)?(?:(?P<the>the|these|those|its|his|her|their)\s+)?"
      r"(?:(?P<rel>past|last|next|first|coming|previous|following|latest|final|remaining|"
      r"ensuing|preceding|prior|initial|subsequent|same|entire|full|whole|other)\s+)?"
      rf"(?:{_NUM}\s+(?:to|or)\s+)?(?P<num>{_NUM})(?P<hy>[\s-]+)(?:(?:more|additional|consecutive|straight|full|long|"
      r"trading|business|calendar|fiscal)\s+)?"
      rf"(?P<unit>{_UNIT})(?P<pl>s)?\b(?P<half>\s+and\s+a\s+half\b)?"
      # Vague hedges stay in the span: "a week or so ago", "a year or two".
      # ("a year earlier than required" compares: no date, a duration)
      r"(?P<orso>\s+or\s+(?:so|two|three)\b)?(?P<tail>\s+(?:ago|earlier(?!\s+than\b)|before|from\s+now|hence)\b)?"
      r"(?P<orso2>\s+or\s+so\b)?")
def _dur(m: re.Match[str], ctx: Ctx) -> Result | None:
    num_s = m.group("num")
    n = _num(num_s)
    if n is not None and m.group("half"):
        n += 0.5
    unit = m.group("unit").lower()
    rel = _g(m, "rel")
    tail = (m.group("tail") or "").strip().lower()
    low = num_s.lower()
    # "a/an/some" before a singular unit: "an hour" yes, but "some day" no.
    if low in ("some", "many") and not m.group("pl"):
        return None
    if low.isdigit() and len(low) > 3:
        return None
    after = ctx.text[m.end():m.end() + 12]
    if re.match(r"(?:-|\s+)olds?\b", after) or after.startswith("-"):
        return None  # ages ("52 years old") and compounds ("a year-earlier loss")
    if low in ("a", "an", "one") and not rel and not m.group("tail") and _RATE.search(
            ctx.text, max(0, m.start() - 25), m.start()):
        return None  # rates: "$1.76 a year", "500 million a year"
    if rel == "last" and not m.group("the") and re.search(
            r"\b(?:to|will|would|could|can|may|might|should|must|not|n't)\s+$",
            ctx.text[max(0, m.start() - 8):m.start("rel")]):
        # "expected to last several weeks": the verb is not part of the expression.
        return "DURATION", _duration(n, unit), None, True, (m.start("num"), m.end())
    mod = _modword(m.group("approx"))
    if (m.group("approx") or "").lower() in ("over", "about", "around") and (
            m.group("the") or rel or low not in ("a", "an", "one") and m.group("approx") == "over"):
        mod = None  # "over the past year", "over three years": "over" is the preposition "during"
    if tail == "before" and re.match(r"\s*\w", ctx.text[m.end("tail"):m.end("tail") + 3]):
        # "30 days before the closing": "before" is a signal, the expression a duration.
        return "DURATION", _duration(n, unit), mod, True, (m.start(), m.start("tail"))
    if tail:
        return _ago(m, ctx, n, unit, tail, mod)
    if unit == "quarter" and m.group("pl") and "-" in m.group("hy"):
        return None  # "three-quarters of the vote" is a fraction
    if "-" in m.group("hy") or (not m.group("pl") and n not in (None, 1)):
        # Adjectival durations ("the two-week strike", "a 10 year plan") leave the
        # determiner and hedges to the noun phrase they modify.
        return "DURATION", _duration(n, unit), None, True, (m.start("num"), m.end())
    if unit == "quarter" and n is not None and not m.group("the") and not rel and low in ("a", "an"):
        return None
    if unit == "second" and low in ("a",):
        return None
    return "DURATION", _duration(n, unit), mod, True


def _ago(m, ctx: Ctx, n: float | None, unit: str, tail: str, mod: str | None) -> Result:
    unit = "century" if unit == "centurie" else unit
    if n is None:
        return "DATE", "PAST_REF" if tail != "hence" and not tail.startswith("from") else "FUTURE_REF", mod, True
    sign = 1 if tail == "hence" or tail.startswith("from") else -1
    if ctx.dct is None:
        return "DATE", {"year": "XXXX", "decade": "XXX", "century": "XX", "month": "XXXX-XX",
                        "week": "XXXX-WXX", "quarter": "XXXX-QX"}.get(unit, "XXXX-XX-XX"), mod, False
    k = int(n) if n == int(n) else n
    letter, mult, is_time = UNITS[unit]
    if is_time:
        return "TIME" if unit != "second" else "TIME", _d(ctx.dct), mod, True
    if unit in ("year", "decade", "century"):
        if unit == "year" and k == 1 and ctx.near(m.start(), m.end(), _QUARTER_NEAR, 300):
            y, q = ctx.reference_quarter()
            return "DATE", f"{_y(y - 1)}-Q{q}", mod, True
        years = int(round(k * mult))
        return "DATE", _y(ctx.dct.year + sign * years), mod, True
    if unit == "quarter":
        d = ctx.dct + relativedelta(months=sign * int(round(k * 3)))
        return "DATE", f"{_y(d.year)}-Q{_q(d)}", mod, True
    if unit == "month":
        d = ctx.dct + relativedelta(months=sign * int(round(k)))
        return "DATE", f"{_y(d.year)}-{d.month:02d}", mod, True
    if unit in ("week", "fortnight"):
        d = ctx.dct + relativedelta(weeks=sign * int(round(k * mult)))
        return "DATE", _w(d), mod, True
    d = ctx.dct + relativedelta(days=sign * int(round(k * mult)))
    return "DATE", _d(d), mod, True


# Bare plural units as vague durations: "for years", "in recent months", "hours later"
# ("later"/"after"/"before" are signals outside the span), and "months ago" (a vague past).
@rule(r"minutes|hours|days|weeks|months|years|decades|centuries",
      r"\b(?:(?P<pre>for|within|in|recent|coming|past|the\s+past|over\s+the\s+past|in\s+recent|the\s+coming|"
      r"in\s+coming|the\s+next|the\s+last|the\s+first|(?:over|during|in)\s+the)\s+)?(?<!of\s)"
      r"(?P<unit>minutes|hours|days|weeks|months|years|decades|centuries)\b"
      # A vague range is one expression: "weeks or months", "in recent days and weeks".
      r"(?:\s+(?:or|and|to)\s+(?:minutes|hours|days|weeks|months|years|decades)\b)?(?P<ago>\s+ago\b)?")
def _vague_dur(m: re.Match[str], ctx: Ctx) -> Result | None:
    if m.group("ago"):
        return "DATE", "PAST_REF", None, True
    if not m.group("pre") and not re.match(r"\s+(?:later|earlier|after|before)\b",
                                           ctx.text[m.end():m.end() + 10]):
        return None
    pre = re.sub(r"\s+", " ", _g(m, "pre") or "")
    if pre == "in" and re.match(r"\s+(?:of|past|gone)\b", ctx.text[m.end():m.end() + 6]):
        return None  # "in years past", "in days of old"
    unit = m.group("unit").lower()
    unit = "century" if unit == "centuries" else unit[:-1]
    if unit in ("year", "decade") and "recent" in pre:
        return "DATE", "PAST_REF", None, True  # "in recent years": a vague past, as TimeML has it
    if pre.endswith(" the") and pre != "the past":
        if re.match(r"\s+of\b", ctx.text[m.end():m.end() + 4]):
            return None  # "in the days of the empire"
        if pre == "in the":
            # "in the weeks before the attack": TimeBank leaves "in the" outside.
            return "DURATION", _duration(None, unit), None, True, (m.start("unit"), m.end())
    return "DURATION", _duration(None, unit), None, True


# Adjectival "-long" durations: "a decade-long war", "the day-long meeting", "months-long talks".
@rule(r"-long\b",
      rf"\b(?:(?P<num>{_NUM})[\s-]+)?(?P<unit>second|minute|hour|day|night|week|month|year|decade|"
      r"centur(?:y|ie))(?P<pl>s)?-long\b")
def _long(m: re.Match[str], ctx: Ctx) -> Result | None:
    n = _num(m.group("num")) if m.group("num") else None if m.group("pl") else 1
    if m.group("num") and m.group("num").lower() in ("a", "an"):  # "a decade-long war"
        return "DURATION", _duration(1, m.group("unit")), None, True, (m.start("unit"), m.end())
    return "DURATION", _duration(n, m.group("unit")), None, True


# Vague spans of unstated length after a preposition: "for some time", "for a while".
@rule(r"some\s+time|a\s+while",
      r"\b(?:for|after|within)\s+(?P<span>some\s+time|a\s+(?:little\s+)?while)\b"
      r"(?!\s+(?:ago|later|earlier|before|after|now))")
def _vague_span(m: re.Match[str], ctx: Ctx) -> Result | None:
    return "DURATION", "PXX", None, True, (m.start("span"), m.end())


_PREP_BEFORE = re.compile(r"\b(?:for|in|during|throughout|of|over)\s+$", re.I)


# Relative calendar units: "last year", "this week", "next month", "earlier this year",
# "late last year", "the coming year", "the past year", "the end of the year", "later in the week",
# "by year-end".
@rule(r"week|month|year|decade|century|spring|summer|fall|autumn|winter",
      r"\b(?:(?P<edge>(?:earlier|later)(?:\s+in)?|early|late|mid-?|"
      r"the\s+(?:end|beginning|start|middle|rest)\s+of"
      r"|(?:at|by|until|since)\s+(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s+)?"
      r"(?P<rel>last|this|next|the\s+last|the\s+next|the\s+coming|the\s+past|the\s+previous|"
      r"the\s+following|this\s+past|"
      r"the\s+current|the\s+same|that\s+same|that|the)\s+(?:(?:calendar|fiscal|full)\s+)?"
      r"(?P<unit>week|weekend|month|year|decade|century|spring|summer|fall|autumn|winter)\b"
      r"(?:\s+or\s+so\b)?"  # "the next year or so"
      r"|\b(?P<prep>by|at|since|until|before|after|around)\s+year(?:-|\s+|'s\s+)end\b(?!-)")
def _relative_unit(m: re.Match[str], ctx: Ctx) -> Result | None:
    if m.group("prep"):  # "by year-end", "since year end": the end of this (or last) year
        if ctx.dct is None:
            return "DATE", "XXXX", "END", False
        year = ctx.dct.year - (m.group("prep") == "since")
        return "DATE", _y(year), "END", True, (m.end("prep") + 1, m.end())
    rel = re.sub(r"\s+", " ", _g(m, "rel")).replace("that same", "the same")
    unit = _g(m, "unit")
    edge = _g(m, "edge") or ""
    if rel in ("the last", "the next"):
        # "in the last decade", "over the next year": the determiner belongs to the expression;
        # "the last week of March" is a different one.
        if re.match(r"\s+of\b", ctx.text[m.end():m.end() + 4]):
            return None
        rel = rel[4:]
    if rel == "the" and unit not in SEASONS and unit != "weekend":
        if unit == "year" and not edge:
            # Anaphoric "the year" of financial reports: "sales for the full year", "in the
            # year ended June 30" (a duration); not "the year before", "the year 2000".
            after = ctx.text[m.end():m.end() + 12]
            if (ctx.text[m.start("unit")] == "Y"  # "Man of the Year", "player of the year"
                    or _AWARD_OF.search(ctx.text, max(0, m.start() - 16), m.start())
                    or not _PREP_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start())
                    or re.match(r"[-'\w]|\s+(?:\d|two|nineteen|before|after|earlier|ago)", after)):
                return None
            if re.match(r"\s+end(?:ed|ing)\b", after):
                return "DURATION", "P1Y", None, True
        elif unit == "week" and not edge and (
                ctx.text[m.end():m.end() + 2] == "'s"
                or re.search(r"\b[Ff]or\s+$", ctx.text[max(0, m.start() - 5):m.start()])):
            # Market reports: "for the week, the index fell", "the week's most active session".
            d = ctx.anchor_date("week")
            return ("DATE", _w(d), None, True) if d else ("DATE", "XXXX-WXX", None, False)
        elif not edge.startswith(("the", "at", "by", "until", "since")) and not edge.endswith(" in"):
            return None
    if rel in ("that", "the same") and unit not in ("year", "month", "week"):
        return None
    mod = None
    if edge.startswith(("earlier", "early")) or re.search(r"(beginning|start)", edge):
        mod = "START"
    elif edge.startswith(("later", "late")) or "end" in edge:
        mod = "END"
    elif edge.startswith("mid") or "middle" in edge:
        mod = "MID"
    if rel in ("the past", "this past") and unit in UNITS and unit != "weekend" and not edge:
        if unit == "year" and ctx.dct is not None:
            # TimeBank reads "over the past year" as the year before the DCT, a DATE.
            return "DATE", _y(ctx.dct.year - 1), None, True
        return "DURATION", _duration(1, unit), None, True
    if rel == "the past" and unit in SEASONS:
        rel = "last"
    shift = {"last": -1, "the previous": -1, "this past": -1, "the past": -1, "next": 1, "the coming": 1,
             "the following": 1}.get(rel, 0)
    if rel in ("the following", "the previous", "that", "the same") and unit in UNITS:
        pass
    dct = ctx.dct
    if unit in SEASONS:
        if _fall_noun(unit, ctx, m.end()):
            return None
        code = SEASONS[unit]
        if dct is None:
            return "DATE", f"XXXX-{code}", mod, False
        year = dct.year
        if rel in ("last", "the previous", "this past"):
            if SEASON_MONTH[code] >= dct.month - 1:
                year -= 1
        elif rel in ("next", "the coming"):
            if SEASON_MONTH[code] <= dct.month + 1:
                year += 1
        elif rel in ("the",):
            year = _month_year(ctx, SEASON_MONTH[code], None, ctx.tense(m.start(), m.end()))
        return "DATE", f"{_y(year)}-{code}", mod, True
    if dct is None:
        return "DATE", {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX",
                        "weekend": "XXXX-WXX-WE", "decade": "XXX", "century": "XX"}[unit], mod, False
    if rel in ("that", "the same", "the following", "the previous") and unit != "weekend":
        # Anaphoric: anchored on the narrative time, the last date mentioned.
        dct = ctx.anchor_date(unit) or dct
        if rel == "that" or rel == "the same":
            shift = 0
    if unit == "year":
        if (rel == "last" and not edge and ctx.in_sentence(m.start(), m.end(), _QUARTER_NEAR)
                and not re.search(r",\s+which\s+[^,]*$", ctx.text[max(0, m.start() - 60):m.start()])):
            # (", which lost money last year, expects …": an aside about the year)
            # "profit rose in the quarter from last year": the same quarter a year back.
            y, q = ctx.reference_quarter()
            return "DATE", f"{_y(y - 1)}-Q{q}", mod, True
        return "DATE", _y(dct.year + shift), mod, True
    if unit == "month":
        d = dct + relativedelta(months=shift)
        return "DATE", f"{_y(d.year)}-{d.month:02d}", mod, True
    if unit == "weekend" and rel in ("the", "this") and dct.weekday() < 5:
        # On a weekday, "the weekend" is the one just past unless the clause looks ahead;
        # from Thursday on, the coming one unless it looks back.
        tense = ctx.tense(m.start(), m.end(), present_looks_ahead=True)
        if tense == PAST or (tense == UNKNOWN and dct.weekday() < 3):
            shift = -1
    if unit in ("week", "weekend"):
        d = dct + relativedelta(weeks=shift)
        return "DATE", _w(d) + ("-WE" if unit == "weekend" else ""), mod, True
    if unit == "decade":
        return "DATE", _y(dct.year // 10 + shift)[1:], mod, True
    return "DATE", f"{dct.year // 100 + shift:02d}", mod, True


def _fall_noun(word: str, ctx: Ctx, end: int) -> bool:
    """"the fall in prices", "the fall of the Berlin Wall": the noun, not the season."""
    return word.lower() == "fall" and bool(re.match(
        r"\s+(?:in|of(?!\s+(?:\d|nineteen|two))|from|to|was|is|has|had|would|will)\b|'s",
        ctx.text[end:end + 12]))


# Bare seasons: "summer", "in the spring of 1998", "fall 2023".
@rule(r"spring|summer|autumn|winter|fall",
      rf"\b(?:the\s+)?(?:(?P<edge>early|late|mid-?)\s*)?(?P<season>spring|summer|autumn|winter|"
      rf"(?<=the\s)fall|(?<=early\s)fall|(?<=late\s)fall)"
      rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR4}\b|{_SPOKEN_YEAR}))?\b",
      re.I)
def _season(m: re.Match[str], ctx: Ctx) -> Result | None:
    if _fall_noun(m.group("season"), ctx, m.end()):
        return None
    code = SEASONS[m.group("season").lower()]
    mod = _modword(m.group("edge"))
    if m.group("year"):
        year = _year_num(m.group("year"))
        return ("DATE", f"{_y(year)}-{code}", mod, True) if year else None
    if ctx.dct is None:
        return "DATE", f"XXXX-{code}", mod, False
    year = _month_year(ctx, SEASON_MONTH[code], None, ctx.tense(m.start(), m.end()))
    return "DATE", f"{_y(year)}-{code}", mod, True


# Deictic days and parts of day: "yesterday", "today", "tomorrow morning", "tonight",
# "last night", "this afternoon".
@rule(r"yesterday|today|tomorrow|tonight|overnight|morning|afternoon|evening|night",
      rf"\b(?:(?P<edge>earlier|later|early|late)\s+)?(?:(?P<day>yesterday|today|tomorrow)"
      rf"(?:\s+(?P<part>{_PART}))?|(?P<tonight>tonight|overnight)|(?P<rel>last|this|tomorrow|"
      rf"yesterday)\s+(?P<part2>{_PART})|(?P<mid>mid)[-\s]?(?P<part3>morning|afternoon)"
      rf"(?:\s+(?P<day3>yesterday|today|tomorrow))?)\b")
def _deictic(m: re.Match[str], ctx: Ctx) -> Result | None:
    day = _g(m, "day") or _g(m, "day3")
    part = _g(m, "part") or _g(m, "part2") or _g(m, "part3")
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}.get(day or "", 0)
    rel = _g(m, "rel")
    if rel:
        offset = {"last": -1 if part == "night" else 0, "this": 0, "tomorrow": 1,
                  "yesterday": -1}[rel]
        if rel == "last" and part != "night":
            offset = -1
    if m.group("tonight"):
        part = "night"
    if ctx.dct is None:
        base = "XXXX-XX-XX"
        resolved = False
    else:
        base = _d(ctx.dct + dt.timedelta(days=offset))
        resolved = True
    mod = _modword(m.group("edge") or m.group("mid"))
    if part:
        return "TIME", f"{base}T{PARTS[part]}", mod, resolved
    return "DATE", base, mod, resolved


# Anaphoric days: "that day", "that same day", "earlier that day", "the next morning",
# "the following day", "the previous night", "the day before"; anchored on the last mentioned
# date.  "the day before yesterday" is two days from the DCT.
@rule(r"(?:that|same|next|following|previous|prior)\s+(?:day|morning|afternoon|evening|night)"
      r"|day\s+(?:before|after)",
      rf"\b(?:(?P<edge>earlier|later|early|late)\s+)?(?P<rel>that(?:\s+same)?|the\s+same|the\s+next|"
      rf"the\s+following|the\s+previous|the\s+prior)\s+(?P<unit>day|{_PART})\b"
      r"|\bthe\s+day\s+(?P<ba>before|after)\b(?:\s+(?P<deictic>yesterday|tomorrow)\b)?")
def _anaphoric_day(m: re.Match[str], ctx: Ctx) -> Result | None:
    if m.group("ba"):
        shift = -1 if m.group("ba") == "before" else 1
        if m.group("deictic"):
            two = dt.timedelta(days=-2 if m.group("deictic") == "yesterday" else 2)
            base = ctx.dct and ctx.dct + two
            return ("DATE", _d(base), None, True) if base else ("DATE", "XXXX-XX-XX", None, False)
        anchor = ctx.anchor_date("day", past=ctx.tense(m.start(), m.end()) != FUTURE)
        if re.match(r"\s*(?:[,.;:!?)]|''|--|$)", ctx.text[m.end():m.end() + 3]):
            # "..., and the day before.": the day next to the narrative date.
            if anchor is None:
                return "DATE", "XXXX-XX-XX", None, False
            return "DATE", _d(anchor + dt.timedelta(days=shift)), None, True
        return None  # "the day before the vote": anchored on an event, left alone
    rel = re.sub(r"\s+", " ", _g(m, "rel"))
    unit = _g(m, "unit")
    if ctx.text[m.end():m.end() + 1] == "-" or re.match(r"\s+(?:of|or|to)\b|\s+and\s+(?:a\s+half|night)\b",
                                                         ctx.text[m.end():m.end() + 16]):
        # "the next day-long", "the same day of the week", "the next day or two", "the next
        # day and a half"; not "met them the next day and promised aid".
        return None
    shift = {"the next": 1, "the following": 1, "the previous": -1, "the prior": -1}.get(rel, 0)
    mod = _modword(m.group("edge")) if m.group("edge") else None
    anchor = ctx.anchor_date("day", past=ctx.tense(m.start(), m.end()) != FUTURE)
    part = f"T{PARTS[unit]}" if unit != "day" else ""
    if anchor is None:
        return ("TIME" if part else "DATE"), f"XXXX-XX-XX{part}", mod, False
    return ("TIME" if part else "DATE"), _d(anchor + dt.timedelta(days=shift)) + part, mod, True


# Weekdays: "Friday", "last Friday", "next Tuesday", "Monday morning", "on Mondays" (SET).
@rule(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day",
      rf"\b(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|the\s+previous|the\s+following|"
      rf"coming|past|early|late|earlier|later))\s+)?(?P<wd>{_WDAY})(?P<pl>s)?"
      rf"(?:\s+(?P<part>{_PART})(?P<ppl>s)?)?\b", 0)
def _weekday_rule(m: re.Match[str], ctx: Ctx) -> Result | None:
    wd = WEEKDAYS[m.group("wd").lower()]
    part = _g(m, "part")
    rel = re.sub(r"\s+", " ", _g(m, "rel") or "")
    suffix = f"T{PARTS[part]}" if part else ""
    if m.group("pl") or m.group("ppl"):  # "on Mondays", "Tuesday nights": a recurrence
        return "SET", f"XXXX-WXX-{wd + 1}{suffix}", None, True
    week_on = not rel and not part and re.match(r"\s+week\b(?!['’]s|-)", ctx.text[m.end():m.end() + 8])
    if week_on and ctx.dct is not None:  # British "Monday week": a week after the coming Monday
        d = _weekday(ctx.dct, wd, FUTURE, strict=True) + dt.timedelta(days=7)
        return "DATE", _d(d), None, True, (m.start(), m.end() + week_on.end())
    every = re.search(r"\b(?:every|each)\s+$", ctx.text[max(0, m.start() - 7):m.start()], re.I)
    if every:  # "every Saturday morning"
        return "SET", f"XXXX-WXX-{wd + 1}{suffix}", None, True, (m.start() - len(every[0]), m.end())
    # "early Tuesday", "earlier Sunday": part of the extent, a mod on the day.
    mod = {"early": "START", "late": "END"}.get(rel) if rel else None
    if ctx.dct is None:
        return ("TIME" if part else "DATE"), f"XXXX-WXX-{wd + 1}{suffix}", mod, False
    if rel in ("last", "this past", "the previous", "past"):
        d = _weekday(ctx.dct, wd, PAST, strict=True)
    elif rel in ("next", "this coming", "the following", "coming"):
        d = _weekday(ctx.dct, wd, FUTURE, strict=True)
    else:
        d = _weekday(ctx.dct, wd, FUTURE if ctx.tense(m.start(), m.end(), present_looks_ahead=True) == FUTURE
                     else PAST)
    return ("TIME" if part else "DATE"), _d(d) + suffix, mod, True


# Clock times: "2:30 p.m.", "10 a.m. EST Friday", "noon Thursday", "9 in the morning".
@rule(r"\d\s?[ap]\.?m|\d:\d\d|o'clock|noon|midnight|midday|in\s+the\s+(?:morning|afternoon|evening)",
      rf"\b(?:(?P<approx>about|around|at\s+about|approximately|shortly\s+(?:before|after)|just\s+"
      rf"(?:before|after))\s+)?(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))?\s*(?P<ampm>{_AMPM})"
      rf"|(?P<h2>[01]?\d|2[0-3]):(?P<min2>[0-5]\d)(?=\s*(?:[ECMP][SD]T|GMT|UTC|local|hours?|h\b))"
      # after a word that asks for a time: "until 21:00", "at around 12:50"
      rf"|(?:{_TIME_WORD_BEFORE})(?P<h6>[01]?\d|2[0-3]):(?P<min6>[0-5]\d)"
      rf"(?![:.,]?\d|\s+(?:of|into)\s+the\s+(?:first|second|third|fourth|final)\s+(?:period|quarter|half))"
      # a live blog's entry: "22:10 — Negotiators left the hotel" (a line's first words)
      rf"|(?<![^\n])(?P<h5>[01]?\d|2[0-3]):(?P<min5>[0-5]\d)(?=[ \t]*(?:(?:[:—–|]|-\s)\s*[A-Z\"“]|\n|$))"
      rf"|(?P<h3>{_NUMW}|\d{{1,2}})(?:\s+o'clock)?\s+in\s+the\s+(?P<ipart>morning|afternoon|evening)"
      rf"|(?P<h4>[01]?\d)\s+o'clock|(?P<noon>noon|midnight|midday))"
      rf"(?P<tz>{_TZ})(?:,?\s+(?:on\s+)?(?:(?:{_WDAY},?\s+)?(?:the\s+)?(?P<dnum2>{_DAYNUM})\s+(?:of\s+)?"
      rf"(?P<mon2>{_MONTH})\b(?:,?\s+(?P<year2>{_YEAR4})\b)?"  # British: "11pm on 31 January 2020"
      rf"|(?P<day>yesterday|today|tomorrow)|(?P<wd>{_WDAY})"
      rf"|(?P<mon>{_MONTH})\s+(?P<dnum>{_DAYNUM})\b(?:,?\s+(?P<year>{_YEAR4})\b)?))?"
      rf"(?:\s+(?P<rel>yesterday|today|tomorrow|tonight))?")
def _clock(m: re.Match[str], ctx: Ctx) -> Result | None:
    if m.group("noon"):
        word = m.group("noon").lower()
        hour, minute = (0, 0) if word == "midnight" else (12, 0)
    else:
        h = m.group("h") or m.group("h2") or m.group("h3") or m.group("h4") or m.group("h5") or m.group("h6")
        hour = int(h) if h.isdigit() else int(_num(h) or 0)
        minute = int(m.group("min") or m.group("min2") or m.group("min5") or m.group("min6") or 0)
        ampm = (m.group("ampm") or "").lower()
        ipart = _g(m, "ipart")
        if hour > 12 and (ampm or ipart):
            return None
        if (ampm.startswith("p") or ipart in ("afternoon", "evening")) and hour < 12:
            hour += 12
        if ampm.startswith("a") and hour == 12:
            hour = 0
    mod = _modword(m.group("approx"))
    dct = ctx.dct
    day = _g(m, "day") or _g(m, "rel")
    base: str
    resolved = True
    if m.group("mon") or m.group("mon2"):
        month = MONTHS[(m.group("mon") or m.group("mon2")).lower().rstrip(".")]
        dnum = int(re.match(r"\d+", m.group("dnum") or m.group("dnum2")).group())
        year_s = m.group("year") or m.group("year2")
        year = int(year_s) if year_s else None  # "2:46 p.m. on March 11, 2011"
        if year is None and dct is None:
            base, resolved = f"XXXX-{month:02d}-{dnum:02d}", False
        else:
            if year is None:
                year = _month_year(ctx, month, dnum, ctx.tense(m.start(), m.end()))
            v = _absolute(year, month, dnum)
            if v is None:
                return None
            base = v
    elif m.group("wd"):
        wd = WEEKDAYS[m.group("wd").lower()]
        if dct is None:
            base, resolved = f"XXXX-WXX-{wd + 1}", False
        else:
            tense = ctx.tense(m.start(), m.end(), present_looks_ahead=True)
            base = _d(_weekday(dct, wd, FUTURE if tense == FUTURE else PAST))
    elif dct is None:
        base, resolved = "XXXX-XX-XX", False
    else:
        offset = {"yesterday": -1, "tomorrow": 1}.get(day or "", 0)
        base = _d(dct + dt.timedelta(days=offset))
    return "TIME", f"{base}T{hour:02d}:{minute:02d}", mod, resolved


# Sets: "every month", "each Thursday", "every other week", "daily", "twice a year" (the
# frequency is part of the expression: TimeML's freq="2X").
@rule(r"every|each|hourly|daily|nightly|weekly|monthly|quarterly|annually|yearly|once|twice|times",
      rf"\b(?:(?:once|twice|(?:{_NUMW}|(?<![\d,.])\d[\d,]*)\s+times)\s+(?:a|an|per|each|every)\s+"
      r"(?P<funit>second|minute|hour|day|night|week|month|quarter|year|decade)\b"
      rf"|(?:every|each)\s+(?:(?P<other>other|single)\s+)?(?:(?P<num>{_NUMW}|\d+)\s+)?"
      rf"(?:(?P<unit>second|minute|hour|day|night|week|month|quarter|year|decade)s?|(?P<wd>{_WDAY})"
      rf"|(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
      rf"December)|(?P<season>spring|summer|fall|autumn|winter)|(?P<part>{_PART}))"
      rf"|(?P<adv>hourly|daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly))\b")
def _set(m: re.Match[str], ctx: Ctx) -> Result | None:
    if m.group("funit"):
        return "SET", _duration(1, m.group("funit")), None, True
    adv = _g(m, "adv")
    if adv:
        # Only adverbial use is a SET ("published daily"); "its quarterly dividend" is not.
        before = ctx.text[max(0, m.start() - 12):m.start()].lower()
        after = ctx.text[m.end():m.end() + 15]
        if re.match(r"\s+basis\b", after):  # "on a daily basis"
            return "SET", SET_ADVERBS[adv], None, True
        if re.search(r"\b(?:its|the|a|an|their|his|her|our|average|party|initial)\s+$", before):
            return None
        if re.match(r"\s+(?!(?:and|or|in|at|on|for|to|since|until|by|from|during|with|through|"
                    r"basis|over|after|before|if|as|than)\b)[a-z]", after):
            return None
        return "SET", SET_ADVERBS[adv], None, True
    if m.group("wd"):
        return "SET", f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()] + 1}", None, True
    if m.group("mon"):
        return "SET", f"XXXX-{MONTHS[m.group('mon').lower()]:02d}", None, True
    if m.group("season"):
        return "SET", f"XXXX-{SEASONS[m.group('season').lower()]}", None, True
    if m.group("part"):
        return "SET", f"TXX{PARTS[m.group('part').lower()]}", None, True
    n = _num(m.group("num")) if m.group("num") else 1
    if m.group("other"):
        n = 2 if m.group("other").lower() == "other" else 1
    return "SET", _duration(n, m.group("unit").lower()), None, True


# Vague references to present, past and future.
_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "presently": "PRESENT_REF", "for now": "PRESENT_REF",
    "the present": "PRESENT_REF", "so far": None,
    "recently": "PAST_REF", "lately": "PAST_REF", "in the past": "PAST_REF",
    "more recently": "PAST_REF", "most recently": "PAST_REF", "until recently": "PAST_REF",
    "formerly": "PAST_REF", "recent years": "PAST_REF", "recent decades": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF",
    "shortly": "FUTURE_REF", "the coming years": "FUTURE_REF", "the days ahead": "FUTURE_REF",
    "the months ahead": "FUTURE_REF", "the years ahead": "FUTURE_REF", "the weeks ahead": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF", "in the future": "FUTURE_REF", "future": "FUTURE_REF",
}


@rule(r"now|currently|days|present|moment|recent|lately|formerly|future|term|soon|shortly|possible|ahead|past",
      r"\b(?:right\s+now|now|currently|nowadays|"
      r"these\s+days|at\s+present|at\s+the\s+moment|"
      r"presently|(?:more\s+|most\s+|until\s+)?recently|lately|formerly|"
      r"(?:in\s+)?recent\s+(?:years|decades)|the\s+(?:near\s+)?future|(?<=\bin\s)future|"
      r"the\s+(?:near|short|long)\s+term|shortly|as\s+soon\s+as\s+possible|"
      r"the\s+(?:days|weeks|months|years)\s+ahead|(?<=\bin\s)the\s+past(?!\s+(?:few|several|\d|"
      rf"{_NUMW}|year|month|week|decade|day|century|quarter)))\b")
def _ref(m: re.Match[str], ctx: Ctx) -> Result | None:
    key = re.sub(r"\s+", " ", m.group().lower())
    if key.startswith("in recent"):
        key = key[3:]
    if key == "the past":
        return "DATE", "PAST_REF", None, True
    if key == "right now":  # TimeML leaves the intensifier out
        return "DATE", "PRESENT_REF", None, True, (m.end() - 3, m.end())
    if key in ("shortly",) and re.match(r"\s+(?:before|after)", ctx.text[m.end():m.end() + 8]):
        return None
    v = _REFS.get(key)
    return ("DATE", v, None, True) if v else None


# Holidays with fixed or computable dates.
@rule(r"Christmas|New\s+Year|Thanksgiving|Easter|Halloween|Independence|Valentine|Labor\s+Day|Memorial|Election|Veterans|"
      r"Boxing|Good\s+Friday|Patrick|Fourth\s+of\s+July|Juneteenth|Black\s+Friday",
      r"\b(?:(?P<rel>last|this|next)\s+)?(?P<h>Christmas(?:\s+Day|\s+Eve)?|New\s+Year's(?:\s+Day|"
      r"\s+Eve)?|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday|\s+Monday)?|Halloween|Independence\s+Day|"
      r"Valentine's\s+Day|Labor\s+Day|Memorial\s+Day|Election\s+Day|Veterans\s+Day|"
      r"Boxing\s+Day|Good\s+Friday|(?:St\.?|Saint)\s+Patrick's\s+Day|(?:the\s+)?Fourth\s+of\s+July|Juneteenth|"
      r"Black\s+Friday)(?:\s+(?P<year>\d{4}))?\b", 0,
      needles=("christmas", "new year", "thanksgiving", "easter", "halloween", "independence", "valentine", "labor",
               "memorial", "election", "veterans", "boxing", "friday", "patrick", "july", "juneteenth"))
def _holiday(m: re.Match[str], ctx: Ctx) -> Result | None:
    name = re.sub(r"\s+", " ", m.group("h").lower())
    name = name.removeprefix("the ")
    if name.startswith(("st ", "saint ")):
        name = "st. " + name.split(" ", 1)[1]
    name = _HOLIDAY_ALIASES.get(name, name)
    rel = _g(m, "rel")
    if m.group("year"):
        year = int(m.group("year"))
    elif ctx.dct is None:
        fixed = {"christmas": "12-25", "christmas day": "12-25", "christmas eve": "12-24",
                 "new year's day": "01-01", "new year's eve": "12-31", "halloween": "10-31",
                 "independence day": "07-04", "valentine's day": "02-14", "veterans day": "11-11",
                 "boxing day": "12-26"}.get(name)
        return "DATE", f"XXXX-{fixed}" if fixed else "XXXX-XX-XX", None, False
    else:
        year = ctx.dct.year
    dates = _holiday_date(name, year)
    if dates is None:
        return None
    if not m.group("year") and ctx.dct is not None:
        if rel == "last":
            if dates > ctx.dct:
                dates = _holiday_date(name, year - 1)
        elif rel == "next":
            if dates < ctx.dct:
                dates = _holiday_date(name, year + 1)
        elif rel != "this":
            best = _month_year(ctx, dates.month, dates.day, ctx.tense(m.start(), m.end()))
            dates = _holiday_date(name, best or year)
    return ("DATE", _d(dates), None, True) if dates else None


_HOLIDAY_ALIASES = {"fourth of july": "independence day"}


def _holiday_date(name: str, year: int) -> dt.date | None:
    if not 1 <= year <= 9999:
        return None
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's": (1, 1), "new year's day": (1, 1), "new year's eve": (12, 31),
             "halloween": (10, 31), "independence day": (7, 4), "valentine's day": (2, 14),
             "veterans day": (11, 11), "boxing day": (12, 26), "st. patrick's day": (3, 17),
             "juneteenth": (6, 19)}
    if name in fixed:
        return dt.date(year, *fixed[name])
    if name == "black friday":
        return dt.date(year, 11, 1) + relativedelta(weekday=TH(4)) + dt.timedelta(days=1)
    if name.startswith("thanksgiving"):
        return dt.date(year, 11, 1) + relativedelta(weekday=TH(4))
    if name == "easter monday":
        return easter(year) + dt.timedelta(days=1)
    if name.startswith("easter"):
        return easter(year)
    if name == "good friday":
        return easter(year) - dt.timedelta(days=2)
    if name == "labor day":
        return dt.date(year, 9, 1) + relativedelta(weekday=MO(1))
    if name == "memorial day":
        return dt.date(year, 5, 31) + relativedelta(weekday=MO(-1))
    if name == "election day":
        return dt.date(year, 11, 2) + relativedelta(weekday=1)  # Tuesday after first Monday
    return None


# Day of month alone: "on the 13th", "the 13th of October" is handled by _calendar.
@rule(r"\bthe\s+\d{1,2}(?:st|nd|rd|th)\b",
      # Followed by a word that can follow a date, not by a noun it counts ("the 11th
      # storm", "the 10th straight month", "the 5th floor")
      r"\b(?:on\s+)?the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?=\s*(?:[^\w\s]|$)|\s+(?:(?:and|or|to|"
      r"through|until|till|at|in|on|when|after|before|the|a|an|he|she|it|they|we|i|his|her|its|their|this|that|"
      r"was|were|is|are|will|would|could|should|had|has|have|but|as|if|so|with|from|by|for)\b"
      r"|of\s+(?:" + _MONTH[3:-1] + r")))", 0)
def _day_of_month(m: re.Match[str], ctx: Ctx) -> Result | None:
    day = int(m.group("day"))
    start = m.start() + (m.group().lower().startswith("on") and 3 or 0)
    del start
    if ctx.dct is None:
        return "DATE", f"XXXX-XX-{day:02d}", None, False
    d = ctx.dct
    try:
        cand = d.replace(day=day)
    except ValueError:
        return None
    tense = ctx.tense(m.start(), m.end())
    if tense == FUTURE and cand < d:
        cand = (d.replace(day=1) + relativedelta(months=1))
        try:
            cand = cand.replace(day=day)
        except ValueError:
            return None
    elif tense != FUTURE and cand > d:
        prev = d.replace(day=1) - relativedelta(months=1)
        try:
            cand = prev.replace(day=day)
        except ValueError:
            return None
    return "DATE", _d(cand), None, True


# The second day of a range or pair in one month: "April 24 and 25", "May 3 to 5".  The month
# comes from the date just tagged before it.
@rule(r"\d\s+(?:and|or|to|through)\s+\d|\d\s?[-–]\s?\d",
      r"(?<=\d)(?:\s+(?:and|or|to|through)\s+|\s?[-–]\s?)(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
      r"(?!\s*(?:[-,.:/%$]\s*\d|percent|years?|days?|months?|weeks?|hours?|[ap]\.?m\b|million|billion))")
def _second_day(m: re.Match[str], ctx: Ctx) -> Result | None:
    if not re.search(rf"\b{_MONTH}\s+{_DAYNUM}$", ctx.text[max(0, m.start() - 16):m.start()]):
        return None
    if not ctx.anchor or ctx.anchor[2] is None:
        return None
    v = _absolute(ctx.anchor[0], ctx.anchor[1], int(m.group("day")))
    return ("DATE", v, None, True, (m.start("day"), m.end())) if v else None


# "then"-like anaphors are left alone: their anchor is narrative, not the DCT.

# --------------------------------------------------------------------------- driver

# Prepositions and signals stay outside the TIMEX3 span ("for years", "within a month", "only
# five days"); hedges that quantify it ("nearly", "more than", "at least", "about") are inside
# and set `mod`.
# "about", "around" and "almost" are hedges inside the span when they quantify a number ("about
# two years ago") but prepositions before a determiner ("about the future"); "over" is a hedge
# before a single unit ("over a week") and otherwise mostly "during" ("over three years").
# "shortly after", "just before" are signals relating the time to an event, outside the span.
_STRIP_START = re.compile(r"(?:(?:(?:shortly|just|right|soon|immediately)\s+(?:before|after)|"
                          r"on|in|at(?!\s+(?:least|most))|during|since|by|until|for|within|only|just|"
                          r"over(?!\s+(?:an?|one)\s)|about|around|almost(?=\s+(?:the|this|that|these|"
                          r"those|last|next|past|its|his|her|their)\b)|"
                          r"its|some(?!\s+time\b))\s+)+", re.I)


_HEDGE_BEFORE = re.compile(r"\b(?:[Aa]round|[Aa]pproximately|[Rr]oughly)\s+$")


def tag(text: str, published: dt.date | None = None) -> list[Timex]:
    """Find and normalise temporal expressions in `text`; never raises."""
    if not isinstance(text, str) or not text:
        return []
    if isinstance(published, dt.datetime):
        published = published.date()
    ctx = Ctx(text, published)
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lowercased
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    candidates: list[tuple[int, int, int, Handler, re.Match[str]]] = []
    windows: dict[str, list[tuple[int, int]]] = {}  # rules that share a trigger scan for it once
    for idx, (pattern, handler, trigger, on_low) in enumerate(RULES):
        needles = NEEDLES.get(handler)
        if needles and not any(needle in low for needle in needles):
            continue
        subject = low if on_low else text
        if trigger.pattern not in windows:
            windows[trigger.pattern] = _windows(trigger, low)
        for lo, hi in windows[trigger.pattern]:
            for m in pattern.finditer(subject, lo, hi):
                if m.end() > m.start():
                    candidates.append((m.start(), -(m.end() - m.start()), idx, handler, m))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    out: list[Timex] = []
    last_end = 0
    for start, neg_len, _idx, handler, m in candidates:
        end = start - neg_len
        if start < last_end:
            continue
        # A longer candidate starting a little later would be cut off by this one; let it win.
        if any(s2 < end and s2 > start and s2 - n2 > end for s2, n2, _i, _h, _m in
               _overlapping(candidates, start, end)):
            continue
        try:
            res = handler(m, ctx)
        except Exception:  # noqa: BLE001 - a bad reading of one phrase must not fail the document
            res = None
        if not res:
            continue
        typ, value, mod, resolved = res[:4]
        if not value:
            continue
        s, e = res[4] if len(res) > 4 else (start, end)
        sm = _STRIP_START.match(text, s, e)
        if sm and sm.end() < e:
            s = sm.end()
        elif typ in ("DATE", "TIME") and text[e:e + 2] != "'s":
            # "around Nov. 1", "around 7 p.m.": the hedge is part of a point in time.
            hm = _HEDGE_BEFORE.search(text, max(0, s - 16), s)
            if hm:
                s, mod = hm.start(), mod or "APPROX"
        while e > s and text[e - 1] in " \t\n,":
            e -= 1
        out.append(Timex(s, e, text[s:e], typ, value, mod, resolved))
        # A clock time that names no day ("at 2 a.m.", "by noon") is put on the DCT; it is
        # no date the story moved to, so "the next morning" is not told from it.
        if typ == "DATE" or (typ == "TIME" and NAMES_A_DAY.search(text, s, e)):
            ctx.note(value)
            told = _YEAR_TOLD.search(text, s, e) and re.match(r"(\d{4})-(\d\d)", value)
            if told:
                ctx.year_told = (e, int(told[1]), int(told[2]))
        last_end = e
    return out


_YEAR_TOLD = re.compile(r"\b[12]\d{3}\b")
_YEAR_AFTER = re.compile(r",?\s+(?:of\s+)?(?:last|this|next|that|the\s+same|the\s+following|the\s+previous)\s+year\b", re.I)
# Whether a clock time's words name its day ("8 p.m. on Tuesday", "that evening", "at
# 11pm on 31 January 2020"), rather than leaving it to the DCT ("at 2 a.m.", "by noon").
NAMES_A_DAY = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow|tonight)\b"
                          r"|\b(?:next|following|previous|same|that|this|last)\s+(?:day|morning|afternoon|evening|night)\b"
                          r"|\b[12]\d{3}\b(?!\s*(?:GMT|UTC))|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
                          r"nov|dec)[a-z]*\.?\s+\d|\d\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_BEFORE, _AFTER = 70, 90  # longest prefix / suffix any rule puts around its trigger keyword


def _windows(trigger: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Merged text windows around trigger hits, where the rule's full pattern may match."""
    out: list[tuple[int, int]] = []
    for t in trigger.finditer(text):
        lo, hi = max(0, t.start() - _BEFORE), t.end() + _AFTER
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _overlapping(candidates, start: int, end: int):
    # Candidates are sorted by start; scan the short window of those starting inside [start, end).
    import bisect
    i = bisect.bisect_right(candidates, (start, float("inf")), key=lambda c: (c[0], c[1]))
    while i < len(candidates) and candidates[i][0] < end:
        c = candidates[i]
        if -c[1] >= end - start:
            yield c
        i += 1


def to_json(timexes: Iterable[Timex]) -> list[dict]:
    return [asdict(t) for t in timexes]


def format_listing(timexes: Iterable[Timex]) -> str:
    lines = []
    for t in timexes:
        extra = f" mod={t.mod}" if t.mod else ""
        extra += "" if t.resolved else " (unresolved)"
        lines.append(f"{t.start:>6}-{t.end:<6} {t.type:<8} {t.value:<22} {t.text!r}{extra}")
    return "\n".join(lines)
