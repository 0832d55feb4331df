"""Corrections history from git (generator/history.py), on small repositories made in
temporary folders with fixed commit dates."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from generator import history
from generator.config import load_settings
from generator.load import parse_document
from generator.pipeline import read_timeline
from generator.render import event_url

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MKDOCS_YML = """\
site_name: History test
site_url: https://example.org/history/
docs_dir: content
extra:
  timeline:
    timezone: UTC
"""

SOURCE = """\
---
title: White House briefing
url: https://example.org/briefing
publisher: The White House
---
"""


def event_text(date: str = "2023-10", status: str = "reported", briefing: bool = False,
               draft: bool = False, title: str = "North Korea delivered containers", body: str = "Text.") -> str:
    sources = "  - url: https://example.org/report\n    title: First report\n"
    if briefing:
        sources += "  - source: white-house-briefing\n    quote: more than 1,000 containers\n"
    return (f"---\ntitle: {json.dumps(title)}\ndate: {date}\nstatus: {status}\n"
            + ("draft: true\n" if draft else "")
            + f"sources:\n{sources}---\n{body}\n")


class Repo:
    """A git repository in a temporary folder, with commits at fixed dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.run("init", "-q", "-b", "main")
        self.run("config", "user.name", "Test Editor")
        self.run("config", "user.email", "editor@example.org")
        self.run("config", "commit.gpgsign", "false")

    def run(self, *args: str, date: str = "2023-01-01T00:00:00+00:00") -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_CONFIG_NOSYSTEM="1",
                   HOME=str(self.path), GIT_CEILING_DIRECTORIES=str(self.path.parent))
        result = subprocess.run(["git", *args], cwd=self.path, env=env, check=True,
                                capture_output=True, text=True)
        return result.stdout.strip()

    def write(self, relative: str, text: str) -> None:
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str) -> str:
        self.run("add", "-A", date=date)
        self.run("commit", "-q", "-m", message, date=date)
        return self.run("rev-parse", "--short=7", "HEAD")


def make_site(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    (path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    shutil.copytree(ROOT / "site_templates", path / "site_templates")
    (path / "content" / "sources").mkdir(parents=True)
    (path / "content" / "sources" / "white-house-briefing.md").write_text(SOURCE, encoding="utf-8")


@pytest.fixture
def no_outer_repo(tmp_path, monkeypatch):
    # Git must not find a repository above the temporary folder.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in [k for k in os.environ if k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")]:
        monkeypatch.delenv(name)


@pytest.fixture
def story(tmp_path, no_outer_repo):
    """An event committed, corrected (date, status, a source), then renamed; a second
    event only published; a third committed as a draft and published later."""
    repo = Repo(tmp_path / "repo")
    site = repo.path / "site"  # the site sits in a subfolder of the repository
    make_site(site)
    repo.write("site/content/events/containers.md", event_text())
    repo.write("site/content/events/summit.md", event_text(date="2023-09-13", title="Leaders meet"))
    repo.write("README.md", "not content\n")
    first = repo.commit("Add events", "2023-10-10T12:00:00+00:00")
    repo.write("site/content/events/containers.md", event_text(date="2023-10-13", status="confirmed", briefing=True))
    repo.write("site/content/events/drafted.md", event_text(date="2023-10-20", title="Drafted", draft=True))
    second = repo.commit("Correct the date and status, cite the briefing", "2023-10-14T09:30:00+02:00")
    repo.write("README.md", "a commit that touches no event\n")
    repo.commit("Readme", "2023-10-15T10:00:00+00:00")
    repo.run("mv", "site/content/events/containers.md", "site/content/events/white-house-containers.md")
    repo.write("site/content/events/drafted.md", event_text(date="2023-10-20", title="Drafted", body="Edited."))
    third = repo.commit("Rename the event, publish the draft", "2023-10-20T08:00:00+00:00")
    # Uncommitted edits are ignored.
    repo.write("site/content/events/summit.md", event_text(date="2023-09-14", title="Leaders meet"))
    settings = load_settings(site / "mkdocs.yml")
    timeline, problems = read_timeline(settings)
    assert not [p for p in problems if p.severity == "error"], problems
    return {"repo": repo, "settings": settings, "timeline": timeline,
            "commits": (first, second, third)}


def test_read_history(story):
    first, second, third = story["commits"]
    histories = history.read_history(story["settings"], story["timeline"].events)
    assert set(histories) == {"white-house-containers", "summit", "drafted"}

    moved = histories["white-house-containers"]
    assert moved.first_published == dt.date(2023, 10, 10)
    assert moved.last_updated == dt.date(2023, 10, 20)
    assert moved.published.commit == first and moved.published.summary == ["published"]
    assert [change.commit for change in moved.changes] == [third, second]  # newest first
    renamed, corrected = moved.changes
    assert renamed.when == dt.datetime(2023, 10, 20, 8, 0, tzinfo=dt.timezone.utc)
    assert renamed.summary == ["id changed from containers to white-house-containers",
                               "file renamed from containers.md to white-house-containers.md"]
    assert corrected.when == dt.datetime(2023, 10, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert corrected.summary == ["date changed from 2023-10 to 2023-10-13",
                                 "status changed from reported to confirmed",
                                 "source added: White House briefing"]

    # Only published, and its uncommitted edit is not a change.
    summit = histories["summit"]
    assert summit.changes == []
    assert summit.first_published == summit.last_updated == dt.date(2023, 10, 10)

    # Edits made while it was a draft are not corrections: it was published by `third`.
    drafted = histories["drafted"]
    assert drafted.first_published == dt.date(2023, 10, 20)
    assert drafted.published.commit == third and drafted.changes == []


def test_corrections_page_and_feed(story):
    first, second, third = story["commits"]
    settings, timeline = story["settings"], story["timeline"]
    histories = history.read_history(settings, timeline.events)
    files = history.corrections_files(timeline, histories, settings)
    assert set(files) == {"corrections.md", "feeds/corrections.xml"}

    page = files["corrections.md"]
    lines = [line for line in page.splitlines() if line.startswith(("## ", "- "))]
    assert lines == [
        "## 20 October 2023",
        "- [North Korea delivered containers](years/2023.md#white-house-containers): id changed from "
        "containers to white-house-containers; file renamed from containers.md to white-house-containers.md "
        f"<small>(commit `{third}`)</small>",
        f"- [Drafted](years/2023.md#drafted): published <small>(commit `{third}`)</small>",
        "## 14 October 2023",
        "- [North Korea delivered containers](years/2023.md#white-house-containers): date changed from "
        "2023-10 to 2023-10-13; status changed from reported to confirmed; source added: White House briefing "
        f"<small>(commit `{second}`)</small>",
        "## 10 October 2023",
        f"- [Leaders meet](years/2023.md#summit): published <small>(commit `{first}`)</small>",
        f"- [North Korea delivered containers](years/2023.md#white-house-containers): published "
        f"<small>(commit `{first}`)</small>",
    ]

    feed = feedparser.parse(files["feeds/corrections.xml"])
    assert not feed.bozo
    events = {e.id: e for e in timeline.events}
    moved = event_url(events["white-house-containers"], settings)
    assert moved == "https://example.org/history/years/2023/#white-house-containers"
    assert [entry.id for entry in feed.entries] == [
        f"{moved}@{third}", event_url(events["drafted"], settings) + f"@{third}", f"{moved}@{second}",
        event_url(events["summit"], settings) + f"@{first}", f"{moved}@{first}"]
    assert feed.entries[0].link == moved
    assert feed.entries[0].title == "Updated: North Korea delivered containers"
    assert feed.entries[1].title == "Published: Drafted"
    assert "status changed from reported to confirmed" in feed.entries[2].content[0].value
    assert feed.entries[0].updated == "2023-10-20T08:00:00+00:00"


def test_untrusted_text_is_escaped_on_the_page(story, tmp_path):
    repo, settings = story["repo"], story["settings"]
    repo.write("site/content/events/summit.md",
               event_text(date="2023-09-13", title="[x](javascript:alert(1)) <script>bad()</script>"))
    commit = repo.commit("Retitle", "2023-10-21T08:00:00+00:00")
    timeline, _ = read_timeline(settings)
    histories = history.read_history(settings, timeline.events)
    page = history.corrections_files(timeline, histories, settings)["corrections.md"]
    assert "<script>" not in page and "](javascript" not in page
    assert f"title changed from \"Leaders meet\" to \"\\[x\\]\\(javascript:alert\\(1\\)\\) " \
           f"&lt;script&gt;bad\\(\\)&lt;/script&gt;\" <small>(commit `{commit}`)</small>" in page


def test_without_git_repository(tmp_path, no_outer_repo):
    site = tmp_path / "plain"
    make_site(site)
    (site / "content" / "events").mkdir()
    (site / "content" / "events" / "one.md").write_text(event_text(), encoding="utf-8")
    settings = load_settings(site / "mkdocs.yml")
    timeline, _ = read_timeline(settings)
    assert history.read_history(settings, timeline.events) == {}
    files = history.corrections_files(timeline, {}, settings)
    assert "No change has been recorded yet." in files["corrections.md"]
    assert feedparser.parse(files["feeds/corrections.xml"]).entries == []


def test_without_git_program(story, monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert history.read_history(story["settings"], story["timeline"].events) == {}


def test_repository_without_commits(tmp_path, no_outer_repo):
    repo = Repo(tmp_path / "empty")
    make_site(repo.path)
    repo.write("content/events/one.md", event_text())
    settings = load_settings(repo.path / "mkdocs.yml")
    timeline, _ = read_timeline(settings)
    assert history.read_history(settings, timeline.events) == {}


def test_shallow_clone_gives_no_history(story, tmp_path, caplog):
    clone = tmp_path / "clone"
    story["repo"].run("clone", "-q", "--depth", "1", f"file://{story['repo'].path}", str(clone))
    settings = load_settings(clone / "site" / "mkdocs.yml")
    timeline, _ = read_timeline(settings)
    with caplog.at_level("WARNING", logger="timeline.history"):
        assert history.read_history(settings, timeline.events) == {}
    assert "shallow" in caplog.text


def test_deleted_and_restored_event_keeps_its_history(tmp_path, no_outer_repo):
    repo = Repo(tmp_path / "repo")
    make_site(repo.path)
    repo.write("content/events/one.md", event_text())
    first = repo.commit("Add", "2023-01-01T00:00:00+00:00")
    (repo.path / "content/events/one.md").unlink()
    repo.commit("Remove", "2023-02-01T00:00:00+00:00")
    repo.write("content/events/one.md", event_text(status="disputed"))
    restored = repo.commit("Restore", "2023-03-01T00:00:00+00:00")
    settings = load_settings(repo.path / "mkdocs.yml")
    timeline, _ = read_timeline(settings)
    one = history.read_history(settings, timeline.events)["one"]
    assert one.published.commit == first
    assert [(c.commit, c.summary) for c in one.changes] == [(restored, ["status changed from reported to disputed"])]


def doc(text: str, path: str = "content/events/e.md"):
    return parse_document(text, path)


def test_compare_names_every_kind_of_change():
    old = doc("---\ntitle: A\ndate: 2023\ntime: '10:00'\ntags: [x, y]\nsources:\n"
              "  - https://example.org/a\n  - {title: Paper, quote: one}\n  - gone-source\n"
              "corrections: [First note]\nlocation: here\n---\nBody.\n")
    new = doc("---\ntitle: B\ndate: '2023-10-13?/2023-10-14'\ntimezone: Asia/Seoul\ntags: [y, z]\n"
              "status: denied\nsources:\n  - https://example.org/a\n  - {title: Paper, quote: two}\n"
              "  - {url: 'https://example.org/new', title: New story}\n"
              "corrections: [First note, {date: 2023-10-15, note: Second note}]\nlocation: there\n---\nBody, edited.\n")
    assert history.compare(old, new, {"gone-source": "Gone source"}) == [
        'title changed from "A" to "B"',
        "date changed from 2023 to 2023-10-13?/2023-10-14",
        "time removed (was 10:00)",
        "timezone set to Asia/Seoul",
        "status changed from reported to denied",
        "source added: New story",
        "source removed: Gone source",
        "quote changed for source: Paper",
        "tags added: z",
        "tags removed: x",
        "correction note added: Second note",
        "other fields changed: location",
        "description edited",
    ]
    assert history.compare(old, old) == []
    assert history.compare(old, doc("no front matter")) == ["file edited (a version could not be read)"]
