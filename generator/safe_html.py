"""Safe HTML from untrusted text: an event's Markdown description turned into HTML for
feeds and exports, and HTML from imported timelines cut down to harmless tags.

Only an allowlist of tags survives, without attributes but a link's web or mail
address; script, style and embedded objects are dropped with their content."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown

_BODY_CACHE: dict[str, str] = {}
_MARKDOWN = markdown.Markdown(output_format="html")


# (One pattern for all of _plain_prose is many times slower.)
_MARKDOWN_CHARACTER = re.compile(r"[\\`*_\[\]<>&{}!]")
_MARKDOWN_LINE_START = re.compile(r"[ \t]*(?:[#>+=*-]|\d+\.)| {4}|\t")


def _plain_prose(text: str) -> bool:
    """Whether Markdown would leave the text as it is: no character or line start with a
    meaning, no two spaces at a line's end."""
    if _MARKDOWN_CHARACTER.search(text) or "  \n" in text or text.endswith("  "):
        return False
    return not any(_MARKDOWN_LINE_START.match(line) for line in text.split("\n"))


def body_html(body: str) -> str:
    body = body.strip()
    if not body:
        return ""
    if _plain_prose(body):
        # Markdown is the slow part of the export (a quarter of a millisecond an
        # event); plain prose gives the same paragraphs without it.
        return "\n".join(f"<p>{html.escape(p.strip(), quote=False)}</p>"
                         for p in re.split(r"\n[ \t]*\n", body) if p.strip())
    cached = _BODY_CACHE.get(body)
    if cached is None:
        if len(_BODY_CACHE) > 4096:
            _BODY_CACHE.clear()
        cached = _BODY_CACHE[body] = safe_html(_MARKDOWN.reset().convert(body))
    return cached


_ALLOWED_TAGS = frozenset({"p", "br", "a", "em", "strong", "i", "b", "ul", "ol", "li", "blockquote",
                           "code", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6"})
_VOID_TAGS = frozenset({"br", "hr"})
# Elements whose content is code or embedded objects, never text to show.
DROPPED_CONTENT = frozenset({"script", "style", "iframe", "object", "noscript", "template", "svg",
                             "math", "textarea", "select", "head", "title", "canvas", "audio", "video",
                             "applet", "frameset", "noembed", "noframes", "xmp", "plaintext"})
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_href(value: str | None) -> str:
    """The link target if it is a web or mail address, else '' (no javascript:, data:…)."""
    if not value:
        return ""
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    compact = re.sub(r"[\x00-\x20\x7f]+", "", value)
    return compact if compact.lower().startswith(_SAFE_SCHEMES) else ""


class _Sanitizer(HTMLParser):
    """Keeps an allowlist of tags without attributes (a link keeps a safe href) and
    escapes all text; drops script, style and embedded objects with their content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_CONTENT:
            self.dropping += 1
        if self.dropping or tag not in _ALLOWED_TAGS:
            return
        if tag == "a":
            href = safe_href(dict(attrs).get("href"))
            self.out.append(f'<a href="{html.escape(href, quote=True)}">' if href else "<a>")
        else:
            self.out.append(f"<{tag}>")
        if tag not in _VOID_TAGS:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.open:
            return
        while self.open:
            name = self.open.pop()
            self.out.append(f"</{name}>")
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{name}>" for name in reversed(self.open))


def safe_html(text: str) -> str:
    sanitizer = _Sanitizer()
    sanitizer.feed(text)
    return sanitizer.result()
