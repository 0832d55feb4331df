"""The built-in example content: quotes are exact, and the article is not republished."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Settings
from generator.pipeline import read_timeline

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "articles" / "countries-condemn-north-korea-for-supplying-russian-arms.txt"
ARTICLE_SOURCE = "countries-condemn-north-korea-arms"


@pytest.fixture(scope="module")
def timeline():
    timeline, problems = read_timeline(Settings(root=ROOT, content_dir="content"))
    assert problems == []
    return timeline


@pytest.mark.skipif(not ARTICLE.exists(), reason="the shared example article is not beside the repository")
def test_every_quote_from_the_example_article_is_exact(timeline):
    article = " ".join(ARTICLE.read_text(encoding="utf-8").split())
    quotes = [c.quote for e in timeline.events for c in e.citations if c.source.id == ARTICLE_SOURCE and c.quote]
    assert len(quotes) >= 10
    for quote in quotes:
        assert quote in article, quote


@pytest.mark.skipif(not ARTICLE.exists(), reason="the shared example article is not beside the repository")
def test_example_content_does_not_republish_the_article(timeline):
    """No stretch of twelve words of the article stands in an event's description or a source's notes."""
    words = ARTICLE.read_text(encoding="utf-8").split()
    shingles = {" ".join(words[i:i + 12]) for i in range(len(words) - 11)}
    texts = [e.body for e in timeline.events] + [p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.md")
                                                  if "sources" in p.parts or p.parent == ROOT / "content"]
    for text in texts:
        flat = " ".join(text.split())
        assert not any(shingle in flat for shingle in shingles)


def test_the_story_is_covered_with_the_precision_the_record_supports(timeline):
    dates = {e.date.edtf() for e in timeline.events}
    assert {"2023-09-10", "2023-09-13", "2023-09-07/2023-10-01", "2023-10-13", "2023-10-18/2023-10-19",
            "2023-10-22", "2023-10-26", "2023-05-31", "2023-08-24"} <= dates
    assert any(e.date.approximate for e in timeline.events)
    statuses = {e.id: e.status for e in timeline.events}
    assert statuses["najin-dunay-container-shipments"] == "alleged"
