"""fallback: a page with a story never comes out empty.

The other stages judge blocks by where they stand (inside a container named "ads", in
an <aside>, outside the element or the run of blocks that looks most like a story) as
much as by what they say. When those guesses leave no story long enough to be a
document on a page that does hold a run of prose, they were wrong about it: this stage
takes the page's densest prose region back — the contiguous run of blocks with the
highest prose score (content.text_score), reading the blocks that position-based
rules labelled chrome by their text alone — the way trafilatura falls back to its
baseline extraction rather than return nothing.

* ``fallback:densest-region`` — a block of that region that a position-based rule
  (``POSITIONAL_RULES``) had labelled chrome, overruled to body. What the text itself
  gave away (chrome phrases, comment sections, duplicates, captions, the story's
  header lines) stays as labelled. Should story starts cut the region into pieces
  none of which is long enough, they are taken back too: the region is one story.

Runs last, after the stories stage, so that it sees what assemble will: only when no
story has ``min_words`` words of body (and FALLBACK_MIN_WORDS of prose are there to
take) does it change anything.
"""
from __future__ import annotations

from ..model import Block, Page, Role
from ..textutil import word_count
from .content import best_region, score, text_score

#: The region taken back holds at least this many words of prose (blocks scoring as
#: prose): less is a notice, a footer's address, a teaser, not a story.
FALLBACK_MIN_WORDS = 150
#: Chrome labels that say where a block stands, not what it says: the fallback reads
#: such blocks by their text.
POSITIONAL_RULES = frozenset({
    "dom:boilerplate-class", "dom:outside-main", "dom:link-list", "dom:landmark",
    "content:outside-region", "content:no-prose",
})


def run(page: Page, config) -> None:
    """The densest prose region back as the story when no story is long enough."""
    blocks = page.blocks
    need = max(config.min_words, 1)
    if not blocks or _has_document(blocks, need, config.split):
        return
    span = densest_region(page, need)
    if span is None:
        return
    first, last = span
    for b in blocks[first:last + 1]:
        if b.role is Role.CHROME and b.reason in POSITIONAL_RULES:
            b.label(Role.BODY, "fallback:densest-region", overrule=True)
    if not _has_document(blocks, need, config.split):
        # Story starts cut the region into pieces too short to be documents: it is one.
        for b in blocks[first + 1:last + 1]:
            b.story_start, b.story_reason = False, None


def densest_region(page: Page, min_words: int = 0) -> tuple[int, int] | None:
    """(first, last) block indexes of the page's densest prose region when it holds
    FALLBACK_MIN_WORDS words of prose (and ``min_words``, a document's), else None. Blocks labelled chrome by a
    position-based rule are read by their text (but for a landmark the HTML reader read
    whole: a menu's many lines); any other chrome weighs against the region as the
    content stage weighs it; other labelled blocks are neutral."""
    scores = [_score(b, page.lang) for b in page.blocks]
    span = best_region(scores)
    if span is None:
        return None
    first, last = span
    prose = sum(word_count(b.text) for b, s in zip(page.blocks[first:last + 1], scores[first:last + 1]) if s > 0)
    return span if prose >= max(FALLBACK_MIN_WORDS, min_words) else None


def _score(b: Block, lang: str | None) -> float:
    """content.score, but a block a position-based rule labelled chrome is read by its
    text (not a landmark read whole: a menu's lines weigh as content weighs them)."""
    if b.role is Role.CHROME and b.reason in POSITIONAL_RULES and (b.dom is None or b.dom.runs == 1):
        return text_score(b.text, lang)
    return score(b, lang)


def _has_document(blocks: list[Block], need: int, split: bool) -> bool:
    """Some story has ``need`` words of body, as assemble counts them (stopping at the
    first that has: most pages have their story's words early)."""
    n = 0.0
    for b in blocks:
        if split and b.story_start:
            n = 0.0
        if (b.role is None or b.role is Role.BODY) and b.text:
            n += word_count(b.text)
            if n >= need:
                return True
    return False
