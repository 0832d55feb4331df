"""A Python-Markdown extension that passes the generator's own HTML blocks through
without parsing them.

The generated pages hold raw HTML blocks for what a machine repeats: an event's date
line, its terms and sources, the event lists of term and source pages. Any Markdown
engine keeps such blocks as they are, but Python-Markdown (twice: its own HTML block
reader and MkDocs' anchor collector) and md_in_html parse them tag by tag first, which
was most of the build time of a large timeline. The output does not change: the block
is handed to the page verbatim either way.

A block qualifies only in the shape the templates write it: a blank line (or the start
of the page) before it; a first line that starts with an element of class `tl-…`
without a `markdown` attribute; the line that closes that element, counting nested
elements of the same name, followed by a blank line (or the end). The generator
escapes every text it prints inside such blocks, so their tags are all its own. A
block an author writes in that shape is raw HTML to Python-Markdown as well.

Each event sits in a `<div class="tl-event…" id="…" markdown>` container, so that
md_in_html converts the Markdown inside it. md_in_html finds the container's end by
parsing every tag and text inside it again. In the shape the template writes (the
opening line alone between blank lines; the event's stashed facts block, a blank line,
then `</div>` alone), the two tags are stashed instead, without the `markdown`
attribute, and the Markdown between them is converted where it stands, as md_in_html
would convert it. Any other shape is left to md_in_html. The event's title heading,
when its text is plain, is written as the HTML Python-Markdown makes of it and stashed
with the container. The stashed tags' ids still reach MkDocs and the toc extension.

A stashed block becomes a paragraph holding its placeholder until the end of the
conversion. Such paragraphs are marked as holding no inline Markdown (which a
placeholder never has), so that the inline patterns skip them. So are paragraphs of
plain prose, without a character that Python-Markdown's own inline patterns look for,
as long as no other extension adds inline patterns: most events' descriptions.
"""

from __future__ import annotations

import re

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString, Registry

_GENERATED_START = re.compile(r'<(p|div|ul|ol)\s+class="tl-[a-z-]+[^"<>]*"(?![^<>]*\bmarkdown\b)[^<>]*>')
_EVENT_CONTAINER = re.compile(r'(<div class="tl-event[a-z0-9 -]*" id="([a-z0-9-]+)") markdown>')
# An event's title heading as the template writes it, its text without a character that
# Markdown, HTML or attr_list would read.
_PLAIN_TITLE = re.compile(r'### (?P<text>[^\s\\`*_\[\]<>&{}#](?:[^\\`*_\[\]<>&{}#]*[^\s\\`*_\[\]<>&{}#])?)'
                          r' \{ #(?P<id>[a-z0-9-]+) \}')
_FACTS_START = '<div class="tl-facts">'
_OPEN_OR_CLOSE = {tag: re.compile(rf"<{tag}[\s>]|</{tag}>") for tag in ("p", "div", "ul", "ol")}
# What Python-Markdown's inline patterns (and attr_list, and its stash) start from; two
# spaces before a line's end make a line break.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<>&{}\x02\x03]|  \n")
_PYTHON_MARKDOWN_PATTERNS = ("backtick", "escape", "reference", "link", "image_link", "image_reference",
                             "short_reference", "short_image_ref", "autolink", "automail", "linebreak",
                             "html", "entity", "em_strong", "em_strong2", "not_strong")
# Tree processors that leave a paragraph of plain text alone (Python-Markdown's, MkDocs').
_TEXT_KEEPING_TREEPROCESSORS = ("inline", "prettify", "unescape", "toc", "attr_list", "mkdocs_extract_anchors",
                                "relpath", "mkdocs_extract_title", "timeline_placeholder_ids")


class _StashGeneratedHtml(Preprocessor):
    def __init__(self, md: Markdown, placeholders: set[str]) -> None:
        super().__init__(md)
        self.placeholders = placeholders  # of every block stashed here
        self.facts: set[str] = set()  # of the facts blocks among them

    def run(self, lines: list[str]) -> list[str]:
        self.placeholders.clear()  # a reset Markdown reuses them for other blocks
        self.facts.clear()
        output: list[str] = []
        position = 0
        while position < len(lines):
            line = lines[position]
            start = _GENERATED_START.match(line)
            if start and ' id="' in line:
                start = None  # the generator's blocks have no ids; an author's must reach MkDocs
            after_blank = position == 0 or not lines[position - 1].strip(" \t")
            end = self._closing_line(lines, position, start[1]) if start and after_blank else None
            if end is None:
                output.append(line)
                position += 1
                continue
            placeholder = self.md.htmlStash.store("\n".join(lines[position:end + 1]))
            self.placeholders.add(placeholder)
            if line == _FACTS_START:
                self.facts.add(placeholder)
            output.append(placeholder)
            position = end + 1
        return output

    @staticmethod
    def _closing_line(lines: list[str], first: int, tag: str) -> int | None:
        """The line that closes the block's first element, at its end, with a blank line
        (or the end) after it; None if the block is shaped any other way."""
        tags = _OPEN_OR_CLOSE[tag]
        depth = 0
        for number in range(first, len(lines)):
            line = lines[number]
            if not line.strip(" \t"):
                return None
            for found in tags.finditer(line):
                depth += -1 if found[0].startswith("</") else 1
                if depth == 0:
                    closes_line = found.end() == len(line)
                    ends_block = number + 1 == len(lines) or not lines[number + 1].strip(" \t")
                    return number if closes_line and ends_block else None
        return None


class _PlainTitles(Preprocessor):
    """An event's title heading, when its text is plain, written as the HTML Python-Markdown
    would make of it (attr_list's id, the toc extension's permalink), before MkDocs
    collects the ids of a page's HTML."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        # The lines written here, with the Markdown each was and its id, for
        # _OpenEventContainers: a title outside an event container in the template's
        # shape gets its Markdown back, for Python-Markdown to convert as ever.
        self.headings: dict[str, tuple[str, str]] = {}

    def run(self, lines: list[str]) -> list[str]:
        self.headings.clear()
        if not self._headings_are_plain_html():
            return lines
        permalink, leading = self._permalink()
        for number, line in enumerate(lines):
            heading = _PLAIN_TITLE.fullmatch(line) if line.startswith("### ") else None
            if heading and _blank(lines, number - 1) and _blank(lines, number + 1):
                link = permalink.replace("\0", heading["id"])
                text = link + heading["text"] if leading else heading["text"] + link
                html = f'<h3 id="{heading["id"]}">{text}</h3>'
                self.headings[html] = (line, heading["id"])
                lines[number] = html
        return lines

    def _headings_are_plain_html(self) -> bool:
        """Whether a plain h3 heading becomes its text with an id and, perhaps, a permalink:
        attr_list sets the id; the toc extension, if any, leaves h3 out of the table of
        contents and does not turn the text into a link."""
        toc = self._toc()
        return ("attr_list" in self.md.treeprocessors and _only_known_text_processing(self.md)
                and (toc is None or (getattr(toc, "toc_bottom", 6) < 3 and not getattr(toc, "use_anchors", True)
                                     and getattr(toc, "base_level", 1) == 0)))

    def _toc(self):
        return self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None

    def _permalink(self) -> tuple[str, bool]:
        """The toc extension's permalink (made by the extension itself) with NUL for the
        heading's id, and whether it comes before the text; no permalink without one."""
        toc = self._toc()
        if toc is None or not getattr(toc, "use_permalinks", False):
            return "", False
        element = etree.Element("h3")
        toc.add_permalink(element, "\0")
        return self.md.serializer(element[0]), bool(getattr(toc, "permalink_leading", False))


def _blank(lines: list[str], number: int) -> bool:
    """A blank line, or the start or end of the page."""
    return number < 0 or number >= len(lines) or not lines[number].strip(" \t")


class _OpenEventContainers(Preprocessor):
    def __init__(self, md: Markdown, stasher: _StashGeneratedHtml, titles: _PlainTitles,
                 ids: dict[str, str]) -> None:
        super().__init__(md)
        self.stasher = stasher
        self.titles = titles
        self.placeholders = stasher.placeholders
        self.ids = ids  # the id of each stashed tag that has one, by its placeholder

    def run(self, lines: list[str]) -> list[str]:
        self.ids.clear()
        position = 0
        while position < len(lines):
            opening = _EVENT_CONTAINER.fullmatch(lines[position])
            end = self._container_end(lines, position) if opening else None
            if end is not None:
                lines[position] = self.md.htmlStash.store(opening[1] + ">")
                lines[end] = self.md.htmlStash.store("</div>")
                self.placeholders.update((lines[position], lines[end]))
                title = self.titles.headings.get(lines[position + 2])
                if title:
                    lines[position + 2] = self.md.htmlStash.store(lines[position + 2])
                    self.placeholders.add(lines[position + 2])
                    self.ids[lines[position + 2]] = title[1]
                self.ids[lines[position]] = opening[2]
                position = end
            position += 1
        for number, line in enumerate(lines):
            if line in self.titles.headings:
                lines[number] = self.titles.headings[line][0]
        return lines

    def _container_end(self, lines: list[str], first: int) -> int | None:
        """The line of the container's `</div>`, if the container has the template's shape."""
        if not _blank(lines, first - 1) or not _blank(lines, first + 1):
            return None
        for number in range(first + 2, len(lines)):
            if _EVENT_CONTAINER.fullmatch(lines[number]):
                return None  # another event before this one closed
            if (lines[number] in self.stasher.facts and _blank(lines, number + 1)
                    and number + 2 < len(lines) and lines[number + 2] == "</div>"
                    and _blank(lines, number + 3)):
                return number + 2
        return None


class _AtomicParagraph(BlockProcessor):
    """A paragraph, as Python-Markdown's own makes it, of a block stashed here (or, with
    `plain_prose`, of plain prose), its text marked as holding no inline Markdown."""

    def __init__(self, parser: BlockParser, placeholders: set[str], plain_prose: bool = False,
                 ids: dict[str, str] | None = None, with_ids: list[etree.Element] | None = None) -> None:
        super().__init__(parser)
        self.placeholders = placeholders
        self.plain_prose = plain_prose
        self.ids = ids if ids is not None else {}
        self.with_ids = with_ids if with_ids is not None else []
        self._only_known_text_processing: bool | None = None

    def test(self, parent: etree.Element, block: str) -> bool:
        if self.parser.state.isstate("list"):
            return False  # in a tight list the paragraph processor adds text to the item instead
        if not self.plain_prose:
            return block in self.placeholders
        # A blank block the paragraph processor drops.
        return bool(block.strip()) and not _INLINE_MARKUP.search(block) and self._no_other_text_processing()

    def _no_other_text_processing(self) -> bool:
        if self._only_known_text_processing is None:
            self._only_known_text_processing = _only_known_text_processing(self.parser.md)
        return self._only_known_text_processing

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        paragraph = etree.SubElement(parent, "p")
        paragraph.text = AtomicString(block.lstrip())
        if block in self.ids:
            # The stashed tag's id, for the toc extension (which makes a heading's id
            # unique among the page's ids) and MkDocs' anchors to see; _PlaceholderIds
            # takes it off again.
            paragraph.set("id", self.ids[block])
            self.with_ids.append(paragraph)


class _PlaceholderIds(Treeprocessor):
    """Takes the stashed tags' ids off their placeholders' paragraphs, which the raw HTML
    replaces only as written: `<p>placeholder</p>`."""

    def __init__(self, md: Markdown, with_ids: list[etree.Element]) -> None:
        super().__init__(md)
        self.with_ids = with_ids

    def run(self, root: etree.Element) -> None:
        for paragraph in self.with_ids:
            paragraph.attrib.pop("id", None)
        self.with_ids.clear()


def _only_known_text_processing(md: Markdown) -> bool:
    """Whether only Python-Markdown and MkDocs process the text of paragraphs and headings."""
    return _only(md.inlinePatterns, _PYTHON_MARKDOWN_PATTERNS) and _only(md.treeprocessors, _TEXT_KEEPING_TREEPROCESSORS)


def _only(registry: Registry, names: tuple[str, ...]) -> bool:
    """Whether everything in the registry has one of these names."""
    return len(registry) == sum(name in registry for name in names)


class GeneratedHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        placeholders: set[str] = set()
        # After fenced code (25: a block inside a fence is code, not HTML), before
        # MkDocs' anchor collector (21) and the HTML block reader (20).
        stasher = _StashGeneratedHtml(md, placeholders)
        md.preprocessors.register(stasher, "timeline_generated_html", 23)
        # Before MkDocs' anchor collector (21), which must see the titles' ids.
        titles = _PlainTitles(md)
        md.preprocessors.register(titles, "timeline_plain_titles", 22)
        # After MkDocs' anchor collector, which must see the events' ids, and before
        # md_in_html's block reader (20).
        ids: dict[str, str] = {}
        md.preprocessors.register(_OpenEventContainers(md, stasher, titles, ids), "timeline_event_containers", 20.5)
        # A stashed block is a paragraph to every block processor: it goes first (no other
        # one takes a line that starts with the stash's marker). Plain prose could be a
        # heading or a list: it goes just before the paragraph processor (10).
        parser = md.parser
        with_ids: list[etree.Element] = []
        parser.blockprocessors.register(_AtomicParagraph(parser, placeholders, ids=ids, with_ids=with_ids),
                                        "timeline_placeholders", 200)
        # After the toc extension and MkDocs' anchor collector (5), before the page is written.
        md.treeprocessors.register(_PlaceholderIds(md, with_ids), "timeline_placeholder_ids", 4)
        parser.blockprocessors.register(_AtomicParagraph(parser, placeholders, plain_prose=True),
                                        "timeline_plain_prose", 10.5)
