"""The English that drafting reads: past, present and future verbs, whether a clause
reports something happening, who a sentence opens with, and the wire dateline before
it. Shared by the clause finder (extract.py) and the title maker (titles.py)."""

from __future__ import annotations

import re

from .timex import SCHEDULED_VERB

IRREGULAR_PAST = set("""
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


def past_of_gerund(gerund: str) -> str:
    """"reporting" -> "reported", "announcing" -> "announced", "carrying" -> "carried"."""
    if gerund in _IRREGULAR_GERUNDS:
        return _IRREGULAR_GERUNDS[gerund]
    stem = gerund[:-3]
    if stem.endswith("e"):
        return stem + "d"
    if len(stem) > 1 and stem.endswith("y") and stem[-2] not in "aeiou":
        return stem[:-1] + "ied"
    return stem + "ed"


PRESENT_REPORT = re.compile(r"\b(says|say|announces|reports|confirms|denies|claims|warns|meets|visits|holds|"
                            r"launches|signs|begins|ends|opens|closes|arrives|leaves|condemns|accuses)\b")
# A schedule told in the present: "The tax cuts take effect on 1 October", "Polls open at 7 a.m."
SCHEDULE_PRESENT = re.compile(r"\b(?:takes?\s+effect|comes?\s+into\s+force|begins?|starts|opens?|"
                              r"resumes?|expires?|kicks?\s+off|goes\s+on\s+sale|takes?\s+office|takes?\s+place)\b")
_PAST_PARTICIPLE_AUX = re.compile(r"\b(was|were|has been|have been|had been|is|are)\s+\w+ed\b")
# "was sworn in", "were beaten": a passive whose participle is irregular.
_IRREGULAR_PASSIVE = re.compile(r"\b(?:was|were|has been|have been|had been)\s+(?:\w+ly\s+)?(?:sworn|born|taken|given|"
                                r"shown|seen|known|chosen|stolen|beaten|broken|driven|written|spoken|done|gone|held|"
                                r"built|found|hit|shot|struck|sent|sold|caught|brought|kept|left|lost|made|paid|told|"
                                r"won|hung|put|set|cut|shut|spent|thrown|drawn|grown|blown|flown|frozen|hidden|"
                                r"ridden|forgiven|forbidden|withdrawn|overtaken|upheld|laid|led|met|fed|hurt|quit|"
                                r"split|spread|burst|sunk|sung|swept|torn|worn|woken|dealt|dug|fought|bought|taught|"
                                r"thought|sought|bound|bled|lent|lit|rebuilt|overthrown)\b")
FUTURE = re.compile(r"\b(will|shall|is to|are to|is due to|are due to|is set to|are set to|plans? to|"
                    r"due to " + SCHEDULED_VERB + "|"
                    r"is scheduled to|are scheduled to|is expected to|are expected to|"
                    r"(?:is|are) (?:scheduled|set|due|planned|slated) (?:for|on|in))\b", re.I)
_NOT_EVENT = re.compile(r"\?\s*[\"”’]?$")
ADJECTIVES_IN_ED = {"alleged", "armed", "based", "united", "limited", "so-called", "advanced", "detailed",
                    "concerned", "interested", "supposed", "experienced", "skilled", "talented", "red",
                    "bed", "need", "speed", "seed", "feed", "indeed", "hundred", "shed", "led"}
PERFECT = re.compile(r"\b(has|have)\s+(\w+\s+)?(been\s+)?\w+(ed|en|n)\b")


# Regular pasts too short for the "-ed" test below ("red", "bed" are no verbs).
_SHORT_REGULAR_PAST = {"died", "tied", "lied", "vied", "eyed", "owed", "sued", "axed"}


def past_verbs(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][a-z-]+", text)
    return [w for w in words if (w.lower() in IRREGULAR_PAST) or w in _SHORT_REGULAR_PAST
            or (w.islower() and w.endswith("ed") and len(w) > 4 and w not in ADJECTIVES_IN_ED)]


def reports_happening(text: str) -> bool:
    """A clause that states something happening: it has a finite verb in the past,
    a reporting verb in the present, or a future construction; it is no question."""
    if _NOT_EVENT.search(text):
        return False
    return bool(past_verbs(text) or _IRREGULAR_PASSIVE.search(text) or PRESENT_REPORT.search(text)
                or FUTURE.search(text) or SCHEDULE_PRESENT.search(text))


def reports_discrete_event(text: str) -> bool:
    """Stricter, for vague dates ('recently'): a simple past action, not a state
    ('have lately formed a camaraderie') and not the future."""
    if not reports_happening(text) or FUTURE.search(text):
        return False
    without_perfect = PERFECT.sub(" ", text)
    return bool(past_verbs(without_perfect))
RANGE_JOIN = re.compile(r"^\s*(and|to|until|till|through|thru|-|–|—)\s*$", re.I)


# Past forms that are not also present forms ("they cut", "costs that hit") or nouns:
# after "that", "which" or "who" they start a clause of their own.
UNAMBIGUOUS_PAST = IRREGULAR_PAST - {"read", "set", "let", "put", "cut", "hit", "cost", "lay", "quit", "shut", "beat",
                                     "split", "spread", "burst", "hurt", "lit", "fed", "led", "left", "saw", "found",
                                     "had", "did"}
# Who does what a sentence opens with: the words before its first verb ("The operator of
# the country's largest dam said …").
_VERB = re.compile(rf"(?:said|says|told|announced|has|have|had|was|were|is|are|will|would|"
                   rf"{'|'.join(sorted(IRREGULAR_PAST))}|[a-z]+ed)")
# Before these, an "-ed" word describes the subject ("The embattled prime minister", "the
# newly elected mayor", "A hundred protesters").
_DESCRIBES = re.compile(r"(?:the|a|an|its|his|her|their|our|\w+ly|\d[\d,.]*|one|two|three|four|five|six|seven|"
                        r"eight|nine|ten|several|some|many)", re.I)


def lead_subject(sentence: str) -> str | None:
    """Who does what the sentence opens with: its words before the first verb."""
    words = DATELINE.sub("", sentence.strip()).split()
    if not words or not words[0][:1].isupper():
        return None
    for position in range(1, min(len(words), 9)):
        word = words[position]
        if _VERB.fullmatch(word) and word != "hundred" and not _DESCRIBES.fullmatch(words[position - 1]):
            return " ".join(words[:position]).rstrip(",")
    return None


# A wire dateline before the first sentence: "ROTTERDAM —", "SEOUL, South Korea (AP) -".
# "LISBON, March 14 (Reuters) -" too, with or without its date.
DATELINE = re.compile(r"^[A-Z][A-Z'.-]+(?:\s[A-Z][A-Z'.-]+){0,3}(?:,\s*(?:[A-Z][\w.' -]{1,30}?)?)?\s*(?:\([^()]{1,30}\)\s*)?"
                     r"[—–-]{1,2}\s*")
