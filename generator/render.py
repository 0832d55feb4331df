"""Render the timeline into Markdown pages with the Jinja2 templates in `site_templates/`.

Every `{{ value }}` a template prints is escaped for Markdown and HTML unless it is
explicitly marked safe (`|url`, `|attr`, `|markdown`), so titles, names and quotes
taken from articles can never inject markup or links.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from .config import Settings
from .dates import MONTH_NAMES, DAY, EventDate
from .model import Event, Source, Timeline, term_slug, year_label, year_slug
from .problems import Problem

TAXONOMY_TITLES = {"tags": ("Tags", "Tag"), "actors": ("Actors", "Actor"), "places": ("Places", "Place")}
ASSETS = ("assets/timeline.css",)

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]{}()#!|])")


def escape_text(value: object) -> str:
    """Escape text for a Markdown paragraph that becomes HTML: one line, no markup."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = re.sub(r"\s+", " ", str(value))
    text = html.escape(text, quote=False)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def url_filter(value: str) -> Markup:
    """A URL for a Markdown link target: characters that would end it are encoded."""
    return Markup(quote(str(value), safe=":/?#[]@!$&'*+,;=%~.-_"))


def attr_filter(value: object) -> Markup:
    return Markup(html.escape(str(value), quote=True))


@dataclass
class RenderedSite:
    pages: dict[str, str] = field(default_factory=dict)  # path relative to the docs root -> Markdown
    nav: list = field(default_factory=list)


def make_environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        # With autoescape on, macro output is Markup and is not escaped twice;
        # finalize escapes every other printed value for Markdown as well as HTML.
        finalize=lambda value: Markup(escape_text(value)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(url=url_filter, attr=attr_filter, markdown=Markup,
                       year_slug=year_slug, year_label=year_label, timestamp=event_timestamp,
                       term_slug=term_slug, groupby_heading=group_consecutive)
    return env


def group_consecutive(events: list[Event], key) -> list[tuple[str, list[Event]]]:
    """Group ordered events under headings, keeping their order."""
    groups: list[tuple[str, list[Event]]] = []
    for event in events:
        heading = key(event)
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(event)
    return groups


def month_heading(event: Event) -> str:
    point = event.date.anchor
    if point.month is None:
        return f"{year_label(point.year)}, month not known"
    return f"{MONTH_NAMES[point.month - 1]} {year_label(point.year)}"


def event_timestamp(event: Event) -> str:
    """The machine-readable value for `<time datetime>`: date, with time and offset when known."""
    date: EventDate = event.date
    machine = date.machine()
    if not event.time or date.precision != DAY or date.anchor.year < 1:
        return machine
    stamp = f"{machine}T{event.time}"
    zone = event.timezone
    if zone and not re.match(r"^(UTC)?[+-]\d", zone) and zone not in ("UTC", "Z"):
        point = date.anchor
        hour, minute = map(int, event.time.split(":"))
        local = dt.datetime(point.year, point.month, point.day, hour, minute, tzinfo=ZoneInfo(zone))
        offset = local.strftime("%z")
        return f"{stamp}{offset[:3]}:{offset[3:]}"
    if zone in ("UTC", "Z"):
        return stamp + "Z"
    if zone:
        offset = zone.removeprefix("UTC")
        return stamp + (offset if ":" in offset else f"{offset[:3]}:{offset[3:]}")
    return stamp


def inline_sources(timeline: Timeline) -> list[tuple[Source, list[Event]]]:
    """Sources given inline in events, one entry per distinct url (or title)."""
    grouped: dict[tuple[str, str], tuple[Source, list[Event]]] = {}
    for event in timeline.events:
        for citation in event.citations:
            source = citation.source
            if source.id:
                continue
            key = (source.url, "" if source.url else source.title.casefold())
            entry = grouped.setdefault(key, (source, []))
            if event not in entry[1]:
                entry[1].append(event)
    return sorted(grouped.values(), key=lambda item: (item[0].title.casefold(), item[0].url))


def render_site(timeline: Timeline, settings: Settings, problems: list[Problem] = ()) -> RenderedSite:
    env = make_environment(settings.templates_path)
    site = RenderedSite()
    common = {"settings": settings, "timeline": timeline, "taxonomy_titles": TAXONOMY_TITLES,
              "month_heading": month_heading}

    def page(path: str, template: str, **context: object) -> None:
        root = "../" * path.count("/")
        site.pages[path] = env.get_template(template).render(root=root, **common, **context)

    latest = sorted(timeline.events, key=lambda e: e.sort_key, reverse=True)[: settings.latest]
    page("index.md", "home.md.j2", latest=latest, problems=list(problems))
    years = list(timeline.years)
    for position, (year, events) in enumerate(timeline.years.items()):
        page(f"years/{year_slug(year)}.md", "year.md.j2", year=year, events=events,
             previous=years[position - 1] if position else None,
             next=years[position + 1] if position + 1 < len(years) else None)
    for taxonomy, terms in timeline.taxonomies.items():
        page(f"{taxonomy}/index.md", "term_index.md.j2", taxonomy=taxonomy, terms=terms)
        for term in terms:
            page(f"{taxonomy}/{term.slug}.md", "term.md.j2", taxonomy=taxonomy, term=term)
    page("sources/index.md", "source_index.md.j2", inline=inline_sources(timeline))
    for source in timeline.sources:
        page(f"sources/{source.id}.md", "source.md.j2", source=source,
             events=timeline.citing.get(source.id, []))
    for asset in ASSETS:
        site.pages[asset] = (settings.templates_path / asset).read_text(encoding="utf-8")

    site.nav = [{"Home": "index.md"}]
    if years:
        site.nav.append({"Years": [{year_label(y): f"years/{year_slug(y)}.md"} for y in years]})
    for taxonomy in timeline.taxonomies:
        site.nav.append({TAXONOMY_TITLES[taxonomy][0]: f"{taxonomy}/index.md"})
    site.nav.append({"Sources": "sources/index.md"})
    return site
