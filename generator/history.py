"""Corrections and updates: what changed in each event since it was first published,
read from the git history of the content folder.

`read_history` runs three git commands whatever the size of the history: one
`git rev-parse`, one `git log --raw -M` over the events folder (renames are followed
here, not with the per-file `--follow`) and one `git cat-file --batch` that reads every
needed version of every changed file. Consecutive versions of an event's front matter
are parsed with `load.parse_document` and compared field by field.

What counts:
- Only committed versions: uncommitted changes in the working tree are ignored, and an
  event never committed has no history (it is absent from the result).
- The main line only (`--first-parent`): a merged branch counts as one change, dated by
  its merge commit, the day it was published.
- An event is published by the first commit in which it is not a draft (unless the site
  publishes drafts); edits before that are not corrections.
- A commit that changes the file but nothing of the event as read (reformatted YAML,
  trailing spaces) is not a change, and does not move `last_updated`.
- A shallow clone has no reliable first commit: it gives no history (a warning says
  so; CI must fetch the whole history, `fetch-depth: 0`).
Without git, outside a repository, or when git fails, the result is {} and the build
goes on.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from feedgen.feed import FeedGenerator

from . import dates
from .config import Settings
from .dates import MONTH_NAMES
from .feeds import CORRECTIONS_PATH, ID_PREFIX, entry_id, entry_link
from .load import Document, parse_document
from .model import Event, Timeline
from .pipeline import EVENTS_DIR
from .problems import Problem
from .render import event_page, make_environment, page_url

log = logging.getLogger("timeline.history")

CORRECTIONS_PAGE = "corrections.md"
_GIT_TIMEOUT = 60  # seconds; a history that takes longer is skipped, not waited for
_LIST_FIELDS = ("tags", "actors", "places")
_SCALAR_FIELDS = ("time", "timezone", "draft")
_KNOWN = {"id", "title", "date", "status", "sources", "corrections", "draft", *_LIST_FIELDS, *_SCALAR_FIELDS}


@dataclass
class Change:
    when: dt.datetime  # the commit date, with its offset
    commit: str  # short hash
    summary: list[str]  # human-readable, e.g. "status changed from reported to confirmed"


@dataclass
class EventHistory:
    first_published: dt.date | None = None
    last_updated: dt.date | None = None
    changes: list[Change] = field(default_factory=list)  # newest first; publication not included
    published: Change | None = None  # the commit that first published the event, summary ["published"]


# --- Reading git -------------------------------------------------------------------

@dataclass
class _Version:
    commit: str
    when: dt.datetime
    blob: str
    path: str  # relative to the repository's top
    renamed_from: str = ""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes | None:
    """Run git; None when it is missing, fails or takes too long."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        result = subprocess.run(["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args],
                                cwd=cwd, input=stdin, capture_output=True, timeout=_GIT_TIMEOUT, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _repository(settings: Settings) -> tuple[Path, str, str] | None:
    """The repository's top, the events folder relative to it, and HEAD; or None."""
    root = settings.root.resolve()
    if shutil.which("git") is None or not root.is_dir():
        return None
    out = _git(["rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"], root)
    if out is None:
        return None  # not a repository, or no commit yet
    top, shallow, head = out.decode("utf-8", "surrogateescape").splitlines()[:3]
    if shallow == "true":
        log.warning("the git history is shallow: the corrections page lists no changes "
                    "(clone with the whole history, e.g. actions/checkout's fetch-depth: 0)")
        return None
    try:
        events = (settings.content_path.resolve() / EVENTS_DIR).relative_to(Path(top).resolve())
    except ValueError:
        return None  # the content folder is not in this repository
    return Path(top), events.as_posix(), head


# A commit: hash, date, and its file changes as (status letter, old path, new path, new blob).
_Commit = tuple[str, dt.datetime, list[tuple[str, str, str, str]]]


def _log(top: Path, events_dir: str) -> list[_Commit] | None:
    """The commits that touched the events folder, oldest first."""
    out = _git(["log", "--reverse", "--first-parent", "-m", "--raw", "--no-abbrev", "-M", "-z",
                "--no-color", "--format=%x1e%H%x00%cI", "--", events_dir], top)
    if out is None:
        return None
    commits = []
    for chunk in out.split(b"\x1e")[1:]:
        fields = chunk.decode("utf-8", "surrogateescape").split("\0")
        sha, when = fields[0], dt.datetime.fromisoformat(fields[1])
        files, i = [], 2
        while i < len(fields):
            raw = fields[i].strip()
            if not raw.startswith(":"):
                i += 1
                continue
            # ":old_mode new_mode old_blob new_blob status", then one path, or two for R/C.
            _, _, _, blob, status = raw[1:].split()
            if status[0] in "RC":
                files.append((status[0], fields[i + 1], fields[i + 2], blob))
                i += 3
            else:
                files.append((status[0], fields[i + 1], fields[i + 1], blob))
                i += 2
        commits.append((sha, when, files))
    return commits


def _tracks(commits: list[_Commit]) -> dict[str, list[_Version]]:
    """Each file's versions, oldest first, by its path at HEAD; renames carry the
    versions over, and a file deleted and added again at the same path resumes."""
    live: dict[str, list[_Version]] = {}
    deleted: dict[str, list[_Version]] = {}
    for sha, when, files in commits:
        moved: dict[str, list[_Version]] = {}
        # Take the renamed and deleted files out first: a commit may swap two names.
        for status, old, _, _ in files:
            if status == "R" and old in live:
                moved[old] = live.pop(old)
            elif status == "D" and old in live:
                deleted[old] = live.pop(old)
        for status, old, new, blob in files:
            if status == "D":
                continue
            if status == "R":
                track = moved.pop(old, None) or []
            elif status in "AC":
                track = deleted.pop(new, None) or live.get(new) or []
            else:  # M, T: modified
                track = live.get(new) or []
            track.append(_Version(sha, when, blob, new, old if status == "R" else ""))
            live[new] = track
    return live


def _read_blobs(top: Path, blobs: list[str]) -> dict[str, str]:
    """Blob texts by id, read by one `git cat-file --batch`."""
    if not blobs:
        return {}
    out = _git(["cat-file", "--batch"], top, stdin="".join(b + "\n" for b in blobs).encode())
    texts: dict[str, str] = {}
    position = 0
    while out is not None and position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3:  # "<id> missing"
            continue
        size = int(header[2])
        texts[header[0].decode()] = out[position:position + size].decode("utf-8-sig", "replace")
        position += size + 1
    return texts


# The last history read, by repository, HEAD and events folder: `timeline serve`
# rebuilds on every save, and the history changes only with a commit.
_cache: dict[tuple, tuple[dict[str, list[_Version]], dict[str, str]]] = {}


def _history_data(settings: Settings) -> tuple[Path, str, dict[str, list[_Version]], dict[str, str]] | None:
    repository = _repository(settings)
    if repository is None:
        return None
    top, events_dir, head = repository
    key = (top, events_dir, head)
    if key not in _cache:
        commits = _log(top, events_dir)
        if commits is None:
            return None
        tracks = _tracks(commits)
        # Only files with several versions need reading: one version is a publication.
        needed = [v.blob for track in tracks.values() if len(track) > 1 for v in track]
        _cache.clear()
        _cache[key] = (tracks, _read_blobs(top, list(dict.fromkeys(needed))))
    tracks, texts = _cache[key]
    return top, events_dir, tracks, texts


def read_history(settings: Settings, events: list[Event]) -> dict[str, EventHistory]:
    """Each committed event's history, by event id (see the module docstring)."""
    data = _history_data(settings)
    if data is None:
        return {}
    top, events_dir, tracks, texts = data
    titles = {c.source.id: c.source.title for e in events for c in e.citations if c.source.id}
    histories: dict[str, EventHistory] = {}
    for event in events:
        try:
            path = (settings.root / event.path).resolve().relative_to(top.resolve()).as_posix()
        except ValueError:
            continue
        track = tracks.get(path)
        if track:
            history = _event_history(track, texts, events_dir, titles, settings.drafts)
            if history is not None:
                histories[event.id] = history
    return histories


def _event_history(track: list[_Version], texts: dict[str, str], events_dir: str,
                   titles: dict[str, str], drafts: bool) -> EventHistory | None:
    docs = [parse_document(texts[v.blob], v.path) if v.blob in texts else None for v in track]
    published: int | None = 0
    if not drafts and len(track) > 1:
        published = next((i for i, doc in enumerate(docs) if not _is_draft(doc)), None)
    if published is None:
        return None  # committed only as a draft: not published yet
    first = track[published]
    history = EventHistory(published=Change(first.when, first.commit[:7], ["published"]))
    for index in range(published + 1, len(track)):
        version = track[index]
        summary = compare(docs[index - 1], docs[index], titles)
        if version.renamed_from:
            summary.append(f"file renamed from {_short(version.renamed_from, events_dir)} "
                           f"to {_short(version.path, events_dir)}")
        if summary:
            history.changes.append(Change(version.when, version.commit[:7], summary))
    history.changes.reverse()
    history.first_published = first.when.date()
    history.last_updated = history.changes[0].when.date() if history.changes else history.first_published
    return history


def _is_draft(doc: Document | Problem | None) -> bool:
    return isinstance(doc, Document) and doc.meta.get("draft") is True


def _short(path: str, events_dir: str) -> str:
    return PurePosixPath(path).relative_to(events_dir).as_posix() if path.startswith(events_dir + "/") else path


# --- Comparing two versions --------------------------------------------------------

def compare(old: Document | Problem | None, new: Document | Problem | None,
            titles: dict[str, str] | None = None) -> list[str]:
    """What changed between two versions of an event file, in words."""
    if not isinstance(old, Document) or not isinstance(new, Document):
        return [] if old is None and new is None else ["file edited (a version could not be read)"]
    titles = titles or {}
    a, b = old.meta, new.meta
    summary: list[str] = []
    old_id, new_id = _event_id(old), _event_id(new)
    if old_id != new_id:
        summary.append(f"id changed from {old_id} to {new_id}")
    if a.get("title") != b.get("title"):
        summary.append(f'title changed from "{_text(a.get("title"))}" to "{_text(b.get("title"))}"')
    if _date_text(a.get("date")) != _date_text(b.get("date")):
        summary.append(f"date changed from {_date_text(a.get('date'))} to {_date_text(b.get('date'))}")
    for name in _SCALAR_FIELDS:
        summary += _scalar_change(name, a.get(name), b.get(name))
    old_status, new_status = a.get("status") or "reported", b.get("status") or "reported"
    if old_status != new_status:
        summary.append(f"status changed from {_text(old_status)} to {_text(new_status)}")
    summary += _source_changes(a.get("sources"), b.get("sources"), titles)
    for name in _LIST_FIELDS:
        summary += _list_changes(name, a.get(name), b.get(name))
    summary += _correction_changes(a.get("corrections"), b.get("corrections"))
    others = sorted(str(k) for k in (a.keys() | b.keys()) - _KNOWN if a.get(k) != b.get(k))
    if others:
        summary.append(f"other fields changed: {', '.join(others)}")
    if old.body.strip() != new.body.strip():
        summary.append("description edited")
    return summary


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _event_id(doc: Document) -> str:
    value = doc.meta.get("id")
    return value if isinstance(value, str) and value else PurePosixPath(doc.path).stem


def _date_text(value: Any) -> str:
    """A date as EDTF when it can be read, else as written."""
    if value is None or value == "":
        return "(none)"
    try:
        return dates.parse(value).edtf()
    except dates.DateError:
        return str(value)


def _scalar_change(name: str, old: Any, new: Any) -> list[str]:
    if old == new or (name == "draft" and bool(old) == bool(new)):
        return []
    if old in (None, ""):
        return [f"{name} set to {_text(new)}"]
    if new in (None, ""):
        return [f"{name} removed (was {_text(old)})"]
    return [f"{name} changed from {_text(old)} to {_text(new)}"]


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value] if isinstance(value, list) else []


def _list_changes(name: str, old: Any, new: Any) -> list[str]:
    before, after = _names(old), _names(new)
    added = [n for n in after if n not in before]
    removed = [n for n in before if n not in after]
    return ([f"{name} added: {', '.join(added)}"] if added else []) + \
           ([f"{name} removed: {', '.join(removed)}"] if removed else [])


def _citations(value: Any, titles: dict[str, str]) -> dict[tuple[str, str], tuple[str, dict]]:
    """Citations by key (source id, url or title), with a label and their details."""
    items = [value] if isinstance(value, (str, dict)) else (value if isinstance(value, list) else [])
    found: dict[tuple[str, str], tuple[str, dict]] = {}
    for item in items:
        if isinstance(item, str):
            item = {"url": item} if item.startswith(("http://", "https://")) else {"source": item}
        if not isinstance(item, dict):
            continue
        if item.get("source"):
            key = ("id", str(item["source"]))
            label = titles.get(key[1], key[1])
        elif item.get("url"):
            key = ("url", str(item["url"]))
            label = str(item.get("title") or item["url"])
        elif item.get("title"):
            key = ("title", str(item["title"]))
            label = key[1]
        else:
            continue
        found[key] = (label, item)
    return found


def _source_changes(old: Any, new: Any, titles: dict[str, str]) -> list[str]:
    before, after = _citations(old, titles), _citations(new, titles)
    summary = [f"source added: {label}" for key, (label, _) in after.items() if key not in before]
    summary += [f"source removed: {label}" for key, (label, _) in before.items() if key not in after]
    for key, (label, item) in after.items():
        if key not in before:
            continue
        was = before[key][1]
        if was.get("quote") != item.get("quote"):
            summary.append(f"quote changed for source: {label}")
        if {k: v for k, v in was.items() if k != "quote"} != {k: v for k, v in item.items() if k != "quote"}:
            summary.append(f"source details changed: {label}")
    return summary


def _correction_notes(value: Any) -> list[str]:
    items = value if isinstance(value, list) else ([value] if value else [])
    return [str(item.get("note", "")) if isinstance(item, dict) else str(item) for item in items]


def _correction_changes(old: Any, new: Any) -> list[str]:
    before, after = _correction_notes(old), _correction_notes(new)
    summary = [f"correction note added: {note}" for note in after if note not in before]
    if any(note not in after for note in before):
        summary.append("correction note removed or edited")
    return summary


# --- The corrections page and feed --------------------------------------------------

@dataclass
class Entry:
    """One line of the corrections page: a change, or a first publication."""

    when: dt.datetime
    commit: str
    event: Event
    summary: list[str]
    link: str  # Markdown link target from the corrections page to the event

    @property
    def published(self) -> bool:
        return self.summary == ["published"]


def entries(timeline: Timeline, histories: dict[str, EventHistory]) -> list[Entry]:
    """Every change and every first publication, newest first (then in timeline order)."""
    found = []
    for event in timeline.events:
        history = histories.get(event.id)
        if history is None:
            continue
        link = f"{event_page(event)}#{event.id}"
        for change in history.changes + ([history.published] if history.published else []):
            found.append(Entry(change.when, change.commit, event, change.summary, link))
    # Python's sort is stable: timeline order stays within one moment.
    return sorted(found, key=lambda entry: entry.when, reverse=True)


def _day_heading(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def correction_notes(timeline: Timeline) -> list[tuple[Event, str, str]]:
    """Editors' correction notes (`corrections:` in front matter) as (event, date, note)."""
    return [(event, note.date.display() if note.date else "", note.note)
            for event in timeline.events for note in event.corrections]


def corrections_files(timeline: Timeline, histories: dict[str, EventHistory],
                      settings: Settings) -> dict[str, str | bytes]:
    """`corrections.md` (a page for the site's docs) and `feeds/corrections.xml`."""
    listed = entries(timeline, histories)
    days: list[tuple[str, list[Entry]]] = []
    for entry in listed:
        heading = _day_heading(entry.when.date())
        if not days or days[-1][0] != heading:
            days.append((heading, []))
        days[-1][1].append(entry)
    env = make_environment(settings.templates_path)
    page = env.get_template("corrections.md.j2").render(
        settings=settings, days=days, notes=correction_notes(timeline), event_page=event_page,
        feed_href=("../" if settings.directory_urls else "") + CORRECTIONS_PATH)
    return {CORRECTIONS_PAGE: page, CORRECTIONS_PATH: corrections_feed(listed, settings)}


def corrections_feed(listed: list[Entry], settings: Settings) -> bytes:
    """An Atom feed of the latest `feed_entries` entries; an entry's id is the event's
    permalink with `@commit` added to its fragment (a URI has only one '#')."""
    fg = FeedGenerator()
    fg.id((settings.site_url or ID_PREFIX) + CORRECTIONS_PATH)
    fg.title(f"{settings.title}: corrections and updates")
    fg.subtitle("What changed in the timeline's events since they were first published.")
    if settings.site_url:
        fg.link(href=settings.site_url + CORRECTIONS_PATH, rel="self")
    fg.link(href=(settings.site_url or "../") + page_url(CORRECTIONS_PAGE, settings.directory_urls), rel="alternate")
    fg.language(settings.language)
    fg.generator("timeline-site")
    shown = listed[: settings.feed_entries]
    # The newest change, not the build time: an unchanged history gives the same file.
    fg.updated(shown[0].when if shown else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
    for entry in shown:
        item = fg.add_entry(order="append")
        item.id(f"{entry_id(entry.event, settings)}@{entry.commit}")
        item.title(f"{'Published' if entry.published else 'Updated'}: {entry.event.title}")
        item.link(href=entry_link(entry.event, settings))
        item.published(entry.when)
        item.updated(entry.when)
        items = "".join(f"<li>{html.escape(line)}</li>" for line in entry.summary)
        item.content(f"<ul>{items}</ul>\n<p>Commit {html.escape(entry.commit)}</p>", type="html")
    return fg.atom_str(pretty=True)
