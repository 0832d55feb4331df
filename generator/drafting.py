"""`timeline extract` as a plain function: read articles, draft their events, merge the
drafts, match them against the content, and write what is new."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .articles import Article, ArticleError, read_article
from .config import Settings
from .draft_files import MergeError, add_citation, write_draft
from .extract import Draft, already_cites, draft_events, find_match, merge_drafts
from .gazetteer import load_gazetteer
from .model import Event
from .pipeline import SOURCES_DIR, event_files, read_events, read_sources
from .problems import Problem


@dataclass
class ExtractReport:
    drafts: list[Draft] = field(default_factory=list)  # new events (written unless dry run)
    written: list[Path] = field(default_factory=list)
    new_sources: list[tuple[Draft, Event]] = field(default_factory=list)  # drafts that cite an existing event anew
    merged: list[tuple[Draft, Event]] = field(default_factory=list)  # … and were added to it (--merge)
    skipped: list[tuple[Draft, Event]] = field(default_factory=list)  # already cited with this quote
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_articles(paths: Iterable[Path], settings: Settings, published: dt.date | None,
                  progress: Callable[[Iterable], Iterable] = lambda items: items) -> tuple[list[Article], list[Problem], list[str]]:
    articles, problems, notes = [], [], []
    sources_dir = settings.content_path / SOURCES_DIR
    for path in progress(list(paths)):
        try:
            article = read_article(path, str(path), sources_dir)
        except ArticleError as error:
            problems.append(error.problem)
            continue
        if published:
            article.published = published
        if article.published is None:
            notes.append(f"{path}: no publication date known (give --published): relative dates are left unresolved")
        notes += [f"{path}: {note}" for note in article.notes]
        articles.append(article)
    return articles, problems, notes


def extract(paths: list[Path], settings: Settings, published: dt.date | None = None, out_dir: Path | None = None,
            write: bool = True, merge: bool = False,
            progress: Callable[[Iterable], Iterable] = lambda items: items) -> ExtractReport:
    report = ExtractReport()
    articles, report.problems, report.notes = read_articles(paths, settings, published, progress)
    gazetteer = load_gazetteer(settings.content_path)
    drafts = []
    for article in articles:
        skipped: list[str] = []
        drafts += draft_events(article, gazetteer, skipped=skipped)
        report.notes += [f"{article.path}: {note}" for note in skipped]
    drafts = merge_drafts(drafts)

    sources, _ = read_sources(settings)
    all_drafts = Settings(**{**settings.__dict__, "drafts": True})
    folder = out_dir or settings.content_path / "events"
    # Drafts count too, wherever they were written: extracting twice must not draft twice.
    files = event_files(settings)
    if folder.is_dir() and not folder.resolve().is_relative_to((settings.content_path / "events").resolve()):
        files += sorted(folder.rglob("*.md"))
    events, _ = read_events(all_drafts, sources, files)
    for draft in drafts:
        match = find_match(draft, events)
        if match is None:
            report.drafts.append(draft)
            if write:
                report.written.append(write_draft(draft, folder))
            continue
        new = [c for c in draft.sources if not already_cites(match, c)]
        if not new:
            report.skipped.append((draft, match))
        elif merge and write:
            try:
                for citation in new:
                    add_citation(settings.root / match.path, match.path, citation)
                report.merged.append((draft, match))
            except MergeError as error:
                report.problems.append(error.problem)
        else:
            report.new_sources.append((draft, match))
    return report
