"""Headline-style titles for drafts: the clause without its dates, lead-in, attribution
and trailing clauses, with its subject back when a clause lost it ("was arrested … and
released" gives "Mark Ellison was released"), and "He" or "She" named when the sentence
before leaves no doubt."""

from __future__ import annotations

import re

from .gazetteer import Gazetteer
from .wording import (ADJECTIVES_IN_ED, DATELINE, IRREGULAR_PAST, PRESENT_REPORT, RANGE_JOIN, UNAMBIGUOUS_PAST,
                      lead_subject, past_verbs)

TITLE_LIMIT = 90


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


_SHE = re.compile(r"\b(?:she|her|hers|herself)\b|\b(?:Ms|Mrs|Miss|Madam|Queen|Princess|Lady|Dame)\b", re.I)
_HE = re.compile(r"\b(?:he|him|his|himself)\b|\b(?:Mr|Sir|King|Prince|Lord)\b", re.I)


def pronoun_agrees(pronoun: str, named_in: str) -> bool:
    """Whether "He" or "She" may be the person a sentence named: not when that sentence
    calls them the other ("Ms. Ana Cruz … her firm"; "Mr. Stam … his union")."""
    return not (_SHE if pronoun == "He" else _HE).search(named_in)


def _may_be_a_person(name: str, gazetteer: Gazetteer) -> bool:
    """Whether a capitalized name may be a person's: one the gazetteer knows as a person,
    or knows nothing of ("Chinese President Xi Jinping" is; "Athens" is not)."""
    found = gazetteer.find(name)
    kinds = {gazetteer.kind_of(actor) for actor in found.actors}
    return "person" in kinds or not (found.places or kinds)


def person_named(sentence: str, gazetteer: Gazetteer) -> str | None:
    """Who a following sentence's "He" or "She" most likely is: the person this sentence
    opens with, or who it quotes. A name the gazetteer knows as a country, place or
    organisation is no person."""
    said_by = _SAID_BY.search(sentence)
    for candidate in (lead_subject(sentence), said_by["speaker"] if said_by else None):
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


_LEAD_IN = re.compile(
    r"^(?:(?:in|on|at|during|after|before|since|as|however|meanwhile|earlier|later|also|separately|last|this|with|"
    r"early|late|in addition|additionally|moreover|furthermore|then|now|today|yesterday|according to)\b[^,]{0,80},\s*)+",
    re.I)
# Who said it, after the claim: ", officials said", ", the pilots' union said in a statement",
# ", said the minister", "according to …". Only after a comma: "The regulator said it would
# open an inquiry" is the claim itself.
_ATTRIBUTION = re.compile(r"(?:,?\s*according to [^,.;]+|,\s*(?:(?:[A-Z][\w.’'-]*\s*){0,4}(?:officials?|he|she|they|"
                          r"it|(?:the|his|her|their|its) [\w’'-]+(?: [\w’'-]+){0,3}) (?:said|says|told \w+|reported|added|noted)"
                          r"(?: (?:in|on|at|to) [^,.;]{1,40})?|said (?:the )?[\w ]{1,40}"
                          r"|(?:[A-Z][\w.’'-]*\s){1,4}(?:said|says)|(?:[a-z][\w’'-]*\s){1,3}(?:said|reported)"
                          # ", a Qatari official said", ", two people familiar with the talks said"
                          r"|(?:an?|one|two|three|four|several|some|other)\s(?:[\w’'-]+\s){0,5}?(?:said|says|told \w+)"
                          r"(?: (?:in|on|at|to) [^,.;]{1,40})?))\s*[.]?$")
_TRAILING = re.compile(r"(?:\s+(?:up|down)\s+from\s+[$€£¥]?\d"  # "… 4.2 billion euros down from 4.6 billion"
                       r"|,\s+(?:which|who|whose|where|when|as|in a move|in what|amid|following|[a-z]+ing"
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
# A quotation and who said it: '"We have a deal," union negotiator Anna de Vries told reporters'.
_QUOTED = re.compile(r'^["“](?P<words>[^"“”]{8,}?)[,.!?]?["”],?\s+(?P<speaker>[^"“”]{2,80}?)\s+'
                     r"(?:(?:said|says)(?:\s+(?:on|at|in|to|during)\s[^\"“”]{1,60})?|told\b.*|added|wrote|stated|"
                     r"declared|insisted|warned)\s*[.]?$")
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_DATE_PREPOSITION = re.compile(r"\b(?:(?:shortly|just|soon|sometime|right|immediately)\s+)?(?:on|in|during|since|by|at|from|until|till|through|between|as of|over|throughout|for|"
                               r"early|late|earlier|later|mid|around|about|before|after|effective|starting)\s*"
                               r"(?:the\s+|its\s+|their\s+)?$",
                               re.I)


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
        if joined and RANGE_JOIN.match(text[joined[-1][1] - offset:span[0] - offset] or "x"):
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
    # "did not fully reopen [until September]": the reopening is the event
    own_start = (own if own is not None else min((a for a, _ in spans), default=0)) - offset
    if own_start > 0 and re.search(r"(?:\bnot|n't)\s+(?:\w+ly\s+)?[a-z]+\s+until\s+$", text[:own_start], re.I):
        title = re.sub(r"\b(?:did not|didn't)\s+((?:\w+ly\s+)?\w+)", r"\1", title, count=1)
    # "rose [in the third quarter] of its fiscal year": what a removed period leaves behind
    title = re.sub(r"\s+of\s+(?:its|the|their)\s+(?:fiscal|financial)\s+year\b", "", title)
    # "won re-election [in 2017] and again [in April 2021]": what the dates leave of a pair
    title = re.sub(r",?\s+(?:and|or|but)\s+(?:again|also|then|later|once\s+more)\s*[,.]?\s*$", "", title)
    # "The eruption, on Feb. 8, destroyed"; but "The bank, which cut rates in March, April
    # and June, held them" keeps the comma that ends its aside
    title = re.sub(r",(?:\s*,)+\s*", ", " if re.search(r",\s+(?:which|who)\s", title) else " ", title).strip(" ,;")
    title = title.lstrip(":—–- ")  # "March 8: The bank announced …" without its date
    title = DATELINE.sub("", title)
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
    when_clause = re.search(r",\s+when\s+(?P<clause>[^,;]+)", title)
    if when_clause and re.search(r"\b(?:dates?|dated|dating|goes|went|traces?|traced)\s+(?:back\s+)?(?:to|from)\b",
                                 title[:when_clause.start()] + " to"):
        # "The case dates to 2019, when three drivers sued Quikride": the when-clause is the event
        title = when_clause["clause"][0].upper() + when_clause["clause"][1:]
    where_in_text = re.search(r",\s+where\s+(?=[A-Z])", text)
    where_in_title = re.search(r",\s+where\s+(?=[A-Z])", title)
    if where_in_text and where_in_title and own_spans and all(a >= where_in_text.end() for a, _ in own_spans):
        # "… were sold in Canada, where Health Canada issued a recall the same day": the
        # date is the where-clause's, and so is the event
        title = title[where_in_title.end():]
    aside = re.search(r",\s+(?:which|who)\s", text)
    if _date_in_relative_clause(text, [(a - offset, b - offset) for a, b in spans], own_spans) or (
            aside and all(b <= aside.start() for _, b in own_spans) and _LEAD_IN.sub("", text) == text
            and not past_verbs(text[:aside.start()]) and len(text[:aside.start()].split()) <= 8):
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
        if past_verbs(head) or PRESENT_REPORT.search(head):
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
        title = shorten(title)
    if title.count('"') % 2 or title.count("“") > title.count("”"):
        if len(title) >= TITLE_LIMIT:  # room for the closing mark
            title = shorten(title[: TITLE_LIMIT - 1])
            cut = True
        title += "”" if "“" in title else '"'  # the strip above took the closing mark
    title = without_dangling_end(title, cut)
    if not title:
        title = " ".join(sentence.split())
        title = without_dangling_end(shorten(title), cut=True) if len(title) > TITLE_LIMIT else title
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
                      rf"(?=(?:\w+ly\s+)?(?:[a-z]+(?:ed|en)|{'|'.join(sorted(IRREGULAR_PAST))})\b)")


ANTECEDENT = re.compile(r"(?:^|\b[a-z]+\s+|(?P<appositive>^[A-Z][^,]{2,50}),\s+)"
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
                re.fullmatch(r"[a-z]+ed", word) and word not in ADJECTIVES_IN_ED):
            return " ".join(words[:position])
    return title


_SUBORDINATORS = {"when", "after", "before", "as", "because", "while", "since", "until", "where", "if", "though",
                  "although", "whereas", "once"}
# The sentence's own verb after a relative clause that only describes what the clause
# tells of: "the fire that killed 112 people on March 25, 2012 | was the deadliest".
_DESCRIBING_VERBS = _FINITE | {"remained", "remains", "became", "seemed", "appeared", "looked", "lasted"}


# Past forms that, after a relative clause, are its sentence's verb ("a fire that broke
# out last Tuesday spread to the coast"); not those that are more often nouns there.
_MAIN_VERB_PAST = IRREGULAR_PAST - {"cut", "set", "cost", "lay", "read", "let", "put", "fed", "left", "saw",
                                     "found", "lit"}
_BEFORE_AN_ADJECTIVE = {"the", "a", "an", "its", "their", "his", "her", "our", "of", "than", "more", "most", "newly",
                        "recently", "heavily", "fully", "partly", "so-called", "once", "long", "well", "ill"}


_RELATIVE_PRONOUN_AT_END = re.compile(r"\s+(?:who|that|which)$")


def _subject_of(sentence: str) -> str | None:
    """The subject a sentence opens with, after its dateline and lead-in ("On Monday,
    the court convicted …" gives "The court"), for a second clause that shares it."""
    opening = _LEAD_IN.sub("", DATELINE.sub("", sentence.strip()))
    lead = lead_subject(opening[:1].upper() + opening[1:])
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
    if clause == sentence or not (re.fullmatch(r"[a-z]+ed", first) or first in UNAMBIGUOUS_PAST):
        return title
    antecedent = ANTECEDENT.search(DATELINE.sub("", sentence[: max(sentence.find(clause), 0)]))
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
    subject = _SUBJECT.match(DATELINE.sub("", sentence.strip()))
    if subject and re.match(r"\S+\s+(?:a|an|the|its|their|his|her|\d)\b", title):
        subject = None  # "was founded in 2012 and signed an agreement": an object, so no passive
    if not subject or clause.strip().startswith(subject["subject"]):
        lead = _subject_of(sentence)
        if lead and re.search(r"\band\s*$", sentence[: max(sentence.find(clause), 0)]):
            return f"{lead} {title}"  # "The prime minister cut short a trip and returned …"
        return title
    head = re.split(r"\s+(?:who|that|which)\s", subject["subject"])[0]  # "workers who were filling …"
    return f"{head} {subject['aux']} {title}"


def without_wire_credit(sentence: str) -> str:
    """The sentence without the agency credit of its dateline: "(AP)" is who reported
    the story, not who took part in it."""
    dateline = DATELINE.match(sentence)
    if not dateline:
        return sentence
    return re.sub(r"\([^()]*\)", "", dateline[0]) + sentence[dateline.end():]


def _quote_title(words: str, speaker: str) -> str:
    """A quotation stays a quotation, with its speaker: the timeline must not state it
    as a fact of its own."""
    words = " ".join(words.split()).rstrip(",.")
    speaker = "" if speaker.lower() in PRONOUNS else " ".join(speaker.split()).strip(" ,")
    lead = f"{speaker[0].upper()}{speaker[1:]}: " if speaker else ""
    room = TITLE_LIMIT - len(lead) - 2
    if len(words) > room:
        words = shorten(words)[: room - 1].rsplit(" ", 1)[0] + "…"
    return f"{lead}“{words}”"


# A cut that leaves a reported label without what it labels: "… against what it called".
_DANGLING_LABEL = re.compile(r"\s+what\s+(?:it|he|she|they|officials|critics)\s+(?:called|calls|described\s+as|termed)$")


def without_dangling_end(title: str, cut: bool = False) -> str:
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


def shorten_if_long(title: str) -> str:
    return without_dangling_end(shorten(title), cut=True) if len(title) > TITLE_LIMIT else title


def shorten(title: str) -> str:
    cut = title[: TITLE_LIMIT + 1]
    for marker in (", and ", " and ", ", ", " but ", " after ", " with ", " as ", " because ", " while ", " when ",
                   " at ", " in ", " on ", " for "):
        position = cut.rfind(marker)
        if marker == " and " and re.search(r"\bbetween\s+[^,]{1,40}$", cut[:position]):
            continue  # "the line between Machynlleth | and Pwllheli" is one place
        if marker == " as " and (re.search(r"\b(?:such|well|so|as)$", cut[:position])
                                 or re.match(r" as (?:part|well|of|a|an|the)\b", cut[position:])):
            continue  # "such as", "as well as", "as part of", "as a result": no clause
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
