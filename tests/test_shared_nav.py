"""The navigation shared by generated pages outside it: the site comes out the same."""

from __future__ import annotations

from generator import shared_nav
from generator.build import build_site
from generator.config import load_settings
from tests.test_site import ROOT, copy_project


def build(tmp_path, name: str) -> dict[str, bytes]:
    config = copy_project(ROOT, tmp_path / name)
    site_dir, _ = build_site(config, load_settings(config), site_dir=tmp_path / name / "site")
    return {str(path.relative_to(site_dir)): path.read_bytes() for path in sorted(site_dir.rglob("*"))
            if path.is_file() and path.name != "sitemap.xml.gz"}  # gzip stamps the time


def test_pages_outside_the_nav_share_it_and_the_site_is_unchanged(tmp_path, monkeypatch):
    real = shared_nav.share_navigation
    shared: list[dict] = []

    def recording(*args):
        shared.append(real(*args))
        return shared[-1]

    monkeypatch.setattr(shared_nav, "share_navigation", recording)
    with_sharing = build(tmp_path, "shared")
    monkeypatch.setattr(shared_nav, "share_navigation", lambda *args: {})
    alone = build(tmp_path, "alone")

    assert with_sharing.keys() == alone.keys()
    changed = [name for name in alone if with_sharing[name] != alone[name]]
    assert changed == []
    # One rendering per folder of term and source pages, not one per page.
    term_pages = [name for name in alone if name.startswith(("tags/", "actors/", "places/", "sources/"))
                  and name.endswith("/index.html") and name.count("/") == 2]
    assert len(shared) == 1 and 1 <= len(shared[0]) <= 4 < len(term_pages)
    assert all('class="md-nav' in html for html in shared[0].values())
