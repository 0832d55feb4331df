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
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_GENERATED_START = re.compile(r'<(p|div|ul|ol)\s+class="tl-[a-z-]+[^"<>]*"(?![^<>]*\bmarkdown\b)[^<>]*>')


class _StashGeneratedHtml(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        position = 0
        while position < len(lines):
            line = lines[position]
            start = _GENERATED_START.match(line)
            after_blank = position == 0 or not lines[position - 1].strip()
            end = self._closing_line(lines, position, start[1]) if start and after_blank else None
            if end is None:
                output.append(line)
                position += 1
                continue
            output.append(self.md.htmlStash.store("\n".join(lines[position:end + 1])))
            position = end + 1
        return output

    @staticmethod
    def _closing_line(lines: list[str], first: int, tag: str) -> int | None:
        """The line that closes the block's first element, at its end, with a blank line
        (or the end) after it; None if the block is shaped any other way."""
        tags = re.compile(rf"<{tag}[\s>]|</{tag}>")
        depth = 0
        for number in range(first, len(lines)):
            line = lines[number]
            if not line.strip():
                return None
            for found in tags.finditer(line):
                depth += -1 if found[0].startswith("</") else 1
                if depth == 0:
                    closes_line = found.end() == len(line)
                    ends_block = number + 1 == len(lines) or not lines[number + 1].strip()
                    return number if closes_line and ends_block else None
        return None


class GeneratedHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After fenced code (25: a block inside a fence is code, not HTML), before
        # MkDocs' anchor collector (21) and the HTML block reader (20).
        md.preprocessors.register(_StashGeneratedHtml(md), "timeline_generated_html", 23)
