"""Everything the timeline adds to a site: the rendered pages, and beside them the
feeds, the exports, the corrections page and feed, and the front-matter schema. The MkDocs hook
adds these files to a build; `timeline generate` writes them to a folder."""

from __future__ import annotations

from pathlib import Path

from .config import Settings
from .exports import site_files as export_files
from .exports import SITE_FILES as EXPORT_PATHS
from .feeds import SITE_PATHS as FEED_PATHS
from .feeds import head_links
from .feeds import site_files as feed_files
from .history import corrections_files, read_history
from .model import Timeline
from .problems import Problem
from .render import RenderedSite, render_site

SCHEMA = Path(__file__).parent / "data" / "event.schema.json"
SCHEMA_PATH = "schema/event.schema.json"
CORRECTIONS_NAV = {"Corrections": "corrections.md"}
DATA_FILES = (*FEED_PATHS, *EXPORT_PATHS)


def publish(timeline: Timeline, settings: Settings, problems: list[Problem] = ()) -> tuple[RenderedSite, list[dict]]:
    """The site's generated files (Markdown pages and static files, by path) and its
    navigation, plus the feed links for every page's head. Raises ContentError on a
    broken template."""
    site, links = publish_pages(timeline, settings, problems)
    site.pages.update(data_files(timeline, settings))
    return site, links


def publish_pages(timeline: Timeline, settings: Settings,
                  problems: list[Problem] = ()) -> tuple[RenderedSite, list[dict]]:
    """Everything but the data files: what the pages need, and what links to them."""
    histories = read_history(settings, timeline.events)
    site = render_site(timeline, settings, problems, histories)
    site.pages.update(corrections_files(timeline, histories, settings))
    site.pages[SCHEMA_PATH] = SCHEMA.read_bytes()
    site.nav.append(CORRECTIONS_NAV)
    return site, head_links(settings, corrections=True)


def data_files(timeline: Timeline, settings: Settings) -> dict[str, bytes]:
    """The feeds and exports, at the paths in DATA_FILES: no page is made from them, so
    a build can write them while MkDocs converts the pages (see `parallel`)."""
    return {**feed_files(timeline, settings), **export_files(timeline, settings)}
