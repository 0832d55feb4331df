"""The timeline model: typed events and sources, ordered and indexed for rendering."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .dates import EventDate, Point, pickled_by_fields

STATUSES = ("confirmed", "reported", "alleged", "disputed", "denied")
DEFAULT_STATUS = "reported"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str = ""
    publisher: str = ""
    author: str = ""
    published: Point | None = None
    accessed: Point | None = None
    archive_url: str = ""
    description: str = ""
    path: str = ""  # the source file; empty for a source given inline in an event


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Citation:
    source: Source
    quote: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Correction:
    """An editor's note on a correction made to a published event."""

    note: str
    date: Point | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title: str
    date: EventDate
    path: str
    body: str = ""
    time: str = ""
    timezone: str = ""
    status: str = DEFAULT_STATUS
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    draft: bool = False
    corrections: tuple[Correction, ...] = ()

    @property
    def sort_key(self) -> tuple:
        return (self.date.sort_key, self.id)

    def terms(self, taxonomy: str) -> tuple[str, ...]:
        return getattr(self, taxonomy)


@dataclass
class Term:
    name: str
    slug: str
    events: list[Event] = field(default_factory=list)


@dataclass
class Timeline:
    """Everything a site is rendered from, in the documented order."""

    events: list[Event]
    sources: list[Source]
    taxonomies: dict[str, list[Term]]
    years: dict[int, list[Event]]
    citing: dict[str, list[Event]]  # source id -> events citing it

    @property
    def span(self) -> tuple[EventDate, EventDate] | None:
        if not self.events:
            return None
        return self.events[0].date, max(self.events, key=lambda e: (e.date.end or e.date.anchor).key).date


def build_timeline(events: list[Event], sources: list[Source], taxonomies: tuple[str, ...]) -> Timeline:
    ordered = sorted(events, key=lambda e: e.sort_key)
    years: dict[int, list[Event]] = defaultdict(list)
    citing: dict[str, list[Event]] = defaultdict(list)
    for event in ordered:
        years[event.date.year].append(event)
        for source_id in dict.fromkeys(c.source.id for c in event.citations):
            citing[source_id].append(event)
    return Timeline(
        events=ordered,
        sources=sorted(sources, key=lambda s: (s.title.casefold(), s.id)),
        taxonomies={name: index_terms(ordered, name) for name in taxonomies},
        years=dict(sorted(years.items())),
        citing=dict(citing),
    )


def index_terms(events: list[Event], taxonomy: str) -> list[Term]:
    """Terms of one taxonomy, by name; terms that differ only in case or
    punctuation share a page, named after their first spelling."""
    by_key: dict[str, Term] = {}
    for event in events:
        for name in event.terms(taxonomy):
            key = term_slug(name)
            term = by_key.get(key)
            if term is None:
                term = by_key[key] = Term(name, key)
            if not term.events or term.events[-1] is not event:
                term.events.append(event)
    return sorted(by_key.values(), key=lambda t: (t.name.casefold(), t.slug))


@functools.lru_cache(maxsize=65536)
def term_slug(name: str) -> str:
    """The page name of a taxonomy term. 'index' is the taxonomy's own index page, so
    a term named Index gets 'index-', a form slugify never gives."""
    slug = slugify(name)
    return "index-" if slug == "index" else slug


SLUG_LIMIT = 60


def slugify(text: str) -> str:
    """A file-name-safe slug: ASCII letters, digits and '-'; never empty, never '..'.

    Accents are dropped ("Société" → "societe"). Where letters would be lost (other
    scripts) or the slug is long, a digest of the name keeps different names apart:
    names that differ only in case, accents or punctuation share a slug; others do not."""
    decomposed = unicodedata.normalize("NFKD", text)
    slug = re.sub(r"[^a-z0-9]+", "-", decomposed.encode("ascii", "ignore").decode().lower()).strip("-")
    lost = any(not ch.isascii() and ch.isalnum() and not unicodedata.combining(ch) for ch in decomposed)
    if slug and not lost and len(slug) <= SLUG_LIMIT:
        return slug
    words = " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))
    digest = hashlib.sha1(words.encode("utf-8")).hexdigest()[:10]
    return f"{slug[:SLUG_LIMIT].strip('-')}-{digest}" if slug else f"term-{digest}"


def year_slug(year: int) -> str:
    return f"{-year}-bc" if year < 0 else str(year)


def year_label(year: int) -> str:
    return f"{-year} BC" if year < 0 else str(year)
