"""Reading articles: headers, front matter, web pages, and page furniture left out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.articles import ArticleError, main_text, read_article, read_text

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "articles" / \
    "countries-condemn-north-korea-for-supplying-russian-arms.txt"


def test_text_header_gives_title_url_and_publication_date():
    article = read_article(ARTICLES / "port-strike.txt")
    assert article.title == "Dockworkers end strike at northern port"
    assert article.url == "https://news.example.org/port-strike"
    assert article.publisher == "Example News"
    assert article.published == dt.date(2024, 3, 13)


def test_furniture_after_recent_posts_and_cookie_notice_is_left_out():
    article = read_article(ARTICLES / "port-strike.txt")
    assert "January 28, 2026" not in article.text
    assert "cookies" not in article.text
    assert "Photo: Example Agency" not in article.text
    assert "Analysts said the strike was the longest in decades." in article.text


def test_text_without_header_takes_a_short_first_line_as_title():
    article = read_text("Ministers meet\n\nThey met on Tuesday.\n", "x.txt")
    assert article.title == "Ministers meet"
    assert article.published is None
    assert article.text == "They met on Tuesday."


def test_markdown_source_file_is_read_with_its_front_matter(tmp_path):
    sources = tmp_path / "content" / "sources"
    sources.mkdir(parents=True)
    path = sources / "wire-story.md"
    path.write_text("---\ntitle: Wire story\npublished: 2024-03-14\nurl: https://example.org/w\n---\n"
                    "## A heading\n\nWorkers ended the strike on Wednesday.\n", encoding="utf-8")
    article = read_article(path, sources_dir=sources)
    assert (article.title, article.published, article.source_id) == ("Wire story", dt.date(2024, 3, 14), "wire-story")
    assert "Workers ended the strike on Wednesday." in article.text


def test_web_page_gives_main_text_and_metadata():
    article = read_article(ARTICLES / "page.html")
    assert article.title == "Flood defences fail in river town"
    assert article.published == dt.date(2024, 2, 9)
    assert "Writer" in article.author
    assert "Flood barriers in the town of Riverford gave way on Thursday" in article.text
    assert "2026" not in article.text and "cookies" not in article.text


def test_teasers_ending_in_an_ellipsis_are_left_out():
    text, notes = main_text("A real paragraph.\n\nA teaser that stops…\n\nAnother real one.")
    assert text == "A real paragraph.\n\nAnother real one."
    assert len(notes) == 1


def test_non_utf8_article_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"first line\n\xff\xfe broken")
    with pytest.raises(ArticleError) as raised:
        read_article(path)
    assert raised.value.problem.line == 2
    assert "not UTF-8" in raised.value.problem.message


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the shared example article is not beside the repository")
def test_example_article_keeps_the_story_and_drops_recent_posts():
    article = read_article(EXAMPLE)
    assert article.title == "Countries Condemn North Korea for Supplying Russian Arms"
    assert "maritime drill" in article.text
    for furniture in ("Recent Posts", "BAFTA", "January 28, 2026", "This website uses cookies"):
        assert furniture not in article.text


def test_label_and_teaser_lines_are_furniture():
    article = read_text("title: T\npublished: 2024-03-14\n\nThe port reopened on Monday.\n\n"
                        "Related: Antwerp volumes rise in February | Read more\n\n"
                        "See also: Strikes across Europe\n\nSubscribe to our weekly newsletter\n\n"
                        "Officials met again on Tuesday.\n", "x.txt")
    assert article.text == "The port reopened on Monday.\n\nOfficials met again on Tuesday."


def test_an_advertisement_label_between_paragraphs_drops_only_itself():
    article = read_text("title: T\n\nThe bridge fell on Tuesday.\n\nAdvertisement\n\nDivers searched on Wednesday.\n",
                        "x.txt")
    assert article.text == "The bridge fell on Tuesday.\n\nDivers searched on Wednesday."


STORY_GOES_ON = ("The navy said the ship docked at the port on Monday after a week at sea, and "
                 "that its cargo was unloaded under guard over the following two days.")


def test_a_read_more_box_in_the_middle_drops_only_itself():
    text, notes = main_text("Officials confirmed the shipment on Friday, a day after the report.\n\n"
                            "Read more\n\nPort strike enters its third week\n\n" + STORY_GOES_ON
                            + "\n\nThe port reopened on Thursday.")
    assert "Port strike" not in text and "Read more" not in text
    assert STORY_GOES_ON in text and text.startswith("Officials confirmed") and text.endswith("on Thursday.")
    assert notes == ["left out 'Read more' and the 1 headline(s) under it"]


@pytest.mark.parametrize("after", [
    # Teasers whose summaries read as prose, each with its date: still a list of other stories.
    "Port strike enters its third week\n\n" + STORY_GOES_ON + "\n\nMarch 3, 2024",
    "Port strike enters its third week\n\nThe strike went on for a third week, the union said on…",
    "Port strike enters its third week",  # nothing follows
    STORY_GOES_ON,  # no headline under the heading: a teaser of its own
])
def test_a_furniture_heading_before_other_stories_ends_the_article(after):
    text, _ = main_text("Officials confirmed the shipment on Friday.\n\nRelated stories\n\n" + after)
    assert text == "Officials confirmed the shipment on Friday."


def test_comments_end_the_article_whatever_follows():
    text, _ = main_text("Officials confirmed the shipment.\n\nComments\n\nA reader\n\n" + STORY_GOES_ON)
    assert text == "Officials confirmed the shipment."


def test_a_related_stories_list_without_dates_ends_the_article():
    text, _ = main_text("Officials confirmed the shipment on Friday.\n\nRelated stories\n\n"
                        "Port strike enters third week\n\n" + STORY_GOES_ON + "\n\nDockers vote to extend walkout\n\n"
                        "Union members voted on Sunday to extend the walkout by another week, the union said "
                        "in a statement on its website.")
    assert text == "Officials confirmed the shipment on Friday."


def test_a_read_more_box_at_the_very_end_is_left_out():
    text, _ = main_text("Officials confirmed the shipment on Friday.\n\nRead more\n\nPort strike enters "
                        "third week\n\n" + STORY_GOES_ON)
    assert text == "Officials confirmed the shipment on Friday."


def test_captions_with_their_credit_correction_notices_and_author_bios_are_furniture():
    article = read_text("title: T\npublished: 2024-10-10\n\nThe probe reached orbit on Monday.\n\n"
                        "Flood water surrounds homes in Stainby on Tuesday. Photo: Mark Hollis/PA\n\n"
                        "Engineers confirmed the orbit on Tuesday.\n\n"
                        "This article was amended on 11 October 2024 to correct the distance, which was misstated.\n\n"
                        "Hannah Okoro is Science Wire's science correspondent. She has reported on space since 2016.\n",
                        "x.txt")
    assert article.text == "The probe reached orbit on Monday.\n\nEngineers confirmed the orbit on Tuesday."
    # a paragraph of the story that names a correspondent is no bio
    story = read_text("title: T\n\nAnna Berg is a reporter who was detained on Monday in Minsk.\n\n"
                      "Her editor said on Tuesday she was released.\n\nOfficials gave no reason.\n\n"
                      "Talks went on.\n", "x.txt")
    assert "Anna Berg" in story.text


def test_a_story_paragraph_about_a_reporter_and_a_credit_with_initials():
    story = read_text("title: T\n\nThe senator resigned on Monday.\n\nCarl Bernstein was a reporter at the Post in "
                      "1972 when he broke the story.\n\nHe later wrote a book.\n", "x.txt")
    assert "Carl Bernstein" in story.text
    captioned = read_text("title: T\n\nThe dam burst on Monday.\n\nWater surrounds homes on Tuesday. Photo: A. Name/PA"
                          "\n\nMore rain fell.\n", "x.txt")
    assert captioned.text == "The dam burst on Monday.\n\nMore rain fell."
