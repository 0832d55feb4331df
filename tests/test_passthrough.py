"""The pass-through extension changes how fast a page converts, never what it becomes."""

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.passthrough import GeneratedHtmlExtension

EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition"]

PAGE = """# 2023

<div class="tl-event tl-status-alleged" id="shipments" markdown>

### Shipments { #shipments-title }

<p class="tl-meta"><time datetime="2023-09">Sep 2023</time> · <span class="tl-badge">alleged</span></p>

The *body* stays Markdown.

<div class="tl-facts">
<p class="tl-terms"><strong>Tags:</strong> <a href="../../tags/arms/">arms</a></p>
<ol class="tl-sources">
<li><a href="https://example.org/">A &lt;/div&gt; title</a><blockquote>quote</blockquote></li>
</ol>
</div>

</div>

<ul class="tl-list">
<li><time datetime="2023">2023</time> · <a href="#x">X</a></li>
</ul>
"""


def convert(text: str, fast: bool) -> tuple[str, markdown.Markdown]:
    md = markdown.Markdown(extensions=EXTENSIONS + ([GeneratedHtmlExtension()] if fast else []))
    return md.convert(text), md


def test_generated_blocks_convert_to_the_same_html():
    slow, _ = convert(PAGE, fast=False)
    fast, md = convert(PAGE, fast=True)
    assert fast == slow
    stashed = [str(block) for block in md.htmlStash.rawHtmlBlocks]
    assert len(stashed) == 5  # the meta line, the facts, the list and the container's two tags
    assert '<div class="tl-event tl-status-alleged" id="shipments">' in stashed and "</div>" in stashed
    assert "<em>body</em>" in fast


def event(body: str, facts: str = '<div class="tl-facts">\n<p class="tl-terms">x</p>\n</div>\n\n') -> str:
    return (f'<div class="tl-event tl-status-reported" id="e1" markdown>\n\n### Title {{ #e1-title }}\n\n'
            f"{body}\n\n{facts}</div>\n")


# Events whose bodies hold what an author may write, and containers in other shapes:
# each must come out as md_in_html makes it, up to blank lines between tags.
CONTAINER_SHAPES = {
    "plain body": event("A *body* with a [link](https://example.org)."),
    "a list": event("- one\n- two\n\n1. first"),
    "a raw div in the body": event('<div class="note">\nraw *text*\n</div>'),
    "a closing div line in the body": event("Text\n\n</div>\n\nMore text"),
    "a quote": event("> quoted\n\n> more"),
    "a fake facts block in the body": event('<div class="tl-facts">\nfake\n</div>'),
    "no facts block": event("Body.", facts=""),
    "two events": event("First.") + "\n" + event("Second."),
    "text right after the container": event("Body.").rstrip("\n") + "\nText right after\n",
    "container in a list item": "- item\n\n    " + event("Body.").replace("\n", "\n    "),
    "stashed block in a tight list": '- a\n- b\n<p class="tl-meta">meta</p>\n',
}


@pytest.mark.parametrize("text", CONTAINER_SHAPES.values(), ids=CONTAINER_SHAPES.keys())
def test_event_containers_come_out_as_md_in_html_makes_them(text):
    def lines(html: str) -> list[str]:
        return [line for line in html.splitlines() if line.strip()]

    assert lines(convert(text, fast=True)[0]) == lines(convert(text, fast=False)[0])


def test_a_closing_tag_in_a_code_block_does_not_end_the_event():
    # md_in_html reads "</div>" in the indented code as the container's end and drops it.
    fast, _ = convert(event("    code </div>"), fast=True)
    assert "<pre><code>code &lt;/div&gt;\n</code></pre>" in fast
    assert fast.count("</div>") == 2


def test_only_the_template_shape_of_container_is_opened():
    _, md = convert(event("Body.", facts=""), fast=True)
    assert not any(str(block).startswith('<div class="tl-event') for block in md.htmlStash.rawHtmlBlocks)
    _, md = convert(CONTAINER_SHAPES["two events"], fast=True)
    assert [str(block) for block in md.htmlStash.rawHtmlBlocks].count("</div>") == 2


def test_a_block_is_never_stretched_over_a_blank_line():
    text = '<p class="tl-meta">no end here\n\nSome *Markdown* between.\n\n<p>x</p>\n'
    fast, _ = convert(text, fast=True)
    assert fast == convert(text, fast=False)[0]


def test_an_unclosed_block_is_not_stashed():
    text = '<ul class="tl-list">\n<li>open\n\nA paragraph after it.\n'
    fast, md = convert(text, fast=True)
    assert fast == convert(text, fast=False)[0]


def test_other_html_is_left_alone():
    text = '<div class="note">\n*not* Markdown\n</div>\n\n<p class="tl-x">one line</p>\n'
    fast, md = convert(text, fast=True)
    assert fast == convert(text, fast=False)[0]
    assert [str(item) for item in md.htmlStash.rawHtmlBlocks].count('<p class="tl-x">one line</p>') == 1


# Blocks an author might write with the timeline's classes, in shapes the templates
# never produce: each must come out exactly as Python-Markdown alone makes it.
AUTHOR_SHAPES = {
    "text right before": 'A line of text\n<p class="tl-note">note</p>\n',
    "text right after": '<ul class="tl-list">\n<li>x</li>\n</ul>\nA *line* right after\n',
    "markdown attribute": '<div class="tl-aside" markdown>\n*emphasis* inside\n</div>\n',
    "after a list item": '- an item\n<p class="tl-note">note</p>\n',
    "after a quote": '> quoted\n<p class="tl-note">note</p>\n',
    "nested same tag": '<div class="tl-box">\n<div>\ninner\n</div>\n</div>\n',
    "closing tag mid-line": '<p class="tl-note">a</p> and more\ntext</p>\n',
    "two elements on a line": '<p class="tl-note">a</p><p>b</p>\n',
    "inside a fence": '```\n<p class="tl-note">a</p>\n```\n',
    "inside a raw div": '<div>\n<p class="tl-note">a</p>\n\nafter\n</div>\n',
}


@pytest.mark.parametrize("text", AUTHOR_SHAPES.values(), ids=AUTHOR_SHAPES.keys())
def test_author_written_blocks_come_out_unchanged(text):
    assert convert(text, fast=True)[0] == convert(text, fast=False)[0]


def test_a_block_inside_fenced_code_stays_code():
    text = '```\ncode\n\n<p class="tl-note">a</p>\n\n```\n'
    extensions = EXTENSIONS + ["fenced_code"]
    fast = markdown.Markdown(extensions=[*extensions, GeneratedHtmlExtension()]).convert(text)
    assert fast == markdown.Markdown(extensions=extensions).convert(text)
    assert "&lt;p class=&quot;tl-note&quot;&gt;" in fast


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab .,;:!?'\"()-#>+=1\n  \t*_`[]<>&{}\\|~^%$@/", max_size=40), max_size=6))
def test_any_text_converts_as_python_markdown_alone_converts_it(paragraphs):
    text = "\n\n".join(paragraphs)
    assert convert(text, fast=True)[0] == convert(text, fast=False)[0]


def test_plain_prose_is_left_to_extensions_that_add_inline_patterns():
    text = "A plain sentence, with 'quotes' -- and dashes...\n\nAnother one."
    smart = ["smarty"]
    fast = markdown.Markdown(extensions=[*EXTENSIONS, *smart, GeneratedHtmlExtension()]).convert(text)
    assert fast == markdown.Markdown(extensions=[*EXTENSIONS, *smart]).convert(text)
    assert "&rsquo;" in fast and "&ndash;" in fast


TOC_SETTINGS = [{"permalink": True, "toc_depth": 2}, {"permalink": "#", "permalink_leading": True, "toc_depth": 2},
                {"toc_depth": 2}, {"permalink": True}, {"anchorlink": True, "toc_depth": 2}]


def convert_with_toc(text: str, toc: dict, fast: bool) -> tuple[str, markdown.Markdown]:
    md = markdown.Markdown(extensions=EXTENSIONS + ([GeneratedHtmlExtension()] if fast else []),
                           extension_configs={"toc": toc})
    return md.convert(text), md


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aZé 1.,;:!?'\"()-–#*_`[]<>&{}\\|~^%$@/=+", min_size=1, max_size=30),
       st.sampled_from(TOC_SETTINGS))
def test_event_titles_convert_as_python_markdown_converts_them(title, toc):
    from generator.render import escape_text

    text = event("Body.").replace("### Title ", f"### {escape_text(title)} ")  # as year.md.j2 writes it
    assert convert_with_toc(text, toc, fast=True)[0] == convert_with_toc(text, toc, fast=False)[0]


def test_a_plain_title_becomes_html_with_the_toc_permalink():
    html, md = convert_with_toc(event("Body."), TOC_SETTINGS[0], fast=True)
    title = '<h3 id="e1-title">Title<a class="headerlink" href="#e1-title" title="Permanent link">&para;</a></h3>'
    assert title in html
    assert any(str(block).startswith('<h3 id="e1-title">Title<a class="headerlink"') for block in md.htmlStash.rawHtmlBlocks)
    # Where the table of contents lists h3 headings, the title stays a Markdown heading.
    _, md = convert_with_toc(event("Body."), TOC_SETTINGS[3], fast=True)
    assert not any("<h3" in str(block) for block in md.htmlStash.rawHtmlBlocks)


# Shapes a review found, each compared with Python-Markdown alone (toc with permalinks).
REVIEW_SHAPES = {
    "a title in another markdown block": "<div markdown>\n\n### Heading { #h }\n\nText\n\n</div>\n",
    "a title in raw HTML": "<div>\n\n### Title { #t }\n\n</div>\n",
    "a title in a comment": "<!--\n\n### Title { #t }\n\n-->\n",
    "a container without facts": event("Body.", facts=""),
    "a heading whose id an event has": "## E1\n\n" + event("Body."),
    "a heading whose id a title has": "## E1 Title\n\n" + event("Body."),
    "a no-break space line": "Text\n\xa0\n<p class=\"tl-x\">a</p>\n\nmore\n",
    "an author's block with an id": 'See [notes](#notes).\n\n<div class="tl-box" id="notes">\nSome notes.\n</div>\n',
}


@pytest.mark.parametrize("text", REVIEW_SHAPES.values(), ids=REVIEW_SHAPES.keys())
def test_review_shapes_convert_as_python_markdown_converts_them(text):
    toc = {"permalink": True, "toc_depth": 2}
    assert convert_with_toc(text, toc, fast=True)[0] == convert_with_toc(text, toc, fast=False)[0]


def test_titles_follow_the_toc_base_level():
    toc = {"permalink": True, "toc_depth": 2, "baselevel": 2}
    text = event("Body.")
    assert convert_with_toc(text, toc, fast=True)[0] == convert_with_toc(text, toc, fast=False)[0]
