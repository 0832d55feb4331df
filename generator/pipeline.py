"""The pipeline from content folder to timeline: load → validate → model.

`read_timeline` is what every command and the MkDocs hook call.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import parallel
from .config import Settings
from .load import read_document
from .model import Event, Source, Timeline, build_timeline
from .problems import ERROR, Problem
from .validate import check_event, check_source

EVENTS_DIR, SOURCES_DIR = "events", "sources"


def event_files(settings: Settings) -> list[Path]:
    return [Path(path) for path in _event_paths(settings)]


def _event_paths(settings: Settings) -> list[str]:
    """The event files, in the order of `sorted(folder.rglob("*.md"))` (folder by
    folder, names compared as text; symbolic links to folders are not followed), found
    five times faster by `os.walk`, and as text: making ten thousand `Path`s costs
    as much again."""
    found: list[str] = []
    for folder, folders, names in os.walk(settings.content_path / EVENTS_DIR):
        # A folder named *.md is listed too, as rglob lists it: reading it is an error to report.
        found += [os.path.join(folder, name) for name in (*names, *folders) if name.endswith(".md")]
    return sorted(found, key=lambda path: os.path.normcase(path).split(os.sep))


def source_files(settings: Settings) -> list[Path]:
    return sorted((settings.content_path / SOURCES_DIR).glob("*.md"))


def _shown(path: Path | str, settings: Settings) -> str:
    """The path as the user sees it, relative to the project. A prefix is cut off when
    it can be: `relative_to` costs 15 µs a file, a tenth of reading one."""
    text, root = os.fspath(path).replace(os.sep, "/"), settings.root.as_posix()
    if root == ".":
        return text
    prefix = root if root.endswith("/") else root + "/"
    if text.startswith(prefix):
        return text[len(prefix):]
    try:
        return Path(path).relative_to(settings.root).as_posix()
    except ValueError:
        return text


def read_sources(settings: Settings) -> tuple[dict[str, Source], list[Problem]]:
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    for path in source_files(settings):
        doc = read_document(path, _shown(path, settings))
        if isinstance(doc, Problem):
            problems.append(doc)
            continue
        source, found = check_source(doc, path.stem)
        problems += found
        if source:
            sources[source.id] = source
    return sources, problems


def read_events(settings: Settings, sources: dict[str, Source],
                files: list[Path] | None = None) -> tuple[list[Event], list[Problem]]:
    """The events of the content folder (or of `files`), checked; duplicates of an id
    after its first file are problems. A large folder is read on two cores."""
    paths: list[Path] | list[str] = _event_paths(settings) if files is None else files
    checked = parallel.map_on_two_cores(
        lambda part: [_check_event_file(path, settings, sources) for path in part], paths, chunk=50)
    events: list[Event] = []
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for event, found, shown, id_line in checked:
        problems += found
        if event is None:
            continue
        if event.id in first_seen:
            problems.append(Problem(
                shown, id_line, f"duplicate event id '{event.id}', already used by {first_seen[event.id]}",
                "give one of them another 'id:' (ids are permalinks: change the newer one)"))
            continue
        first_seen[event.id] = shown
        events.append(event)
    return events, problems


def _stem(path: Path | str) -> str:
    """`Path(path).stem`, without making a Path."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _check_event_file(path: Path | str, settings: Settings,
                      sources: dict[str, Source]) -> tuple[Event | None, list[Problem], str, int]:
    """One event file read and checked: the event (None if it failed), its problems, the
    path shown to the user, and the line of its 'id:' (1 without one)."""
    doc = read_document(path, _shown(path, settings))
    if isinstance(doc, Problem):
        return None, [doc], doc.path, 1
    event, found = check_event(doc, _stem(path), sources, settings)
    id_line = doc.line_of("id") if event is not None and "id" in doc.meta else 1
    return event, found, doc.path, id_line


def read_timeline(settings: Settings) -> tuple[Timeline, list[Problem]]:
    """Read and check all content. The timeline holds only the events that passed,
    and leaves drafts out unless the settings ask for them."""
    problems: list[Problem] = []
    if not (settings.content_path / EVENTS_DIR).is_dir():
        problems.append(Problem(_shown(settings.content_path, settings), 1,
                                f"no '{EVENTS_DIR}' folder in the content folder",
                                f"create {_shown(settings.content_path / EVENTS_DIR, settings)}/ "
                                "and add an event with 'timeline new'"))
    sources, found = read_sources(settings)
    problems += found
    events, found = read_events(settings, sources)
    problems += found
    published = [e for e in events if settings.drafts or not e.draft]
    return build_timeline(published, list(sources.values()), settings.taxonomies), sorted(problems)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


# `timeline build` reads the content once to report problems, then hands the result to
# the MkDocs hook in the same process instead of reading every file a second time.
_handed_over: dict[tuple, tuple[Timeline, list[Problem]]] = {}


def hand_over(settings: Settings, result: tuple[Timeline, list[Problem]]) -> None:
    _handed_over[(settings.content_path.resolve(), settings.drafts)] = result


def take_timeline(settings: Settings) -> tuple[Timeline, list[Problem]]:
    handed = _handed_over.pop((settings.content_path.resolve(), settings.drafts), None)
    return handed if handed is not None else read_timeline(settings)
