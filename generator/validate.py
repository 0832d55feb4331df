"""Check content documents and turn them into typed events and sources.

Every problem is collected (never just the first) with the file, the line and a hint.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from . import dates
from .config import Settings, _valid_timezone
from .load import Document
from .model import DEFAULT_STATUS, STATUSES, Citation, Correction, Event, Source
from .problems import ERROR, WARNING, Problem

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"]+$")

EVENT_FIELDS = ("title", "date", "time", "timezone", "id", "tags", "actors", "places",
                "status", "sources", "draft", "corrections")
SOURCE_FIELDS = ("title", "url", "publisher", "author", "published", "accessed",
                 "archive_url", "description", "id")
CITATION_FIELDS = ("source", "quote", "url", "title", "publisher", "author", "published",
                   "accessed", "archive_url")


class _Checker:
    """Collects the problems of one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def error(self, key: str, message: str, hint: str = "", index: int | None = None,
              subkey: str | None = None, severity: str = ERROR) -> None:
        line = self.doc.line_of(key, index, subkey) if key else 1
        self.problems.append(Problem(self.doc.path, line, message, hint, severity))

    def warn(self, key: str, message: str, hint: str = "", **where: Any) -> None:
        self.error(key, message, hint, severity=WARNING, **where)

    def unknown_fields(self, known: tuple[str, ...]) -> None:
        for key in self.doc.meta:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
                self.warn(str(key), f"unknown field '{key}' is ignored", hint)

    def text(self, key: str, required: bool = False, one_line: bool = True) -> str:
        value = self.doc.meta.get(key)
        if value is None or value == "":
            if required:
                self.error(key, f"missing '{key}'", f"add a line '{key}: ...' to the front matter")
            return ""
        if isinstance(value, (dict, list)):
            self.error(key, f"'{key}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
            return ""
        text = str(value).strip()
        if one_line and ("\n" in text or "\r" in text):
            self.error(key, f"'{key}' must be one line")
            return ""
        return text

    def url(self, key: str, value: Any, **where: Any) -> str:
        if value in (None, ""):
            return ""
        text = str(value).strip()
        if not URL_PATTERN.match(text):
            self.error(key, f"'{text}' is not a web address", "use a full http:// or https:// address", **where)
            return ""
        return text

    def point(self, key: str, value: Any, **where: Any) -> dates.Point | None:
        if value in (None, ""):
            return None
        try:
            parsed = dates.parse(value)
        except dates.DateError as error:
            self.error(key, error.message, error.hint, **where)
            return None
        if parsed.interval:
            self.error(key, f"'{key}' must be a single date, not an interval", **where)
            return None
        return parsed.anchor

    def terms(self, key: str) -> tuple[str, ...]:
        value = self.doc.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(key, f"'{key}' must be a list", f"write {key}: [first, second]")
            return ()
        terms = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)) or item is None or not str(item).strip():
                self.error(key, f"item {index + 1} of '{key}' must be a non-empty name", index=index)
                continue
            terms.append(" ".join(str(item).split()))
        return tuple(dict.fromkeys(terms))


# C0 controls but tab and line breaks, DEL, lone surrogates and the noncharacters
# U+FFFE and U+FFFF: nothing can show them, and XML (the feeds) cannot hold them. A
# file cannot carry most of them raw in YAML, but "\a" or "\x07" in double quotes
# makes one.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_CONTROL_HINT = "remove it (in double-quoted YAML, escapes such as \\a or \\x07 make one)"


def _first_control_character(value: Any, seen: set[int] | None = None) -> str | None:
    if isinstance(value, str):
        found = _CONTROL_CHARACTER.search(value)
        return found[0] if found else None
    if not isinstance(value, (dict, list)):
        return None
    seen = set() if seen is None else seen
    if id(value) in seen:
        return None  # YAML aliases share a value: read it once, or nested aliases explode
    seen.add(id(value))
    for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
        found = _first_control_character(key, seen) or _first_control_character(item, seen)
        if found:
            return found
    return None


_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _may_hold_control_characters(text: str) -> bool:
    """False when `text` surely holds none. ASCII text (nearly all) is tested as
    bytes, five times faster than by the regular expression."""
    if text.isascii():
        encoded = text.encode("ascii")
        return len(encoded.translate(None, _CONTROL_BYTES)) != len(encoded)
    return True


def _check_control_characters(check: _Checker) -> None:
    # Only an escape in double quotes makes a character the file does not hold itself.
    raw = check.doc.front_matter
    if "\\" in raw or not raw or (_may_hold_control_characters(raw) and _CONTROL_CHARACTER.search(raw)):
        _check_values_for_control_characters(check)
    body = check.doc.body
    found = _CONTROL_CHARACTER.search(body) if _may_hold_control_characters(body) else None
    if found:
        line = check.doc.body_line + body.count("\n", 0, found.start())
        check.problems.append(Problem(check.doc.path, line,
                                      f"the text holds the unprintable character U+{ord(found[0]):04X}",
                                      "remove it; most editors show it as a box or a question mark"))


def _check_values_for_control_characters(check: _Checker) -> None:
    for key, value in check.doc.meta.items():
        found = _first_control_character(value) or _first_control_character(key)
        if found:
            check.error(str(key), f"'{key}' holds the unprintable character U+{ord(found):04X}", _CONTROL_HINT)


def check_source(doc: Document, source_id: str) -> tuple[Source | None, list[Problem]]:
    check = _Checker(doc)
    check.unknown_fields(SOURCE_FIELDS)
    _check_control_characters(check)
    if doc.meta.get("id") not in (None, source_id):
        check.error("id", "a source's id is its file name", f"rename the file to {doc.meta['id']}.md")
    if not ID_PATTERN.match(source_id):
        check.error("", f"the file name '{source_id}' is not a valid source id",
                    "rename the file using only a-z, 0-9 and '-'")
    source = Source(
        id=source_id,
        title=check.text("title", required=True),
        url=check.url("url", doc.meta.get("url")),
        publisher=check.text("publisher"),
        author=check.text("author"),
        published=check.point("published", doc.meta.get("published")),
        accessed=check.point("accessed", doc.meta.get("accessed")),
        archive_url=check.url("archive_url", doc.meta.get("archive_url")),
        description=check.text("description", one_line=False),
        path=doc.path,
    )
    failed = any(p.severity == ERROR for p in check.problems)
    return (None if failed else source), check.problems


def check_event(doc: Document, default_id: str, sources: dict[str, Source],
                settings: Settings) -> tuple[Event | None, list[Problem]]:
    check = _Checker(doc)
    meta = doc.meta
    check.unknown_fields(EVENT_FIELDS)
    _check_control_characters(check)

    event_id = meta.get("id", default_id)
    if not isinstance(event_id, str) or not ID_PATTERN.match(event_id):
        where = "id" if "id" in meta else ""
        check.error(where, f"'{event_id}' is not a valid event id",
                    "use only a-z, 0-9 and '-' (set 'id:' or rename the file)")

    title = check.text("title", required=True)
    date = None
    if meta.get("date") in (None, ""):
        check.error("date", "missing 'date'", "add a line 'date: 2023-10-13' (or 2023-10, 2023)")
    else:
        try:
            date = dates.parse(meta["date"])
        except dates.DateError as error:
            check.error("date", error.message, error.hint)

    time = _check_time(check, meta.get("time"))
    timezone = check.text("timezone")
    if timezone and not _valid_timezone(timezone):
        check.error("timezone", f"unknown time zone '{timezone}'",
                    "use an IANA name such as Asia/Seoul or an offset such as +09:00")

    status = meta.get("status", DEFAULT_STATUS)
    if status not in STATUSES:
        check.error("status", f"unknown status '{status}'", f"use one of {', '.join(STATUSES)}")

    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        check.error("draft", "'draft' must be true or false")

    citations = _check_citations(check, sources)
    if not citations and settings.unsourced != "ignore" and not any(
            p.line == doc.line_of("sources") and "sources" in p.message for p in check.problems):
        check.error("sources" if "sources" in meta else "", "the event cites no source",
                    "add a 'sources:' list with a source id or a url (see README, 'Sources')",
                    severity=ERROR if settings.unsourced == "error" else WARNING)

    event = Event(
        id=event_id if isinstance(event_id, str) else "", title=title, date=date,  # type: ignore[arg-type]
        path=doc.path, body=doc.body.strip(), time=time, timezone=timezone, status=status,
        tags=check.terms("tags"), actors=check.terms("actors"), places=check.terms("places"),
        citations=tuple(citations), draft=draft is True, corrections=_check_corrections(check),
    )
    failed = any(p.severity == ERROR for p in check.problems)
    return (None if failed else event), check.problems


def _check_corrections(check: _Checker) -> tuple[Correction, ...]:
    items = check.doc.meta.get("corrections")
    if items is None:
        return ()
    if isinstance(items, (str, dict)):
        items = [items]
    if not isinstance(items, list):
        check.error("corrections", "'corrections' must be a list of notes",
                    "write each as '- note text' or '- {date: 2023-11-02, note: …}'")
        return ()
    corrections = []
    for index, item in enumerate(items):
        if isinstance(item, str) and item.strip():
            corrections.append(Correction(" ".join(item.split())))
        elif isinstance(item, dict) and isinstance(item.get("note"), str) and item["note"].strip():
            corrections.append(Correction(" ".join(item["note"].split()),
                                          check.point("corrections", item.get("date"), index=index, subkey="date")))
        else:
            check.error("corrections", f"correction {index + 1} needs a note", index=index)
    return tuple(corrections)


def _check_time(check: _Checker, value: Any) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not TIME_PATTERN.match(value.strip()):
        check.error("time", f"'{value}' is not a time", "write it as HH:MM, e.g. \"14:30\"")
        return ""
    return value.strip()


def _check_citations(check: _Checker, sources: dict[str, Source]) -> list[Citation]:
    items = check.doc.meta.get("sources")
    if items is None:
        return []
    if isinstance(items, (str, dict)):
        items = [items]
    if not isinstance(items, list):
        check.error("sources", "'sources' must be a list", "write each source as a '- source: ID' item")
        return []
    citations = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            item = {"url": item} if item.startswith(("http://", "https://")) else {"source": item}
        if not isinstance(item, dict):
            check.error("sources", f"source {index + 1} must be a source id, a url or a mapping", index=index)
            continue
        for key in item:
            if key not in CITATION_FIELDS:
                check.warn("sources", f"unknown field '{key}' in source {index + 1} is ignored",
                           f"known fields: {', '.join(CITATION_FIELDS)}", index=index, subkey=key)
        quote = " ".join(str(item.get("quote") or "").split())
        if "source" in item:
            source_id = str(item["source"])
            source = sources.get(source_id)
            if source is None:
                close = difflib.get_close_matches(source_id, list(sources), n=1)
                hint = (f"did you mean '{close[0]}'?" if close
                        else f"add content/sources/{source_id}.md or fix the id")
                check.error("sources", f"unknown source id '{source_id}'", hint, index=index, subkey="source")
                continue
            citations.append(Citation(source, quote))
            continue
        url = check.url("sources", item.get("url"), index=index, subkey="url")
        title = " ".join(str(item.get("title") or "").split())
        if not url and not title:
            check.error("sources", f"source {index + 1} needs a 'source' id, or a 'url' or 'title'",
                        index=index)
            continue
        published = check.point("sources", item.get("published"), index=index, subkey="published")
        accessed = check.point("sources", item.get("accessed"), index=index, subkey="accessed")
        archive = check.url("sources", item.get("archive_url"), index=index, subkey="archive_url")
        citations.append(Citation(Source(
            id="", title=title or url, url=url, publisher=" ".join(str(item.get("publisher") or "").split()),
            author=" ".join(str(item.get("author") or "").split()), published=published,
            accessed=accessed, archive_url=archive), quote))
    return citations
