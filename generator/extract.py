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
from .articles import Article, clip
from .dates import DateError, EventDate, parse
from .gazetteer import Gazetteer
from .model import Event

TITLE_LIMIT = 90
SENTENCE_LIMIT = 1500  # longer runs without a full stop are lists or tables, not sentences

# --- sentences -----------------------------------------------------------------------

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


# --- is it an event? -------------------------------------------------------------------

_IRREGULAR_PAST = set("""
    arose awoke began bit blew broke brought built burst bought caught chose came cost cut dealt dug did drew
    drove ate fell fed felt fought found fled flew forbade forgot froze got gave went grew hung had heard hid
    hit held hurt kept knew laid led left lent let lay lit lost made meant met paid put quit read rode rang rose
    ran said saw sought sold sent set shook shot shut sang sank sat slept slid spoke spent spun split spread
    stood stole stuck struck swore swept swam took taught tore told thought threw understood woke wore won wrote
    withdrew overtook overthrew undertook upheld beat
""".split())
# The past tense of an "-ing" form whose stem does not give it: "meeting" -> "met".
_IRREGULAR_GERUNDS = dict(pair.split(":") for pair in """
    arising:arose beginning:began bringing:brought building:built buying:bought catching:caught choosing:chose
    coming:came cutting:cut dealing:dealt doing:did drawing:drew driving:drove eating:ate falling:fell
    feeling:felt fighting:fought finding:found fleeing:fled flying:flew forgetting:forgot getting:got giving:gave
    going:went growing:grew having:had hearing:heard hitting:hit holding:held keeping:kept knowing:knew
    laying:laid leading:led leaving:left letting:let losing:lost making:made meeting:met paying:paid putting:put
    quitting:quit reading:read riding:rode rising:rose running:ran saying:said seeing:saw seeking:sought
    selling:sold sending:sent setting:set shooting:shot shutting:shut sitting:sat speaking:spoke spending:spent
    standing:stood striking:struck swearing:swore taking:took teaching:taught telling:told thinking:thought
    throwing:threw undertaking:undertook upholding:upheld winning:won withdrawing:withdrew writing:wrote
    being:was agreeing:agreed becoming:became breaking:broke beating:beat bidding:bid blowing:blew
    binding:bound bleeding:bled digging:dug feeding:fed forecasting:forecast freezing:froze hanging:hung
    hiding:hid hurting:hurt lending:lent lighting:lit overseeing:oversaw overtaking:overtook rebuilding:rebuilt
    ringing:rang shaking:shook singing:sang sinking:sank sleeping:slept sliding:slid spinning:spun
    splitting:split spreading:spread stealing:stole sticking:stuck sweeping:swept swimming:swam tearing:tore
    understanding:understood waking:woke wearing:wore forgiving:forgave upsetting:upset shrinking:shrank
""".split())


def _past_of_gerund(gerund: str) -> str:
    """"reporting" -> "reported", "announcing" -> "announced", "carrying" -> "carried"."""
    if gerund in _IRREGULAR_GERUNDS:
        return _IRREGULAR_GERUNDS[gerund]
    stem = gerund[:-3]
    if stem.endswith("e"):
        return stem + "d"
    if len(stem) > 1 and stem.endswith("y") and stem[-2] not in "aeiou":
        return stem[:-1] + "ied"
    return stem + "ed"


_PRESENT_REPORT = re.compile(r"\b(says|say|announces|reports|confirms|denies|claims|warns|meets|visits|holds|"
                             r"launches|signs|begins|ends|opens|closes|arrives|leaves|condemns|accuses)\b")
_PAST_PARTICIPLE_AUX = re.compile(r"\b(was|were|has been|have been|had been|is|are)\s+\w+ed\b")
# "was sworn in", "were beaten": a passive whose participle is irregular.
_IRREGULAR_PASSIVE = re.compile(r"\b(?:was|were|has been|have been|had been)\s+(?:\w+ly\s+)?(?:sworn|born|taken|given|"
                                r"shown|seen|known|chosen|stolen|beaten|broken|driven|written|spoken|done|gone|held|"
                                r"built|found|hit|shot|struck|sent|sold|caught|brought|kept|left|lost|made|paid|told|"
                                r"won|hung|put|set|cut|shut|spent|thrown|drawn|grown|blown|flown|frozen|hidden|"
                                r"ridden|forgiven|forbidden|withdrawn|overtaken|upheld|laid|led|met|fed|hurt|quit|"
                                r"split|spread|burst|sunk|sung|swept|torn|worn|woken|dealt|dug|fought|bought|taught|"
                                r"thought|sought|bound|bled|lent|lit|rebuilt|overthrown)\b")
_FUTURE = re.compile(r"\b(will|shall|is to|are to|is due to|are due to|is set to|are set to|plans? to|"
                     r"due to (?:open|start|begin|close|end|arrive|meet|launch|take place|hold|resume|return|"
                     r"visit|vote|appear|sign|finish|expire)|"
                     r"is scheduled to|are scheduled to|is expected to|are expected to|"
                     r"(?:is|are) (?:scheduled|set|due|planned|slated) (?:for|on|in))\b", re.I)
_NOT_EVENT = re.compile(r"\?\s*[\"”’]?$")
_ADJECTIVES_IN_ED = {"alleged", "armed", "based", "united", "limited", "so-called", "advanced", "detailed",
                     "concerned", "interested", "supposed", "experienced", "skilled", "talented", "red",
                     "bed", "need", "speed", "seed", "feed", "indeed", "hundred", "shed", "led"}
_PERFECT = re.compile(r"\b(has|have)\s+(\w+\s+)?(been\s+)?\w+(ed|en|n)\b")


def _past_verbs(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][a-z-]+", text)
    return [w for w in words if (w.lower() in _IRREGULAR_PAST)
            or (w.islower() and w.endswith("ed") and len(w) > 4 and w not in _ADJECTIVES_IN_ED)]


def reports_happening(text: str) -> bool:
    """A clause that states something happening: it has a finite verb in the past,
    a reporting verb in the present, or a future construction; it is no question."""
    if _NOT_EVENT.search(text):
        return False
    return bool(_past_verbs(text) or _IRREGULAR_PASSIVE.search(text) or _PRESENT_REPORT.search(text)
                or _FUTURE.search(text))


def reports_discrete_event(text: str) -> bool:
    """Stricter, for vague dates ('recently'): a simple past action, not a state
    ('have lately formed a camaraderie') and not the future."""
    if not reports_happening(text) or _FUTURE.search(text):
        return False
    without_perfect = _PERFECT.sub(" ", text)
    return bool(_past_verbs(without_perfect))


# --- dates ----------------------------------------------------------------------------

@dataclass
class DatedValue:
    date: str  # EDTF
    time: str = ""
    vague: bool = False
    note: str = ""


_NAMES_A_DAY = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow|tonight|this|"
                          r"last|that|next)\b|\d{4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d",
                          re.I)
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
    if item.type == "TIME" and not _NAMES_A_DAY.search(item.text):
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


# --- drafts ---------------------------------------------------------------------------

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
_RANGE_JOIN = re.compile(r"^\s*(and|to|until|till|through|thru|-|–|—)\s*$", re.I)
_SINCE = re.compile(r"\b(since|from)\s+(the\s+(start|beginning|end)\s+of\s+)?$", re.I)
_BEFORE_DATE = re.compile(r"(?<!\bday )(?<!\bdays )(?<!\bweek )(?<!\bweeks )(?<!\bmonth )(?<!\bmonths )(?<!\byear )"
                          r"(?<!\byears )(?<!\bhours )(?<!\bnight )\bbefore\s+(?:the\s+)?$", re.I)
_UNCHANGED_FROM = re.compile(r"\b(?:unchanged|flat|steady|up|down|higher|lower|changed|different)\s+from\s+$", re.I)
_UNTIL = re.compile(r"\b(until|till|up to)\s+$", re.I)


def draft_events(article: Article, gazetteer: Gazetteer, published: dt.date | None = None,
                 skipped: list[str] | None = None) -> list[Draft]:
    """Drafts for every dated event `article` reports; what was left out and why is
    added to `skipped`."""
    skipped = [] if skipped is None else skipped
    anchor = published or article.published
    text = article.text
    found = timex.tag(text, anchor)
    counted, counted_from = _counted_from_last_date(text, found, anchor)
    drafts: list[Draft] = []
    person: str | None = None  # whom a sentence's "He" or "She" names: see _person_named
    previous_end = 0
    for start, end in sentences(text):
        sentence = text[start:end]
        if "\n\n" in text[previous_end:start]:
            person = None  # a new paragraph: "He" may be anyone
        previous_end = end
        opens_with_pronoun = re.match(r"\s*(?:He|She)\s", sentence)
        he_or_she, person = (person if opens_with_pronoun else None), (
            person if opens_with_pronoun else _person_named(sentence, gazetteer))
        if end - start > SENTENCE_LIMIT:
            skipped.append(f"left out a {end - start}-character 'sentence' (a list or table?) "
                           f"starting {clip(sentence, 60)!r}")
            continue
        dateline = _DATELINE.match(sentence)  # "LISBON, March 14 (Reuters) -": when it was filed
        inside = [t for t in found if t.start >= start + (dateline.end() if dateline else 0) and t.end <= end]
        values = [(t, counted[id(t)].value if id(t) in counted else edtf_from_timex(t, anchor))
                  for t in inside if id(t) not in counted_from]
        # "clashed over the 2020 election results", "over last year's budget": a year that
        # describes a noun dates nothing
        # (but "The 2008 crisis, which wiped out …" opens the sentence: it is its subject)
        dated = [(t, v) for t, v in values if v is not None and not (
            re.fullmatch(r"\d{4}", t.text) and text[max(0, t.start - 4):t.start] == "the "
            and re.match(r"\s+[a-z]", text[t.end:t.end + 2])
            or (re.fullmatch(r"-?\d{4}", v.date) or t.text.lower() == "today") and text[t.end:t.end + 2] in ("'s", "’s"))]
        # "Sept. 30, 2024, the end of the fiscal year": the second restates the first (a
        # list, "Nov. 17, Dec. 1 and Dec. 15", names dates of its own).
        dated = [(t, v) for i, (t, v) in enumerate(dated)
                 if not (i and t.text.lower().startswith("the ")
                         and re.fullmatch(r",\s*|\s*\(\s*", text[dated[i - 1][0].end:t.start]))]
        # "March 23, 2015: The three countries sign a declaration": a dated entry of a list
        # is an event whatever its tense (timelines tell them in the present).
        entry = dated and dated[0][0].start == start and re.match(r"\s*[:—–-]\s", text[dated[0][0].end:end])
        if not dated or not (reports_happening(sentence) or entry):
            continue
        if _RECORD.match(_DATELINE.sub("", sentence.strip())):
            skipped.append(f"left out {clip(sentence, 60)!r}: a record or comparison, not an event")
            continue
        quote = " ".join(sentence.split())
        mentions = gazetteer.find(_without_wire_credit(sentence))
        quoted = {id(t) for t, _ in dated if _inside_quotation(sentence, t.start - start)}
        for clause_text, value, used in _dated_clauses(text, start, end, dated, anchor):
            if value.vague and not reports_discrete_event(clause_text):
                continue
            if (all(id(t) in quoted for t in used) and len(quoted) < len(dated)
                    and not _past_verbs(_quotation_around(sentence, used[0].start - start))):
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
                    or _RECORD_SINCE.search(text[max(start, used[0].start - 120):used[0].start])):
                skipped.append(f"left out {clip(clause_text, 60)!r} dated {value.date}: "
                               "it describes or compares; it reports no event of its own")
                continue
            set_for = (_SET_FOR.search(text[max(start, used[0].start - 60):used[0].start])
                       and all(_MONTH_NAMED.search(t.text) and not _RELATIVE_WORD.search(t.text) for t in used))
            if set_for and not _after_publication(value.date, anchor):
                value = _year_after(value, used, anchor) or value
            if _after_publication(value.date, anchor) and not (_FUTURE.search(clause_text) or set_for):
                earlier = (_year_before(value, used, anchor) or _week_before(value, used, anchor)
                           if _past_verbs(clause_text) and not _AHEAD_OF_THE_VERB.search(clause_text) else None)
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
                title = _shorten_if_long(he_or_she + title[title.index(" "):])
                actors = list(dict.fromkeys(gazetteer.find(he_or_she).actors + actors))
            drafts.append(Draft(date=value.date, time=value.time, title=title, quote=quote,
                                actors=actors, places=mentions.places,
                                sources=[citation_for(article, quote)], review=review, article=article.path))
    return drafts


_COUNTED = re.compile(r"\s+(later|afterwards|after that|earlier|before that)\b", re.I)
_UNIT_WORDS = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}
_UNIT_PRECISION = {"D": 3, "W": 3, "M": 2, "Y": 1}  # the finest date part a count of such units can move


class Counted(NamedTuple):
    value: DatedValue
    end: int  # the end of "two days later", "later" included: the title drops it all


# "A year earlier": a date the tagger counts from publication, and a story from the last
# date it told.
_COUNT_BEFORE_OR_AFTER = re.compile(r"(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
                                    r"(?P<unit>[dwmy])(?:ay|eek|onth|ear)s?\s+(?P<word>earlier|later)", re.I)


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
    if _past_verbs(between[word.end(1):]) or re.search(r"\b(?:for|lasted|lasting|took|spent|over|within)\s+$",
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
            if _RANGE_JOIN.match(joiner) and (_RANGE_BETWEEN.search(before)
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
            looks_back = ((_past_verbs(clause) or _PERFECT.search(clause))
                          and not (_FUTURE.search(clause) or _AHEAD_OF_THE_VERB.search(clause)))
            earlier = _year_before(value, [item], anchor) if looks_back else None
            if earlier is not None:
                since, value = earlier.date, earlier
        if runs_since and anchor and since != ".." and _ordered(since, anchor.isoformat()):
            value = DatedValue(f"{since}/{anchor.isoformat()}", note=value.note)
        elif (_UNTIL.search(before) or _BEFORE_DATE.search(before)) and "/" not in value.date:
            value = DatedValue(f"../{value.date}", note=value.note)  # "cast ballots before Election Day"
        used_indexes.add(index)
        results.append((_clause_around(text, start, end, item), value, [item]))
    return results


# "said it would …", "agreed to raise output in April", "completed by June": the date may
# lie ahead of the past verb, so the past tense says nothing about its year.
_AHEAD_OF_THE_VERB = re.compile(r"\b(?:would|could|might|to\s+[a-z]+|by)\b")
# "set sentencing for Sept. 12", "adjourned the case until June 3": the date is the one set.
_SET_FOR = re.compile(r"\b(?:set|scheduled|planned|slated|fixed|adjourned|postponed|delayed|moved|pushed)\b"
                      r"[^.;]{0,40}\b(?:for|until|to)\s+(?:the\s+)?$")


_MONTH_NAMED = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|$)", re.I)
_RELATIVE_WORD = re.compile(r"\b(?:next|last|this|coming|past|previous|following|ago|later|earlier)\b", re.I)


def _year_before(value: DatedValue, used: list, published: dt.date | None) -> DatedValue | None:
    """"sued … in February", published in December: a month or day written without its
    year, in the past tense, is the last one before publication. For review."""
    match = re.fullmatch(r"(\d{4})(-\d{2}(?:-\d{2})?)", value.date)
    if not match or published is None or any(re.search(r"\d{4}", item.text) for item in used):
        return None
    if not all(_MONTH_NAMED.search(item.text) and not _RELATIVE_WORD.search(item.text) for item in used):
        return None  # "next Monday", "tomorrow": told from publication, not a year off
    date = f"{int(match[1]) - 1:04d}{match[2]}"
    if _after_publication(date, published):
        return None
    return DatedValue(date, value.time, note=f"the text gives no year; the past tense puts {date} before publication")


def _year_after(value: DatedValue, used: list, published: dt.date | None) -> DatedValue | None:
    """"set sentencing for Sept. 12", published in May: a month or day set for, written
    without its year, is the next one after publication. For review."""
    match = re.fullmatch(r"(\d{4})(-\d{2}(?:-\d{2})?)", value.date)
    if not match or published is None or any(re.search(r"\d{4}", item.text) for item in used):
        return None
    if not all(_MONTH_NAMED.search(item.text) and not _RELATIVE_WORD.search(item.text) for item in used):
        return None
    date = f"{int(match[1]) + 1:04d}{match[2]}"
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


# Past forms that are not also present forms ("they cut", "costs that hit") or nouns:
# after "that", "which" or "who" they start a clause of their own.
_UNAMBIGUOUS_PAST = _IRREGULAR_PAST - {"read", "set", "let", "put", "cut", "hit", "cost", "lay", "quit", "shut", "beat",
                                       "split", "spread", "burst", "hurt", "lit", "fed", "led", "left", "saw", "found",
                                       "had", "did"}
_CLAUSE_BREAK = re.compile(r";|:\s+|,\s+(?:and|but|while|whereas|after|before|when)\s+|\s+(?:while|whereas)\s+"
                           # "returned on Thursday after leaders accepted the offer late Wednesday"
                           r"|\s+(?:after|before)\s+(?=(?:the\s+|a\s+|an\s+|its\s+|their\s+)?\w+(?:\s+\w+)?\s+"
                           rf"(?:had\s+)?(?:\w+ed|{'|'.join(sorted(_IRREGULAR_PAST - {'read', 'set', 'let', 'put', 'cut', 'hit', 'cost', 'lay'}))})\b)"
                           # "was arrested on 12 June and released two days later", "… and will be
                           # sentenced in January"
                           r"|\s+and\s+(?=(?:was\s+|were\s+)?[a-z]+ed\b|will\s|is\s+to\s|are\s+to\s|is\s+due\s|are\s+due\s)"
                           # "the fire that killed 112 people on March 25, 2012", "a wildfire that broke
                           # out" (", which began on …," is an aside: titles take it as a whole)
                           r"|\s+(?:that|which|who)\s+(?=[a-z]+ed\b)"
                           rf"|(?<!,)\s+(?:that|which|who)\s+(?=(?:{'|'.join(sorted(_UNAMBIGUOUS_PAST))})\b)"
                           # "…, undermining a ceasefire that has held since 2023" (not "…, according to")
                           r"|,\s+(?=[a-z]+ing\s)(?!(?:according|including|excluding|regarding|concerning)\b)"
                           # "cut 12,000 jobs after warning last month that …"
                           r"|\s+(?:after|before)\s+(?=[a-z]*[aeiouy][a-z]*ing\s)(?!(?:during|morning|evening)\b)")
# The date of an attribution after the claim: "…, the agency said on Thursday".
_SAID_ON = re.compile(r",[^,\"“”]{2,80}\b(?:said|says|announced|reported|told \w+|added)\s+(?:on|in|at|late|early)?\s*$")
_PARTICIPLE_CLAUSE = re.compile(r"^[a-z]+ing\s")
_BEFORE_OR_AFTER = re.compile(r"\b(?:after|before)\s*$", re.I)
# Who does what a sentence opens with: the words before its first verb ("The operator of
# the country's largest dam said …").
# Who does what a sentence opens with: the words before its first verb ("The operator of
# the country's largest dam said …").
_VERB = re.compile(rf"(?:said|says|told|announced|has|have|had|was|were|is|are|will|would|"
                   rf"{'|'.join(sorted(_IRREGULAR_PAST))}|[a-z]+ed)")
# Before these, an "-ed" word describes the subject ("The embattled prime minister", "the
# newly elected mayor", "A hundred protesters").
_DESCRIBES = re.compile(r"(?:the|a|an|its|his|her|their|our|\w+ly|\d[\d,.]*|one|two|three|four|five|six|seven|"
                        r"eight|nine|ten|several|some|many)", re.I)


def _lead_subject(sentence: str) -> str | None:
    words = _DATELINE.sub("", sentence.strip()).split()
    if not words or not words[0][:1].isupper():
        return None
    for position in range(1, min(len(words), 9)):
        word = words[position]
        if _VERB.fullmatch(word) and word != "hundred" and not _DESCRIBES.fullmatch(words[position - 1]):
            return " ".join(words[:position]).rstrip(",")
    return None


# A person's name as a sentence's subject: capitalized words ("President Luiz Inacio Lula
# da Silva", "Niek Stam"), with the particles of names between them.
_NAME_PARTICLES = {"da", "de", "del", "der", "di", "dos", "du", "la", "le", "van", "von", "bin", "al", "ibn", "ten", "ter"}
_SAID_BY = re.compile(r"[,”\"]\s*(?:said|says|added)\s+(?P<speaker>[A-Z][^,.;]{2,60}?)\s*(?:[,.]|$)")


# Another person, or an organisation speaking of itself, in the sentence: then "He" or
# "She" in the next one may be someone else.
_SOMEONE_ELSE = re.compile(
    r"\b(?:him|it|its|they|them)\b|\b(?i:executive|officer|chief|minister|president|spokesman|spokeswoman|spokesperson|"
    r"official|director|leader|judge|lawyer|attorney|manager|coach|player|son|daughter|wife|husband|man|woman|boy|"
    r"girl|suspect|victim|driver|pilot|soldier|candidate|rival|opponent|counterpart|ambassador|envoy|secretary|"
    r"governor|senator|mayor|king|queen|prince|princess|general|father|mother|brother|sister|friend|partner|"
    r"founder|chairman|chairwoman|successor|predecessor|deputy|aide|adviser|advisor)s?\b")
_NAME_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|da|de|del|der|di|dos|du|la|le|van|von|bin|al|ibn|ten|ter)"
                       r"){0,6}\b")
# Words capitalized at the start of a sentence or quotation, not names.
_CAPITALIZED_WORDS = set("""We I The A An It This That These Those He She They But And Or In On At As If When While
    After Before Our My Your His Her Their Its There Here What Who Why How No Not Yes So For To From By With Some
    Many Most All Every Each One Two Three Then Now Today Yesterday Tomorrow Last Next""".split())
_CALENDAR_WORD = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|"
                            r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec")


def _may_be_a_person(name: str, gazetteer: Gazetteer) -> bool:
    """Whether a capitalized name may be a person's: one the gazetteer knows as a person,
    or knows nothing of ("Chinese President Xi Jinping" is; "Athens" is not)."""
    found = gazetteer.find(name)
    kinds = {gazetteer.kind_of(actor) for actor in found.actors}
    return "person" in kinds or not (found.places or kinds)


def _person_named(sentence: str, gazetteer: Gazetteer) -> str | None:
    """Who a following sentence's "He" or "She" most likely is: the person this sentence
    opens with, or who it quotes. A name the gazetteer knows as a country, place or
    organisation is no person."""
    said_by = _SAID_BY.search(sentence)
    for candidate in (_lead_subject(sentence), said_by["speaker"] if said_by else None):
        words = (candidate or "").split(",")[0].split()  # "Mark Ellison, 61, was arrested"
        if not 2 <= len(words) <= 8 or "and" in words or "&" in words:
            continue
        name = len(words)  # where the name starts: "Labour minister | Rahim Khan"
        while name and (words[name - 1][:1].isupper() or words[name - 1] in _NAME_PARTICLES):
            name -= 1
        if len(words) - name < 2 or words[name][:1].islower():
            continue
        if words[0].lower() in ("the", "a", "an", "this", "that", "its", "his", "her", "their"):
            words = words[name:]  # "The former minister Rahim Khan": his name says who
        name = " ".join(words)
        found = gazetteer.find(name)
        known_person = any(gazetteer.kind_of(actor) == "person" for actor in found.actors)
        if not known_person and (found.places or found.actors):
            continue  # a country, place or organisation ("Chinese President Xi Jinping" is a person)
        # the sentence but this person and what it says of them: "…, said Niek Stam, a union spokesman."
        rest = re.sub(re.escape(candidate.split(",")[0]) + r"(?:,\s+(?:a|an|the|his|her)\s[^,.;]{1,50}[,.;]?)?", " ",
                      sentence, count=1) if candidate else sentence
        # Any other name, unless the gazetteer knows it as a place or an organisation, may be
        # whom "He" means: "Manchester United sacked Erik ten Hag".
        others = [run for run in _NAME_RUN.findall(rest) if run not in _CAPITALIZED_WORDS
                  and not _CALENDAR_WORD.fullmatch(run.rstrip(".")) and _may_be_a_person(run, gazetteer)]
        if _SOMEONE_ELSE.search(rest) or others:
            return None  # "Judge Maria Lopez sentenced John Doe", "Wells Fargo fired its officer"
        return name
    return None


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
    subject = _lead_subject(sentence)
    if not subject or subject.lower() in _PRONOUNS or "," in subject:
        return None
    return subject


def _with_doer(title: str, doer: str) -> str:
    """"Warning that profit would fall short" told of "The company": "The company warned
    that profit would fall short"."""
    gerund = re.match(r"([A-Za-z]+ing)\b", title)
    if not gerund:
        return title
    title = f"{doer} {_past_of_gerund(gerund[1].lower())}{title[gerund.end():]}"
    return _without_dangling_end(_shorten(title), cut=True) if len(title) > TITLE_LIMIT else title
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
                               r"compared\s+(?:with|to)|versus|vs\.?)\b[^,.;]{0,30}$", re.I)
# "It was the strongest autumn storm since 1999": a record, not an event.
_RECORD = re.compile(r"^(?:it|this|that|these|those|they)\s+(?:was|were|is|are|had been|has been)\s+the\s+"
                     r"(?:\w+est|most|least|first|worst|best)\b", re.I)
# "The sentence is the longest handed to a local official since 2008": the date is what
# the record is measured against (looked for in a longer stretch before the date).
_RECORD_SINCE = re.compile(_SUPERLATIVE + r"[^.;,]{0,90}\bsince\s+(?:the\s+)?$", re.I)


def _clause_around(text: str, start: int, end: int, item: timex.Timex) -> str:
    """The clause of the sentence that holds `item`."""
    sentence = text[start:end]
    found, last = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        # "was arrested … and released": two past predicates. "are missing and presumed
        # dead" is one predicate, with a participle.
        if m[0].strip() == "and" and not _past_verbs(sentence[last:m.start()]):
            continue
        if m[0].strip() in ("that", "which", "who") and not _ANTECEDENT.search(_DATELINE.sub("", sentence[:m.end()])):
            continue  # "accusations over who broke the truce": no noun for the clause to tell of
        found.append((m.start(), m.end()))
        last = m.end()
    breaks = [(0, 0), *found, (len(sentence), len(sentence))]
    position = item.start - start
    for (_, left), (right, _) in zip(breaks, breaks[1:]):  # a clause runs between two breaks
        if left <= position < right:
            clause = sentence[left:right]
            # "…, after warning last month that …" reports the warning.
            return clause if reports_happening(clause) or _doer_of_participle(clause, sentence) else sentence
    return sentence


# --- titles ---------------------------------------------------------------------------

_LEAD_IN = re.compile(
    r"^(?:(?:in|on|at|during|after|before|since|as|however|meanwhile|earlier|later|also|separately|last|this|"
    r"early|late|in addition|additionally|moreover|furthermore|then|now|today|yesterday|according to)\b[^,]{0,80},\s*)+",
    re.I)
# Who said it, after the claim: ", officials said", ", the pilots' union said in a statement",
# ", said the minister", "according to …". Only after a comma: "The regulator said it would
# open an inquiry" is the claim itself.
_ATTRIBUTION = re.compile(r"(?:,?\s*according to [^,.;]+|,\s*(?:(?:[A-Z][\w.’'-]*\s*){0,4}(?:officials?|he|she|they|"
                          r"it|(?:the|his|her|their|its) [\w’'-]+(?: [\w’'-]+){0,3}) (?:said|says|told \w+|reported|added|noted)"
                          r"(?: (?:in|on|at|to) [^,.;]{1,40})?|said (?:the )?[\w ]{1,40}"
                          r"|(?:[A-Z][\w.’'-]*\s){1,4}(?:said|says)|(?:[a-z][\w’'-]*\s){1,3}(?:said|reported)))\s*[.]?$")
_TRAILING = re.compile(r"(?:,\s+(?:which|who|whose|where|when|as|in a move|in what|amid|following|[a-z]+ing"
                       r"|(?:up|down) from|compared (?:with|to)|(?:its|their|the) (?:\w+est|most|least|worst|best|first|last)"
                       r"|(?:a|an|one|two|three|four|five|six|\d+) (?:days?|weeks?|months?|years?) (?:after|before))\b|;\s|\s[—–]\s|\s-\s|:\s|\s+as part of\b|\s+in order to\b"
                       # "reopened on Monday, nine weeks [after engineers closed it]": the clause
                       # break took the rest
                       r"|,\s+(?:(?:about|nearly|almost|more than|some|just)\s+)?(?:a|an|one|two|three|four|five|six|seven|"
                       r"eight|nine|ten|eleven|twelve|a few|several|\d+)\s+(?:hours?|days?|weeks?|months?|years?|decades?)$).*$",
                       re.S)
_RELATIVE = re.compile(r"^(?P<head>[^,]{3,60}),\s+(?:which|who)\s+(?P<clause>[a-z](?:[^,]|,(?=\d{3})){1,69}?)\s*(?:,(?!\d{3})|$)")
_OBJECT_RELATIVE = re.compile(r"^(?P<head>[^,]{3,60}),\s+which\s+(?P<subject>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})"
                              r"\s+(?P<verb>[a-z]+)\s*(?:,|$)")
_SUBJECTS_ASIDE = re.compile(r"^(?P<head>[^,]{3,60}),\s+(?:which|who)\s+(?:[^,]|,(?=\d{3}))+?"
                             r"(?:,\s+(?:in|at|from|near)\s+[^,]{1,40})?,\s+(?=[a-z])")
_APPOSITIVE = re.compile(r",\s+[a-z][^,]{2,80},\s+")
_DANGLING = {"a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "with", "by", "from", "as",
             "that", "its", "their", "his", "her", "into", "onto", "but", "while", "near", "off", "over",
             "during", "after", "before", "not", "been", "be", "is", "are", "was", "were", "has", "have", "had",
             "only", "just", "even", "also", "then", "compared", "versus"}
# Words that end a title only where a cut left them ("… who had been held without"); a
# whole sentence may end with them ("met Theresa May", "upheld the king's will").
_DANGLING_AT_A_CUT = {"without", "against", "under", "about", "through", "across", "between", "among",
                      "within", "toward", "towards", "upon", "than", "who", "which", "whose", "whom", "what",
                      "where", "would", "could", "should", "will", "may", "might", "must", "can", "because", "if"}
_TEMPORAL_ADVERBS = re.compile(r"\b(also|recently|lately|reportedly also)\s+", re.I)
# A wire dateline before the first sentence: "ROTTERDAM —", "SEOUL, South Korea (AP) -".
# "LISBON, March 14 (Reuters) -" too, with or without its date.
_DATELINE = re.compile(r"^[A-Z][A-Z'.-]+(?:\s[A-Z][A-Z'.-]+){0,3}(?:,\s*(?:[A-Z][\w.' -]{1,30}?)?)?\s*(?:\([^()]{1,30}\)\s*)?"
                       r"[—–-]{1,2}\s*")
# A quotation and who said it: '"We have a deal," union negotiator Anna de Vries told reporters'.
_QUOTED = re.compile(r'^["“](?P<words>[^"“”]{8,}?)[,.!?]?["”],?\s+(?P<speaker>[^"“”]{2,80}?)\s+'
                     r"(?:(?:said|says)(?:\s+(?:on|at|in|to|during)\s[^\"“”]{1,60})?|told\b.*|added|wrote|stated|"
                     r"declared|insisted|warned)\s*[.]?$")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_DATE_PREPOSITION = re.compile(r"\b(?:on|in|during|since|by|at|from|until|till|through|between|as of|over|throughout|for|"
                               r"early|late|earlier|later|mid|around|about|before|after)\s*(?:the\s+)?$", re.I)


def make_title(clause: str, spans: list[tuple[int, int]], sentence: str, statement: bool = False,
               own: int | None = None) -> str:
    """A headline-style title from a clause: no date words, no lead-in or attribution,
    no trailing clauses, at most TITLE_LIMIT characters, cut at a word boundary. `own`
    is where the event's date starts in the sentence, if known."""
    text = sentence if clause == sentence else clause
    offset = 0 if clause == sentence else sentence.find(clause)
    # Remove the temporal expressions and the preposition that governs each.
    joined: list[tuple[int, int]] = []
    for span in sorted(spans):  # "March 5 and March 8" goes as one span
        if joined and _RANGE_JOIN.match(text[joined[-1][1] - offset:span[0] - offset] or "x"):
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    pieces, cursor = [], 0
    for span_start, span_end in joined:
        span_start, span_end = span_start - offset, span_end - offset
        if span_start < cursor or span_start < 0 or span_end > len(text):
            continue
        head = text[cursor:span_start]
        if text[span_end:span_end + 2] in ("'s", "’s"):
            span_end += 2  # "over last year's budget" keeps its "over"
        elif not (head.endswith("the ") and re.match(r"\s+[a-z]", text[span_end:span_end + 2])
                  or _ends_in_phrasal_verb(head)):  # "was taken over last year" keeps its "over"
            head = _DATE_PREPOSITION.sub("", head)  # but "clashed over the 2020 election results" keeps it
        pieces.append(head)
        cursor = span_end
    pieces.append(text[cursor:])
    title = "".join(pieces)
    if clause != sentence and re.match(r"\s*(?:that|which|who)\b", sentence[offset + len(clause):]):
        # "were evacuated as a wildfire [that broke out …]": the cut left the next clause's subject
        title = re.sub(r"\s+(?:as|while|when|after|before|because|where)\s+(?:a|an|the)\s+[\w-]+(?:\s+[\w-]+)?\s*$",
                       "", title)
    title = re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", title))
    # "The eruption, on Feb. 8, destroyed"; but "The bank, which cut rates in March, April
    # and June, held them" keeps the comma that ends its aside
    title = re.sub(r",(?:\s*,)+\s*", ", " if re.search(r",\s+(?:which|who)\s", title) else " ", title).strip(" ,;")
    title = title.lstrip(":—–- ")  # "March 8: The bank announced …" without its date
    title = _DATELINE.sub("", title)
    quoted = _QUOTED.match(title)
    if quoted:
        return _quote_title(quoted["words"], quoted["speaker"])
    title = _LEAD_IN.sub("", title)
    title = _TEMPORAL_ADVERBS.sub("", title)
    if not statement:  # a draft dated by "…, officials said on Thursday" is that statement
        title = _ATTRIBUTION.sub("", title)
    relative = None
    own_spans = [(a - offset, b - offset) for a, b in spans if own is None or a == own] or \
        [(a - offset, b - offset) for a, b in spans]
    aside = re.search(r",\s+(?:which|who)\s", text)
    if _date_in_relative_clause(text, [(a - offset, b - offset) for a, b in spans], own_spans) or (
            aside and all(b <= aside.start() for _, b in own_spans) and _LEAD_IN.sub("", text) == text
            and not _past_verbs(text[:aside.start()]) and len(text[:aside.start()].split()) <= 8):
        # "The last shutdown, which began on Dec. 22, 2018, lasted 35 days", "The Oct. 7
        # attack, which killed 1,200 people, …": the event is the relative clause's
        relative = _OBJECT_RELATIVE.match(title) or _RELATIVE.match(title)
    else:  # "Core inflation, which excludes energy and food, has barely moved": aside
        title = _SUBJECTS_ASIDE.sub(r"\g<head> ", title)
    title = _TRAILING.sub("", title)
    if relative:
        # "Shares fell after the planemaker, which delivered 83 jets …": the clause tells of
        # the noun just before it
        head = relative["head"]
        if _past_verbs(head) or _PRESENT_REPORT.search(head):
            nearest = re.search(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+[\w’'-]+(?:\s+[\w’'-]+){0,3}$", head)
            head = nearest[0] if nearest else head
        head = head[0].upper() + head[1:]
        if "subject" in relative.groupdict():
            title = f"{relative['subject']} {relative['verb']} {head}"  # "Eurovision, which Sweden won"
        else:
            title = f"{head} {relative['clause']}"
    title = _APPOSITIVE.sub(" ", title)
    title = re.sub(r"\s{2,}", " ", title).strip(" ,;:.\"“”’'")
    title = re.sub(r"^(and|but|so|then|while)\s+", "", title, flags=re.I)
    title = _with_subject(title, clause, sentence, own)
    cut = len(title) > TITLE_LIMIT
    if cut:
        title = _shorten(title)
    if title.count('"') % 2 or title.count("“") > title.count("”"):
        if len(title) >= TITLE_LIMIT:  # room for the closing mark
            title = _shorten(title[: TITLE_LIMIT - 1])
            cut = True
        title += "”" if "“" in title else '"'  # the strip above took the closing mark
    title = _without_dangling_end(title, cut)
    if not title:
        title = " ".join(sentence.split())
        title = _without_dangling_end(_shorten(title), cut=True) if len(title) > TITLE_LIMIT else title
    return title[0].upper() + title[1:]


def _date_in_relative_clause(text: str, spans: list[tuple[int, int]], own: list[tuple[int, int]]) -> bool:
    """Whether a date of `own` lies in the first ", which …," or ", who …," clause of
    `text`. Neither a date's own comma ("Dec. 22, 2018") nor a list's ("in March,
    April and June") ends the clause."""
    opening = re.search(r",\s+(?:which|who)\s", text)
    if not opening:
        return False
    closing = opening.end()
    while True:
        comma = text.find(",", closing)
        if comma < 0:
            closing = len(text)
            break
        closing = comma
        inside = next((b for a, b in spans if a <= closing < b or a in (closing + 1, closing + 2)), None)
        if inside is None or inside <= closing:
            break
        closing = inside
    return any(opening.end() <= a < closing for a, _ in own)


# A passive's subject and auxiliary, shared by a second participle: "was arrested … and
# released" (not "was the strongest … and killed").
_SUBJECT = re.compile(r"^(?P<subject>[A-Z][^,;:]{1,50}?)(?:,[^,]{1,30},)?\s+(?P<aux>was|were|has been|have been|had been)\s"
                      rf"(?=(?:\w+ly\s+)?(?:[a-z]+(?:ed|en)|{'|'.join(sorted(_IRREGULAR_PAST))})\b)")


_ANTECEDENT = re.compile(r"(?:^|\b[a-z]+\s+|(?P<appositive>^[A-Z][^,]{2,50}),\s+)"
                         # the nearest noun phrase: "the anniversary of [the mine collapse] that …"
                         r"(?P<head>(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+[\w’'-]+"
                         r"(?:\s+(?!(?:the|a|an|in|at|with|during|after|before|by|from)\b)[\w’'-]+){0,5}?)"
                         r"\s+(?:that|which|who)\s*$"
                         # a sentence's subject without an article: "Heavy rains that started …"
                         r"|^(?P<bare>[A-Z][\w’'-]*(?:\s+(?![a-z]+ed\b|(?:said|says|told|has|have|had|was|were|is|are|will|"
                         r"would|knows?|thinks?|believes?|expects?|hopes?|argues?|warns?|claims?|shows?|suggests?|"
                         r"means?|found|saw|felt)\b)[a-z][\w’'-]*){0,2}?)\s+(?:that|which)\s*$")
_FINITE = {"has", "have", "had", "was", "were", "is", "are", "will", "would", "could", "may", "might", "said", "says"}


def _relative_clause_only(title: str, ends_at_comma: bool = False) -> str:
    """A relative clause without its sentence's own verb, which follows it: "the rains
    that started late last month | have flooded …", "the fire that killed 112 people |
    was the deadliest", "the ship that docked at Najin | carried containers"."""
    words = title.split(" ")
    subordinate = False  # "a case that began when Texas passed a law": "passed" is the "when" clause's
    for position in range(1, len(words)):
        word, before = words[position], words[position - 1]
        if before.endswith(",") and (word in _FINITE or ends_at_comma):
            return " ".join(words[:position]).rstrip(",")  # "who murdered X, | was stabbed"
        if before in ("and", "or", "but") or before.endswith(","):
            subordinate = False
            continue  # "killed 12 and injured 40": the same clause goes on
        if word in _SUBORDINATORS:
            subordinate = True
            continue
        if subordinate:
            if word in _FINITE or word in _MAIN_VERB_PAST or re.fullmatch(r"[a-z]+ed", word):
                subordinate = False  # that was the "when" clause's verb; the next is the sentence's
            continue
        if word not in _FINITE and (before in _BEFORE_AN_ADJECTIVE or before.endswith(("'s", "’s"))):
            continue  # "the country's automated ports", "thousands of thatched homes"
        if word in _FINITE or word in _MAIN_VERB_PAST or (
                re.fullmatch(r"[a-z]+ed", word) and word not in _ADJECTIVES_IN_ED):
            return " ".join(words[:position])
    return title


_SUBORDINATORS = {"when", "after", "before", "as", "because", "while", "since", "until", "where", "if", "though",
                  "although", "whereas", "once"}
# The sentence's own verb after a relative clause that only describes what the clause
# tells of: "the fire that killed 112 people on March 25, 2012 | was the deadliest".
_DESCRIBING_VERBS = _FINITE | {"remained", "remains", "became", "seemed", "appeared", "looked", "lasted"}


# Past forms that, after a relative clause, are its sentence's verb ("a fire that broke
# out last Tuesday spread to the coast"); not those that are more often nouns there.
_MAIN_VERB_PAST = _IRREGULAR_PAST - {"cut", "set", "cost", "lay", "read", "let", "put", "fed", "left", "saw",
                                     "found", "lit"}
_BEFORE_AN_ADJECTIVE = {"the", "a", "an", "its", "their", "his", "her", "our", "of", "than", "more", "most", "newly",
                        "recently", "heavily", "fully", "partly", "so-called", "once", "long", "well", "ill"}


_RELATIVE_PRONOUN_AT_END = re.compile(r"\s+(?:who|that|which)$")


def _subject_of(sentence: str) -> str | None:
    """The subject a sentence opens with, after its dateline and lead-in ("On Monday,
    the court convicted …" gives "The court"), for a second clause that shares it."""
    opening = _LEAD_IN.sub("", _DATELINE.sub("", sentence.strip()))
    lead = _lead_subject(opening[:1].upper() + opening[1:])
    # "The jury, which deliberated …", "The referendum, originally scheduled for March,"
    return _RELATIVE_PRONOUN_AT_END.sub("", lead).split(",")[0] if lead else None


def _with_subject(title: str, clause: str, sentence: str, own: int | None = None) -> str:
    """A second clause that shares the sentence's subject gets it back: "was arrested
    on 12 June and released two days later" gives "Mark Ellison was released"."""
    first = title.split(" ", 1)[0]
    if clause != sentence and first in ("will", "is", "are", "was", "were", "has", "had") and re.search(
            r"\band\s*$", sentence[: max(sentence.find(clause), 0)]):
        lead = _subject_of(sentence)  # "Two developers pleaded guilty and will be sentenced"
        return f"{lead} {title}" if lead else title
    if clause == sentence or not (re.fullmatch(r"[a-z]+ed", first) or first in _UNAMBIGUOUS_PAST):
        return title
    antecedent = _ANTECEDENT.search(_DATELINE.sub("", sentence[: max(sentence.find(clause), 0)]))
    if antecedent:  # a relative clause: "… of the factory fire that killed 112 people"
        # "Derek Chauvin, the former officer who …": the name before the apposition
        head = antecedent["appositive"] or antecedent["head"] or antecedent["bare"]
        head = head[0].upper() + head[1:]
        appositive = bool(antecedent["appositive"])  # "Paul Auster, the novelist who wrote …, died"
        relative = _relative_clause_only(title, appositive)
        if relative == title:
            return f"{head} {title}"
        # "A wildfire that broke out late Monday | had burned 12,000 acres by Wednesday":
        # Wednesday's event is the sentence's own verb.
        lead = len(clause) - len(clause.lstrip())
        main_verb = sentence.find(clause) + lead + len(_relative_clause_only(clause.strip(), appositive))
        rest = title[len(relative):].strip(" ,")
        if own is not None and own >= main_verb:
            return f"{head} {rest}"
        before_clause = sentence[: max(sentence.find(clause), 0)].split()
        if rest.split()[0] not in _DESCRIBING_VERBS and not antecedent["appositive"] and before_clause:
            # "Floods that swept through the valley on Monday killed 45 people": both are the event
            return f"{head} {before_clause[-1]} {relative.rstrip(' ,')} {rest}"
        return f"{head} {relative.rstrip(' ,')}"
    subject = _SUBJECT.match(_DATELINE.sub("", sentence.strip()))
    if subject and re.match(r"\S+\s+(?:a|an|the|its|their|his|her|\d)\b", title):
        subject = None  # "was founded in 2012 and signed an agreement": an object, so no passive
    if not subject or clause.strip().startswith(subject["subject"]):
        lead = _subject_of(sentence)
        if lead and re.search(r"\band\s*$", sentence[: max(sentence.find(clause), 0)]):
            return f"{lead} {title}"  # "The prime minister cut short a trip and returned …"
        return title
    head = re.split(r"\s+(?:who|that|which)\s", subject["subject"])[0]  # "workers who were filling …"
    return f"{head} {subject['aux']} {title}"


def _without_wire_credit(sentence: str) -> str:
    """The sentence without the agency credit of its dateline: "(AP)" is who reported
    the story, not who took part in it."""
    dateline = _DATELINE.match(sentence)
    if not dateline:
        return sentence
    return re.sub(r"\([^()]*\)", "", dateline[0]) + sentence[dateline.end():]


def _quote_title(words: str, speaker: str) -> str:
    """A quotation stays a quotation, with its speaker: the timeline must not state it
    as a fact of its own."""
    words = " ".join(words.split()).rstrip(",.")
    speaker = "" if speaker.lower() in _PRONOUNS else " ".join(speaker.split()).strip(" ,")
    lead = f"{speaker[0].upper()}{speaker[1:]}: " if speaker else ""
    room = TITLE_LIMIT - len(lead) - 2
    if len(words) > room:
        words = _shorten(words)[: room - 1].rsplit(" ", 1)[0] + "…"
    return f"{lead}“{words}”"


# A cut that leaves a reported label without what it labels: "… against what it called".
_DANGLING_LABEL = re.compile(r"\s+what\s+(?:it|he|she|they|officials|critics)\s+(?:called|calls|described\s+as|termed)$")


def _without_dangling_end(title: str, cut: bool = False) -> str:
    """The title without the function words a cut (or a removed date) left at its end."""
    if cut:
        title = _DANGLING_LABEL.sub("", title)
    words = title.split()
    while len(words) > 1 and (words[-1].lower().strip(",") in _DANGLING  # "on”" ends a quotation: kept
                              or (cut and words[-1].strip(",") in _DANGLING_AT_A_CUT)):
        if f"{words[-2]} {words[-1]}".lower() in _PHRASAL_VERBS:
            break  # "was sworn in", "called off"
        words.pop()
    return " ".join(words).rstrip(",;:")


def _ends_in_phrasal_verb(text: str) -> bool:
    last_two = text.split()[-2:]
    return len(last_two) == 2 and " ".join(last_two).lower() in _PHRASAL_VERBS


_PHRASAL_VERBS = {f"{verb} {particle}" for particle, verbs in {
    "in": "sworn swore logged checked moved voted stepped gave given caved",
    "off": "called kicked sealed laid took taken set signed switched turned paid cut broke broken",
    "over": "took taken handed turned won passed blew blown",
    "on": "carried moved signed passed took taken",
}.items() for verb in verbs.split()}


def _shorten_if_long(title: str) -> str:
    return _without_dangling_end(_shorten(title), cut=True) if len(title) > TITLE_LIMIT else title


def _shorten(title: str) -> str:
    cut = title[: TITLE_LIMIT + 1]
    for marker in (", and ", " and ", ", ", " but ", " after ", " with ", " at ", " in ", " on ", " for "):
        position = cut.rfind(marker)
        if position > TITLE_LIMIT // 2:
            cut = cut[:position]
            break
    else:
        cut = cut[: cut.rfind(" ")] if " " in cut else cut[:TITLE_LIMIT]
    words = cut.split()
    following = title[len(cut):].split()[:1]
    if following and following[0][:1].isupper():
        # The cut fell inside a name ("… off the Korean | Peninsula’s west coast"): drop it all.
        while len(words) > 1 and words[-1][:1].isupper():
            words.pop()
    while words and (words[-1].lower().strip(",") in _DANGLING or re.search(r"['’]s?$", words[-1])):
        if re.search(r"['’]s?$", words.pop()):
            # "… off the Korean Peninsula’s": the rest of the name goes with it.
            while len(words) > 1 and words[-1][:1].isupper():
                words.pop()
    return " ".join(words).rstrip(",;:")[:TITLE_LIMIT]


# --- merging and matching --------------------------------------------------------------

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
