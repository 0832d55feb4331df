"""Read saved articles: plain text, Markdown with front matter, or web pages, and keep
only the article itself, not the page furniture around it (recent-post lists, cookie
notices, share prompts, photo credits)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from dateutil import parser as dateutil_parser

from .load import Document, parse_document
from .problems import Problem


@dataclass
class Article:
    path: str
    text: str  # the article's main text, paragraphs separated by blank lines
    title: str = ""
    url: str = ""
    publisher: str = ""
    author: str = ""
    published: dt.date | None = None
    source_id: str = ""  # set when the article is a source file in content/sources/
    notes: list[str] = field(default_factory=list)  # what reading it left out or could not find


class ArticleError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


HEADER = re.compile(r"^(url|title|published|date|publisher|author|source)\s*:\s*(.*)$", re.I)

# A line that opens a block of page furniture: everything from it to the end is dropped,
# unless the article goes on after a few headlines (see _article_resumes).
FURNITURE_HEADINGS = re.compile(
    r"^(recent posts?|related( posts| articles| stories| news| content| coverage| reading)?|read (more|next|also)"
    r"|more (stories|news|coverage|on this( story| topic)?|from .{1,40})|explore more|in depth"
    r"|you (may|might) (also )?like|trending( now)?|most (read|popular|viewed)|popular( posts| stories)?"
    r"|latest (news|posts|stories)|recommended( for you)?|also read|see also|share this( article| story)?"
    r"|comments?|leave a (reply|comment)|about the author"
    r"|sponsored( content)?|tags?|categories)\s*:?$",
    re.I,
)
# A paragraph that is furniture wherever it stands.
FURNITURE_LINES = re.compile(
    r"(this (web)?site uses cookies|we use cookies|accept (all )?cookies|cookie (policy|settings)"
    r"|^(photo|image|picture|file photo|credit|photograph)( credit)?\s*:|\((photo|image) (by|credit|:)[^)]*\)\s*$"
    r"|^(share|tweet|email|print)( (on|this|via) .{0,30})?$|sign up for our newsletter|subscribe (now|today)"
    # An advertisement label stands where an ad was, often between paragraphs: only it goes.
    r"|all rights reserved|^copyright\b|^©|click here|^advertisement\s*:?$|^read more$|\|\s*read more\s*$"
    # Newsletter prompts also stand between an article's paragraphs: only they go.
    r"|^(sign up for|subscribe to) .{1,40}$"
    # A label and a teaser: "Related: …", "Read more: …", "See also: …".
    r"|^(related( posts?| articles?| stories| story| news| coverage)?|read (more|next|also)|see also|also read"
    r"|more on this( story)?|recommended)\s*:\s*\S"
    # A caption that ends in its credit: "Flood water surrounds homes on Tuesday. Photo: A. Name/PA"
    r"|\b(photo|photograph|image|picture|video)( credit)?\s*:\s*(?:[A-Z]\.\s*)*[^.!?]{2,60}$"
    # A correction notice: "This article was amended on 11 October 2024 to correct …"
    r"|^(this|an earlier version of this) (article|story|report|piece)\b[^.]{0,40}\b(amended|corrected|updated|misstated)"
    r"|^corrections?\s*:)",
    re.I,
)
# A short paragraph that tells who wrote the article, after its end: "Hannah Okoro is
# Science Wire's science correspondent. She has reported on space since 2016."
AUTHOR_BIO = re.compile(r"^(?:[A-Z][\w'’-]+\s+){1,3}is\s+(?:a|an|the|(?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*['’]s)\s+"
                        r"(?:[\w'’-]+\s+){0,4}"
                        r"(?:correspondent|reporter|editor|writer|columnist|journalist|contributor|producer)\b")
TEASER_END = re.compile(r"(…|\.\.\.)\s*$")
# Headings of a box that may stand inside a story, pointing at one other story; the
# others ("Related stories", "Most read", "Comments"…) head lists after the story.
INLINE_BOX_HEADINGS = re.compile(r"^(read (more|next|also)|also read|see also|related( story| article)?)\s*:?$", re.I)
_DATE_LINE = re.compile(r"^(?:\w+,\s+)?(?:\d{1,2}\s+\w+|\w+\.?\s+\d{1,2}),?\s+\d{4}$|^\d{4}-\d\d-\d\d$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


def main_text(text: str) -> tuple[str, list[str]]:
    """The article's paragraphs without page furniture; also says what was dropped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    kept: list[str] = []
    notes: list[str] = []
    skip_until = 0
    for number, paragraph in enumerate(paragraphs):
        first_line = paragraph.splitlines()[0].strip()
        if skip_until > number:
            continue
        if FURNITURE_HEADINGS.match(first_line) and len(first_line) < 60:
            resumes = _article_resumes(paragraphs, number) if INLINE_BOX_HEADINGS.match(first_line) else None
            if resumes is None:
                notes.append(f"left out everything from {first_line!r} on ({len(paragraphs) - number} paragraphs)")
                break
            notes.append(f"left out {first_line!r} and the {resumes - number - 1} headline(s) under it")
            skip_until = resumes
            continue
        if FURNITURE_LINES.search(paragraph) or (AUTHOR_BIO.match(paragraph) and len(paragraph.split()) <= 40
                                                 and len(paragraphs) >= 4 and number >= len(paragraphs) - 2):
            notes.append(f"left out {clip(paragraph)!r}")
            continue
        if TEASER_END.search(paragraph):
            notes.append(f"left out the teaser {clip(paragraph)!r}")
            continue
        kept += _list_items_apart(paragraph)
    return "\n\n".join(kept), notes


def _article_resumes(paragraphs: list[str], heading: int) -> int | None:
    """Where the article goes on after a furniture heading in its middle ("Read more", a
    headline or two, then more of the story); None when what follows is not the story:
    teasers, dates, more headlines."""
    position = heading + 1
    while position < len(paragraphs) and position <= heading + 3 and _headline(paragraphs[position]):
        position += 1
    if position == heading + 1 or position + 1 >= len(paragraphs) or not _prose(paragraphs[position]):
        return None  # nothing, or one teaser's summary at the very end, follows
    following = paragraphs[position + 1]
    if _DATE_LINE.match(following) or TEASER_END.search(following) or _headline(following):
        return None  # a list of teasers whose summaries read as prose
    return position


def _headline(paragraph: str) -> bool:
    """A short line that is no sentence: a headline, a date, a name."""
    return "\n" not in paragraph and len(paragraph.split()) <= 16 and not _SENTENCE_END.search(paragraph)


def _prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= 12 and bool(_SENTENCE_END.search(paragraph)) and not TEASER_END.search(paragraph)


_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")


def _list_items_apart(paragraph: str) -> list[str]:
    """A paragraph's lines joined into one, except that each item of a list ("- April 2011:
    …", "1. …", "• …") stands on its own, without its marker."""
    items: list[list[str]] = [[]]
    for line in paragraph.splitlines():
        if _LIST_ITEM.match(line):
            items.append([_LIST_ITEM.sub("", line, count=1).strip()])
        else:
            items[-1].append(line.strip())
    return [_joined(words) for words in items if any(words)]


# A live blog's time stamp on a line of its own, over its entry: "14:05 GMT".
TIME_STAMP = re.compile(r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*[ap]\.?m\.?)?(?:\s+(?:[A-Z]{2,4}|local time))?", re.I)


def _joined(lines: list[str]) -> str:
    """Lines of a paragraph as one line; a time stamp keeps a line of its own, so that
    it still reads as the entry's time, not as a part of its first sentence."""
    if len(lines) > 1 and TIME_STAMP.fullmatch(lines[0]):
        return lines[0] + "\n" + " ".join(lines[1:])
    return " ".join(lines)


def clip(text: str, size: int = 50) -> str:
    """Text on one line, cut to `size` characters with an ellipsis: for messages."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def parse_published(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    text = str(value).strip().rstrip("~?%")
    try:
        return dateutil_parser.parse(text, default=dt.datetime(1, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def published_in(text: str) -> dt.date | None:
    """The publication date a text's own header gives: a `published:` (or `date:`) line
    of a plain-text header, or that key of Markdown front matter. None without one."""
    if text.startswith("---"):
        doc = parse_document(text, "")
        if isinstance(doc, Document):
            return parse_published(doc.meta.get("published") or doc.meta.get("date"))
    meta: dict[str, str] = {}
    for line in text.replace("\r\n", "\n").split("\n"):
        match = HEADER.match(line.strip())
        if not match:
            break
        meta[match[1].lower()] = match[2].strip()
    return parse_published(meta.get("published") or meta.get("date"))


def read_article(path: Path, shown_as: str | None = None, sources_dir: Path | None = None) -> Article:
    """Read an article file by its kind (.html/.htm, .md, anything else as text)."""
    shown = shown_as or str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleError(Problem(shown, 1, f"cannot read the article: {error.strerror}")) from None
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        article = _read_html(raw, shown)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            raise ArticleError(Problem(shown, line, "the article is not UTF-8 text", "save it as UTF-8")) from None
        article = _read_markdown(text, shown) if suffix == ".md" else read_text(text, shown)
    if sources_dir is not None and suffix == ".md":
        try:
            if path.resolve().parent == sources_dir.resolve():
                article.source_id = path.stem
        except OSError:
            pass
    return article


def read_text(text: str, shown: str) -> Article:
    """Plain text, optionally headed by `url:`, `title:`, `published:` lines and a blank line.
    Without a header, a short first line with no full stop is taken as the title."""
    lines = text.replace("\r\n", "\n").split("\n")
    meta: dict[str, str] = {}
    index = 0
    while index < len(lines) and (match := HEADER.match(lines[index].strip())):
        meta[match[1].lower()] = match[2].strip()
        index += 1
    body_lines = lines[index:]
    if not meta:
        first = next((i for i, line in enumerate(body_lines) if line.strip()), None)
        if first is not None:
            candidate = body_lines[first].strip()
            following = body_lines[first + 1].strip() if first + 1 < len(body_lines) else ""
            if len(candidate) < 150 and not candidate.endswith((".", "!", "?", "”", '"')) and not following:
                meta["title"] = candidate
                body_lines = body_lines[first + 1:]
    return _article(shown, "\n".join(body_lines), meta)


def _read_markdown(text: str, shown: str) -> Article:
    doc = parse_document(text, shown)
    if isinstance(doc, Problem):
        if doc.message.startswith("no front matter"):
            return read_text(text, shown)
        raise ArticleError(doc)
    assert isinstance(doc, Document)
    meta = {key: str(value) for key, value in doc.meta.items() if value is not None}
    return _article(shown, markdown_to_text(doc.body), meta)


def markdown_to_text(body: str) -> str:
    """The words of a Markdown article as a reader sees them: headings, emphasis, links,
    images and list markers go, so that quotes and titles carry no markup."""
    body = re.sub(r"^#{1,6}\s+", "", body, flags=re.M)  # headings are paragraphs here
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", body)  # images
    body = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", body)  # links keep their text
    body = re.sub(r"(\*\*|__)(.+?)\1", r"\2", body)  # strong
    body = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])", r"\1", body)  # emphasis
    body = re.sub(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])", r"\1", body)
    return re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", body, flags=re.M)  # list markers


def _read_html(raw: bytes, shown: str) -> Article:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        raise ArticleError(Problem(shown, 1, "reading web pages needs trafilatura",
                                   "pip install trafilatura")) from None
    html = raw.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False,
                               favor_precision=True, with_metadata=False) or ""
    metadata = trafilatura.extract_metadata(html)
    meta: dict[str, str] = {}
    if metadata is not None:
        for key, attribute in (("title", "title"), ("url", "url"), ("author", "author"),
                               ("publisher", "sitename"), ("published", "date")):
            value = getattr(metadata, attribute, None)
            if value:
                meta[key] = str(value)
    # trafilatura puts one paragraph per line; the furniture filter works on paragraphs.
    return _article(shown, text.replace("\n", "\n\n"), meta)


def _article(shown: str, body: str, meta: dict[str, str]) -> Article:
    text, notes = main_text(body)
    published_text = meta.get("published") or meta.get("date")
    published = parse_published(published_text)
    if published_text and published is None:
        notes.append(f"could not read the publication date {published_text!r}")
    return Article(path=shown, text=text, title=meta.get("title", ""), url=meta.get("url", ""),
                   publisher=meta.get("publisher", ""), author=meta.get("author", ""),
                   published=published, notes=notes)
