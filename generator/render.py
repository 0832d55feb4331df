"""Render the timeline into Markdown pages with the Jinja2 templates in `site_templates/`.

Templates escape every printed value for HTML (Jinja2's autoescape). Where a value
lands in Markdown rather than in a raw HTML block, templates add `|md`, which also
escapes Markdown syntax, so a title taken from an article cannot become a link or an
attribute. `|markdown` passes an editor's own Markdown (an event's body) through.

Pages are Markdown with raw HTML blocks for the parts a machine repeats (an event's
date line, its terms and sources, the event lists of term pages): Markdown would run
its inline parser over thousands of generated links, which dominated build time.
Links inside those blocks are computed here with MkDocs' URL rules and checked by the
tests on the built site; the links a person reads in Markdown stay Markdown links.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from dataclasses import dataclass, field
from typing import Iterable
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from . import parallel
from .config import Settings
from .dates import DAY, MONTH_NAMES, EventDate
from .model import Event, Source, Timeline, term_slug, year_label, year_slug
from .problems import ContentError, Problem

TAXONOMY_TITLES = {"tags": ("Tags", "Tag"), "actors": ("Actors", "Actor"), "places": ("Places", "Place")}
ASSETS = ("assets/timeline.css", "assets/timeline.js")

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]{}()#!|])")
_NEEDS_ESCAPE = re.compile(r"[\\`*_\[\]{}()#!|<>&\s]")


def escape_text(value: object) -> str:
    """Escape text for Markdown that becomes HTML: one line, no markup."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = str(value)
    if not _NEEDS_ESCAPE.search(text.replace(" ", "")):
        return text
    text = html.escape(re.sub(r"\s+", " ", text), quote=False)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


# A URL that neither quoting nor HTML escaping would change (most of them).
_PLAIN_URL = re.compile(r"[A-Za-z0-9:/?#\[\]@!$*+,;=%~._-]*")


def url_filter(value: str) -> Markup:
    """A URL for a link target: characters that would end it are encoded."""
    text = str(value)
    if _PLAIN_URL.fullmatch(text):
        return Markup(text)
    return Markup(html.escape(quote(text, safe=":/?#[]@!$&'*+,;=%~.-_"), quote=True))


@dataclass
class RenderedSite:
    pages: dict[str, str | bytes] = field(default_factory=dict)  # path in the docs root -> Markdown or a file
    nav: list = field(default_factory=list)


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown page, relative to the site root."""
    stem = path[:-3] if path.endswith(".md") else path
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def url_folder(path: str, directory_urls: bool = True) -> str:
    """The folder a browser resolves a page's relative links against."""
    return page_url(path, directory_urls).rsplit("/", 1)[0] if "/" in page_url(path, directory_urls) else ""


class Linker:
    """Relative hrefs from one page to others, as MkDocs would write them."""

    def __init__(self, directory_urls: bool) -> None:
        self.directory_urls = directory_urls
        self._folders: dict[str, str] = {}
        self._cache: dict[tuple[str, str], str] = {}

    def href(self, from_page: str, to_page: str, anchor: str = "") -> str:
        folder = self._folders.get(from_page)
        if folder is None:
            folder = self._folders[from_page] = url_folder(from_page, self.directory_urls)
        key = (folder, to_page)
        relative = self._cache.get(key)
        if relative is None:
            target = page_url(to_page, self.directory_urls)
            if folder and target.split("/", 1)[0] != folder.split("/", 1)[0]:
                relative = "../" * (folder.count("/") + 1) + target  # nothing in common: go up to the root
            else:
                relative = posixpath.relpath(target or ".", folder or ".")
                if not target or target.endswith("/"):
                    relative = "./" if relative == "." else relative + "/"
            if not relative:
                relative = "./"
            self._cache[key] = relative
        return relative + (f"#{anchor}" if anchor else "")


class LinkTable(dict):
    """Hrefs (or links) by name, each made on first use: templates look them up
    without a call."""

    def __init__(self, make_href) -> None:
        super().__init__()
        self.make_href = make_href

    def __missing__(self, name: str) -> str:
        href = self[name] = self.make_href(name)
        return href

    def joined(self, names: Iterable[str]) -> Markup:
        """The links of `names`, comma-separated: one call where a template loop would
        cost a year page's event more than the rest of its facts."""
        return Markup(", ".join([self[name] for name in names]))


class PageLinks:
    """A page's `LinkTable`s: `links.sources`, `links.events` and one per taxonomy
    (`links.tags`, or `links[taxonomy]`). Attributes, because a template looks an
    attribute up faster than a dictionary's key."""

    def __init__(self, tables: dict[str, LinkTable]) -> None:
        self.__dict__.update(tables)

    def __getitem__(self, name: str) -> LinkTable:
        return self.__dict__[name]


class Lookup(dict):
    """A dictionary a template reads with [], where a missing key is None: one
    lookup, where `.get()` is a call (a call from a template costs three lookups)."""

    def __missing__(self, key: object) -> None:
        return None


def linked(names: Iterable[str], table: LinkTable) -> Markup:
    """Filter: the names' links from a table, comma-separated."""
    return table.joined(names)


def make_environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Values that pages show for every event are filters: a template calls a filter
    # directly, and a function or method through its context, at three times the cost.
    env.filters.update(md=lambda value: Markup(escape_text(value)), url=url_filter, markdown=Markup,
                       year_slug=year_slug, year_label=year_label, timestamp=event_timestamp,
                       term_slug=term_slug, edtf=lambda date: date.edtf(), display=lambda date: date.display(),
                       terms=event_terms, linked=linked)
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
    if zone in ("UTC", "Z"):
        return stamp + "Z"
    if re.match(r"^(UTC)?[+-]\d", zone):
        offset = zone.removeprefix("UTC")
        return stamp + (offset if ":" in offset else f"{offset[:3]}:{offset[3:]}")
    if zone:
        point = date.anchor
        hour, minute = map(int, event.time.split(":"))
        local = dt.datetime(point.year, point.month, point.day, hour, minute, tzinfo=ZoneInfo(zone))
        offset = local.strftime("%z")
        return f"{stamp}{offset[:3]}:{offset[3:]}"
    return stamp


def event_terms(event: Event, taxonomies: Iterable[str]) -> list[tuple[str, tuple[str, ...], bool]]:
    """Filter: the taxonomies an event has terms in, with its terms, and whether another
    follows (a template's `loop.last` makes Jinja run every enclosing loop through
    its slower loop object)."""
    found = [(taxonomy, names) for taxonomy in taxonomies if (names := event.terms(taxonomy))]
    return [(taxonomy, names, position < len(found) - 1) for position, (taxonomy, names) in enumerate(found)]


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


def quotes_from(events: list[Event], source_id: str) -> Lookup:
    """The quotes each event takes from one source, by event id (None without one)."""
    return Lookup((event.id, quotes) for event in events
                  if (quotes := [c.quote for c in event.citations if c.quote and c.source.id == source_id]))


def event_page(event: Event) -> str:
    return f"years/{year_slug(event.date.year)}.md"


def event_url(event: Event, settings: Settings) -> str:
    """The event's permalink: its anchor on its year page, under the site's address."""
    return f"{settings.site_url}{page_url(event_page(event), settings.directory_urls)}#{event.id}"


def render_site(timeline: Timeline, settings: Settings, problems: list[Problem] = (),
                histories: dict | None = None) -> RenderedSite:
    """Render every generated page. A broken template raises ContentError naming its line.
    `histories` (generator.history) adds each event's first-published and updated dates."""
    try:
        return _render_site(timeline, settings, problems, histories or {})
    except jinja2.TemplateSyntaxError as error:
        raise ContentError([Problem(_template_path(settings, error.name or error.filename), error.lineno or 1,
                                    f"template error: {error.message}", "fix the template, or restore it from git")]
                           ) from None
    except jinja2.TemplateError as error:
        line, name = _failing_template_line(error)
        raise ContentError([Problem(_template_path(settings, name), line, f"template error: {error}",
                                    "fix the template, or restore it from git")]) from None


def _template_path(settings: Settings, name: str | None) -> str:
    return f"site_templates/{Path(name).name}" if name else "site_templates"


def _failing_template_line(error: Exception) -> tuple[int, str | None]:
    """The template file and line where a rendering error happened, from the traceback."""
    frame = error.__traceback__
    found: tuple[int, str | None] = (1, None)
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".html"):
            found = (frame.tb_lineno, filename)
        frame = frame.tb_next
    return found


def _render_site(timeline: Timeline, settings: Settings, problems: list[Problem], histories: dict) -> RenderedSite:
    env = make_environment(settings.templates_path)
    linker = Linker(settings.directory_urls)
    site = RenderedSite()
    year_page_of = {event.id: event_page(event) for event in timeline.events}
    event_by_id = {event.id: event for event in timeline.events}
    line_tables: dict[str, LinkTable] = {}

    def lines_from(here: str) -> LinkTable:
        """Each event as one list item (the event_line macro), by id, as written on
        `here`. A line links to the event on its year page, so pages that link to the
        year pages alike (every term and source page) share the lines."""
        key = linker.href(here, "years/0.md")
        if key not in line_tables:
            hrefs = links_from(here).events
            line_tables[key] = LinkTable(lambda event_id: macros.event_line(  # type: ignore[attr-defined]
                event_by_id[event_id], hrefs[event_id]))
        return line_tables[key]

    def event_line(event: Event, here: str) -> Markup:
        return lines_from(here)[event.id]

    def event_lines(events: list[Event], here: str) -> Markup:
        """`event_line` of each event, one a line: a term page's list in one call
        instead of a template loop."""
        lines = lines_from(here)
        return Markup("\n".join([lines[event.id] for event in events]))

    taxonomies = list(timeline.taxonomies)
    folder_links: dict[tuple[str, int], PageLinks] = {}

    def links_from(here: str) -> PageLinks:
        """Links from a page to every term and source page, and to every event. Pages
        as deep in one top folder (years/2003/, years/2004/) link to the other top
        folders alike, so the links are made once for all of them."""
        folder = url_folder(here, settings.directory_urls)
        key = (folder.split("/", 1)[0], folder.count("/"))
        if key not in folder_links:
            tables = {taxonomy: LinkTable(lambda name, t=taxonomy: macros.term_link(  # type: ignore[attr-defined]
                          linker.href(here, f"{t}/{term_slug(name)}.md"), name)) for taxonomy in taxonomies}
            tables["sources"] = LinkTable(lambda source_id: linker.href(here, f"sources/{source_id}.md"))
            tables["events"] = LinkTable(lambda event_id: linker.href(here, year_page_of[event_id], event_id))
            folder_links[key] = PageLinks(tables)
        return folder_links[key]

    env.globals.update(settings=settings, timeline=timeline, taxonomy_titles=TAXONOMY_TITLES,
                       taxonomies=taxonomies, histories=Lookup(histories), href=linker.href,
                       event_page=event_page, event_line=event_line, event_lines=event_lines,
                       month_heading=month_heading, group_consecutive=group_consecutive, term_slug=term_slug,
                       inline_sources=inline_sources, quotes_from=quotes_from)
    macros = env.get_template("_event.md.j2").module

    jobs: list[tuple[str, str, dict]] = []  # (path, template, context) of every page

    def page(path: str, template: str, **context: object) -> None:
        jobs.append((path, template, {"links": links_from(path), **context}))

    latest = timeline.events[::-1][: settings.latest]  # the events are in order, and ids make it total
    page("index.md", "home.md.j2", latest=latest, problems=list(problems))
    years = list(timeline.years)
    for position, (year, events) in enumerate(timeline.years.items()):
        path = f"years/{year_slug(year)}.md"
        page(path, "year.md.j2", year=year, events=events,
             previous=years[position - 1] if position else None,
             next=years[position + 1] if position + 1 < len(years) else None)
    for taxonomy, terms in timeline.taxonomies.items():
        page(f"{taxonomy}/index.md", "term_index.md.j2", taxonomy=taxonomy, terms=terms)
        for term in terms:
            page(f"{taxonomy}/{term.slug}.md", "term.md.j2", taxonomy=taxonomy, term=term)
    page("sources/index.md", "source_index.md.j2")
    for source in timeline.sources:
        page(f"sources/{source.id}.md", "source.md.j2", source=source, events=timeline.citing.get(source.id, []))

    templates: dict[str, jinja2.Template] = {}  # each process compiles what it renders, once

    def render(part: list[tuple[str, str, dict]]) -> list[str]:
        return [(templates.get(name) or templates.setdefault(name, env.get_template(name))).render(
                    root="../" * path.count("/"), here=path, **context) for path, name, context in part]

    # A large timeline's pages are rendered on two cores, a page at a time.
    large = len(timeline.events) >= parallel.MIN_EVENTS
    for (path, _, _), text in zip(jobs, parallel.map_on_two_cores(render, jobs, large=large)):
        site.pages[path] = text
    # The link and line tables hold functions that refer back to them, and the
    # environment holds those: cleared, they go now rather than at a later collection.
    for tables in (folder_links, line_tables, templates, env.globals):
        tables.clear()
    jobs.clear()
    for asset in ASSETS:
        site.pages[asset] = (settings.templates_path / asset).read_text(encoding="utf-8")

    site.nav = [{"Home": "index.md"}]
    if years:
        site.nav.append({"Years": [{year_label(y): f"years/{year_slug(y)}.md"} for y in years]})
    for taxonomy in timeline.taxonomies:
        site.nav.append({TAXONOMY_TITLES[taxonomy][0]: f"{taxonomy}/index.md"})
    site.nav.append({"Sources": "sources/index.md"})
    return site
