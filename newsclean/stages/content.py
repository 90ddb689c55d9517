"""content: the page's main body region, found from how body-like each block reads.

Text dumps carry whole sites: mega-menus, tickers, teaser lists, footers. Phrase lists
cannot know them all, but they share a shape: runs of short lines without sentences.
Each block gets a score — positive for paragraphs that read like prose (long, ending
like a sentence, with the language's function words), negative for short non-sentence
lines and for known chrome — and the region is the contiguous run of blocks with the
highest total (the maximum-subarray idea of Finn et al.'s Body Text Extraction).

* ``content:outside-region`` — an unlabelled block before or after the region;
* ``content:header-outside-region`` — a title/date/byline far from the region (a
  teaser's headline and date in a list at the bottom), overruled to chrome.

Captions are left alone wherever they are: they are metadata, not text.
"""
from __future__ import annotations

from ..model import Block, Page, Role
from ..textutil import stopword_density, words

#: A block reads like prose with at least this many words (CJK: characters / 6.5).
PROSE_WORDS = 10
#: Prose needs at least this share of function words (when the language is known).
MIN_STOPWORD_DENSITY = 0.12
#: How many blocks above the region a headline, date line or byline may stand.
HEADER_REACH = 12
SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", "»", ")")


def size(text: str) -> float:
    """Word count, or a word-equivalent for unspaced scripts (Chinese, Japanese)."""
    return max(len(words(text)), len(text) / 6.5)


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    if not t.endswith(SENTENCE_END):
        return False
    core = t.rstrip("\"”’'»)")
    return core.endswith((".", "!", "?", "…", "。", "！", "？"))


def score(block: Block, lang: str | None) -> float:
    """How body-like a block is: > 0 prose, < 0 chrome-like, 0 neutral (metadata)."""
    if block.role is Role.CHROME:
        return -1.0
    if not block.is_body:
        return 0.0
    text = block.text
    n = size(text)
    sentence = _ends_sentence(text) or text.rstrip().endswith(("。", "！", "？"))
    dense = lang is None or stopword_density(text, lang) >= MIN_STOPWORD_DENSITY
    if n >= PROSE_WORDS:
        if sentence and dense:
            return n
        if sentence or dense:
            return n * 0.4
        return -1.0
    if sentence and dense:
        return 0.5
    return -2.0


def best_region(scores: list[float]) -> tuple[int, int] | None:
    """Indexes (first, last) of the contiguous run with the largest positive sum."""
    best, best_span = 0.0, None
    run, start = 0.0, 0
    for i, s in enumerate(scores):
        if run <= 0:
            run, start = 0.0, i
        run += s
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def run(page: Page, config) -> None:
    """Main body region by prose density; blocks outside it are chrome."""
    blocks = page.blocks
    scores = [score(b, page.lang) for b in blocks]
    span = best_region(scores)
    if span is None:
        for b in blocks:
            if b.role is None:
                b.label(Role.CHROME, "content:no-prose")
        return
    first, last = span
    page.meta["content_region"] = [first, last]
    for i, b in enumerate(blocks):
        if first <= i <= last:
            continue
        if b.role is None:
            b.label(Role.CHROME, "content:outside-region")
        elif b.role in (Role.TITLE, Role.DATE, Role.BYLINE):
            near = first - HEADER_REACH <= i < first
            if not near:
                b.label(Role.CHROME, "content:header-outside-region", overrule=True)
