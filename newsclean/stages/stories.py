"""stories: where a new story starts on a page holding several (infinite scroll).

Structural cues first, each a reason in the trace:

* ``stories:headline`` — a title block (or a date line/byline with its title above)
  after the previous story already has body text;
* ``stories:dateline`` — a paragraph opening with a dateline ("WASHINGTON (AP) —")
  after the previous story already has body text (datelines open stories, so one in
  the middle of a page means a new story).

Many concatenated stories carry no such mark, so a lexical-cohesion pass follows
(``stories:topic-shift``), in the spirit of Hearst's TextTiling: at each gap between
body paragraphs the vocabulary of a window of text before is compared with a window
after. A story boundary needs two things at once: the windows share almost no content
words, and the names (capitalised words inside sentences) of the window after are
new — none of them was met anywhere earlier in the story. One story keeps returning
to its people and places, so a one-story page is not split even where its topic
drifts; a different story brings its own cast.
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
#: A story started by a headline or date line (weaker cues than a dateline: teaser
#: lists print them too) must hold at least this many body words of its own.
MIN_HEADED_STORY_WORDS = 120
#: Topic shifts: each side of a boundary holds at least this many body words.
MIN_SIDE_WORDS = 80
#: Words in the window compared on each side of a gap.
WINDOW_WORDS = 150
#: A gap is a boundary when the window similarity is below LOCAL_MAX, the window
#: after names at least MIN_NEW_NAMES people/places, and at most NAME_OVERLAP_MAX of
#: them were named before in the story.
LOCAL_MAX = 0.06
MIN_NEW_NAMES = 8
NAME_OVERLAP_MAX = 0.1

# A capitalised word of three or more letters: a name candidate when it does not open a
# sentence ("Macron", "Ukraine's"). Must not count "The" after a full stop: callers skip
# words that open the block or follow . ! ? : or an opening quote.
NAME_RE = re.compile(r"\b[A-ZÀ-Þ][\w’'-]{2,}")
SENTENCE_OPEN_RE = re.compile(r"[.!?:\"“‘(]\s*$")

HEADER_ROLES = (Role.TITLE, Role.DATE, Role.BYLINE)
SKIPPED_ROLES = (Role.CHROME, Role.DUPLICATE, Role.CREDIT, Role.CAPTION)



def run(page: Page, config) -> None:
    """Story starts: headlines or datelines after a story's body, then topic shifts."""
    if not config.split:
        return
    blocks = page.blocks
    _structural(blocks)
    _drop_empty_starts(blocks)
    _topic_shifts(blocks, page.lang)


def _drop_empty_starts(blocks: list[Block]) -> None:
    """A start whose story gets fewer than MIN_STORY_WORDS body words is no story:
    a date line or headline after the last paragraph ("First published on …") or a
    teaser. Its blocks stay with the story before."""
    starts = [i for i, b in enumerate(blocks) if b.story_start]
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(blocks)
        body = sum(len(words(b.text)) for b in blocks[s:end] if b.is_body)
        need = MIN_STORY_WORDS if blocks[s].story_reason == "stories:dateline" else MIN_HEADED_STORY_WORDS
        if body < need:
            blocks[s].story_start = False
            blocks[s].story_reason = None


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


def _names(text: str, stop: frozenset[str]) -> set[str]:
    out = set()
    for m in NAME_RE.finditer(text):
        start = m.start()
        if start == 0 or SENTENCE_OPEN_RE.search(text[max(0, start - 3):start]):
            continue
        w = m.group(0).lower()
        if w in stop:
            continue
        for suffix in ("’s", "'s"):
            if w.endswith(suffix):
                w = w[: -len(suffix)]
        out.add(w)
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
    names = {i: _names(blocks[i].text, stop) for i in body}
    nwords = {i: len(words(blocks[i].text)) for i in body}
    # idf over the page's paragraphs: words in every paragraph say little.
    df: Counter = Counter()
    for i in body:
        df.update(set(toks[i]))
    n = len(body)
    idf = {w: math.log(1 + n / c) for w, c in df.items()}
    for seg in segments:
        _split_segment(blocks, seg, toks, names, nwords, idf)


def _split_segment(blocks, seg, toks, names, nwords, idf) -> None:
    total_words = sum(nwords[i] for i in seg)
    if total_words < 2 * MIN_SIDE_WORDS:
        return
    best = None
    left_words = 0
    left_names: set[str] = set()
    for pos in range(1, len(seg)):
        left_words += nwords[seg[pos - 1]]
        left_names |= names[seg[pos - 1]]
        if left_words < MIN_SIDE_WORDS or total_words - left_words < MIN_SIDE_WORDS:
            continue
        rw = _window(seg[pos:], toks, nwords)
        right_names = _window_names(seg[pos:], names, nwords)
        if len(right_names) < MIN_NEW_NAMES:
            continue
        overlap = len(right_names & left_names) / len(right_names)
        if overlap > NAME_OVERLAP_MAX:
            continue
        local = _cosine(_window(seg[:pos][::-1], toks, nwords), rw, idf)
        if local < LOCAL_MAX:
            cand = (overlap + local, pos)
            if best is None or cand < best:
                best = cand
    if best is None:
        return
    pos = best[1]
    _mark(blocks, seg[pos], "stories:topic-shift")
    _split_segment(blocks, seg[:pos], toks, names, nwords, idf)
    _split_segment(blocks, seg[pos:], toks, names, nwords, idf)


def _window_names(indexes, names, nwords) -> set[str]:
    out: set[str] = set()
    count = 0
    for i in indexes:
        out |= names[i]
        count += nwords[i]
        if count >= WINDOW_WORDS:
            break
    return out


def _window(indexes, toks, nwords) -> Counter:
    c: Counter = Counter()
    count = 0
    for i in indexes:
        c.update(toks[i])
        count += nwords[i]
        if count >= WINDOW_WORDS:
            break
    return c
