"""Draft events from articles: find the sentences that report something happening on a
date the text supports, and turn each into a draft event with its quote and source.

The pipeline for one article: sentences → dated clauses (the date tagger) → drafts
(title, EDTF date, actors, places, source with quote). Drafts from many articles are
then merged when they tell the same event, and matched against the events already in
the content folder, so that nothing is drafted twice and nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from . import timex
from .articles import TIME_STAMP, Article, clip
from .dates import DateError, EventDate, parse
from .gazetteer import Gazetteer
from .model import Event
from .titles import (ANTECEDENT, PRONOUNS, TITLE_LIMIT, make_title, person_named, pronoun_agrees, shorten,
                     shorten_if_long, without_dangling_end, without_wire_credit)
from .wording import (DATELINE, FUTURE, IRREGULAR_PAST, PERFECT, RANGE_JOIN, SCHEDULE_PRESENT, UNAMBIGUOUS_PAST,
                      lead_subject, past_of_gerund, past_verbs, reports_discrete_event, reports_happening)

SENTENCE_LIMIT = 1500  # longer runs without a full stop are lists or tables, not sentences


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "rep", "sen", "gov", "pres",
    "st", "jr", "sr", "no", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "approx", "est", "dept", "univ", "mt", "ft", "adm", "cmdr", "amb",
}
# US states as wire datelines abbreviate them ("SANTA ROSA, Calif. (AP) —"), capitalized.
_STATE_ABBREVIATIONS = {
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans", "Ky", "La",
    "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Vt", "Va",
    "Wash", "Wis", "Wyo",
}
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`, paragraph by paragraph."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        start = paragraph.start()
        for match in _SENTENCE_END.finditer(paragraph[0]):
            end = paragraph.start() + match.end()
            word = re.search(r"([A-Za-z]+)\.$", text[start:paragraph.start() + match.start() + 1])
            before = text[start:paragraph.start() + match.start() + 1]
            if word and (word[1].lower() in _ABBREVIATIONS or word[1] in _STATE_ABBREVIATIONS or len(word[1]) == 1):
                continue  # "Sept. 13", "U.S. officials", "John F. Kennedy"
            if re.search(r"\b[A-Z]\.[A-Z]\.$", before):
                continue
            spans.append(_trim(text, start, end))
            start = end
        spans.append(_trim(text, start, paragraph.end()))
    return [span for span in spans if span[1] > span[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass
class DatedValue:
    date: str  # EDTF
    time: str = ""
    vague: bool = False
    note: str = ""


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def edtf_from_timex(item: timex.Timex, published: dt.date | None) -> DatedValue | None:
    """The EDTF date a TIMEX3 value supports, at its precision; None when it dates nothing
    (a duration, 'now', an unresolved placeholder)."""
    value = item.value
    if (item.type == "DURATION" and published is not None and re.fullmatch(r"PX[DWMY]", value)
            and re.match(r"(?:the\s+)?(?:recent|past|last)\b", item.text, re.I)):
        return DatedValue(f"../{published.isoformat()}~", vague=True,
                          note=f"dated from {item.text!r}: the {_UNIT_WORDS[value[-1]]} before publication")
    if item.type not in ("DATE", "TIME") or "X" in value or not item.resolved:
        return None
    if item.type == "TIME" and not timex.NAMES_A_DAY.search(item.text):
        return None  # "at 8:23 p.m.": the tagger puts it on the publication day, a guess
    if value == "PAST_REF":
        if published is None:
            return None
        return DatedValue(f"../{published.isoformat()}~", vague=True,
                          note=f"dated from {item.text!r}: some time before publication")
    if value in ("PRESENT_REF", "FUTURE_REF"):
        return None
    match = re.fullmatch(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2}))?(?:T\w+)?", value)
    result: DatedValue | None = None
    if match:
        year = _historians_year(int(match[1]))
        text = _year_text(year) + (f"-{match[2]}" if match[2] else "") + (f"-{match[3]}" if match[3] else "")
        result = DatedValue(text, time=f"{match[4]}:{match[5]}" if match[4] else "")
    elif week := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        monday = dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
        first, last = (monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)) if week[3] else \
            (monday, monday + dt.timedelta(days=6))
        result = DatedValue(f"{first.isoformat()}/{last.isoformat()}", note=f"{item.text!r} is the week of {value}")
    elif quarter := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        first_month = 3 * int(quarter[2]) - 2
        result = DatedValue(f"{quarter[1]}-{first_month:02d}/{quarter[1]}-{first_month + 2:02d}")
    elif half := re.fullmatch(r"(\d{4})-H([12])", value):
        result = DatedValue(f"{half[1]}-{'01' if half[2] == '1' else '07'}/{half[1]}-{'06' if half[2] == '1' else '12'}")
    elif season := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        first_month, last_month = _SEASON_MONTHS[season[2]]
        year = int(season[1])
        end_year = year + 1 if season[2] == "WI" else year
        result = DatedValue(f"{year}-{first_month:02d}~/{end_year}-{last_month:02d}~",
                            note=f"{item.text!r} is a season: the months are approximate")
    elif decade := re.fullmatch(r"(\d{3})", value):
        result = DatedValue(f"{decade[1]}0/{decade[1]}9")
    if result is None:
        return None
    if item.mod == "APPROX" and "/" not in result.date and not result.time:
        result.date += "~"  # "at about 1:30 a.m. on Tuesday" is about the time, not the day
    elif item.mod in ("BEFORE", "ON_OR_BEFORE", "END_OF") and "/" not in result.date:
        result.date = f"../{result.date}"
    elif item.mod in ("AFTER", "ON_OR_AFTER", "SINCE") and "/" not in result.date:
        result.date = f"{result.date}/.."
    return result


def _historians_year(astronomical: int) -> int:
    return astronomical if astronomical > 0 else astronomical - 1


def _year_text(year: int) -> str:
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


@dataclass
class Draft:
    date: str
    title: str
    quote: str
    actors: list[str]
    places: list[str]
    sources: list[dict]
    time: str = ""
    review: list[str] = field(default_factory=list)
    article: str = ""  # the article file it came from

    def to_json(self) -> dict:
        data = {"date": self.date, "title": self.title, "quote": self.quote, "actors": self.actors,
                "places": self.places, "sources": self.sources}
        if self.time:
            data["time"] = self.time
        if self.review:
            data["review"] = self.review
        return data


def citation_for(article: Article, quote: str) -> dict:
    """How a draft cites its article: by source id when the article is a source file."""
    if article.source_id:
        return {"source": article.source_id, "quote": quote}
    citation: dict = {}
    for key, value in (("title", article.title), ("url", article.url), ("publisher", article.publisher),
                       ("author", article.author)):
        if value:
            citation[key] = value
    if article.published:
        citation["published"] = article.published.isoformat()
    if "title" not in citation and "url" not in citation:
        citation["title"] = article.path
    citation["quote"] = quote
    return citation


_RANGE_BETWEEN = re.compile(r"\b(between|from)\s*$", re.I)
_SINCE = re.compile(r"\b(since|from)\s+(the\s+(start|beginning|end)\s+of\s+)?$", re.I)
_BEFORE_DATE = re.compile(r"(?<!\bday )(?<!\bdays )(?<!\bweek )(?<!\bweeks )(?<!\bmonth )(?<!\bmonths )(?<!\byear )"
                          r"(?<!\byears )(?<!\bhours )(?<!\bnight )\bbefore\s+(?:the\s+)?$", re.I)
_UNCHANGED_FROM = re.compile(r"\b(?:unchanged|flat|steady|up|down|higher|lower|changed|different)\s+from\s+$", re.I)
_UNTIL = re.compile(r"\b(until|till|up to)\s+$", re.I)
# ("did not fully reopen until September", "didn't return until May": the verb right before "until")
_NOT_UNTIL = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+ly\s+)?[a-z]+\s+(?:until|till)\s+$", re.I)


def draft_events(article: Article, gazetteer: Gazetteer, published: dt.date | None = None,
                 skipped: list[str] | None = None) -> list[Draft]:
    """Drafts for every dated event `article` reports; what was left out and why is
    added to `skipped`."""
    skipped = [] if skipped is None else skipped
    anchor = published or article.published
    text = article.text
    found = timex.tag(text, anchor)
    headings = day_headings(text, found)
    counted, counted_from = _counted_from_last_date(text, found, anchor)
    drafts: list[Draft] = []
    person: str | None = None  # whom a sentence's "He" or "She" names: see person_named
    thing: str | None = None  # what a sentence's "It" names: the subject of the one before
    named_in = ""  # the sentence that named them
    previous_end = 0
    for start, end in sentences(text):
        sentence = text[start:end]
        if "\n\n" in text[previous_end:start]:
            person = thing = None  # a new paragraph: "He" and "It" may be anyone, anything
        previous_end = end
        opens_with_pronoun = re.match(r"\s*(He|She)\s", sentence)
        it_is = thing if _it_does(sentence) else None
        if opens_with_pronoun:
            he_or_she = person if pronoun_agrees(opens_with_pronoun[1], named_in) else None
        else:
            he_or_she, person, named_in = None, person_named(sentence, gazetteer), sentence
        if not re.match(r"\s*It\s", sentence):
            thing = None if opens_with_pronoun else _thing_subject(sentence, person)
        if end - start > SENTENCE_LIMIT:
            skipped.append(f"left out a {end - start}-character 'sentence' (a list or table?) "
                           f"starting {clip(sentence, 60)!r}")
            continue
        dateline = DATELINE.match(sentence)  # "LISBON, March 14 (Reuters) -": when it was filed
        inside = [t for t in found if t.start >= start + (dateline.end() if dateline else 0) and t.end <= end]
        values = [(t, counted[id(t)].value if id(t) in counted else
                   edtf_from_timex(t, anchor) or _live_entry(text, t, headings, anchor))
                  for t in inside if id(t) not in counted_from]
        # "clashed over the 2020 election results", "over last year's budget": a year that
        # describes a noun dates nothing
        # (but "The 2008 crisis, which wiped out …" opens the sentence: it is its subject)
        dated = [(t, v) for t, v in values if v is not None and not (
            re.fullmatch(r"\d{4}", t.text) and text[max(0, t.start - 4):t.start] == "the "
            and re.match(r"\s+[a-z]", text[t.end:t.end + 2])
            or (re.fullmatch(r"-?\d{4}", v.date) or t.text.lower() == "today") and text[t.end:t.end + 2] in ("'s", "’s"))]
        dated = [(t, _week_ending(text, start, t, v)) for t, v in _periods_ended(text, start, dated)]
        # "will report fourth-quarter results on March 5": the quarter says which results
        dated = [(t, v) for t, v in dated if len(dated) == 1 or not (
            re.search(r"quarter|half", t.text, re.I) and _MEASURE_AFTER.match(text, t.end))]
        # "Sept. 30, 2024, the end of the fiscal year": the second restates the first (a
        # list, "Nov. 17, Dec. 1 and Dec. 15", names dates of its own).
        dated = [(t, v) for i, (t, v) in enumerate(dated)
                 if not (i and t.text.lower().startswith("the ")
                         and re.fullmatch(r",\s*|\s*\(\s*", text[dated[i - 1][0].end:t.start]))]
        day_heading = None
        if not dated and len(headings) > 1:
            # Under a day heading ("Monday, Oct. 7"), a sentence without a date of its own
            # tells what happened that day: in a day-by-day account, not under a byline's date.
            day_heading = heading_above(text, start, headings)
            if day_heading is not None:
                dated = [(day_heading, DatedValue(day_heading.value, time=_clock_at(text, inside, start),
                                                  note=f"dated by the heading {day_heading.text!r} above it"))]
        # "March 23, 2015: The three countries sign a declaration": a dated entry of a list
        # is an event whatever its tense (timelines tell them in the present).
        # (A live blog's timed entry must still report something: "10:40 a.m. — What we know".)
        entry = (dated and dated[0][0].start == start and dated[0][0].type == "DATE"
                 and re.match(r"\s*[:—–-]\s", text[dated[0][0].end:end]))
        if not dated or not (reports_happening(sentence) or entry):
            continue
        if _RECORD.match(DATELINE.sub("", sentence.strip())) or (
                _RANKED.match(DATELINE.sub("", sentence.strip()))
                and all(_RUNNING_PERIOD.fullmatch(t.text) for t, _ in dated)):
            skipped.append(f"left out {clip(sentence, 60)!r}: a record or comparison, not an event")
            continue
        live = dated[0][0].start == start and dated[0][1].time and _ENTRY_SEPARATOR.match(text, dated[0][0].end)
        # A live entry's quote is its words, without the time stamp the draft's time gives
        quote = " ".join((text[live.end():end] if live else sentence).split())
        mentions = gazetteer.find(without_wire_credit(sentence))
        quoted = {id(t) for t, _ in dated if _inside_quotation(sentence, t.start - start)}
        clauses = [(sentence, dated[0][1], [day_heading])] if day_heading else \
            _dated_clauses(text, start, end, dated, anchor)
        for clause_text, value, used in clauses:
            if value.vague and not reports_discrete_event(clause_text):
                continue
            if (all(id(t) in quoted for t in used) and len(quoted) < len(dated)
                    and not past_verbs(_quotation_around(sentence, used[0].start - start))):
                # '"The first quarter was not good enough," Lunde said on Wednesday': the
                # statement is the event, dated outside the quotation
                skipped.append(f"left out {clip(clause_text, 60)!r} dated {value.date}: "
                               "the date is inside a quotation dated by its statement")
                continue
            doer = _doer_of_participle(clause_text, sentence)
            just_before = text[max(start, used[0].start - 40):used[0].start]
            if ((len(dated) > 1 and ((_PARTICIPLE_CLAUSE.match(clause_text.strip()) and not doer)
                                     or _COMPARISON.search(just_before)))
                    or _PLAIN_COMPARISON.search(just_before)  # "down from 5 crowns a year earlier"
                    or (_OVER_BASELINE.search(just_before)  # "an improvement over the previous day"
                        and re.match(r"(?:the\s+)?(?:previous|prior|preceding|same|last)\b", used[0].text, re.I))
                    or _forecast_period(text, used[0], just_before)  # "expected fourth-quarter revenue"
                    or _RECORD_LEVEL.search(just_before)  # "exports hit record highs in 2022-23"
                    or _RECORD_SINCE.search(text[max(start, used[0].start - 120):used[0].start])):
                skipped.append(f"left out {clip(clause_text, 60)!r} dated {value.date}: "
                               "it describes or compares; it reports no event of its own")
                continue
            set_for = (_SET_FOR.search(text[max(start, used[0].start - 60):used[0].start])
                       and all(_MONTH_NAMED.search(t.text) and not _RELATIVE_WORD.search(t.text) for t in used))
            if set_for and not _after_publication(value.date, anchor):
                value = _year_after(value, used, anchor) or value
            announced = (_AGREED_AHEAD.search(clause_text)  # "had agreed to meet on March 31"
                         or re.search(r"\b(?:effective|starting)\s+(?:from\s+|on\s+)?$", just_before, re.I)
                         or (SCHEDULE_PRESENT.search(clause_text) and not past_verbs(clause_text)
                             and not re.search(r"\b(?:until|till|through)\s+$", just_before))  # not "open until"
                         # "said it would publish a timetable on Friday 30th August": a day named
                         # (not "would lay off workers in March", nor a state's bounds "until", "from")
                         or (re.search(r"\bwould\b", clause_text) and re.fullmatch(r"\d{4}-\d\d-\d\d", value.date)
                             and all(_MONTH_NAMED.search(t.text) for t in used)
                             and not re.search(r"\b(?:until|till|up\s+to|by|from)\s+(?:at\s+least\s+)?"
                                               r"(?:the\s+end\s+of\s+)?$",
                                               text[max(start, used[0].start - 30):used[0].start])))
            if _after_publication(value.date, anchor) and not (FUTURE.search(clause_text) or set_for or announced):
                earlier = (_year_before(value, used, anchor) or _week_before(value, used, anchor)
                           if past_verbs(clause_text) and not _AHEAD_OF_THE_VERB.search(clause_text) else None)
                if earlier is None:
                    # A report of a date after publication is furniture (a "Recent Posts"
                    # teaser): say so rather than drop it silently.
                    skipped.append(f"left out {clip(clause_text, 80)!r}: dated {value.date}, "
                                   f"after publication on {anchor}; check it by hand")
                    continue
                value = earlier
            review = [value.note] if value.note else []
            # Every date in the clause leaves the title, not only this draft's: a title
            # must not name another date than the event's.
            spans = [(t.start - start, (counted[id(t)].end if id(t) in counted else t.end) - start)
                     for t in inside if (t.type in ("DATE", "TIME") or id(t) in counted or t in used)
                     and (id(t) not in quoted or t in used)]  # a quotation keeps its words
            statement = len(dated) > 1 and any(
                _SAID_ON.search(text[max(start, t.start - 80):t.start]) for t in used)
            title = make_title(clause_text, spans, sentence, statement, own=used[0].start - start)
            if doer:
                title = _with_doer(title, doer)
            actors = mentions.actors
            if he_or_she and re.match(r"(?:He|She)\s", title) and sentence.lstrip().startswith(clause_text.strip()):
                # "He met the governor the same day" names the last sentence's person.
                review.append(f"'{title.split()[0]}' is taken to be {he_or_she}, named in the sentence before")
                title = shorten_if_long(he_or_she + title[title.index(" "):])
                actors = list(dict.fromkeys(gazetteer.find(he_or_she).actors + actors))
            elif it_is and title.startswith("It ") and sentence.lstrip().startswith(clause_text.strip()):
                # "Brightwell said … . It stopped selling the models on March 3."
                review.append(f"'It' is taken to be {it_is}, the subject of the sentence before")
                title = shorten_if_long(it_is + title[2:])
                actors = list(dict.fromkeys(gazetteer.find(it_is).actors + actors))
            drafts.append(Draft(date=value.date, time=value.time, title=title, quote=quote,
                                actors=actors, places=mentions.places,
                                sources=[citation_for(article, quote)], review=review, article=article.path))
    return drafts


# "10:40 a.m. — Police closed the bridge.": a live blog's entry, timed at the start of its
# paragraph. Its day is the last date heading above it ("Tuesday, March 5"), else the
# publication's.
_ENTRY_SEPARATOR = re.compile(r"[ \t]*(?:[:—–|]|-\s|\n)\s*")
_HEADING_PUNCTUATION = " \t.,:;—–-"


def _clock(item: timex.Timex) -> str:
    """'14:05' for a TIME that gives hours and minutes; '' for any other."""
    clock = re.fullmatch(r"[0-9X-]+T(\d{2}):(\d{2})", item.value) if item.type == "TIME" else None
    return f"{clock[1]}:{clock[2]}" if clock else ""


def _live_entry(text: str, item: timex.Timex, headings: list[timex.Timex],
                published: dt.date | None) -> DatedValue | None:
    clock = _clock(item)
    if (not clock or text[:item.start].strip(" \t")[-1:] not in ("\n", "")
            or not _ENTRY_SEPARATOR.match(text, item.end)):
        return None
    heading = heading_above(text, item.start, headings)
    if heading is not None:
        day, told = heading.value, f"the heading {heading.text!r} above it"
    elif published is not None:
        day, told = published.isoformat(), "the publication date"
    else:
        return None
    return DatedValue(day, time=clock,
                      note=f"a live entry timed {item.text!r}: its day is {told}")


# "its fiscal third quarter, which ended March 31": the date says when the period ended;
# it tells no event, and it says which months a fiscal quarter (or half) held.
_PERIOD_ENDED = re.compile(r"\b(?P<noun>quarter|half|year|period)s?,?\s+(?:which\s+|that\s+)?(?:ended|ends|ending)\s+"
                           r"(?:on\s+)?$", re.I)


def _periods_ended(text: str, start: int, dated: list) -> list:
    kept: list = []
    for item, value in dated:
        ended = _PERIOD_ENDED.search(text, max(start, item.start - 40), item.start)
        if not (kept and ended):
            kept.append((item, value))
            continue
        if ended["noun"].lower() not in ("quarter", "half"):
            continue  # "of its fiscal year, which ended March 31": which months the year held is not said
        period, period_value = kept[-1]
        months = {"Q": 3, "H": 6}.get((re.search(r"-([QH])\d$", period.value) or [None, ""])[1])
        last = re.match(r"(\d{4})-(\d{2})", value.date)
        if months and last:
            end = dt.date(int(last[1]), int(last[2]), 1)
            first = end - relativedelta(months=months - 1)
            kept[-1] = (period, DatedValue(f"{first.year:04d}-{first.month:02d}/{end.year:04d}-{end.month:02d}",
                                           note=f"{period.text!r} is the {months} months that ended {item.text}"))
    return kept


_WEEK_ENDING = re.compile(r"\bweek\s+(?:ending|ended)\s+(?:on\s+)?(?:\w+day,?\s+)?$", re.I)


def _week_ending(text: str, start: int, item: timex.Timex, value: DatedValue) -> DatedValue:
    """"In the week ending Sept. 8": the seven days up to that day."""
    if not (re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.date) and _WEEK_ENDING.search(text, max(start, item.start - 30),
                                                                                     item.start)):
        return value
    last = dt.date.fromisoformat(value.date)
    first = last - dt.timedelta(days=6)
    return DatedValue(f"{first.isoformat()}/{last.isoformat()}", note=value.note)


def day_headings(text: str, found: list[timex.Timex]) -> list[timex.Timex]:
    """The days that stand alone on their lines ("Monday, Oct. 7"), in order."""
    return [t for t in found if t.type == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value)
            and _whole_paragraph(text, t)]


def heading_above(text: str, position: int, headings: list[timex.Timex]) -> timex.Timex | None:
    """The day heading whose section holds `position`: the last one above it, if no other
    heading ("The damage") has closed its section."""
    heading = next((h for h in reversed(headings) if h.end <= position), None)
    if heading is None:
        return None
    for line in text[heading.end:position].split("\n")[1:]:
        line = line.strip()
        if line and len(line) < 60 and not re.search(r"[.!?:\"”’]$", line) and not TIME_STAMP.fullmatch(line):
            return None  # a heading of another kind: the day's section ended
    return heading


def _clock_at(text: str, inside: list[timex.Timex], start: int) -> str:
    """'04:10' for a sentence's "at 4:10 a.m." (not "by noon", "until 6 p.m.")."""
    for item in inside:
        if _clock(item) and re.search(r"(?:^|\bat\s+(?:about\s+|around\s+)?)$",
                                      text[max(start, item.start - 16):item.start], re.I):
            return _clock(item)
    return ""


def _whole_paragraph(text: str, item: timex.Timex) -> bool:
    """Whether a date stands alone on its line, as a heading does."""
    line_start = text.rfind("\n", 0, item.start) + 1
    line_end = text.find("\n", item.end)
    line_end = len(text) if line_end < 0 else line_end
    return not (text[line_start:item.start].strip(_HEADING_PUNCTUATION)
                or text[item.end:line_end].strip(_HEADING_PUNCTUATION))


# "It stopped selling …", "It has recalled …" (not "It is unclear …", "It was the first …",
# "It had been …": no doer of a deed).
_OPENS_WITH_IT_DOING = re.compile(r"\s*It\s+(?:has\s+|have\s+|had\s+(?!been\b))?(?P<verb>[a-z]+)\b")


def _it_does(sentence: str) -> bool:
    opening = _OPENS_WITH_IT_DOING.match(sentence)
    return bool(opening and opening["verb"] not in ("been", "seemed", "appeared", "remained", "meant", "took",
                                                     "came", "was") and past_verbs(opening["verb"]))


_NO_THING = re.compile(r"(?:He|She|They|We|I|You|It|There|This|That|These|Those|Some|Many|Most|All|Both|Each|"
                       r"Others?|Officials|People|Residents|Police|Authorities|Investigators|Prosecutors|Witnesses)\b")
# Subjects that are people: "The minister", "The company's chief executive" ("It" names no person).
_PERSON_ROLE = re.compile(r"\b(?:minister|president|premier|chancellor|governor|mayor|senator|spokes\w+|official|"
                          r"officer|judge|chief|executive|director|secretary|leader|manager|coach|player|man|woman|"
                          r"boy|girl|police|prosecutors?|investigators?|[a-z]+ers|[a-z]+ists)\b", re.I)


def _thing_subject(sentence: str, person: str | None) -> str | None:
    """What "It" in the next sentence names: the subject this sentence opens with, when
    it is no person, no pronoun and short ("Brightwell", "The storm")."""
    subject = lead_subject(sentence)
    if (not subject or len(subject.split()) > 5 or _NO_THING.match(subject) or "," in subject
            or _PERSON_ROLE.search(subject)
            or (person and person in subject) or re.search(r"\b(?:and|or)\b", subject)):
        return None
    return subject


_COUNTED = re.compile(r"\s+(later|afterwards|after that|earlier|before that)\b(?!\s+than\b)", re.I)
_UNIT_WORDS = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}
_UNIT_PRECISION = {"D": 3, "W": 3, "M": 2, "Y": 1}  # the finest date part a count of such units can move


class Counted(NamedTuple):
    value: DatedValue
    end: int  # the end of "two days later", "later" included: the title drops it all


# "A year earlier": a date the tagger counts from publication, and a story from the last
# date it told.
_COUNT_BEFORE_OR_AFTER = re.compile(r"(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
                                    r"(?P<unit>[dwmy])(?:ay|eek|onth|ear)s?\s+(?P<word>earlier|later)(?!\s+than\b)",
                                    re.I)


def _count_from_last_date(text: str, item: timex.Timex) -> tuple[int, str, str, str, int] | None:
    """For "two days later" or "A year earlier": the number, the unit (D, W, M or Y), the
    direction word, how the text says it and where that ends; None for other dates."""
    if item.type == "DATE":
        told = _COUNT_BEFORE_OR_AFTER.fullmatch(item.text)
        if told:
            return int(timex.count_of(told["n"])), told["unit"].upper(), told["word"], repr(item.text), item.end
        return None
    word = _COUNTED.match(text, item.end)
    count = re.fullmatch(r"P(\d+)([DWMY])", item.value)
    if item.type == "DURATION" and word and count:
        return int(count[1]), count[2], word[1], f"{item.text!r} {word[1]}", word.end()
    return None


_BEFORE_OR_AFTER_WORD = re.compile(r"\s+(before|after)\b[^.;:!?]{0,50}$")


def _count_to_next_date(text: str, item: timex.Timex, following: list,
                        published: dt.date | None) -> Counted | None:
    """For "two days before the vote on March 3": that date, moved by the count, to a
    day's precision only; marked for review."""
    count = re.fullmatch(r"P(\d+)([DW])", item.value)
    if item.type != "DURATION" or not count or not following:
        return None
    between = text[item.end:following[0].start]
    word = _BEFORE_OR_AFTER_WORD.match(between)
    value = edtf_from_timex(following[0], published)
    if not word or value is None or not re.fullmatch(r"-?\d{4}-\d{2}-\d{2}", value.date):
        return None
    if past_verbs(between[word.end(1):]) or re.search(r"\b(?:for|lasted|lasting|took|spent|over|within)\s+$",
                                                      text[max(0, item.start - 12):item.start]):
        return None  # "lasted two days before talks resumed on March 3": a length, not a count
    days = int(count[1]) * (7 if count[2] == "W" else 1) * (-1 if word[1] == "before" else 1)
    try:
        date = (dt.date.fromisoformat(value.date) + dt.timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return None
    note = f"dated from {item.text!r} {word[1]} {following[0].text!r}, counted from {value.date}"
    return Counted(DatedValue(date, note=note), item.end)


def _counted_from_last_date(text: str, found: list[timex.Timex],
                            published: dt.date | None) -> tuple[dict[int, Counted], set[int]]:
    """Dates for "two days later", "three weeks earlier": counted from the last date the
    text gave before them, to the precision both allow; marked for review, since the
    anchor is a reading of the text. Keyed by id(timex); with the ids of the dates
    counted from that date nothing of their own ("the vote on March 3")."""
    counted: dict[int, Counted] = {}
    anchors: set[int] = set()
    last: str | None = None
    for position, item in enumerate(found):
        ahead = _count_to_next_date(text, item, found[position + 1:position + 2], published)
        if ahead is not None:  # "Two days before the vote on March 3, police raided …"
            counted[id(item)] = ahead
            anchors.add(id(found[position + 1]))
            continue
        count = _count_from_last_date(text, item) if last else None
        if count is None:
            if item.type in ("DATE", "TIME"):
                value = edtf_from_timex(item, published)
                if value and re.fullmatch(r"\d{4}(-\d{2}){0,2}", value.date):
                    last = value.date
            continue
        number, unit, word, said, end = count
        parts = [int(part) for part in last.split("-")]
        precision = min(len(parts), _UNIT_PRECISION[unit])
        if precision < _UNIT_PRECISION[unit] and unit in "DW":
            continue  # "in March … two days later": which day is not known
        amount = number * (-1 if word.lower() in ("earlier", "before that") else 1)
        step = {"D": relativedelta(days=amount), "W": relativedelta(weeks=amount),
                "M": relativedelta(months=amount), "Y": relativedelta(years=amount)}[unit]
        try:
            moved = dt.date(parts[0], *(parts[1:] + [1, 1])[:2]) + step
        except (ValueError, OverflowError):
            continue
        date = moved.isoformat()[: {1: 4, 2: 7, 3: 10}[precision]]
        counted[id(item)] = Counted(DatedValue(date, note=f"dated from {said}, counted from {last}"), end)
    return counted, anchors


def _dated_clauses(text: str, start: int, end: int, dated: list, anchor: dt.date | None):
    """(clause text, date, timexes used) for a sentence's dates: two dates joined by
    'between … and' or 'from … to' make one interval; 'since X' runs to publication;
    other dates each date their own clause."""
    sentence = text[start:end]
    used_indexes: set[int] = set()
    results = []
    for index, (item, value) in enumerate(dated):
        if index in used_indexes:
            continue
        before = text[max(start, item.start - 40):item.start]
        if index + 1 < len(dated) and "/" not in value.date and "/" not in dated[index + 1][1].date:
            following, next_value = dated[index + 1]
            joiner = text[item.end:following.start]
            if RANGE_JOIN.match(joiner) and (_RANGE_BETWEEN.search(before)
                                              or joiner.strip() in ("-", "–", "—", "to", "through", "until")):
                first, last = _shared_year(item, value.date, following, next_value.date), next_value.date
                if _ordered(first, last):
                    used_indexes.update({index, index + 1})
                    results.append((sentence, DatedValue(f"{first}/{last}"), [item, following]))
                    continue
        until = _until_later_date(text, item, dated[index + 1:]) if re.search(r"\bfrom\s+$", before, re.I) else None
        if until is not None and _ordered(value.date, until[1].date):
            # "served from 2011 until his resignation last year"
            used_indexes.update({index, dated.index(until)})
            results.append((sentence, DatedValue(f"{value.date}/{until[1].date}"), [item, until[0]]))
            continue
        since = value.date.split("/")[0]  # "since the spring" runs from the spring's start
        # "rates were unchanged from March" compares; it runs from nothing
        runs_since = _SINCE.search(before) and not _UNCHANGED_FROM.search(before)
        if runs_since and anchor and since != ".." and not _ordered(since, anchor.isoformat()):
            # "has scored 25 goals since August", published in May: last year's August
            clause = _clause_around(text, start, end, item)
            looks_back = ((past_verbs(clause) or PERFECT.search(clause))
                          and not (FUTURE.search(clause) or _AHEAD_OF_THE_VERB.search(clause)))
            earlier = _year_before(value, [item], anchor) if looks_back else None
            if earlier is not None:
                since, value = earlier.date, earlier
        if runs_since and anchor and since != ".." and _ordered(since, anchor.isoformat()):
            value = DatedValue(f"{since}/{anchor.isoformat()}", note=value.note)
        elif _NOT_UNTIL.search(text, max(start, item.start - 80), item.start):
            pass  # "schools did not fully reopen until September": they reopened then
        elif (_UNTIL.search(before) or _BEFORE_DATE.search(before)) and "/" not in value.date:
            value = DatedValue(f"../{value.date}", note=value.note)  # "cast ballots before Election Day"
        used_indexes.add(index)
        results.append((_clause_around(text, start, end, item), value, [item]))
    return results


# "had agreed to meet again on March 31": a date after publication that was agreed or
# promised is a coming event, not furniture. ("said it would …" is too often a state:
# "would remain closed until …".)
_AGREED_AHEAD = re.compile(r"\b(?:agreed|promised|pledged|vowed|decided|voted|planned|hoped|intended|aimed|"
                           r"agrees|promises|pledges|vows|decides|votes|hopes|intends|aims)\s+to\s+[a-z]+", re.I)
# "said it would …", "agreed to raise output in April", "completed by June": the date may
# lie ahead of the past verb, so the past tense says nothing about its year.
_AHEAD_OF_THE_VERB = re.compile(r"\b(?:would|could|might|to\s+[a-z]+|by|effective|starting)\b")
# "set sentencing for Sept. 12", "adjourned the case until June 3": the date is the one set.
_SET_FOR = re.compile(r"\b(?:set|scheduled|planned|slated|fixed|adjourned|postponed|delayed|moved|pushed)\b"
                      r"[^.;]{0,40}\b(?:for|until|to)\s+(?:the\s+)?$")


_MONTH_NAMED = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|$)", re.I)
_RELATIVE_WORD = re.compile(r"\b(?:next|last|this|coming|past|previous|following|ago|later|earlier)\b", re.I)


def _month_without_year(value: DatedValue, used: list) -> list[re.Match] | None:
    """The year and the rest of each end of a date the text names by its month ("in
    February", "Sept. 12", "June 4-6") without a year; None for a year written, or a date
    told from publication ("next Monday", "tomorrow"), which is not a year off."""
    matches = [re.fullmatch(r"(\d{4})(-\d{2}(?:-\d{2})?)", part) for part in value.date.split("/")]
    if not all(matches) or any(re.search(r"\d{4}", item.text) for item in used):
        return None
    if not any(_MONTH_NAMED.search(item.text) for item in used) or not all(
            (_MONTH_NAMED.search(item.text) or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", item.text))
            and not _RELATIVE_WORD.search(item.text) for item in used):
        return None
    return matches  # type: ignore[return-value]


def _years_moved(matches: list[re.Match], by: int) -> str:
    return "/".join(f"{int(match[1]) + by:04d}{match[2]}" for match in matches)


def _year_before(value: DatedValue, used: list, published: dt.date | None) -> DatedValue | None:
    """"sued … in February", published in December: a month or day written without its
    year, in the past tense, is the last one before publication. For review."""
    matches = _month_without_year(value, used)
    if not matches or published is None:
        return None
    date = _years_moved(matches, -1)
    if _after_publication(date, published):
        return None
    return DatedValue(date, value.time, note=f"the text gives no year; the past tense puts {date} before publication")


def _year_after(value: DatedValue, used: list, published: dt.date | None) -> DatedValue | None:
    """"set sentencing for Sept. 12", published in May: a month or day set for, written
    without its year, is the next one after publication if that is nearer. For review."""
    matches = _month_without_year(value, used)
    if not matches or published is None:
        return None
    date = _years_moved(matches, +1)
    if not _after_publication(date, published):
        return None
    # "originally scheduled for March 3, was postponed" (May): the March just past is nearer
    told, ahead = (dt.date(int(part[:4]), *[int(x) for x in (part[5:7] or "1", part[8:10] or "1")])
                   for part in (value.date, date))
    if (published - told).days < (ahead - published).days:
        return None
    return DatedValue(date, value.time, note=f"the text gives no year; a date set for is {date}, after publication")


_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:morning|afternoon|evening|night))?", re.I)


def _week_before(value: DatedValue, used: list, published: dt.date | None) -> DatedValue | None:
    """"pleaded guilty on Tuesday and will be sentenced …": a weekday the future of the
    sentence put after publication is, in a past-tense clause, the one before. For review."""
    if published is None or not all(_WEEKDAY.fullmatch(item.text) for item in used):
        return None
    try:
        date = (dt.date.fromisoformat(value.date[:10]) - dt.timedelta(days=7)).isoformat()
    except ValueError:
        return None
    if _after_publication(date, published):
        return None
    return DatedValue(date, value.time, note=f"the past tense puts {used[0].text} on {date}, before publication")


def _inside_quotation(sentence: str, position: int) -> bool:
    """Whether `position` lies between quotation marks of the sentence."""
    before = sentence[:position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _quotation_around(sentence: str, position: int) -> str:
    """The words between the quotation marks around `position`."""
    opening = max(sentence.rfind('"', 0, position), sentence.rfind("“", 0, position))
    closing = min((i for i in (sentence.find('"', position), sentence.find("”", position)) if i >= 0),
                  default=len(sentence))
    return sentence[opening + 1:closing]


def _until_later_date(text: str, item: timex.Timex, later: list):
    """The (timex, date) that ends "from X until … Y", if one does."""
    for following, value in later[:1]:
        between = text[item.end:following.start]
        if re.match(r"\s+(?:until|till|to|through)\b[^.;]{0,50}$", between) and "/" not in value.date:
            return following, value
    return None


def _shared_year(first_item: timex.Timex, first: str, last_item: timex.Timex, last: str) -> str:
    """"between April and September 2020": the year written once belongs to both dates
    (to the year before for "between November and February 2021")."""
    if re.search(r"\d{4}", first_item.text) or not re.search(r"\d{4}", last_item.text):
        return first
    month, last_month = re.fullmatch(r"\d{4}-(\d{2})(?:-\d{2})?", first), re.fullmatch(r"(\d{4})-(\d{2}).*", last)
    if not month or not last_month:
        return first
    year = int(last_month[1]) - (1 if month[1] > last_month[2] else 0)
    return f"{year:04d}{first[4:]}"


def _ordered(first: str, last: str) -> bool:
    try:
        parse(f"{first}/{last}")
    except DateError:
        return False
    return True


def _after_publication(date: str, anchor: dt.date | None) -> bool:
    if anchor is None:
        return False
    try:
        parsed = parse(date)
    except DateError:
        return False
    point = parsed.start or parsed.end
    if point is None or point.year < 1:
        return False
    key = (point.year, point.month or 1, point.day or 1)
    return key > (anchor + dt.timedelta(days=1)).timetuple()[:3]
_CLAUSE_BREAK = re.compile(r";|:\s+|,\s+(?:and|but|while|whereas|after|before|when)\s+|\s+(?:while|whereas)\s+"
                           # "returned on Thursday after leaders accepted the offer late Wednesday"
                           r"|\s+(?:after|before)\s+(?=(?:the\s+|a\s+|an\s+|its\s+|their\s+)?\w+(?:\s+\w+)?\s+"
                           rf"(?:had\s+)?(?:\w+ed|{'|'.join(sorted(IRREGULAR_PAST - {'read', 'set', 'let', 'put', 'cut', 'hit', 'cost', 'lay'}))})\b)"
                           # "was arrested on 12 June and released two days later", "… and will be
                           # sentenced in January"
                           r"|\s+and\s+(?=(?:was\s+|were\s+)?[a-z]+ed\b|will\s|is\s+to\s|are\s+to\s|is\s+due\s|are\s+due\s)"
                           # "the fire that killed 112 people on March 25, 2012", "a wildfire that broke
                           # out" (", which began on …," is an aside: titles take it as a whole)
                           r"|\s+(?:that|which|who)\s+(?=[a-z]+ed\b)"
                           rf"|(?<!,)\s+(?:that|which|who)\s+(?=(?:{'|'.join(sorted(UNAMBIGUOUS_PAST))})\b)"
                           # "…, undermining a ceasefire that has held since 2023" (not "…, according to")
                           r"|,\s+(?=[a-z]+ing\s)(?!(?:according|including|excluding|regarding|concerning)\b)"
                           # "cut 12,000 jobs after warning last month that …"
                           r"|\s+(?:after|before)\s+(?=[a-z]*[aeiouy][a-z]*ing\s)(?!(?:during|morning|evening)\b)")
# The date of an attribution after the claim: "…, the agency said on Thursday".
_SAID_ON = re.compile(r",[^,\"“”]{2,80}\b(?:said|says|announced|reported|told \w+|added)\s+(?:on|in|at|late|early)?\s*$")
_PARTICIPLE_CLAUSE = re.compile(r"^[a-z]+ing\s")
_BEFORE_OR_AFTER = re.compile(r"\b(?:after|before)\s*$", re.I)


# "after reporting last month that …", "after inspecting the vessels": an "-ing" form with
# an object or a "that" clause (after the date, if any), not a noun ("after fighting over
# the weekend", "after trading resumed").
_GERUND_CLAUSE = re.compile(r"^(?P<gerund>[a-z]*[aeiouy][a-z]*ing)\s+"
                            r"(?:(?:last|this|next|earlier|on|in)\s+\w+\s+)?"
                            r"(?:that|a|an|the|its|his|her|their|these|those|two|three|four|five|\d|[A-Z])")
_ING_NOUNS = {"morning", "evening", "building", "meeting", "hearing", "ceiling", "spring", "string", "thing",
              "king", "ring", "wing", "nothing", "something", "anything", "everything", "during", "fighting",
              "shelling", "trading", "bombing", "flooding", "funding", "polling", "voting", "shooting",
              "landing", "opening", "closing", "ruling", "finding", "briefing", "warning", "offering"}


def _doer_of_participle(clause: str, sentence: str) -> str | None:
    """For "… after warning last month that …", who warned: the subject of the
    sentence, when it is a noun phrase (a pronoun makes no title)."""
    clause = clause.strip()
    position = sentence.find(clause)
    if position < 0 or not _BEFORE_OR_AFTER.search(sentence[:position]):
        return None
    gerund = _GERUND_CLAUSE.match(clause)
    if not gerund or (gerund["gerund"] in _ING_NOUNS and not re.match(r"[a-z]+ing\s+(?:\w+\s+){0,2}that\b", clause)):
        return None
    subject = lead_subject(sentence)
    if not subject or subject.lower() in PRONOUNS or "," in subject:
        return None
    return subject


def _with_doer(title: str, doer: str) -> str:
    """"Warning that profit would fall short" told of "The company": "The company warned
    that profit would fall short"."""
    gerund = re.match(r"([A-Za-z]+ing)\b", title)
    if not gerund:
        return title
    title = f"{doer} {past_of_gerund(gerund[1].lower())}{title[gerund.end():]}"
    return without_dangling_end(shorten(title), cut=True) if len(title) > TITLE_LIMIT else title
# "120 violations, up from 45 in September": a date that only gives a comparison
# "the strongest", "its lowest", "the first": not "the interest", "the protest".
_SUPERLATIVE = (r"(?:\b(?:the|its|their|his|her)|[\w-]+['’]s)\s+(?:(?:second|third|fourth|fifth)[\s-]+)?"
                r"(?!(?:interest|protest|arrest|request|contest|harvest|forest|"
                r"inquest|conquest|west|test|rest|quest|guest|chest|nest|digest|manifest|suggest)\b)"
                r"(?:[a-z]+est|most|least|first|worst|best)\b")
_COMPARISON = re.compile(r"\b(?:(?:(?:up|down|rising|falling|unchanged|flat|steady)\s+(?:\S+\s+)?from|compared\s+(?:with|to)|versus|vs\.?)"
                         r"\b[^,.;]{0,30}|than\s+(?:in|at|on|during|for)?\s*"
                         # "fell to 5.5% in June from 6.1% in May": May's figure is compared with
                         r"|\bfrom\s+(?:[$€£]\d[\d.,]*(?:\s+(?:million|billion|trillion))?|\d[\d.,]*\s*(?:%|percent\b|"
                         r"per cent\b|points?\b|(?:million|billion|trillion)\b))\s+(?:in|on|at|during)\s+(?:the\s+)?"
                         # "the strongest storm since Lothar in December 1999"
                         r"|" + _SUPERLATIVE + r"[^.;]{0,60}\bsince\b[^,.;]{0,40})$", re.I)
_PLAIN_COMPARISON = re.compile(r"\b(?:(?:up|down|rising|falling|unchanged|flat|steady)\s+(?:\S+\s+)?from|"
                               r"compared\s+(?:with|to)|versus|vs\.?)\b(?:[^,.;]|(?<=\d)[.,](?=\d)){0,30}$", re.I)
_OVER_BASELINE = re.compile(r"\b(?:improvement|increase|decrease|rise|fall|drop|decline|gain|jump)\s+(?:over|on)\s+$",
                            re.I)
_RECORD_LEVEL = re.compile(r"\b(?:record|all-time|multi-year|\d+-year)\s+(?:highs?|lows?|levels?)\b[^,.;]{0,20}$", re.I)
# A date that says which period a forecast is for: "expected fourth-quarter revenue of …",
# "forecast growth for next year".
_FORECAST_OF = re.compile(r"\b(?:expects?|expected|forecasts?|forecast|projects?|projected|predicts?|predicted|"
                          r"estimates?|estimated|sees|saw|guided)\s+(?:its\s+|their\s+|the\s+)?(?P<noun>"
                          r"(?:revenue|sales|profit|earnings|growth|output|demand)\s+(?:for|in)\s+(?:the\s+)?)?$",
                          re.I)
_MEASURE_AFTER = re.compile(r"[\s-]*(?:revenue|sales|profits?|earnings|results|growth|output|production|demand|"
                            r"figures|loss(?:es)?|income|margins?)\b", re.I)


def _forecast_period(text: str, item: timex.Timex, before: str) -> bool:
    """Whether a date names the period a forecast is for, not the day it was made
    ("estimated last Friday that …" is the estimate's day)."""
    forecast = _FORECAST_OF.search(before)
    return bool(forecast and (forecast["noun"] or _MEASURE_AFTER.match(text, item.end)))
# "It was the strongest autumn storm since 1999": a record, not an event.
_RECORD = re.compile(r"^(?:it|this|that|these|those|they)\s+(?:was|were|is|are|had been|has been)\s+the\s+"
                     r"(?:\w+est|most|least|first|worst|best)\b", re.I)
# "Kalani was the 11th storm to hit the Philippines this year": a rank within a period
# still running, no event of that period.
_RANKED = re.compile(r"^(?:[\w’'.-]+\s+){1,5}(?:was|is|were|are|became|has become|had become)\s+the\s+"
                     r"(?:\d+(?:st|nd|rd|th)|\w+est|most|least|first|second|third|worst|best|only)\b", re.I)
_RUNNING_PERIOD = re.compile(r"(?:so\s+far\s+)?this\s+(?:year|month|week|season|decade|century)", re.I)
# "The sentence is the longest handed to a local official since 2008": the date is what
# the record is measured against (looked for in a longer stretch before the date).
# ("… its highest level since Typhoon Vamco in November 2020": since a named event, dated)
_RECORD_SINCE = re.compile(_SUPERLATIVE + r"[^.;,]{0,90}\bsince\s+(?:the\s+)?"
                           r"(?:(?-i:[A-Z][\w’'.-]*)\s+){0,4}(?:(?:in|on|of)\s+)?$", re.I)


def _clause_around(text: str, start: int, end: int, item: timex.Timex) -> str:
    """The clause of the sentence that holds `item`."""
    sentence = text[start:end]
    found, last = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        # "was arrested … and released": two past predicates. "are missing and presumed
        # dead" is one predicate, with a participle.
        if m[0].strip() == "and" and not past_verbs(sentence[last:m.start()]):
            continue
        if m[0].strip() in ("that", "which", "who") and not ANTECEDENT.search(DATELINE.sub("", sentence[:m.end()])):
            continue  # "accusations over who broke the truce": no noun for the clause to tell of
        found.append((m.start(), m.end()))
        last = m.end()
    breaks = [(0, 0), *found, (len(sentence), len(sentence))]
    position = item.start - start
    for (_, left), (right, _) in zip(breaks, breaks[1:]):  # a clause runs between two breaks
        if left <= position < right:
            clause = sentence[left:right]
            if re.match(r"\W*with\s", clause, re.I) and left == 0:
                return sentence  # "With 92% of precincts counted on Sunday, the commission …"
            # "…, after warning last month that …" reports the warning.
            return clause if reports_happening(clause) or _doer_of_participle(clause, sentence) else sentence
    return sentence


_STOPWORDS = set("""
    the a an and or but of to in on at for with by from as is was were are be been has have had it its this that
    these those their his her they he she we our you your not no said says say will would could should may might
    also than then there which who whom whose what when where while over into about after before more most such
    very just only other some any all one two three new
""".split())


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in _STOPWORDS}


def similarity(first: str, second: str) -> float:
    """Overlap of content words, relative to the shorter text."""
    a, b = content_words(first), content_words(second)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _range(date: str) -> tuple[tuple, tuple]:
    parsed: EventDate = parse(date)
    low = (parsed.start.year, parsed.start.month or 1, parsed.start.day or 1) if parsed.start else (-10**6, 1, 1)
    end = parsed.end if parsed.interval else parsed.start
    high = (end.year, end.month or 12, end.day or 31) if end else (10**6, 12, 31)
    return low, high


def dates_overlap(first: str, second: str) -> bool:
    try:
        (a_low, a_high), (b_low, b_high) = _range(first), _range(second)
    except DateError:
        return False
    return a_low <= b_high and b_low <= a_high


def same_event(date_a: str, text_a: str, date_b: str, text_b: str, vague: bool = False) -> bool:
    """Two tellings of one event: overlapping dates and mostly the same words."""
    if not dates_overlap(date_a, date_b):
        return False
    return similarity(text_a, text_b) >= (0.7 if vague else 0.5)


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Drafts that tell the same event become one, with the sources of all."""
    merged: list[Draft] = []
    for draft in drafts:
        vague = draft.date.startswith("..")
        for kept in merged:
            if kept.quote == draft.quote and kept.date == draft.date and kept.title == draft.title:
                break  # the very same sentence and clause, e.g. an article read twice
            if (kept.quote == draft.quote and (vague or kept.date.startswith(".."))
                    and kept.title.split()[:2] != draft.title.split()[:2]):
                # "Ericsson has cut jobs in recent weeks, and Nokia announced cuts in October
                # 2023": a vague clause and a dated one with subjects of their own
                continue
            if same_event(kept.date, kept.title + " " + kept.quote, draft.date, draft.title + " " + draft.quote,
                          vague or kept.date.startswith("..")):
                for source in draft.sources:
                    if source not in kept.sources:
                        kept.sources.append(source)
                kept.actors += [a for a in draft.actors if a not in kept.actors]
                kept.places += [p for p in draft.places if p not in kept.places]
                if (kept.date.startswith("..") and not vague) or _more_precise(draft, kept):
                    kept.date, kept.time, kept.review = draft.date, draft.time, draft.review
                break
        else:
            merged.append(draft)
    return merged


def _more_precise(draft: Draft, kept: Draft) -> bool:
    """Whether `draft` dates the event they both tell more precisely: "2019-03-12" than
    "2019"; and, of one sentence's dates, a day than the span around it ("made her
    debut in November 1971" over "the following decade")."""
    if "/" in draft.date:
        return False
    if "/" in kept.date:
        return kept.quote == draft.quote
    return draft.date.startswith(kept.date.rstrip("~?%")) and len(draft.date) > len(kept.date)


def already_cites(event: Event, citation: dict) -> bool:
    """The event already cites this article with this quote."""
    quote = " ".join(str(citation.get("quote", "")).split())
    for existing in event.citations:
        source = existing.source
        same_source = (citation.get("source") and citation["source"] == source.id) or \
            (citation.get("url") and citation["url"] == source.url) or \
            (not citation.get("url") and citation.get("title") and citation["title"] == source.title)
        if same_source and (existing.quote == quote or not quote):
            return True
    return False


def find_match(draft: Draft, events: list[Event]) -> Event | None:
    """The existing event this draft tells again, if any."""
    best, best_score = None, 0.0
    for event in events:
        if any(already_cites(event, citation) for citation in draft.sources):
            return event
        if not dates_overlap(draft.date, event.date.edtf()):
            continue
        known = event.title + " " + " ".join(c.quote for c in event.citations)
        score = similarity(draft.title + " " + draft.quote, known)
        threshold = 0.7 if draft.date.startswith("..") else 0.5
        if score >= threshold and score > best_score:
            best, best_score = event, score
    return best
