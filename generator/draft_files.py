"""Write draft event files, and add a source to an existing event file, without ever
replacing or reformatting what a person wrote."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .extract import Draft
from .load import FENCE, parse_document
from .model import slugify
from .problems import Problem
from .scaffold import create_unique


def draft_text(draft: Draft) -> str:
    meta: dict = {"title": draft.title, "date": draft.date}
    if draft.time:
        meta["time"] = draft.time
    meta.update({"status": "reported", "draft": True, "tags": [], "actors": draft.actors,
                 "places": draft.places, "sources": draft.sources})
    front_matter = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    review = "".join(f"# review: {note}\n" for note in draft.review)
    body = ("Drafted by `timeline extract`. Check the date, title, actors and places against the "
            "quote, write what happened in your own words, then remove `draft: true`.\n")
    return f"{FENCE}\n{review}{front_matter}{FENCE}\n{body}"


def write_draft(draft: Draft, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = slugify(draft.title)[:60].rstrip("-") or "draft"
    return create_unique(folder, stem, draft_text(draft))


class MergeError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


_SOURCES_KEY = re.compile(r"""^(?:sources|"sources"|'sources')\s*:(.*)$""")


def add_citation(path: Path, shown: str, citation: dict) -> None:
    """Add one item to the `sources:` list of an event file, changing no other line:
    comments, layout, line endings and a byte-order mark stay as they are."""
    raw = path.read_bytes()
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    original = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in original else "\n"
    text = original.replace("\r\n", "\n")
    before = parse_document(text, shown)
    if isinstance(before, Problem):
        raise MergeError(before)
    lines = text.splitlines(keepends=True)
    closing = next(i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "..."))
    item = yaml.safe_dump([citation], sort_keys=False, allow_unicode=True, width=100)
    key_line = next((i for i in range(1, closing) if _SOURCES_KEY.match(lines[i].rstrip("\n"))), None)
    if key_line is None:
        new_lines = lines[:closing] + ["sources:\n"] + _indented(item, "  ") + lines[closing:]
    elif _SOURCES_KEY.match(lines[key_line].rstrip("\n"))[1].split("#", 1)[0].strip():
        raise MergeError(Problem(shown, key_line + 1, "cannot add a source to a 'sources:' written on one line",
                                 "write the sources as a list of '- ' items, then merge again"))
    else:
        end = key_line + 1
        while end < closing and (lines[end].startswith((" ", "\t", "-", "#")) or not lines[end].strip()):
            end += 1
        while end > key_line + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        item_lines = [l for l in lines[key_line + 1:end] if l.lstrip().startswith("- ")]
        indent = re.match(r"^(\s*)", item_lines[0])[1] if item_lines else "  "
        new_lines = lines[:end] + _indented(item, indent) + lines[end:]
    updated = "".join(new_lines)
    after = parse_document(updated, shown)
    old_sources = before.meta.get("sources") or []
    unchanged = not isinstance(after, Problem) and after.body == before.body and \
        {k: v for k, v in after.meta.items() if k != "sources"} == \
        {k: v for k, v in before.meta.items() if k != "sources"} and \
        isinstance(old_sources, list) and after.meta.get("sources") == [*old_sources, citation]
    if not unchanged:
        raise MergeError(Problem(shown, key_line + 1 if key_line is not None else 1,
                                 "adding the source would change other fields; nothing was written",
                                 "add the source by hand"))
    path.write_bytes((bom + updated.replace("\n", newline)).encode("utf-8"))


def _indented(text: str, indent: str) -> list[str]:
    return [indent + line if line.strip() else line for line in text.splitlines(keepends=True)]
