"""stories: where a new story starts on a page holding several (infinite scroll).

Structural cues first, each a reason in the trace:

* ``stories:headline`` — a title block (or a date line/byline with its title above)
  after the previous story already has body text;
* ``stories:new-region`` — the first paragraph of a second body region (the content
  stage found prose on both sides of a run of chrome), when the two differ in topic;
* ``stories:dateline`` — a paragraph opening with a dateline ("WASHINGTON (AP) —")
  after the previous story already has body text (datelines open stories, so one in
  the middle of a page means a new story).

Many concatenated stories in text dumps carry no such mark, so a lexical-cohesion
pass follows there (``stories:topic-shift``; not on HTML pages, whose markup and
headings tell their stories), in the spirit of Hearst's TextTiling: at each gap between
body paragraphs the vocabulary (content words and names) of a window of text before
is compared with a window after. The test is relative: the similarity across the gap
must be a small fraction of the similarity between the two halves of each window.
One story keeps returning to its people, places and topic words, so its halves
cohere about as well with each other as with themselves and it is not split; two
stories cohere inside but not across. After a separator line ("___",
"* * *") the bar is lower (``stories:separator``): pages print them between stories,
but wire stories also print them between their own sections, so the topic must still
change.
"""
from __future__ import annotations

import bisect
import heapq
import itertools
import math
import operator
import re
from collections import Counter
from functools import cached_property

from .. import rules
from ..model import (
    Block, Page, TITLE, DATE, BYLINE, BODY, CHROME, CAPTION, DUPLICATE, CREDIT)
from ..textutil import (CLOSERS, UNSPACED_RE, dateline_of, ends_sentence, is_credit_line, norm_key, nwords,
                        word_count)
from .headline import headline_shaped, parse_byline

#: A story needs this many body words before a cue may start the next one.
MIN_STORY_WORDS = 50
#: A story started by a headline or date line (weaker cues than a dateline: teaser
#: lists print them too) must hold at least this many body words of its own.
MIN_HEADED_STORY_WORDS = 120
#: A start with START_EVIDENCE but less than SURE_EVIDENCE (a headline printed twice
#: with chrome before it, a headline and its date line) needs this many of its own.
MIN_WEIGHED_STORY_WORDS = 80
#: Topic shifts: each side of a boundary holds at least this many prose words, or
#: MIN_SHORT_SIDE_WORDS when the sides share next to nothing (cross < CROSS_SURE): a
#: paywalled story shows only its first paragraphs.
MIN_SIDE_WORDS = 150
MIN_SHORT_SIDE_WORDS = 100
#: ... and the side before the gap this many: a page's own story may be a brief of a
#: few paragraphs with the next story right after it, while a short side after a gap
#: is more often a story's own tail (a closing quote, an author's note). Below
#: MIN_SHORT_SIDE_WORDS the side must also cohere as a story (the ratio test): a lead
#: of two paragraphs shares little with the rest of its story either.
MIN_SHORT_BEFORE_WORDS = 60
#: A paragraph is prose (counted for topic shifts) from this many words, ending a sentence.
PROSE_WORDS = 12
#: Words in the window compared on each side of a gap.
WINDOW_WORDS = 300
#: A gap is a boundary when the similarity across it is below COHESION_RATIO_MAX
#: times the similarity within each side (and below CROSS_MAX outright).
COHESION_RATIO_MAX = 0.3
CROSS_MAX = 0.12
#: Below this similarity across a gap the two sides share next to no vocabulary:
#: a boundary whatever their inner cohesion (a rambling feature has little).
CROSS_SURE = 0.035
#: A new story's words are at least this share prose (see _prose_density).
MIN_PROSE_DENSITY = 0.7
#: A headline/date-line start is dropped when the text across it coheres at least
#: this share of how each side coheres with itself (and more than CROSS_SURE).
SAME_TOPIC_RATIO = 0.8
#: After a separator line the ratio may be this many times higher.
SEPARATOR_BONUS = 2.0

# A capitalised word of three or more letters: a name candidate when it does not open a
# sentence ("Macron", "Ukraine's"). Must not count "The" after a full stop: a word that
# opens the block or follows . ! ? : or an opening quote (of the three characters
# before it, the last that is no white space: ". Macron") is none. Both kinds match,
# so that no name is found inside one that opens a sentence (". Jean-Pierre"): a name
# as (its first letter, the rest), an opening word as ("", ""). Every test looks at
# most four characters back: linear.
_OPENER = "[.!?:\"“‘(]"
NAME_RE = re.compile(
    rf"[A-ZÀ-Þ](?<=\b.)(?:(?:(?<=^.)|(?<={_OPENER}.)|(?<={_OPENER}\s.)|(?<={_OPENER}\s\s.))[\w’'-]{{2,}}"
    rf"|(?<=(.))([\w’'-]{{2,}}))")

# A separator line between stories: "___", "* * *", "———", "###". Must not touch a
# horizontal rule inside a story followed by more of its own text: it only lowers the
# topic-shift bar, the topic must still change (see _split_segment).
SEPARATOR_RE = re.compile(r"\s*(?:_{3,}|(?:\*\s*){3,}|[—–-]{3,}|#{3})\s*")

#: Cues strong enough to start a story with little text of its own: an agency dateline,
#: and a headline the page's JSON-LD names as a separate article.
SURE_CUES = ("stories:dateline", "dom:jsonld-item")
#: Cues found by the cohesion test itself (not checked for one topic again).
COHESION_CUES = ("stories:topic-shift", "stories:separator")


# (sets: a role not in a tuple is compared with each member, in a set hashed once)
HEADER_ROLES = frozenset((TITLE, DATE, BYLINE))
PICTURE_ROLES = frozenset((CAPTION, DUPLICATE, CREDIT))
SKIPPED_ROLES = frozenset((CHROME, DUPLICATE, CREDIT, CAPTION))


def run(page: Page, config) -> None:
    """Story starts: headlines or datelines after a story's body, then topic shifts
    (on text dumps: an HTML page's stories are told by its markup and headings)."""
    if not config.split:
        return
    blocks = page.blocks
    if page.kind == "html":
        _structural(blocks)
        for first, _ in page.meta.get("content_regions", [])[1:]:
            _mark(blocks, first, "stories:new-region")
        # Markup tells an HTML page's stories (<article>s, JSON-LD items, headings);
        # on the dev and snippets pages the topic-shift pass only split single stories.
        # Most pages have no start to check: no vocabulary is built for them.
        if any(b.story_start for b in blocks):
            _drop_weak_starts(blocks, Vocabulary(blocks, page.lang, many=False))
        return
    vocab = Vocabulary(blocks, page.lang)  # (which paragraphs are prose: heads and feet ask too)
    _heads_and_feet(blocks, page.lang, vocab.prose)
    for first, _ in page.meta.get("content_regions", [])[1:]:
        _mark(blocks, first, "stories:new-region")
    _drop_weak_starts(blocks, vocab)
    _topic_shifts(blocks, vocab)
    _drop_weak_starts(blocks, vocab)  # a topic shift may leave a tail too short to be a story
    for b in blocks:
        if b.story_start and b.is_body and b.data.get("start_headline"):
            # A headline printed once right after the story before's foot: the new
            # story's title (only now that the start held).
            b.label(TITLE, "stories:headline-after-foot")


def _drop_weak_starts(blocks: list[Block], vocab: "Vocabulary") -> None:
    """Keep only starts between two real stories: each side needs enough prose
    (paragraphs that read as sentences) of its own, and a start found by a headline,
    date line or byline must not sit inside one topic (the text on both sides as
    cohesive across the start as within each side), unless it opens with two kinds of
    header (a headline and its date line) or its evidence is sure. A date line after
    the last paragraph ("First published on …"), a table header printed twice or a
    subhead are no new story; their blocks stay with the story before.

    Starts are dropped one at a time, the one with the least evidence first (then one
    inside a single topic before one that is only short, then the later one), since
    a weak start may make a real one look short.

    Whether a start is weak depends on the starts before and after it only: when one
    is dropped, only its two neighbours are asked again (a heap keeps the order), so
    a page with thousands of weak starts costs no more than thousands of questions."""
    starts = [0] + [i for i, b in enumerate(blocks) if b.story_start] + [len(blocks)]
    if len(starts) < 3:
        return
    # The starts as a linked list: prev/next by block index.
    prev = dict(zip(starts[1:], starts))
    nxt = dict(zip(starts, starts[1:]))
    prefix, body = vocab.prose_prefix, vocab.body

    def weakness(s: int) -> tuple | None:
        a, z = prev[s], nxt[s]
        trio = [a, s, z]
        # vocab.body is sorted: each story's body blocks are one slice of it.
        cuts = [bisect.bisect_left(body, x) for x in trio]
        prose = [prefix[s] - prefix[a], prefix[z] - prefix[s]]
        failed = _weak_start(blocks, vocab, trio, prose, cuts, 1)
        if failed is None:
            return None
        return (blocks[s].data.get("start_evidence", START_EVIDENCE), failed, -s)

    heap = [key for key in map(weakness, starts[1:-1]) if key is not None]
    heapq.heapify(heap)
    current = {-key[2]: key for key in heap}  # start -> its weakness as last asked
    while heap:
        key = heapq.heappop(heap)
        s = -key[2]
        if current.get(s) != key:
            continue  # asked again since: stale
        del current[s]
        b = blocks[s]
        b.story_start, b.story_reason = False, None
        b.data.pop("start_evidence", None)
        b.data.pop("start_headline", None)
        a, z = prev.pop(s), nxt.pop(s)
        nxt[a], prev[z] = z, a
        for t in (a, z):
            if t in prev and t in nxt:  # a start, not the page's ends
                new = weakness(t)
                if new is None:
                    current.pop(t, None)
                elif current.get(t) != new:
                    current[t] = new
                    heapq.heappush(heap, new)


def _weak_start(blocks: list[Block], vocab: "Vocabulary", starts: list[int], prose: list[float],
                cuts: list[int], k: int) -> int | None:
    """Why the k-th start is weak: 0 one topic on both sides, 1 too little prose on a
    side or too sparse where it opens; None if it holds."""
    b = blocks[starts[k]]
    lo, p, hi = cuts[k - 1], cuts[k], cuts[k + 1]  # the two stories' body positions
    evidence = b.data.get("start_evidence")
    sure = b.story_reason in SURE_CUES + COHESION_CUES or (evidence or 0) >= SURE_EVIDENCE
    strong = sure or (evidence or 0) >= START_EVIDENCE
    need = MIN_STORY_WORDS if sure else MIN_WEIGHED_STORY_WORDS if strong else MIN_HEADED_STORY_WORDS
    # The cheap tests first: the topic test needs the page's terms and windows,
    # which a start dropped for want of prose never asks for.
    if prose[k] < need or prose[k - 1] < MIN_STORY_WORDS or p == hi:
        return 1
    e = vocab.forward(p, hi)
    # Density where the story opens: a real story may be followed by junk. A start
    # with START_EVIDENCE needs no density: its head and foot say what the text is.
    if not (evidence or 0) >= START_EVIDENCE and _prose_density(
            vocab, starts[k], vocab.body[e - 1] + 1) < MIN_PROSE_DENSITY:
        return 1
    if evidence is None:
        topic_test = not sure and _header_kinds(blocks, starts[k]) < 2
        limit = SAME_TOPIC_RATIO
    else:
        # Heads and feet weighed: a start must change the topic unless its evidence is
        # sure; one that rests on a foot alone (a caption group, chrome between), more
        # clearly than one with a head.
        topic_test = not sure
        headless = b.story_reason.startswith("stories:foot(")
        limit = WEAK_START_RATIO if headless and not strong else SAME_TOPIC_RATIO
    if topic_test:
        cross, ratio = vocab.cohesion(vocab.backward(p, lo), p, e)
        if ratio > limit and cross > CROSS_SURE:  # one topic on both sides
            return 0
    return None


def _header_kinds(blocks: list[Block], start: int) -> int:
    """How many kinds of header (title, date line, byline) open the story at ``start``:
    a headline with its date line is a surer story start than either alone."""
    kinds = set()
    for x in range(start, len(blocks)):  # not blocks[start:]: a copy of the page's rest
        b = blocks[x]
        if b.role in HEADER_ROLES:
            kinds.add(b.role)
        elif b.is_body:
            break
    return len(kinds)


def _prose_density(vocab: "Vocabulary", start: int, end: int) -> float:
    """Share of the words from ``start`` to the last body block before ``end`` that
    are in prose paragraphs, chrome included. A story is mostly prose (at least where
    it opens); a section of teasers ("32M ago", headline, blurb, …) or a footer is not."""
    k = bisect.bisect_left(vocab.body, end) - 1
    if k < 0 or vocab.body[k] < start:
        return 0.0
    last = vocab.body[k]
    total = vocab.all_prefix[last + 1] - vocab.all_prefix[start]
    prose = vocab.prose_prefix[last + 1] - vocab.prose_prefix[start]
    return prose / total if total else 0.0


def _after_teaser_list(blocks: list[Block], j: int) -> bool:
    """True if a teaser list ("Most Read", "More from …") stands right above block
    ``j``: what follows such a heading is a teaser, never the next story."""
    for x in range(j - 1, -1, -1):  # not reversed(blocks[:j]): a copy of the page's head
        b = blocks[x]
        if b.role is not CHROME:
            return False
        if b.reason in ("chrome:list-heading", "chrome:list"):
            return True
    return False


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
    if any(blocks[x].story_start for x in range(j, i + 1)) or _after_teaser_list(blocks, j):
        return
    blocks[j].story_start = True
    blocks[j].story_reason = reason


def _structural(blocks: list[Block]) -> None:
    """Mark starts at headlines, date lines, bylines and datelines that follow a
    story's body (``MIN_STORY_WORDS`` words since the last start)."""
    body_words = body_paragraphs = 0
    in_header = False
    for i, b in enumerate(blocks):
        role = b.role
        if role in HEADER_ROLES:
            if body_words >= MIN_STORY_WORDS and not in_header:
                _mark(blocks, i, f"stories:{'headline' if role is TITLE else role.value}")
                body_words = body_paragraphs = 0
            in_header = True
            continue
        if not (role is None or role is BODY):  # not b.is_body
            continue
        # A story before a dateline has more than one paragraph: a lead or summary
        # printed above the dateline paragraph is the same story's.
        if dateline_of(b.text) and body_words >= MIN_STORY_WORDS and body_paragraphs >= 2:
            _mark(blocks, i, "stories:dateline")
            body_words = body_paragraphs = 0
        in_header = False
        body_words += nwords(b.text)
        body_paragraphs += 1


#: Evidence that a new story starts at a head, by the kinds of line the head holds
#: (see headline.py): a headline with its date line or byline is the usual head.
HEAD_WEIGHTS = {"title": 1.0, "repeat": 0.5, "date": 1.0, "byline": 1.0}
#: Evidence from the end of the story before (its foot): a closing credit line ("…
#: contributed to this report."), the story's caption group printed again after it, a
#: caption group, chrome or stray short lines between.
FOOT_WEIGHTS = {"credit": 2.0, "caption-repeat": 1.5, "captions": 0.5, "between": 0.5}
#: A paragraph opening with a dateline ("WASHINGTON (AP) —").
DATELINE_WEIGHT = 1.5
#: A start needs this much evidence, or a change of topic with less. From
#: SURE_EVIDENCE on (a head after a credit line, a full head) the topic is not asked.
START_EVIDENCE = 2.0
SURE_EVIDENCE = 3.0
#: A start with less than START_EVIDENCE (a date line alone, a caption group before a
#: paragraph) holds when the text across it coheres less than this share of how each
#: side coheres with itself.
WEAK_START_RATIO = 0.5
#: Less evidence than this is no candidate at all.
MIN_EVIDENCE = 1.0


def _heads_and_feet(blocks: list[Block], lang: str | None, prose: list[bool] | None = None) -> None:
    """Story starts on a text dump, each weighed from its evidence: the head above the
    story's first paragraph (headline.py marks heads with the kinds of line they hold),
    the foot of the story before (a credit line, its caption group printed again,
    chrome between), a dateline. A head after a foot is near certain; a caption group
    alone is weak evidence, left to the topic test (see _drop_weak_starts).

    Only a start with START_EVIDENCE resets the count of words a story needs before
    the next start: a weak candidate that the topic test will drop must not hide the
    real start after it. ``prose``: which blocks are prose paragraphs (_is_prose), if
    known."""
    if prose is None:
        prose = [b.is_body and _is_prose(b.text) for b in blocks]
    body_words = body_paragraphs = 0
    foot: set[str] = set()
    last_body = last_prose = -1
    i, n = 0, len(blocks)
    while i < n:
        b = blocks[i]
        role = b.role
        if role is CHROME:  # (no head: asked first, the commonest block after body text)
            if body_words:
                foot.add("between")
            i += 1
            continue
        head = b.data.get("head") if role in HEADER_ROLES else None
        if head:
            evidence = {k: HEAD_WEIGHTS[k] for k in head.split("+") if k in HEAD_WEIGHTS}
            end = _head_end(blocks, i)
            if _dateline_after(blocks, end, prose):
                evidence["dateline"] = DATELINE_WEIGHT
            if body_words >= MIN_STORY_WORDS and _mark_weighed(blocks, i, "head", evidence, foot):
                body_words = body_paragraphs = 0
            foot = set()
            i = end
            continue
        if role is CAPTION or (role is DUPLICATE and "copy_of" in b.data):
            original = b.data.get("copy_of", i)
            foot.add("caption-repeat" if original < last_body else "captions")
        elif role is None or role is BODY:  # b.is_body
            text = b.text
            dateline = dateline_of(text)
            credit = is_credit_line(text)
            if dateline or prose[i]:
                evidence = {}
                if dateline and body_paragraphs >= 2:
                    evidence["dateline"] = DATELINE_WEIGHT
                start = i
                if foot - {"between"} or evidence:
                    # A headline printed once counts after a foot or above a dateline;
                    # after an ad alone it is a subhead.
                    start = _headline_after_foot(blocks, last_prose, i)
                    if start != i:
                        evidence["title"] = HEAD_WEIGHTS["title"]
                if (evidence or foot - {"between"}) and body_words >= MIN_STORY_WORDS:
                    if _mark_weighed(blocks, start, "paragraph", evidence, foot):
                        body_words = body_paragraphs = 0
                foot = set()
                last_prose = i
            elif body_words and not credit:
                foot.add("between")
            if credit:
                foot = {"credit"}
            body_words += nwords(text)
            body_paragraphs += 1
            last_body = i
        i += 1


def _head_end(blocks: list[Block], i: int) -> int:
    """The first block after the head that opens at ``i``: past its header lines,
    labels, copies and captions."""
    j = i + 1
    while j < len(blocks) and (blocks[j].role in HEADER_ROLES or not blocks[j].kept
                               or blocks[j].role is CAPTION):
        j += 1
    return j


def _dateline_after(blocks: list[Block], j: int, prose: list[bool]) -> bool:
    """The story under a head opens with a dateline paragraph, a short line or two
    ("BC-EU--Britain-Election, 1st Ld") or chrome between allowed."""
    lines = 0
    for i in range(j, min(j + 6, len(blocks))):
        b = blocks[i]
        if not b.is_body:
            continue
        if dateline_of(b.text):
            return True
        lines += 1
        if prose[i] or lines > 2:
            return False
    return False


def _headline_after_foot(blocks: list[Block], last_prose: int, i: int) -> int:
    """Where a story that starts after a foot opens: at a headline printed once right
    above its first paragraph (chrome between; not across the foot's captions), else
    at the paragraph. A line ending in a full stop, question or exclamation mark is
    the story's first line, not its headline ("Remember the slogan contest?")."""
    for j in range(i - 1, last_prose, -1):
        b = blocks[j]
        if b.role is CHROME:
            continue
        if (b.is_body and headline_shaped(b) and not is_credit_line(b.text)
                and not b.text.rstrip(CLOSERS + " ").endswith(("?", "!"))
                and parse_byline(b.text, bare=True) is None):
            return j
        break
    return i


def _mark_weighed(blocks: list[Block], i: int, cue: str, evidence: dict[str, float],
                  foot: set[str]) -> bool:
    """Mark a start at ``i`` whose evidence, head and foot together, reaches
    MIN_EVIDENCE. The reason names the evidence: "stories:head(date+title)+foot(credit)"
    for a head, "stories:dateline+title+foot(between)" or "stories:foot(captions)"
    for a start at a paragraph. True when the start has START_EVIDENCE."""
    total = sum(evidence.values()) + sum(FOOT_WEIGHTS[f] for f in foot)
    b = blocks[i]
    if total < MIN_EVIDENCE or b.story_start:
        return False
    parts = []
    if cue == "head":
        parts.append(f"head({'+'.join(sorted(evidence))})")
    elif evidence:
        parts.append("+".join(sorted(evidence)))
    if foot:
        parts.append(f"foot({'+'.join(sorted(foot))})")
    b.story_start = True
    b.story_reason = "stories:" + "+".join(parts)
    b.data["start_evidence"] = total
    if "title" in evidence:
        b.data["start_headline"] = True
    return total >= START_EVIDENCE


def _content_words(texts: list[str], stop: frozenset[str]) -> list[list[str]]:
    """Each text's content words, lower-cased, light plural/possessive stripping. Runs
    of a script written without spaces become character bigrams (the usual unit for
    comparing Chinese or Japanese text), since the whole run would otherwise be one
    "word".

    The texts are read together: their words joined into one list, each distinct word's
    terms worked out once for the page, the list then cut back into texts."""
    # The words lower-cased, as norm_key has them (remembered for the page: the other
    # stages asked it). A text of n words (none: one empty word) has a key of n - 1
    # spaces, so the key of text k holds words ends[k-1]…ends[k]-1 of the joined list.
    keys = [norm_key(text) for text in texts]
    words = " ".join(keys).split(" ")
    terms = {w: _word_terms(w, stop) for w in set(words)}
    # Most words have one term or none: chaining their tuples keeps the loop in C.
    per_word = list(map(terms.__getitem__, words))
    ends = list(itertools.accumulate(key.count(" ") + 1 for key in keys))
    return [list(itertools.chain.from_iterable(per_word[a:z])) for a, z in zip([0, *ends], ends)]


def _word_terms(w: str, stop: frozenset[str]) -> tuple[str, ...]:
    """A word's terms: itself, its bigrams if written without spaces, or none. ``w`` is
    lower-cased already (norm_key's; scripts without spaces have no case)."""
    if not w.isascii() and UNSPACED_RE.search(w):
        chars = UNSPACED_RE.findall(w)
        return tuple(a + b for a, b in zip(chars, chars[1:]))
    if len(w) < 3 or w in stop or w.isdigit():
        return ()
    if w[-1] != "s":  # most words
        return (w,)
    if w[-2] in "'’":
        return (w[:-2],)
    if len(w) > 4 and w[-2] != "s":
        return (w[:-1],)
    return (w,)


def _names(text: str, stop: frozenset[str]) -> set[str]:
    """Capitalised words inside sentences, lower-cased, without possessive "'s"."""
    out = set(map(str.lower, map("".join, NAME_RE.findall(text))))
    out.discard("")  # words opening a sentence
    out -= stop
    for w in [w for w in out if w.endswith(("’s", "'s"))]:
        out.discard(w)
        for suffix in ("’s", "'s"):
            if w.endswith(suffix):
                w = w[: -len(suffix)]
        out.add(w)
    return out


#: idf² is kept as an integer, idf² · 2**IDF2_SHIFT: the float's exact value (each idf²
#: is at least log(2)² ≈ 0.48, so 55 bits below the point hold all of its 53), so that
#: sums of counts times weights are exact whatever the order they are added in. A
#: window can then take a paragraph in or out (see Vocabulary.cross) and hold the same
#: length and dot product as one counted afresh.
IDF2_SHIFT = 55

_mul, _add, _sub = operator.mul, operator.add, operator.sub


def _cos(dot: int, n0: int, n1: int) -> float:
    """Cosine from a dot product and two squared lengths (integers, see IDF2_SHIFT)."""
    return dot / (math.sqrt(n0) * math.sqrt(n1)) if n0 and n1 else 0.0


class Vocabulary:
    """The page's body paragraphs as bags of terms, for comparing stretches of text.

    Terms are content words plus names marked apart ("trump#"), so that a person
    named again weighs more than a common word repeated; weights are idf over the
    page's paragraphs. Only prose counts towards window sizes: teaser lists and link
    lines left in the region bring many names but no sentences.

    Stretches are spans of body positions (indexes into ``body``): a story's body
    blocks are one slice of it.
    """

    def __init__(self, blocks: list[Block], lang: str | None, many: bool = True) -> None:
        """``many``: whether many windows will be compared (the topic-shift pass), so
        that the own terms are worth splitting off (see _own)."""
        self._blocks, self._lang, self._many = blocks, lang, many
        body = self.body = [i for i, b in enumerate(blocks) if b.role is None or b.role is BODY]  # is_body
        #: block index -> its position in ``body``
        self.at = dict(zip(body, range(len(body))))
        # Captions and copies are pictures' words, not the page's: a carousel between a
        # head and a story's text makes it no less a story.
        counts = [0 if b.role in PICTURE_ROLES else word_count(b.text) for b in blocks]
        #: block index -> whether it is a body block and a prose paragraph (_is_prose)
        self.prose = prose = [False] * len(blocks)
        for i in body:
            prose[i] = counts[i] >= PROSE_WORDS and ends_sentence(blocks[i].text)
        # (count × prose: the count if prose, else 0, multiplied in C)
        prose_counts = list(map(_mul, counts, prose))
        #: prose words by body position (0 for a body block that is no prose)
        self.nwords = list(map(prose_counts.__getitem__, body))
        # Prefix sums of all words and of prose words, for densities over spans.
        self.all_prefix = list(itertools.accumulate(counts, initial=0))
        self.prose_prefix = list(itertools.accumulate(prose_counts, initial=0))
        # ... and of window words along the body, for where windows end.
        self._wprefix = list(itertools.accumulate(self.nwords, initial=0))
        self._sims: dict[tuple[int, int, int], float] = {}
        self._blockvec: list = [None] * len(self.body)
        # The spans last compared, by slot (see _similar).
        self._slides: list[list | None] = [None, None, None]

    # Terms and weights are worked out on first use: most pages never compare text
    # (no story start to check, and HTML pages have no topic-shift pass).
    @cached_property
    def terms(self) -> list[list[str]]:
        """Each body block's terms, by body position."""
        stop = rules.stopwords(self._lang or "en") | rules.stopwords("en")
        texts = [self._blocks[i].text for i in self.body]
        return [words + [n + "#" for n in _names(text, stop)]
                for words, text in zip(_content_words(texts, stop), texts)]

    @cached_property
    def _df(self) -> Counter:
        """How many of the page's paragraphs hold each term."""
        # (each paragraph's distinct terms: a set of them, not a count)
        return Counter(itertools.chain.from_iterable(map(set, self.terms)))

    @cached_property
    def _by_df(self) -> dict[int, int]:
        """The weight of a term held by so many paragraphs (see weight)."""
        n, scale = len(self.body), float(1 << IDF2_SHIFT)
        # idf depends on the number of paragraphs holding the term only.
        return {c: int(math.log(1 + n / c) ** 2 * scale) for c in set(self._df.values())}

    @cached_property
    def weight(self) -> dict[str, int]:
        """Each term's idf over the page's paragraphs, squared (as the dot products weigh
        a shared term), as an integer: see IDF2_SHIFT."""
        df = self._df
        return dict(zip(df, map(self._by_df.__getitem__, df.values())))

    # A term that one paragraph alone holds (half of a page's words: names, numbers,
    # rare words) adds to no dot product, since the spans compared never share a
    # paragraph; it only adds its count² × weight to the squared length of a span
    # holding its paragraph, a constant of that paragraph. So the windows count only
    # the terms held by two paragraphs or more ("shared"), and add each paragraph's
    # own terms' share of the length from prefix sums: the same integers, half the work.
    # Finding them costs a pass over every paragraph's terms, though: a page that only
    # checks its few story starts (an HTML page) compares too few windows to gain, and
    # counts every term in the windows (no own term: shared is terms, prefixes zero).

    @cached_property
    def _own(self) -> set[str]:
        """The terms only one paragraph holds (none looked for unless ``many``)."""
        if not self._many:
            return set()
        df = self._df
        return set(itertools.compress(df, map((1).__eq__, df.values())))

    @cached_property
    def shared(self) -> list[list[str]]:
        """Each body block's terms that some other block holds too, by body position."""
        own = self._own
        if not own:
            return self.terms
        return [list(itertools.filterfalse(own.__contains__, ts)) for ts in self.terms]

    @cached_property
    def _own_prefix(self) -> list[int]:
        """Prefix sums along the body of each block's own terms' share of a squared
        length: count² × weight (the same weight for all, that of one paragraph)."""
        own = self._own
        if not own:
            return [0] * (len(self.body) + 1)
        lengths = []
        for ts in self.terms:
            owned = list(filter(own.__contains__, ts))
            if len(set(owned)) == len(owned):
                lengths.append(len(owned))  # no own term twice (most paragraphs): each count² is 1
            else:
                counts = Counter(owned).values()
                lengths.append(sum(map(_mul, counts, counts)))
        w = self._by_df.get(1, 0)
        return list(itertools.accumulate((x * w for x in lengths), initial=0))

    def _own_length2(self, lo: int, hi: int) -> int:
        """The own terms' share of the squared length of body positions lo…hi-1."""
        return self._own_prefix[hi] - self._own_prefix[lo]

    # --- windows: spans of body positions ---------------------------------------

    def forward(self, p: int, hi: int) -> int:
        """The end (exclusive) of the window of the first WINDOW_WORDS prose words from
        body position ``p`` on, not past ``hi``."""
        pre = self._wprefix
        return min(bisect.bisect_left(pre, pre[p] + WINDOW_WORDS, p + 1, hi + 1), hi)

    def backward(self, q: int, lo: int) -> int:
        """The start of the window of the last WINDOW_WORDS prose words before body
        position ``q``, read backwards from it, not before ``lo``."""
        pre = self._wprefix
        return max(bisect.bisect_right(pre, pre[q] - WINDOW_WORDS, lo, q) - 1, lo)

    def _vector(self, lo: int, hi: int) -> tuple[Counter, int]:
        """The shared terms of body positions lo…hi-1 counted, and their squared length
        (the own terms' share not included: see _own_length2)."""
        bag = Counter(itertools.chain.from_iterable(self.shared[lo:hi]))
        return bag, self._length2(bag)

    def _length2(self, bag: Counter) -> int:
        return sum(map(_mul, map(_mul, bag.values(), bag.values()), map(self.weight.__getitem__, bag)))

    def _dot(self, a: Counter, b: Counter) -> int:
        if len(b) < len(a):
            a, b = b, a
        return sum(map(_mul, map(_mul, a.values(), map(b.get, a, itertools.repeat(0))),
                       map(self.weight.__getitem__, a)))

    def _block(self, k: int) -> tuple:
        """Body position ``k``'s shared terms: (terms, their counts, count × weight
        each, squared length without the own terms' share)."""
        vec = self._blockvec[k]
        if vec is None:
            bag = Counter(self.shared[k])
            keys, counts = tuple(bag), tuple(bag.values())
            cw = tuple(map(_mul, counts, map(self.weight.__getitem__, keys)))
            vec = self._blockvec[k] = (keys, counts, cw, sum(map(_mul, counts, cw)))
        return vec

    def cross(self, s: int, p: int, e: int) -> float:
        """The similarity of the window s…p-1 before a gap at body position ``p`` and the
        window p…e-1 after it (idf-weighted cosine)."""
        return self._similar(s, p, e, 0)

    def _similar(self, s: int, p: int, e: int, slot: int) -> float:
        """The cosine of the spans s…p-1 and p…e-1 (cached).

        Gaps are asked in order along a story, each window a paragraph or two on from
        the last gap's, and so are their halves: the two spans slide (three pairs of
        them, one per ``slot``: windows across a gap, halves of the windows before,
        halves of the windows after), each paragraph taking its terms in or out of the
        counts, the squared lengths and the dot product (exact integers, see
        IDF2_SHIFT), instead of being counted afresh."""
        key = (s, p, e)
        value = self._sims.get(key)
        if value is not None:
            return value
        st = self._slides[slot]
        if st is not None:
            s0, p0, e0 = st[0], st[1], st[2]
            # Paragraphs to take in or out, against counting both spans afresh.
            steps = (s - s0) + 2 * (p - p0) + (e - e0)
            slide = s0 <= s and p0 <= p <= e0 <= e and steps <= e - s
        else:
            slide = False
        if slide:
            _, _, _, left, right, nl, nr, dot = st
            get_l, get_r = left.get, right.get
            zeros = itertools.repeat(0)
            block = self._block
            for k in range(e0, e):  # into the span after
                keys, counts, cw, nb = block(k)
                dr = sum(map(_mul, map(get_r, keys, zeros), cw))
                nr += 2 * dr + nb
                dot += sum(map(_mul, map(get_l, keys, zeros), cw))
                dict.update(right, zip(keys, map(_add, map(get_r, keys, zeros), counts)))
            for k in range(p0, p):  # from the span after to the one before
                keys, counts, cw, nb = block(k)
                dr = sum(map(_mul, map(get_r, keys, zeros), cw))
                dl = sum(map(_mul, map(get_l, keys, zeros), cw))
                nr += nb - 2 * dr
                nl += nb + 2 * dl
                dot += dr - dl - nb
                dict.update(right, zip(keys, map(_sub, map(get_r, keys, zeros), counts)))
                dict.update(left, zip(keys, map(_add, map(get_l, keys, zeros), counts)))
            for k in range(s0, s):  # out of the span before
                keys, counts, cw, nb = block(k)
                dl = sum(map(_mul, map(get_l, keys, zeros), cw))
                nl += nb - 2 * dl
                dot -= sum(map(_mul, map(get_r, keys, zeros), cw))
                dict.update(left, zip(keys, map(_sub, map(get_l, keys, zeros), counts)))
        else:
            left, nl = self._vector(s, p)
            right, nr = self._vector(p, e)
            dot = self._dot(left, right)
        self._slides[slot] = [s, p, e, left, right, nl, nr, dot]
        value = self._sims[key] = _cos(dot, nl + self._own_length2(s, p), nr + self._own_length2(p, e))
        return value

    def cohesion(self, s: int, p: int, e: int, stop_above: float = math.inf) -> tuple[float, float]:
        """(similarity across the gap at ``p``, that similarity / the lower within-side
        one), for the windows s…p-1 and p…e-1.

        When the side before alone makes the ratio reach ``stop_above``, that bound is
        returned and the side after is not read (the ratio can only be higher)."""
        cross = self.cross(s, p, e)
        inner = self._inner(s, p, False)
        bound = cross / max(inner, 1e-3)
        if bound >= stop_above:
            return cross, bound
        inner = min(inner, self._inner(p, e, True))
        return cross, cross / max(inner, 1e-3)

    def _inner(self, lo: int, hi: int, forward: bool) -> float:
        """How a window coheres with itself: the similarity of its two halves. The
        first half, read from the gap, ends before the first paragraph that starts at or
        past the middle of the window's words."""
        pre = self._wprefix
        half = (pre[hi] - pre[lo]) / 2
        if forward:
            return self._similar(lo, bisect.bisect_left(pre, pre[lo] + half, lo, hi), hi, 2)
        cut = bisect.bisect_right(pre, pre[hi] - half, lo + 1, hi + 1) - 1
        # (none past the middle: all in the first half)
        return self._similar(lo, max(cut, lo), hi, 1)

    def leans(self, k: int, before: tuple[int, int], after: tuple[int, int]) -> float:
        """How body position ``k`` leans to the text after a gap rather than before it:
        its similarity to the window after minus that to the window before (> 0: after)."""
        keys, counts, cw, nb = self._block(k)
        if not keys:
            return 0.0  # (no term shared with another paragraph: similar to neither side)
        nb += self._own_length2(k, k + 1)  # (k is on neither side: its own terms in no dot product)
        sides = []
        for lo, hi in (after, before):
            bag, n = self._vector(lo, hi)
            sides.append(_cos(sum(map(_mul, map(bag.get, keys, itertools.repeat(0)), cw)), nb,
                              n + self._own_length2(lo, hi)))
        return sides[0] - sides[1]


def _topic_shifts(blocks: list[Block], vocab: Vocabulary) -> None:
    """Split each story found so far further where the topic changes.

    On a page that announces its stories (a start of SURE_EVIDENCE: a full head, a
    head after a credit line), a story without a head still ends with a foot: its
    captions, a credit line, chrome. There a change of topic splits only where
    something stands between the two paragraphs, or where the two sides share next to
    nothing (CROSS_SURE); a long review drifting from the keyboard to the price is one
    story."""
    starts = [i for i, b in enumerate(blocks) if b.story_start]
    announced = any(blocks[i].data.get("start_evidence", 0) >= SURE_EVIDENCE for i in starts)
    # The body blocks (no label changed since the vocabulary was made) cut at the starts.
    segments: list[list[int]] = [[]]
    k = 0
    for i in vocab.body:
        while k < len(starts) and starts[k] <= i:
            if segments[-1]:
                segments.append([])
            k += 1
        segments[-1].append(i)
    for seg in segments:
        _split_segment(blocks, seg, vocab, announced)


def _something_between(blocks: list[Block], seg: list[int], pos: int) -> bool:
    """Between the story text before seg[pos] and it stands a foot: chrome, a caption
    or a copy, a credit line or a separator line (a subhead is none: stories have
    them)."""
    for i in range(seg[pos] - 1, -1, -1):
        b = blocks[i]
        if not b.is_body:
            return True
        if is_credit_line(b.text) or SEPARATOR_RE.fullmatch(b.text):
            return True
        if _is_prose(b.text):
            return False
    return False


def _split_segment(blocks: list[Block], seg: list[int], vocab: Vocabulary, announced: bool = False) -> None:
    """Find the gap where the text before and after cohere least with each other
    compared with how each coheres with itself; split there, and split each side the
    same way (a stack of sides to split, first side first, not recursion: a page may
    hold thousands of stories)."""
    todo = [seg]
    while todo:
        seg = todo.pop()
        pos = _best_split(blocks, seg, vocab, announced)
        if pos is not None:
            todo += [seg[pos:], seg[:pos]]


#: A window of WINDOW_WORDS prose words is sought among this many blocks at most, so
#: that a long run of blocks with no prose costs each gap a bounded look.
WINDOW_BLOCKS = 400


def _best_split(blocks: list[Block], seg: list[int], vocab: Vocabulary, announced: bool) -> int | None:
    """Where _split_segment splits ``seg`` (its boundary marked), or None."""
    if not seg:
        return None  # (a page without body text: one empty segment)
    a = vocab.at[seg[0]]  # seg is the slice a…z-1 of vocab.body
    z = a + len(seg)
    nwords = vocab.nwords
    total_words = sum(nwords[a:z])
    if total_words < MIN_SHORT_BEFORE_WORDS + MIN_SHORT_SIDE_WORDS:
        return
    best = None
    left_words = 0
    for pos in range(1, len(seg)):
        left_words += nwords[a + pos - 1]
        smaller = min(left_words, total_words - left_words)
        if left_words < MIN_SHORT_BEFORE_WORDS or total_words - left_words < MIN_SHORT_SIDE_WORDS:
            continue
        if not _opens_story(blocks, seg, pos, vocab.prose):
            continue
        # The cheap tests first: the density needs prefix sums only, the similarity
        # across needs both windows' vectors, the ratio also their halves'.
        p = a + pos
        e = vocab.forward(p, min(z, p + WINDOW_BLOCKS))
        if _prose_density(vocab, seg[pos], vocab.body[e - 1] + 1) < MIN_PROSE_DENSITY:
            continue
        s = vocab.backward(p, max(a, p - WINDOW_BLOCKS))
        cross = vocab.cross(s, p, e)
        if cross >= CROSS_MAX:
            continue  # fails both tests below whatever the ratio (CROSS_SURE < CROSS_MAX)
        if smaller < MIN_SIDE_WORDS and cross >= CROSS_SURE:
            continue  # the ratio test needs MIN_SIDE_WORDS on each side
        if announced and cross >= CROSS_SURE and not _something_between(blocks, seg, pos):
            continue  # see _topic_shifts
        sep = _after_separator(blocks, seg[pos])
        limit = COHESION_RATIO_MAX * (SEPARATOR_BONUS if sep else 1.0)
        # Only whether the ratio reaches the limit matters once it does (see below).
        cross, ratio = vocab.cohesion(s, p, e, stop_above=limit)
        if not ((smaller >= MIN_SIDE_WORDS and ratio < limit and cross < CROSS_MAX)
                or cross < CROSS_SURE):
            continue
        if left_words < MIN_SHORT_SIDE_WORDS and ratio >= limit:
            # A side this short may be a story's lead: its halves must cohere (each
            # side a story of its own), not only share nothing with what follows.
            continue
        cand = (min(ratio / limit, cross / CROSS_SURE if CROSS_SURE else 1.0), pos, sep)
        if best is None or cand < best:
            best = cand
    if best is None:
        return None
    pos = _refine(seg, best[1], vocab)
    _mark(blocks, seg[pos], "stories:separator" if best[2] else "stories:topic-shift")
    return pos


#: A topic boundary moves over at most this many paragraphs (see _refine).
REFINE_STEPS = 2


def _refine(seg: list[int], pos: int, vocab: Vocabulary) -> int:
    """Move a topic boundary by a paragraph or two where the paragraph at it belongs to
    the other side: the closing line of a story ("Catch up on the 2020 campaign with
    our podcast") shares the story's words, not the next one's. A paragraph goes with
    the side whose window it is more similar to (idf-weighted cosine)."""
    a = vocab.at[seg[0]]  # seg is the slice a…z-1 of vocab.body
    z = a + len(seg)

    def leans(k: int, gap: int) -> float:
        """How body position k leans to the window from ``gap`` on rather than to the
        one before k (each read as far as WINDOW_BLOCKS)."""
        before = (vocab.backward(k, max(a, k - WINDOW_BLOCKS)), k)
        return vocab.leans(k, before, (gap, vocab.forward(gap, min(z, gap + WINDOW_BLOCKS))))

    for _ in range(REFINE_STEPS):
        p = a + pos
        if pos + 1 < len(seg) and leans(p, p + 1) < 0:
            pos += 1  # the first paragraph after the boundary is the story before's
        elif pos - 1 > 0 and leans(p - 1, p) > 0:
            pos -= 1  # the last paragraph before it is the next story's
        else:
            break
    return pos


def _after_separator(blocks: list[Block], i: int) -> bool:
    """True if a separator line stands right above block ``i`` (chrome skipped)."""
    for j in range(i - 1, max(-1, i - 4), -1):
        if SEPARATOR_RE.fullmatch(blocks[j].text):
            return True
        if blocks[j].role is not CHROME:
            return False
    return False


def _is_prose(text: str) -> bool:
    return word_count(text) >= PROSE_WORDS and ends_sentence(text)


def _opens_story(blocks: list[Block], seg: list[int], pos: int, prose: list[bool]) -> bool:
    """A story boundary falls before a prose paragraph or a headline-shaped line
    directly followed by one."""
    if prose[seg[pos]]:
        return True
    return (pos + 1 < len(seg) and headline_shaped(blocks[seg[pos]])
            and prose[seg[pos + 1]])
