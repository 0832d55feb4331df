"""Integration: whole sites built by MkDocs in strict mode, checked in their HTML."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import BuildFailed, build_site
from generator.config import load_settings
from generator.pipeline import read_timeline

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "site"


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a site project whose hook and templates point at this checkout."""
    shutil.copytree(source / "content", target / "content")
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"hooks:.*?(\n\S|\Z)", lambda m: f"hooks: [{ROOT / 'generator' / 'mkdocs_hook.py'}]{m[1]}",
                    config, flags=re.S)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    (target / "site_templates").symlink_to(ROOT / "site_templates")
    return target / "mkdocs.yml"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.times: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "time" and "datetime" in attributes:
            self.times.append(attributes["datetime"])
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


def parse_html(path: Path) -> _Collect:
    collector = _Collect()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("fixture")
    config = copy_project(FIXTURE, project)
    site_dir, _ = build_site(config, load_settings(config))
    return config, site_dir


def test_example_site_builds_strict_with_every_event_anchor_and_time(tmp_path):
    config = copy_project(ROOT, tmp_path)
    settings = load_settings(config)
    site_dir, warnings = build_site(config, settings)
    assert warnings == []
    timeline, _ = read_timeline(settings)
    assert len(timeline.events) >= 10
    page = parse_html(site_dir / "years" / "2023" / "index.html")
    for event in timeline.events:
        assert event.id in page.ids
    assert len(page.times) == len(timeline.events)
    assert "2023-09-13" in page.times


def test_untrusted_title_and_quote_come_out_escaped(fixture_site):
    _, site_dir = fixture_site
    html = (site_dir / "years" / "2023" / "index.html").read_text(encoding="utf-8")
    page = parse_html(site_dir / "years" / "2023" / "index.html")
    assert not any("alert" in script or "bad()" in script for script in page.scripts)
    assert "&lt;script&gt;alert" in html
    assert 'href="javascript:' not in html
    assert "{: onclick=x }" in html  # shown as text, not turned into an attribute
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_hostile_page_title_stays_text_in_the_html_title(fixture_site):
    _, site_dir = fixture_site
    html = (site_dir / "sources" / "hostile-title" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert('title')" not in html
    assert "<title>&lt;/title&gt;&lt;script&gt;" in html


def test_links_work_from_every_generated_page(fixture_site):
    _, site_dir = fixture_site
    for page in ("index.html", "tags/summit/index.html", "sources/wire-report/index.html"):
        html = (site_dir / page).read_text(encoding="utf-8")
        for target in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', html):
            if target.endswith((".css", ".js", ".xml", ".ico", ".png", ".svg")) or target.startswith("/"):
                continue
            resolved = (site_dir / page).parent / target
            assert resolved.exists() or (resolved / "index.html").exists(), f"{page} links to missing {target}"


def test_broken_internal_link_fails_build_and_keeps_previous_site(tmp_path):
    config = copy_project(FIXTURE, tmp_path)
    settings = load_settings(config)
    site_dir, _ = build_site(config, settings)
    marker = site_dir / "index.html"
    before = marker.read_text(encoding="utf-8")
    (tmp_path / "content" / "about.md").write_text("# About\n\nSee [nowhere](missing.md).\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(config, settings)
    assert marker.read_text(encoding="utf-8") == before
    assert not list(tmp_path.glob(".site.building-*"))


def test_site_makes_no_request_to_third_party_hosts(fixture_site):
    _, site_dir = fixture_site
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)
    assert [s for s in sources if "example.github.io" not in s] == []
