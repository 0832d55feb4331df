"""The built fixture site in a real browser (Debian's Chromium, driven by Playwright):
no script from content runs, no request leaves the site, and axe-core finds no
accessibility violation on the generated pages."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from generator.build import build_site
from generator.config import load_settings
from test_site import FIXTURE, copy_project

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "tools" / "node_modules" / "axe-core" / "axe.min.js"
playwright = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (test extra)")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() or not AXE.exists(),
                                reason="needs Debian's chromium and `npm install --prefix tests/tools` (.ci/run has both)")

PAGES = ["", "years/2023/", "years/44-bc/", "tags/", "tags/summit/", "actors/", "sources/", "sources/wire-report/",
         "sources/hostile-title/", "about/"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    project = tmp_path_factory.mktemp("browser")
    config = copy_project(FIXTURE, project)
    site_dir, _ = build_site(config, load_settings(config))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield chromium
        chromium.close()


def test_pages_run_no_content_script_request_nothing_outside_and_pass_axe(site_url, browser):
    page = browser.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    axe = AXE.read_text(encoding="utf-8")
    for path in PAGES:
        response = page.goto(site_url + path)
        assert response is not None and response.ok, path
        page.add_script_tag(content=axe)
        violations = page.evaluate(
            "async () => (await axe.run()).violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length}`)")
        assert violations == [], f"{path}: {violations}"
    assert dialogs == []  # the fixture's <script>alert(…)</script> and onerror payloads stayed text
    assert [url for url in requests if not url.startswith(site_url)] == []
    page.goto(site_url + "years/2023/")
    assert page.locator("#escape-me time").first.get_attribute("datetime") == "2023-10"
    assert "<script>" in page.locator("#escape-me-title").inner_text()
