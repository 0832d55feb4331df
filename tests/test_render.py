"""Golden tests: the fixture site's generated Markdown against checked-in pages.

Update the expected pages after an intended change with `make golden`
(UPDATE_GOLDEN=1 pytest tests/test_render.py), then read the diff before committing.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.config import load_settings
from generator.pipeline import read_timeline
from generator.render import escape_text, render_site, url_filter

FIXTURE = Path(__file__).parent / "fixtures" / "site"
EXPECTED = Path(__file__).parent / "golden" / "site"


@pytest.fixture(scope="module")
def rendered():
    settings = load_settings(FIXTURE / "mkdocs.yml")
    timeline, problems = read_timeline(settings)
    assert [p for p in problems if p.severity == "error"] == []
    # The Markdown pages; the stylesheet and script are copied as they are, not generated.
    return {path: page for path, page in render_site(timeline, settings).pages.items() if path.endswith(".md")}


def test_generated_pages_match_golden_files(rendered):
    if os.environ.get("UPDATE_GOLDEN"):
        for old in EXPECTED.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, content in rendered.items():
            target = EXPECTED / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    expected = {p.relative_to(EXPECTED).as_posix(): p.read_text(encoding="utf-8")
                for p in EXPECTED.rglob("*") if p.is_file()}
    assert sorted(rendered) == sorted(expected), "pages added or removed: run `make golden` and read the diff"
    for path in sorted(expected):
        assert rendered[path] == expected[path], f"{path} differs: run `make golden` and read the diff"


def test_drafts_are_left_out_unless_asked_for(rendered):
    assert "draft-event" not in rendered["years/2023.md"]
    settings = load_settings(FIXTURE / "mkdocs.yml", drafts=True)
    timeline, _ = read_timeline(settings)
    assert 'id="draft-event"' in render_site(timeline, settings).pages["years/2023.md"]


def test_events_are_ordered_by_start_then_precision_then_id(rendered):
    year = rendered["years/2023.md"]
    order = [year.index(f'id="{i}"') for i in ("whole-year", "shipments", "summit", "escape-me", "until")]
    assert order == sorted(order)


def test_bce_year_has_its_own_page(rendered):
    assert "# 44 BC" in rendered["years/44-bc.md"]
    assert "15 Mar 44 BC" in rendered["years/44-bc.md"]


def test_term_pages_list_events_without_their_bodies(rendered):
    summit = rendered["tags/summit.md"]
    assert "../../years/2023/#summit" in summit and "../../years/2024/#new-year" in summit
    assert "The two leaders met" not in summit


def test_source_bodies_are_never_published(rendered):
    assert not any("Private notes" in page for page in rendered.values())


@pytest.mark.parametrize("text, expected", [
    ("<script>", "&lt;script&gt;"),
    ("[x](javascript:y)", r"\[x\]\(javascript:y\)"),
    ("a {: .x } b", r"a \{: .x \} b"),
    ("*_`|#!", r"\*\_\`\|\#\!"),
    ("line\nbreak", "line break"),
    ("AT&T", "AT&amp;T"),
])
def test_escape_text_neutralises_markup(text, expected):
    assert escape_text(text) == expected


@given(st.text(alphabet="aZ09:/?#[]@!$&'*+,;=%~._- <>\"é\\^`{|}\n", max_size=20))
def test_a_plain_url_is_left_as_quoting_and_escaping_would_leave_it(url):
    # url_filter skips both for a URL that neither would change.
    assert str(url_filter(url)) == html.escape(quote(url, safe=":/?#[]@!$&'*+,;=%~.-_"), quote=True)


# Rendered in one process, and on two as for a large timeline: the year pages come
# first (here), the term pages last (in the second process).
@pytest.mark.parametrize("two_cores", [False, True], ids=["one core", "two cores"])
@pytest.mark.parametrize("name", ["term.md.j2", "year.md.j2"])
def test_broken_template_is_reported_with_its_file_and_line(tmp_path, monkeypatch, name, two_cores, capfd):
    import shutil

    from generator import parallel
    from generator.problems import ContentError

    monkeypatch.setattr(parallel, "MIN_EVENTS", 0 if two_cores else 10**9)
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    shutil.copy(FIXTURE / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(FIXTURE / "site_templates", tmp_path / "site_templates")
    with open(tmp_path / "site_templates" / name, "a", encoding="utf-8") as template:
        template.write("{{ nosuch.attribute }}\n")
    settings = load_settings(tmp_path / "mkdocs.yml")
    timeline, _ = read_timeline(settings)
    with pytest.raises(ContentError) as raised:
        render_site(timeline, settings)
    problem = raised.value.problems[0]
    assert (problem.path, problem.message) == (f"site_templates/{name}", "template error: 'nosuch' is undefined")
    assert problem.line == len((tmp_path / "site_templates" / name).read_text().splitlines())
    assert "Traceback" not in capfd.readouterr().err  # the second process failed quietly


def test_pages_rendered_on_two_cores_are_the_same(monkeypatch):
    from generator import parallel

    settings = load_settings(FIXTURE / "mkdocs.yml")
    timeline, _ = read_timeline(settings)
    monkeypatch.setattr(parallel, "MIN_EVENTS", 10**9)
    alone = render_site(timeline, settings).pages
    forks = []
    real_process = parallel.multiprocessing.get_context("fork").Process

    def counting(*args, **kwargs):
        forks.append(kwargs.get("name"))
        return real_process(*args, **kwargs)

    monkeypatch.setattr(parallel, "MIN_EVENTS", 0)
    monkeypatch.setattr(parallel.multiprocessing.context.ForkContext, "Process", staticmethod(counting))
    assert render_site(timeline, settings).pages == alone
    assert forks == ["timeline-work"]


def test_different_names_never_share_a_term_page():
    from generator.model import term_slug

    assert term_slug("Жуков 2") != term_slug("Ли 2")
    assert term_slug("Index") != term_slug("Index term") and term_slug("Index") != "index"
    assert term_slug("김정은") != term_slug("김정일")
    long_a, long_b = "a" * 200 + "x", "a" * 200 + "y"
    assert term_slug(long_a) != term_slug(long_b) and len(term_slug(long_a)) <= 72
    assert term_slug("Kim Jong-Un") == term_slug("kim jong un")  # same name, same page


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_generated_link_reaches_a_generated_page_and_anchor(directory_urls):
    """Links are made once and shared among pages (render.links_from, event_lines):
    each must still resolve, from every page, to a page and event that exist."""
    import dataclasses
    import posixpath
    import re

    from generator.render import page_url

    settings = dataclasses.replace(load_settings(FIXTURE / "mkdocs.yml"), directory_urls=directory_urls)
    timeline, _ = read_timeline(settings)
    pages = {path: page for path, page in render_site(timeline, settings).pages.items() if path.endswith(".md")}
    anchors = {page_url(path, directory_urls): set(re.findall(r'id="([^"]+)"', page)) for path, page in pages.items()}
    checked = 0
    for path, page in pages.items():
        folder = posixpath.dirname(page_url(path, directory_urls))
        for href in re.findall(r'<a href="([^"]+)"', page):
            if href.startswith(("http://", "https://")):
                continue
            target, _, anchor = href.partition("#")
            resolved = posixpath.normpath(posixpath.join(folder, target)) if target else page_url(path, directory_urls)
            resolved = "" if resolved == "." else resolved + ("/" if target.endswith("/") else "")
            assert resolved in anchors, f"{path}: {href} leads nowhere"
            assert not anchor or anchor in anchors[resolved], f"{path}: {href} names no event there"
            checked += 1
    assert checked > 40
