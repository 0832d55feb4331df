"""A Python-Markdown extension that passes the generator's own HTML blocks through
without parsing them.

The generated pages hold raw HTML blocks for what a machine repeats: an event's date
line, its terms and sources, the event lists of term and source pages. Any Markdown
engine keeps such blocks as they are, but Python-Markdown (twice: its own HTML block
reader and MkDocs' anchor collector) and md_in_html parse them tag by tag first, which
was most of the build time of a large timeline. The output does not change: the block
is handed to the page verbatim either way.

A block qualifies when its first line starts with an element of class `tl-…` and a
later line ends with that element's closing tag. The generator escapes every text it
prints inside such blocks, so a closing tag at the end of a line can only be its own.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_GENERATED_START = re.compile(r'<(p|div|ul|ol)\s+class="tl-[a-z-]+[^"<>]*"[^<>]*>')


class _StashGeneratedHtml(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        position = 0
        while position < len(lines):
            line = lines[position]
            start = _GENERATED_START.match(line)
            end = self._closing_line(lines, position, start[1]) if start else None
            if end is None:
                output.append(line)
                position += 1
                continue
            output.append(self.md.htmlStash.store("\n".join(lines[position:end + 1])))
            position = end + 1
        return output

    @staticmethod
    def _closing_line(lines: list[str], first: int, tag: str) -> int | None:
        closing = f"</{tag}>"
        for number in range(first, len(lines)):
            if lines[number].endswith(closing):
                return number
            if not lines[number].strip():
                return None  # a blank line first: not a block the generator wrote
        return None


class GeneratedHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Before MkDocs' anchor collector (21) and the HTML block reader (20).
        md.preprocessors.register(_StashGeneratedHtml(md), "timeline_generated_html", 25)
