"""Material's navigation, rendered once for the generated pages it does not list.

Material writes the whole navigation into every page, at about 1 ms a page. Most of a
timeline's pages (one per tag, actor, place and source) are not in the navigation, so
for them nothing in it is marked active, and its HTML differs from page to page only by
the relative addresses of its links. Such pages share one rendering per set of
addresses; every other page is rendered as Material renders it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import Any

import jinja2
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

NAV_TEMPLATE = "partials/nav.html"


def share_navigation(env: jinja2.Environment, nav: Navigation, extra_targets: list[str],
                     shared_pages: Collection[str]) -> dict[tuple[str, ...], str]:
    """Have the pages whose source is in `shared_pages` (and that the navigation does not
    list) share their navigation's HTML. `extra_targets` are the other addresses the
    navigation template links to (the logo, a custom home page). Returns the shared
    renderings, which fill up as the pages are rendered."""
    rendered: dict[tuple[str, ...], str] = {}
    try:
        template = env.get_template(NAV_TEMPLATE)
    except jinja2.TemplateNotFound:
        return rendered
    listed = {id(page) for page in nav.pages}
    targets = [target for target in [*_link_targets(nav.items), *extra_targets] if target]
    if nav.homepage is not None:
        targets.append(nav.homepage.url)
    render: Callable[[Any], Iterator[str]] = template.root_render_func

    def render_shared(context: Any) -> Iterator[str]:
        page = context.get("page")
        if not isinstance(page, Page) or id(page) in listed or page.file.src_uri not in shared_pages:
            yield from render(context)
            return
        key = tuple(normalize_url(target, page=page) for target in targets)
        html = rendered.get(key)
        if html is None:
            html = rendered[key] = "".join(render(context))
        yield html

    # Jinja's {% include %} calls the included template's root function with the
    # including page's context: this is the one place where every page passes.
    template.root_render_func = render_shared
    return rendered


def _link_targets(items: list) -> Iterator[str]:
    for item in items:
        if isinstance(item, Section):
            yield from _link_targets(item.children)
        elif isinstance(item, (Page, Link)) and item.url is not None:
            yield item.url
