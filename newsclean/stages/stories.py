"""stories: where a new story starts on a page holding several (infinite scroll).

Structural cues first, each a reason in the trace:

* ``stories:headline`` — a title block (or a date line/byline with its title above)
  after the previous story already has body text;
* ``stories:dateline`` — a paragraph opening with a dateline ("WASHINGTON (AP) —")
  after the previous story already has body text (datelines open stories, so one in
  the middle of a page means a new story).

Many concatenated stories carry no such mark, so a lexical-cohesion pass follows
(``stories:topic-shift``), in the spirit of Hearst's TextTiling: at each gap between
body paragraphs the vocabulary of the text before is compared with the text after; a
story boundary is a gap where the two sides share almost no content words, both
locally (a window of paragraphs) and globally (all of each side). One-story pages keep
their names and topic words throughout, so they are not split.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from .. import rules
from ..model import Block, Page, Role
from ..textutil import dateline_of, words

#: A story needs this many body words before a cue may start the next one.
MIN_STORY_WORDS = 50
#: Topic shifts: each side of a boundary holds at least this many body words.
MIN_SIDE_WORDS = 80
#: Words in the window compared on each side of a gap.
WINDOW_WORDS = 150
#: A gap is a boundary when the window similarity is below LOCAL_MAX and the
#: similarity of everything before with everything after is below GLOBAL_MAX.
LOCAL_MAX = 0.06
GLOBAL_MAX = 0.10

HEADER_ROLES = (Role.TITLE, Role.DATE, Role.BYLINE)
SKIPPED_ROLES = (Role.CHROME, Role.DUPLICATE, Role.CREDIT, Role.CAPTION)

# Closing lines of a wire story: "… contributed to this report.", "Reporting by X;
# Editing by Y", "— Associated Press". They make the next dateline a sure start.
STORY_END_RE = re.compile(
    r"(contributed (reporting )?to this (report|story)|^reporting by\b|^editing by\b|"
    r"\bediting by [A-Z]|^\(?(?:additional )?reporting by\b|^[-—–]\s*\w+( \w+)?$|^_{3,}$)",
    re.IGNORECASE,
)


def run(page: Page, config) -> None:
    """Story starts: headlines or datelines after a story's body, then topic shifts."""
    if not config.split:
        return
    blocks = page.blocks
    _structural(blocks)
    _topic_shifts(blocks, page.lang)


def _mark(blocks: list[Block], i: int, reason: str) -> None:
    """Mark a story start at block ``i``, moved up over the header blocks above it."""
    j = i
    k = i - 1
    while k >= 0:
        b = blocks[k]
        if b.role in HEADER_ROLES:
            j = k
        elif b.role not in SKIPPED_ROLES:
            break
        k -= 1
    if any(blocks[x].story_start for x in range(j, i + 1)):
        return
    blocks[j].story_start = True
    blocks[j].story_reason = reason


def _structural(blocks: list[Block]) -> None:
    body_words = 0
    in_header = False
    for i, b in enumerate(blocks):
        if b.role in HEADER_ROLES:
            if body_words >= MIN_STORY_WORDS and not in_header:
                _mark(blocks, i, f"stories:{'headline' if b.role is Role.TITLE else b.role.value}")
                body_words = 0
            in_header = True
            continue
        if not b.is_body:
            continue
        if dateline_of(b.text) and body_words >= MIN_STORY_WORDS:
            _mark(blocks, i, "stories:dateline")
            body_words = 0
        in_header = False
        body_words += len(words(b.text))


def _content_words(text: str, stop: frozenset[str]) -> list[str]:
    out = []
    for w in words(text):
        lw = w.lower()
        if len(lw) < 3 or lw in stop or lw.isdigit():
            continue
        if lw.endswith("'s") or lw.endswith("’s"):
            lw = lw[:-2]
        elif len(lw) > 4 and lw.endswith("s") and not lw.endswith("ss"):
            lw = lw[:-1]
        out.append(lw)
    return out


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[w] * b[w] * idf[w] ** 2 for w in a.keys() & b.keys())
    na = math.sqrt(sum((c * idf[w]) ** 2 for w, c in a.items()))
    nb = math.sqrt(sum((c * idf[w]) ** 2 for w, c in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def _topic_shifts(blocks: list[Block], lang: str | None) -> None:
    """Split each structurally found story further where the topic changes."""
    stop = rules.stopwords(lang or "en") | rules.stopwords("en")
    body = [i for i, b in enumerate(blocks) if b.is_body]
    if not body:
        return
    # Segments between existing starts, as lists of body block indexes.
    segments: list[list[int]] = [[]]
    for i, b in enumerate(blocks):
        if b.story_start and segments[-1]:
            segments.append([])
        if b.is_body:
            segments[-1].append(i)
    toks = {i: _content_words(blocks[i].text, stop) for i in body}
    nwords = {i: len(words(blocks[i].text)) for i in body}
    # idf over the page's paragraphs: words in every paragraph say little.
    df: Counter = Counter()
    for i in body:
        df.update(set(toks[i]))
    n = len(body)
    idf = {w: math.log(1 + n / c) for w, c in df.items()}
    for seg in segments:
        _split_segment(blocks, seg, toks, nwords, idf)


def _split_segment(blocks, seg, toks, nwords, idf) -> None:
    if sum(nwords[i] for i in seg) < 2 * MIN_SIDE_WORDS:
        return
    best = None
    total = Counter()
    for i in seg:
        total.update(toks[i])
    left = Counter()
    left_words = 0
    for pos in range(1, len(seg)):
        left.update(toks[seg[pos - 1]])
        left_words += nwords[seg[pos - 1]]
        right_words = sum(nwords[i] for i in seg[pos:])
        if left_words < MIN_SIDE_WORDS or right_words < MIN_SIDE_WORDS:
            continue
        lw = _window(seg[:pos][::-1], toks, nwords)
        rw = _window(seg[pos:], toks, nwords)
        local = _cosine(lw, rw, idf)
        right = total - left
        glob = _cosine(left, right, idf)
        if local < LOCAL_MAX and glob < GLOBAL_MAX:
            cand = (local + glob, pos)
            if best is None or cand < best:
                best = cand
    if best is None:
        return
    pos = best[1]
    _mark(blocks, seg[pos], "stories:topic-shift")
    _split_segment(blocks, seg[:pos], toks, nwords, idf)
    _split_segment(blocks, seg[pos:], toks, nwords, idf)


def _window(indexes, toks, nwords) -> Counter:
    c: Counter = Counter()
    count = 0
    for i in indexes:
        c.update(toks[i])
        count += nwords[i]
        if count >= WINDOW_WORDS:
            break
    return c
