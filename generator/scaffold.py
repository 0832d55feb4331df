"""Scaffold a new event file: `timeline new`."""

from __future__ import annotations

from pathlib import Path

import yaml

from .config import Settings
from .dates import parse
from .model import slugify
from .pipeline import EVENTS_DIR
from .problems import ContentError


def new_event(settings: Settings, title: str, date: str, tags: tuple[str, ...] = (),
              actors: tuple[str, ...] = (), places: tuple[str, ...] = (),
              sources: tuple[str, ...] = (), status: str = "reported") -> Path:
    """Write a new event file with a name no other file has; return its path.
    Raises DateError for a date that cannot be read."""
    event_date = parse(date)
    meta: dict = {"title": title, "date": event_date.edtf(), "status": status}
    for key, values in (("tags", tags), ("actors", actors), ("places", places)):
        if values:
            meta[key] = list(values)
    meta["sources"] = [{"url": s} if s.startswith(("http://", "https://")) else {"source": s}
                       for s in sources] or [{"url": "https://example.org/replace-me", "quote": ""}]
    front_matter = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    text = f"---\n{front_matter}---\nWhat happened, in your own words.\n"
    _check(text, settings)
    folder = settings.content_path / EVENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return create_unique(folder, slugify(title)[:60].rstrip("-") or "event", text)


def _check(text: str, settings: Settings) -> None:
    """Refuse to write a file that `timeline check` would reject (an empty tag, an
    unknown source id…): the problems are raised as a ContentError."""
    from .load import parse_document
    from .pipeline import read_sources
    from .validate import check_event

    sources, _ = read_sources(settings)
    doc = parse_document(text, "new event")
    _, problems = check_event(doc, "new-event", sources, settings)  # type: ignore[arg-type]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)


def create_unique(folder: Path, stem: str, text: str) -> Path:
    """Create `stem.md`, else `stem-2.md`, … without ever replacing an existing file."""
    number = 1
    while True:
        path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        try:
            with open(path, "x", encoding="utf-8") as handle:  # 'x' fails if the file exists
                handle.write(text)
            return path
        except FileExistsError:
            number += 1
