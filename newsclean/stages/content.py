"""content: the page's main body region, found from how body-like each block reads.

Text dumps carry whole sites: mega-menus, tickers, teaser lists, footers. Phrase lists
cannot know them all, but they share a shape: runs of short lines without sentences.
Each block gets a score — positive for paragraphs that read like prose (long, ending
like a sentence, with the language's function words), negative for short non-sentence
lines and for known chrome — and the region is the contiguous run of blocks with the
highest total (the maximum-subarray idea of Finn et al.'s Body Text Extraction).

* ``content:outside-region`` — an unlabelled block outside every region. A page is
  first cut at barriers (``BARRIER_RUN`` chrome-like blocks in a row: a teaser
  section, a footer), the best region is sought in each part, and the best one is
  kept with any other nearly as strong (infinite scroll with chrome between stories);
  The region is trimmed to start and end at a full prose paragraph (``EDGE_WORDS``
  words ending like a sentence), since teaser blurbs and footer lines cling to a
  story's ends; then short sentences and credit lines right at its edges are taken
  back ("Jane Doe contributed reporting.");
  on an HTML page the region then widens to the element holding its paragraphs
  (a short story's closing list and details are in it, the footer is not); a short
  region right before a kept one, under a date line or byline, is kept too (a story's
  intro cut off by its table of contents);
* ``content:teaser-run`` — a list of other stories' teasers: three or more "cards" in
  a row, each a headline and a date line or byline over one short paragraph of blurb
  (a "More from …" list whose blurbs read like prose), or each glued into one line
  ("Headline words NEW DELHI: The lead…"), on a page with a story of its own.
  Labelled first, so the region does not run on into them;
* ``content:orphan-heading`` — on an HTML page, a short heading (or a line ending in
  ":") at a region's end with no story text after it: it headed links that other
  rules removed ("Further information", "Read also:");
* ``content:comments`` — the region ends where a readers' comment section starts
  ("34 Comments", "Leave a Reply", "jane says:"): comments read like prose too;
* ``content:header-outside-region`` — a title/date/byline far from the region (a
  teaser's headline and date in a list at the bottom), overruled to chrome.

Captions are left alone wherever they are: they are metadata, not text.
"""
from __future__ import annotations

import operator
import re

from .. import rules
from ..dates import parse_date_line
from ..model import Block, Page, CHROME, CAPTION, BODY, TITLE, DATE, BYLINE
from ..textutil import (CLOSERS, DATELINE_RE, FULL_STOPS, EMOJI_CHAR_RE, EMOJI_END_RE, SIGNATURE_RE, is_credit_line,
                        nwords, stopword_density, word_count)
from .dom import LINK_DENSITY
from .headline import headline_above

#: The roles of a story's header lines.
HEADER_ROLES = (TITLE, DATE, BYLINE)
#: A block reads like prose with at least this many words (CJK: characters / 6.5).
PROSE_WORDS = 10
#: Prose needs at least this share of function words (when the language is known).
MIN_STOPWORD_DENSITY = 0.12
#: How many blocks above the region a headline, date line or byline may stand.
HEADER_REACH = 12
#: This many chrome-like blocks in a row end a region (see _segments).
BARRIER_RUN = 8
#: Regions besides the best one are kept (infinite scroll: several stories with chrome
#: between) when they score this share of the best one, and at least OTHER_REGION_MIN.
OTHER_REGION_SHARE = 0.3
OTHER_REGION_MIN = 150.0
#: An intro region before the story's (see _intro_above) scores at least this, with a
#: date line or byline within this many blocks above it.
INTRO_MIN = 30.0
INTRO_HEADER_REACH = 4
#: A teaser list: at least TEASER_RUN cards in a row, each of at most
#: TEASER_HEADER_LINES header lines over one paragraph (see _teaser_runs).
TEASER_RUN = 3
TEASER_HEADER_LINES = 4
TEASER_BLURB_WORDS = 60
#: A teaser glued into one line: a headline (four words or more, no sentence end),
#: then a dateline with a colon or an agency ("NEW DELHI:", "LONDON (Reuters) —").
GLUED_DATELINE_RE = re.compile(r"(?:(?:[^\s.!?]|(?<=\d)\.(?=\d))+ ){4,40}?(?:" + DATELINE_RE.pattern[1:]
                               .replace("(?P<dash>—|–|--|-|:)", "(?P<dash>:|(?<=\\)) ?(?:—|–|--|-))") + ")")
#: A teaser's date may be relative: "7H ago", "16 hours ago 08:51".
RELATIVE_TIME_RE = re.compile(r"(?:updated )?\d+\s?(?:s|m|h|d|w|mins?|minutes?|hrs?|hours?|days?|weeks?)"
                              r" ago\b", re.I)
#: An embedded post (a tweet) as text dumps print it: its text ends with a picture
#: link, and a signature line follows ("— Jane Roe (@janeroe) November 19, 2019").
#: The link is in the text's last word: the search starts only where a word or the white
#: space before it starts, and takes the word's first link (atomic: a later one of the
#: same word ends where it does). Searching from every link of a word and reading the
#: rest from each was quadratic. _without_embed_link cuts where the link starts, or
#: where the white space before it does.
EMBED_LINK_RE = re.compile(r"(?:(?<!\s)\s++|^)(?>(?P<glued>\S*?)(?P<link>pic\.twitter\.com/|https?://t\.co/))\S++\s*+$")
EMBED_SIGNATURE_RE = re.compile(r"[—–-]\s*[^()\n]{1,60}\(@\w{1,30}\)\s+\w+\.? \d{1,2}, \d{4}")
#: Sentences ending inside a block: a paragraph whose last words are a link or a
#: list ("… Infos unter http://…") is prose when two sentences end before them. A
#: sentence's last word has two small letters or digits ("Dr. Roe" is no end).
INNER_SENTENCE_END_RE = re.compile(r"[a-zß-ÿ0-9]{2}[.!?][\"”’»]? (?=[A-ZÀ-Þ])")
#: A heading left at a region's end has at most this many words (see _orphan_headings).
ORPHAN_HEADING_WORDS = 10
#: The region's first and last blocks are prose paragraphs of at least this many words.
EDGE_WORDS = 20
#: A quoted verse (see _verse_after): this many lines at least, at most this many, of
#: at most VERSE_LINE_WORDS words each.
VERSE_LINES = 2
VERSE_MAX_LINES = 16
VERSE_LINE_WORDS = 12
SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "“", "‘", "'", "»", "«", "›", "‹", ")", "。", "！", "？",
                "」", "』",
                *FULL_STOPS)


def _without_embed_link(text: str) -> str:
    """An embedded post's text without the picture link the embed ends with
    ("… retribution ourselves? pic.twitter.com/s96jjh8AlD")."""
    if "t.co/" not in text and "pic.twitter.com/" not in text:
        return text
    m = EMBED_LINK_RE.search(text)
    if m is None:
        return text
    # "… ourselves?pic.twitter.com/…": what the link is glued to stays.
    return text[: m.start("link") if m["glued"] else m.start()]


def _embed_signature(text: str) -> bool:
    """An embedded post's signature line: "— Jane Roe (@janeroe) November 19, 2019"."""
    return "(@" in text and EMBED_SIGNATURE_RE.fullmatch(text) is not None


#: SENTENCE_END and the full stops a sentence's closers follow, as sets of characters
#: (each is one): a text's last character is looked up once, not compared with each.
SENTENCE_END_CHARS = frozenset(SENTENCE_END)
FULL_STOP_CHARS = frozenset((".", "!", "?", "…", "。", "！", "？", *FULL_STOPS))


def _ends_sentence(text: str) -> bool:
    # Both patterns are anchored at the end, but a search tries them at every
    # character: they run only when the last character can end a match.
    t = text.rstrip()
    last = t[-1:]
    if last == ")":
        text = SIGNATURE_RE.sub("", text)  # "… des Bahnumschlags. (cm)"
        t = text.rstrip()
        last = t[-1:]
    # (No emoji or joiner is ASCII: most texts skip the regexes.)
    if not last.isascii() and EMOJI_CHAR_RE.match(last) and EMOJI_END_RE.search(text):
        return True
    if last not in SENTENCE_END_CHARS:
        return False
    return t.rstrip(CLOSERS + " \u00a0\u202f")[-1:] in FULL_STOP_CHARS


def score(block: Block, lang: str | None) -> float:
    """How body-like a block is: > 0 prose, < 0 chrome-like, 0 neutral (metadata)."""
    role = block.role
    if role is CHROME:
        # A menu or footer the HTML reader read as one block weighs as the lines it holds.
        return -1.0 if block.dom is None else -float(block.dom.runs)
    if role is not None and role is not BODY:  # not is_body
        return 0.0
    return text_score(block.text, lang)


def text_score(text: str, lang: str | None) -> float:
    """How body-like a block's text reads, whatever its label (see score)."""
    # (_embed_signature and _without_embed_link's cheap tests first: most blocks)
    if "(@" in text and _embed_signature(text):
        return 0.0  # metadata of the quote above it
    if "/" in text and ("t.co/" in text or "pic.twitter.com/" in text):  # (one scan for most)
        text = _without_embed_link(text)
    n = word_count(text)
    if is_credit_line(text):
        return max(n, 1.0)
    sentence = _ends_sentence(text)  # (which takes the CJK full stops "。", "！", "？" too)
    if n >= PROSE_WORDS:
        if (sentence or len(INNER_SENTENCE_END_RE.findall(text)) >= 2) and _dense(text, lang):
            return n
        if sentence:  # a table row, a list of names: body-ish, but weaker
            return n * 0.4
        return -1.0  # a teaser headline or blurb: long, but no sentence
    if sentence and _dense(text, lang):
        return 0.5
    return -2.0


def _dense(text: str, lang: str | None) -> bool:
    """Enough function words for prose; asked only where the score depends on it."""
    return lang is None or stopword_density(text, lang) >= MIN_STOPWORD_DENSITY


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


def _comments_start(blocks: list[Block], first: int, last: int) -> int | None:
    """Index of the first block in the region where readers' comments start, if any
    (not before some prose: a story may open with "Discussion" as a kicker)."""
    prose = 0.0
    comment = rules.comment_pattern()
    for i in range(first, last + 1):
        text = blocks[i].text.strip()
        # The patterns before the neighbours: most blocks fail there.
        if (prose >= 50 and len(text) < 250 and comment.fullmatch(text)
                and not _in_share_bar(blocks, i) and not _is_link(blocks[i])):
            return i
        if blocks[i].is_body:
            prose += nwords(text)
    return None


def _is_link(b: Block) -> bool:
    """On an HTML page, a block that is a link: "Comments (12)" that jumps to the
    comments from a share bar is not where they start."""
    return b.dom is not None and b.dom.link_density >= LINK_DENSITY


def _in_share_bar(blocks: list[Block], i: int) -> bool:
    """A "Comments" button among "Facebook", "Twitter", "Print" is no comment section."""
    near = [b for b in blocks[max(0, i - 2):i + 3] if b is not blocks[i]]
    return sum(b.reason == "chrome:phrase" for b in near) >= 2


def _trim(blocks: list[Block], scores: list[float], first: int, last: int) -> tuple[int, int]:
    """Trim the region to full prose paragraphs at both ends, then take back the short
    sentences and credit lines that sit right at the story's edges."""
    edge = [i for i in range(first, last + 1)
            if scores[i] >= EDGE_WORDS and _ends_sentence(blocks[i].text)]
    if edge:
        first, last = edge[0], edge[-1]
    last = _extend(blocks, scores, last, +1)
    first = _extend(blocks, scores, first, -1)
    return first, last


def _extend(blocks: list[Block], scores: list[float], i: int, step: int) -> int:
    """Walk from region edge ``i`` outwards over short prose ("The rule takes effect in
    July.") and credit lines ("Jane Doe contributed reporting."), an embedded post
    (its text ending in a picture link, its "— Name (@handle) date" signature),
    stepping over labelled chrome ("Advertisement") and captions; stop at anything
    else. Upwards this
    takes the standfirst above a byline and date line, and stops at the headline. A
    teaser blurb has its headline between it and the story, so it is not taken."""
    j = i + step
    while 0 <= j < len(blocks):
        b = blocks[j]
        if b.role is not None:
            # Upwards, the story's header (byline, date line) may stand between its
            # standfirst and its first paragraph; downwards a header is the next story's.
            header = b.role is TITLE or (step > 0 and b.role in (DATE, BYLINE))
            if header or (step > 0 and b.role is CHROME and j - i > 3):
                break
            j += step
            continue
        prose = _ends_sentence(_without_embed_link(b.text)) and (scores[j] > 0 or nwords(b.text) <= 3)
        if not (prose or (step > 0 and (is_credit_line(b.text) or _embed_signature(b.text)))):
            verse_end = _verse_after(blocks, j) if step > 0 else None
            if verse_end is None:
                break
            j = verse_end  # a quoted verse stays with the story that quotes it
        i = j
        j += step
    return i


def _verse_after(blocks: list[Block], j: int) -> int | None:
    """If block ``j`` introduces a quoted verse — a sentence ending in ":" ("… read a
    poem her father wrote:") followed by at least VERSE_LINES short lines, the last of
    which ends the sentence — the index of the verse's last line, else None. Verse
    lines are short and end in a comma, semicolon, dash or nothing, and at least
    VERSE_LINES of them in a comma or semicolon — unlike teaser headlines ("Read more
    in the links below:" + headlines is no verse)."""
    lead = blocks[j].text.rstrip()
    if blocks[j].role is not None or not lead.endswith(":") or word_count(lead) < PROSE_WORDS:
        return None
    k, punctuated = j + 1, 0
    while k < len(blocks) and k - j <= VERSE_MAX_LINES:
        b = blocks[k]
        line = b.text.strip()
        if b.role is not None or not line or word_count(line) > VERSE_LINE_WORDS:
            return None
        if _ends_sentence(line):
            # Verse runs on in commas and semicolons; headlines never end in them.
            return k if k - j >= VERSE_LINES and punctuated >= VERSE_LINES else None
        if line.endswith((",", ";")):
            punctuated += 1
        elif not (line[-1].isalnum() or line.endswith(("—", "–", "-"))):
            return None
        k += 1
    return None


def _headline_above(blocks: list[Block], first: int) -> None:
    """``content:headline-above-region``: the headline standing above a region's first
    paragraph (over its standfirst, byline, date line and pictures) is its title."""
    cand = headline_above(blocks, first, reach=HEADER_REACH, standfirst=True)
    if cand is not None:
        cand.label(TITLE, "content:headline-above-region", overrule=True)


def run(page: Page, config) -> None:
    """Main body region(s) by prose density; blocks outside them are chrome."""
    blocks = page.blocks
    scores = [score(b, page.lang) for b in blocks]
    if page.meta.get("dom_main"):
        # The dom stage found the story's container: trust the markup, only cut
        # readers' comments inside it (teaser lists around it are told by the markup).
        body = [i for i, b in enumerate(blocks) if b.role is None]
        span = _cut_comments(blocks, scores, body[0], body[-1]) if body else None
        if span is not None:
            # Keep the container's end (its last short paragraphs are the story's);
            # trim its head to the first prose unless a <p> or the standfirst the dom
            # stage found opens it (a ticker or a teaser strip may open it).
            opens = blocks[span[0]]
            trusted = opens.data.get("lead") or (opens.dom is not None and opens.dom.tag == "p")
            first = span[0] if trusted else _trim(blocks, scores, *span)[0]
            last = span[1]
            for i in range(span[0], span[1] + 1):
                if not first <= i <= last and blocks[i].role is None:
                    blocks[i].label(CHROME, "content:outside-region")
            page.meta["content_regions"] = [[first, last]]
            _headline_above(blocks, first)
            _orphan_headings(blocks, first, last)
        return
    for i in _teaser_runs(blocks, scores, page.lang):
        scores[i] = score(blocks[i], page.lang)
    spans = []
    for lo, hi in _segments(blocks, scores):
        span = best_region(scores[lo:hi])
        if span is not None:
            first, last = lo + span[0], lo + span[1]
            spans.append((sum(scores[first:last + 1]), first, last))
    if not spans:
        for b in blocks:
            if b.role is None:
                b.label(CHROME, "content:no-prose")
        return
    best = max(s for s, _, _ in spans)
    keep = [(f, l) for s, f, l in spans if s >= max(best * OTHER_REGION_SHARE, OTHER_REGION_MIN) or s == best]
    keep += _intro_above(blocks, spans, keep)
    regions = []
    for first, last in keep:
        span = _cut_comments(blocks, scores, first, last)
        if span is not None:
            regions.append(_container_span(blocks, *_trim(blocks, scores, *span)))
    page.meta["content_regions"] = [list(r) for r in regions]
    inside = [False] * len(blocks)
    for first, last in regions:
        for i in range(first, last + 1):
            inside[i] = True
    starts = [first for first, _ in regions]
    for i, b in enumerate(blocks):
        if inside[i]:
            continue
        if b.role is None:
            b.label(CHROME, "content:outside-region")
        elif b.role in (TITLE, DATE, BYLINE):
            if not any(f - HEADER_REACH <= i < f for f in starts):
                b.label(CHROME, "content:header-outside-region", overrule=True)
    for first in starts:
        _headline_above(blocks, first)
    for first, last in regions:
        _orphan_headings(blocks, first, last)


def _teaser_runs(blocks: list[Block], scores: list[float], lang: str | None) -> list[int]:
    """``content:teaser-run``: a list of other stories' teasers — "card" after card of a
    headline and a few header lines (author, date) over one short paragraph of blurb,
    at least TEASER_RUN cards in a row — when the page also holds a story of its own
    (two prose paragraphs in a row). A story has several paragraphs under its
    header; a subhead or an ad line between paragraphs is no card. Returns the
    indexes it labelled."""
    prose = [s >= PROSE_WORDS for s in scores]
    if not any(map(operator.and_, prose, prose[1:])):  # two prose paragraphs in a row
        return []
    labelled = _glued_cards(blocks, prose)
    cards: list[tuple[int, int]] = []  # (first header line, the blurb) of each card
    n = len(blocks)
    # The first prose block at or after each block (n: none), so that a card's blurb
    # is found without walking over its header lines from every line of it.
    next_prose = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        next_prose[k] = k if prose[k] else next_prose[k + 1]
    dated: list[bool | None] = [None] * n  # see _dated
    i = 0
    while i < n:
        j = next_prose[i] if next_prose[i] < i + TEASER_HEADER_LINES else i + TEASER_HEADER_LINES
        if i < j < n and prose[j] and (j + 1 >= n or not prose[j + 1]) and _card(blocks, i, j, lang, dated):
            cards.append((i, j))
            i = j + 1
            continue
        if cards:
            labelled += _label_run(blocks, cards)
            cards = []
        i += 1
    return labelled + _label_run(blocks, cards)


def _glued_cards(blocks: list[Block], prose: list[bool]) -> list[int]:
    """Teaser cards a renderer glued into one line each — "Headline words NEW DELHI:
    The lead's first sentence…" — TEASER_RUN or more in a row (known chrome between
    them passed over). A story's paragraph opens with its dateline; it never stands
    after words that end no sentence."""
    labelled: list[int] = []
    run: list[int] = []
    for i, b in enumerate(blocks):
        if b.role is CHROME:
            continue
        # GLUED_DATELINE_RE's dash is a colon or stands after the agency's ")": a line
        # with neither cannot match, and skips the pattern's backtracking.
        if prose[i] and (":" in b.text or ")" in b.text) and GLUED_DATELINE_RE.match(b.text):
            run.append(i)
            continue
        if run:
            labelled += _label_run(blocks, [(j, j) for j in run])
            run = []
    return labelled + _label_run(blocks, [(j, j) for j in run])


def _card(blocks: list[Block], first: int, blurb: int, lang: str | None, dated: list[bool | None]) -> bool:
    """Blocks first..blurb-1 are a teaser's header over the blurb: a headline (3 words
    or more, no full stop) and a date line or byline — a listicle's items and a box
    score's lines carry no date of their own — and no caption (a photo between
    paragraphs); the blurb has at most TEASER_BLURB_WORDS words. Header lines that
    other rules already removed count ("More from …" lists label the first card's)."""
    head = blocks[first:blurb]
    if any(b.role is CAPTION for b in head):
        return False
    if word_count(blocks[blurb].text) > TEASER_BLURB_WORDS:
        return False
    return (any(_dated(blocks, k, lang, dated) for k in range(first, blurb))
            and any(word_count(b.text) >= 3 and not _ends_sentence(b.text) for b in head))


def _dated(blocks: list[Block], k: int, lang: str | None, dated: list[bool | None]) -> bool:
    """Block ``k`` is a date line or byline, or reads as one ("7H ago"). Remembered
    in ``dated`` (None: not asked yet): the cards _teaser_runs tries overlap, and
    each line is read once. (Cards are labelled only above the lines still tried.)"""
    if dated[k] is None:
        b = blocks[k]
        dated[k] = bool(b.role in (DATE, BYLINE) or RELATIVE_TIME_RE.match(b.text)
                        or parse_date_line(b.text, lang=lang) is not None)
    return dated[k]


def _label_run(blocks: list[Block], cards: list[tuple[int, int]]) -> list[int]:
    """Label the cards of a run of at least TEASER_RUN; the indexes labelled."""
    if len(cards) < TEASER_RUN:
        return []
    out = []
    for first, blurb in cards:
        for k in range(first, blurb + 1):
            if blocks[k].kept:
                blocks[k].label(CHROME, "content:teaser-run", overrule=True)
                out.append(k)
    return out


def _orphan_headings(blocks: list[Block], first: int, last: int) -> None:
    """``content:orphan-heading``: on an HTML page, a heading at the end of a region
    with no story text after it — "Further information", "Read also:", "You may
    also like" over links that other rules removed — heads nothing of the story."""
    for i in range(last, first, -1):
        b = blocks[i]
        if b.role is not None:
            continue
        if not _heading_line(b):
            return
        b.label(CHROME, "content:orphan-heading")


def _heading_line(b: Block) -> bool:
    """A short heading (<h2>..<h6>) or a short line ending in a colon."""
    if b.dom is None or word_count(b.text) > ORPHAN_HEADING_WORDS or _ends_sentence(b.text):
        return False
    return b.dom.heading_level is not None or b.text.rstrip().endswith(":")


def _container_span(blocks: list[Block], first: int, last: int) -> tuple[int, int]:
    """On an HTML page, a region widened to the element that holds its paragraphs: a
    short story's subhead and first short lines, its closing list, its details
    ("Place: …", "Lens: …") sit in the same element as its prose; what stands outside
    the element is not the story's. Blocks other stages labelled keep their labels,
    and the region starts and ends on an unlabelled block."""
    body = [b for b in blocks[first:last + 1] if b.role is None and b.dom is not None]
    if not body:
        return first, last
    common = set(body[0].dom.ancestor_ids[1:])
    for b in body[1:]:
        common.intersection_update(b.dom.ancestor_ids)
    # The deepest shared element: the first one all share on the nearest-first chain
    # (for a region of one paragraph, the element holding it, not the paragraph).
    container = next((i for i in body[0].dom.ancestor_ids if i in common), None)
    if container is None or container == body[0].dom.ancestor_ids[-1]:
        return first, last  # only <body> holds them all

    def inside(j: int) -> bool:
        return blocks[j].dom is not None and container in blocks[j].dom.ancestor_ids

    start, end = first, last
    while start > 0 and inside(start - 1):
        start -= 1
    while end + 1 < len(blocks) and inside(end + 1):
        end += 1
    while start < first and blocks[start].role is not None:
        start += 1
    while end > last and blocks[end].role is not None:
        end -= 1
    return start, end


def _intro_above(blocks: list[Block], spans: list[tuple[float, int, int]],
                 keep: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A story's intro cut off from its body by a table of contents or a gallery (a
    barrier of short lines): the region right before a kept one, when a date line or
    byline stands right above the intro, is the story's too however short."""
    out = []
    firsts = {f for f, _ in keep}
    ordered = sorted(spans, key=lambda x: x[1])
    for (score, first, last), (_, nxt, _) in zip(ordered, ordered[1:]):
        if nxt not in firsts or (first, last) in keep or score < INTRO_MIN:
            continue
        above = [b for b in blocks[max(0, first - INTRO_HEADER_REACH):first] if b.role is not None]
        if any(b.role in (DATE, BYLINE) for b in above):
            out.append((first, last))
    return out


def _segments(blocks: list[Block], scores: list[float]) -> list[tuple[int, int]]:
    """Cut the page at barriers: runs of ``BARRIER_RUN`` or more unlabelled blocks that
    read as non-prose (negative score). Known chrome, captions and duplicates neither
    break a run nor count: a story carries its own ads and "Related" boxes. A section
    of teaser headlines or a footer is such a run, and a region must not bridge it."""
    segs = []
    lo = 0
    run_start = None
    run_len = 0
    for i, s in enumerate(scores):
        if s < 0 and blocks[i].role is CHROME:
            continue  # known chrome (an ad, a "Related" box) sits inside stories too
        if s < 0:
            if run_start is None:
                run_start = i
            run_len += 1
        elif s > 0:
            if run_len >= BARRIER_RUN:
                segs.append((lo, run_start))
                lo = i
            run_start, run_len = None, 0
    segs.append((lo, len(scores)))
    return [(a, b) for a, b in segs if b > a]


def _cut_comments(blocks, scores, first: int, last: int) -> tuple[int, int] | None:
    cut = _comments_start(blocks, first, last)
    if cut is None:
        return first, last
    # Comments run until the next story's header (infinite-scroll pages go on with a
    # new headline and byline), else to the region's end.
    end = next((i for i in range(cut + 1, last + 1)
                if blocks[i].role in (TITLE, BYLINE)), last + 1)
    for i in range(cut, end):
        if blocks[i].role is None:
            blocks[i].label(CHROME, "content:comments")
            scores[i] = -1.0
    if end <= last:
        return first, last
    span = best_region(scores[first:cut])
    return None if span is None else (first + span[0], first + span[1])
