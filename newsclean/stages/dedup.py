"""dedup: repeats of a block already seen on the page.

* ``dedup:caption-repeat`` — a caption seen before (carousels print each caption two or
  three times, and again after the story): later copies are duplicates;
* ``dedup:adjacent`` — the same block twice in a row (chrome between does not count);
* ``dedup:long-repeat`` — a block of ``LONG_WORDS`` words or more seen before (a pull
  quote, a teaser of the story itself);
* ``dedup:label-repeat`` — a short line that is no sentence (``LABEL_WORDS`` words or
  fewer, no full stop), printed again: section labels, credits and teaser kickers
  ("Company Town", "Getty", "Popular on Site") repeat; a story's own refrain is a
  sentence ("Vote.") and is kept;
* ``dedup:repeated-run`` — a run of two or more blocks that repeats an earlier run in
  order (a caption group printed again after the story).

A short line repeated far apart ("Vote." as a refrain) is kept: stories do that.
"""
from __future__ import annotations

from ..model import Page, CHROME, CAPTION, DUPLICATE
from ..textutil import ends_sentence, norm_key, nwords


#: Blocks at least this long are duplicates whenever they repeat.
LONG_WORDS = 8
#: Lines this short that are no sentence are duplicates whenever they repeat.
LABEL_WORDS = LONG_WORDS - 1


def run(page: Page, config) -> None:
    """Exact repeats: caption copies, doubled blocks, long repeats, repeated runs."""
    first_at: dict[str, int] = {}
    # Positions counted with a block's copies right after it as one ("A A B B" is two
    # steps): a group printed doubled in a carousel and again singly after the story
    # is the same run.
    run_at: dict[str, int] = {}
    step = 0
    prev_key = None
    prev_first: int | None = None  # where (in steps) the previous block's key was first seen
    for i, b in enumerate(page.blocks):
        if b.role is CHROME:
            continue
        key = norm_key(b.text)
        if not key:
            continue
        if key != prev_key:
            step += 1
        seen = first_at.get(key)
        if seen is None:
            first_at[key] = i
            run_at[key] = step
            prev_key, prev_first = key, None
            continue
        first = page.blocks[seen]
        if first.role is CAPTION or b.role is CAPTION:
            b.label(DUPLICATE, "dedup:caption-repeat", overrule=b.role is CAPTION)
            b.data["copy_of"] = seen
        elif b.role is None and key == prev_key:
            b.label(DUPLICATE, "dedup:adjacent")
        elif b.role is None and nwords(b.text) >= LONG_WORDS:
            b.label(DUPLICATE, "dedup:long-repeat")
        elif b.role is None and nwords(b.text) <= LABEL_WORDS and not ends_sentence(b.text):
            b.label(DUPLICATE, "dedup:label-repeat")
        elif b.role is None and prev_first is not None and run_at[key] == prev_first + 1:
            b.label(DUPLICATE, "dedup:repeated-run")
            _label_run_start(page, i)
        prev_key, prev_first = key, run_at[key]


def _label_run_start(page: Page, i: int) -> None:
    """The block before a repeated-run block starts the run: label it too if short."""
    for j in range(i - 1, -1, -1):
        b = page.blocks[j]
        if b.role is CHROME:
            continue
        if b.role is None:
            b.label(DUPLICATE, "dedup:repeated-run")
        return
