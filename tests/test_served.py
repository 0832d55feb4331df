"""The example site served from a sub-path, as GitHub Pages serves a project site:
every internal link and anchor resolves, and the 404 page works there too."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from generator.build import build_site
from generator.config import load_settings
from test_site import ROOT, copy_project

MOUNT = "/timeline-repo/"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under MOUNT and answers a missing path with the site's 404.html."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / MOUNT.strip("/") / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().send_error(code, message, explain)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name])


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = tmp_path_factory.mktemp("served")
    config = copy_project(ROOT, project)
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^site_url:.*$", "site_url: http://127.0.0.1:1/timeline-repo/", text, flags=re.M),
                      encoding="utf-8")
    root = project / "www"
    site_dir, _ = build_site(config, load_settings(config), site_dir=root / MOUNT.strip("/"))
    handler = functools.partial(_PagesHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", site_dir
    server.shutdown()


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get_content_type()


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Every page reachable from `start` on the same host and path; returns the pages
    and the broken links and anchors as 'page -> link' strings."""
    host = urlsplit(start).netloc
    pages: dict[str, _Links] = {}
    queue, broken = [start], []
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        status, body, kind = fetch(url)
        if status != 200:
            broken.append(f"{url}: {status}")
            continue
        parser = _Links()
        if kind == "text/html":
            parser.feed(body.decode("utf-8"))
        pages[url] = parser
        for link in parser.links:
            target = urljoin(url, link)
            if urlsplit(target).netloc != host or not urlsplit(target).path.startswith(MOUNT):
                continue
            page, _ = urldefrag(target)
            if page not in pages and kind == "text/html" and (page.endswith("/") or page.endswith(".html")):
                queue.append(page)
            elif page not in pages and page not in queue:
                status, _, _ = fetch(page)
                if status != 200:
                    broken.append(f"{url} -> {link}: {status}")
    for url, parser in pages.items():
        for link in parser.links:
            target = urljoin(url, link)
            page, anchor = urldefrag(target)
            if anchor and page in pages and anchor not in pages[page].ids:
                broken.append(f"{url} -> {link}: no anchor #{anchor}")
    return set(pages), broken


def test_no_broken_internal_links_or_anchors_under_a_sub_path(served):
    base, site_dir = served
    pages, broken = crawl(base + MOUNT)
    assert broken == []
    built = {p for p in site_dir.rglob("index.html")}
    assert len(pages) >= len(built) * 0.9  # the crawl reached (nearly) every built page


def test_404_page_works_under_the_sub_path(served):
    base, _ = served
    status, body, _ = fetch(base + MOUNT + "no/such/page/")
    assert status == 404
    html = body.decode("utf-8")
    assert "404" in html
    parser = _Links()
    parser.feed(html)
    assets = [link for link in parser.links if link.endswith((".css", ".js"))]
    assert assets
    for link in assets:
        assert fetch(urljoin(base + MOUNT + "no/such/page/", link))[0] == 200, link
