"""captions: photo captions and photo credits, recognised by their credit lines.

* ``captions:credit`` — a block ending in a photo credit: "… (AP Photo/Evan Vucci)",
  "… (Ludovic Marin/Pool Photo via AP)", "… REUTERS/Kevin Lamarque", "… Photo: X/Y";
* ``captions:file-photo`` — a block opening as an archive caption: "FILE - …";
* ``captions:credit-only`` — a block that is only a credit ("Getty Images",
  "Credit... Doug Mills/The New York Times"): labelled ``credit``, kept out of both
  ``text`` and ``captions``;
* ``captions:repeated`` — on a text dump, a block printed twice or more in a row that
  reads as a caption, with or without a credit: a carousel prints each caption twice
  (the slide and its thumbnail), so repetition is the evidence and the shape of the
  text decides (see :func:`caption_evidence`); two or more such lines in a row that
  are printed again together later (the caption block at the story's foot) need no
  credit of their own; the copies are ``captions:repeated-copy`` duplicates;
* ``captions:carousel-label`` — a short line right above such a group ("5 photos",
  "Swipe for more"): chrome.

Captions stay in the trace; assemble puts each distinct one once into ``captions``.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache
from itertools import compress, islice
from operator import eq
from typing import Callable

from .. import rules
from ..dates import parse_date_line
from ..model import Block, Page, Role
from ..textutil import CLOSERS, ends_sentence, norm_key, nwords, words
from .headline import parse_byline

#: Words that hint at a photo credit ("AP Photo", "… via Getty", "(Symbolbild)"),
#: lower case.
CREDIT_HINT_WORDS = frozenset(
    "photo photograph picture image foto bild credit credits crédit crédits getty afp ap reuters "
    "epa shutterstock istock alamy bloomberg via symbolbild symbolfoto archivbild archivfoto".split())
# A cheap test before the credit patterns: every credit they know holds a slash, a
# "©" or "(C)", or a hint word. Must stay a superset of rules/captions.txt's credit
# patterns. It tries its alternatives at every character (35 us for a tail of 160
# characters): _may_credit first tells, in C, whether it can match at all.
CREDIT_HINT_RE = re.compile(r"[/©]|\(C\)|\b(?:%s)\b" % "|".join(sorted(CREDIT_HINT_WORDS)), re.I)

# The hint words as _may_credit sees them: their runs of ASCII letters up to the first
# other one ("crédit": "cr"), as bytes.
_CREDIT_HINT_HEADS = frozenset(re.match("[a-z]*", w).group().encode() for w in CREDIT_HINT_WORDS)

#: A caption is a paragraph, not a page: longer blocks are never captions.
CAPTION_MAX_WORDS = 90
#: A photo credit is looked for in this many characters at the end of a block.
CREDIT_TAIL_CHARS = 160
#: A block that is only a credit has at most this many words.
CREDIT_MAX_WORDS = 10


def caption_rule(block: Block) -> str | None:
    """The caption rule a block matches ("credit", "file-photo", "credit-only") or None."""
    text = block.text.strip()
    n = nwords(text)
    if not text or n > CAPTION_MAX_WORDS:
        return None
    whole, credit, prefix = _searches()
    if n <= CREDIT_MAX_WORDS and _may_be_whole_credit(text) and whole(text):
        return "credit-only"
    # Credits stand at the end: searching only the tail keeps long blocks cheap.
    tail = text[-CREDIT_TAIL_CHARS:]
    # CREDIT_HINT_RE's first alternative is a "/" or "©": most credits hold one, and
    # the search would try every alternative at every character before it.
    if n >= 4 and (("/" in tail or "©" in tail)
                   or (_credit_token(tail) and _may_credit(tail) and CREDIT_HINT_RE.search(tail))) and credit(tail):
        return "credit"
    if prefix(text):
        return "file-photo"
    return None


@cache
def _searches() -> tuple[Callable[[str], object], ...]:
    """For rules/captions.txt's whole, credit and prefix patterns: a search that is
    true when one of them is found. A kind of one pattern (most) is that pattern's
    search, without a generator for each block."""
    out = []
    for kind in ("whole", "credit", "prefix"):
        pats = rules.caption_patterns()[kind]
        if len(pats) == 1:
            out.append(pats[0].search)
        else:
            out.append(lambda text, pats=pats: any(rx.search(text) for rx in pats))
    return tuple(out)


def _may_be_whole_credit(text: str) -> bool:
    """False when no "whole" pattern of rules/captions.txt can match ``text``: each
    needs a "/" ("Jane Roe/The Daily Ledger"), a ":" ("Photo: X", "Credit: X"), "…"
    or "..." ("Credit... X"), or names a picture agency outright ("Getty Images").
    Must stay a superset of those patterns. Most short lines ("Home", "Real Estate
    News Today") hold none of these: a few scans in C instead of the pattern, which
    backtracks over each capitalised word of a line in title case (2 us a line)."""
    return ("/" in text or ":" in text or "…" in text or "..." in text
            or "Getty Images" in text or "Shutterstock" in text or "iStock" in text)


def _credit_token(tail: str) -> bool:
    """False when no "credit" pattern of rules/captions.txt can match ``tail`` (a
    stripped block's end) that holds no "/" and no "©" (caption_rule tests those
    first). Must stay a superset of those patterns, which are case-sensitive. A
    bracketed credit ends in ")" or ")." ("(AP Photo/…)", "(Symbolbild)."): the text is
    stripped, so the white space its pattern allows after the bracket is not there.
    The others need "(C)" or one of their words: "Photo", "Photograph", "photo",
    "Foto", "foto" (all hold "oto"), "Image" (also in "Getty Images"), "Picture",
    "Bild", "Crédit", "Credit:". A few scans in C: nine lines in ten hold none of
    these and skip _may_credit's encoding and splitting."""
    return (tail.endswith((")", ").")) or "oto" in tail or "Image" in tail or "Picture" in tail
            or "Bild" in tail or "(C)" in tail or "Crédit" in tail or "Credit:" in tail)


# Every byte but an ASCII letter or digit as a space, capitals as small letters: the
# pieces bytes.split then finds in a text's UTF-8 bytes are its runs of ASCII letters
# and digits, lower case.
_PIECE_BYTES = bytes(ord(chr(c).lower()) if c < 128 and chr(c).isalnum() else 32 for c in range(256))
# The characters other than ASCII that re.I matches to an ASCII letter: dotted and
# dotless I ("i"), long s ("s"), the Kelvin sign ("k").
FOLDS_TO_ASCII_RE = re.compile("[\u0130\u0131\u017f\u212a]")


def _may_credit(tail: str) -> bool:
    """False when CREDIT_HINT_RE cannot match ``tail`` (a block's end): no "/", "©"
    or "(C)" in it, and no hint word between word boundaries ("AP's" holds "AP"; the
    tail may start inside a word, "Vorbild" cut to "bild"), seen as a run of ASCII
    letters (the part of "crédit" before its "é").

    A word the regex finds between boundaries has, on each side, a character that is
    no letter, digit or "_", or the text's end: in the UTF-8 bytes each is one byte
    that is no ASCII letter or digit, or two to four bytes above 127: all spaces to
    _PIECE_BYTES. So the word (to its first letter that is not ASCII) is a piece.
    Whole in C: the regex tries each of its alternatives at every character (35 us
    for a tail of 160 characters), lower-casing a text that is not ASCII costs 1.5 us."""
    if "/" in tail or "©" in tail or "(c)" in tail or "(C)" in tail:
        return True
    if not tail.isascii() and FOLDS_TO_ASCII_RE.search(tail):
        return True  # a letter re.I reads as ASCII (rare): the regex tells
    pieces = tail.encode("utf-8", "replace").translate(_PIECE_BYTES).split()
    return not _CREDIT_HINT_HEADS.isdisjoint(pieces)


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


# --------------------------------------------------------------- by repetition

# A credit in brackets at a caption's end: "(Kyodo)", "(dpa/Jane Roe)", "(Jane Roe for
# Ministry)", "[Photo: Jane Roe]", "(Jane Roe | Getty Images)": a few capitalised words,
# maybe joined by "/", "|", "for", "via", "©". Must not take "(Originally $159)" or
# "(R-Ohio)" for one: no digits or dollar signs, and a capital opens every word but
# the joiners.
BRACKET_CREDIT_RE = re.compile(
    r"[(\[]\s*(?:[A-Z][\w.'’&-]*(?:\s*(?:/|\||,|:|©|\s)\s*(?:for |via |by |and |de |van |von )?"
    r"(?=[A-Z©])[©\w.'’&-]*){0,7})\s*[)\]]\s*$")
# A sentence end inside a block followed by more words: "… in Budapest. Photo courtesy
# of the school district". The last word before the stop has two small letters or
# digits, so that "Dec. 1" and "Gov. Roe" are no sentence end ("Dec" is capitalised;
# "ov" in "Gov." is skipped by INNER_END_SKIP).
INNER_END_RE = re.compile(r"(?<=[a-z0-9]{2})[.!?][\"”’»]?\s+(?=[A-Z©(\[])")
#: Abbreviations whose full stop ends no sentence (lower case, without the stop).
INNER_END_SKIP = frozenset("gov sen rep gen col sgt lt st ave inc corp co jr sr vs dr mr mrs ms prof no".split())
#: A credit after a caption's last sentence has at most this many words.
CREDIT_TAIL_WORDS = 7
# Dates and days that captions carry ("Thursday, Dec. 2, 2021", "on Monday"): a
# caption says when the photo was taken; headlines seldom do.
CAPTION_DATE_RE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|undated|"
    r"(?:jan|feb|march|april|june|july|aug|sept?|oct|nov|dec)\.? \d{1,2}\b)", re.I)
#: Credit hints are looked for in this many characters at a block's end.
HINT_TAIL_CHARS = 80
#: A repeated block counts as a caption when caption_evidence reaches this.
CAPTION_EVIDENCE_MIN = 2.0
#: In a carousel (two or more blocks in a row each printed twice) a block needs only
#: this much caption evidence of its own: one sign (a sentence end, a credit, a day)
#: besides its length. A teaser list printed twice has none.
CAROUSEL_MEMBER_MIN = 1.0
#: Caption evidence of a line in a group of repeated lines that recur together later
#: on the page (a carousel's captions printed again at the story's foot).
RECUR_EVIDENCE = 1.0
#: A carousel label ("Swipe for more photos") has at most this many words.
CAROUSEL_LABEL_WORDS = 4


def caption_evidence(text: str) -> float:
    """How much a line reads like a photo caption rather than a headline: it ends like
    a sentence (+1.5) or in a credit — in brackets (+2), after its last sentence or
    marked as one ("Credit:", "©", "Photo courtesy": +2, rules/captions.txt's hints) —
    it describes a picture ("shows", ", left,": +1), it says when ("on Monday",
    "Dec. 1": +1), it is long enough to describe one (+0.5); a headline in title case
    (-2) or ending in "?"/"!" (-1) reads otherwise.

    >>> caption_evidence("Commuters board a tram in Budapest on Wednesday. Picture: Supplied") >= 2
    True
    >>> caption_evidence("Unpredictable Sondland Faces Questions About Trump, Ukraine") < 2
    True
    """
    t = text.strip()
    ws = words(t)
    pats = rules.caption_patterns()
    score = 0.0
    core = t.rstrip(CLOSERS + " ")
    # BRACKET_CREDIT_RE ends in "[)\]]\s*$": in a stripped text (its \s is what
    # str.strip takes) a closing bracket is the last character. Searched once.
    bracket = t.endswith((")", "]")) and BRACKET_CREDIT_RE.search(t) is not None
    if core.endswith(".") and not bracket:
        score += 1.5
    if bracket and len(ws) >= 5:
        score += 2.0
    elif _credit_tail(t) is not None or any(rx.search(t[-HINT_TAIL_CHARS:]) for rx in pats["hint"]):
        score += 2.0
    if any(rx.search(t) for rx in pats["describe"]):
        score += 1.0
    if CAPTION_DATE_RE.search(t):
        score += 1.0
    if len(ws) >= 8:
        score += 0.5
    if core.endswith(("?", "!")):
        score -= 1.0
    if _title_case(ws):
        score -= 2.0
    return score


def _credit_tail(text: str) -> str | None:
    """The words after a caption's last sentence when they read as a credit (a few
    words, no sentence of their own): "Photo courtesy of the zoo", "© Jane Roe"."""
    last = None
    for m in INNER_END_RE.finditer(text):
        word = text[:m.start()].rsplit(None, 1)[-1].lower().strip("\"“‘(")
        if word not in INNER_END_SKIP:
            last = m
    if last is None:
        return None
    tail = text[last.end():].strip()
    n = nwords(tail)
    if not 1 <= n <= CREDIT_TAIL_WORDS or ends_sentence(tail):
        return None
    return tail


def _title_case(ws: tuple[str, ...]) -> bool:
    """Most longer words capitalised, as headlines in title case are ("Daily Deals Are
    Live"); a caption capitalises only its names."""
    long = [w for w in ws[1:] if len(w) >= 4 and w.isalpha()]
    if len(long) < 3:
        return False
    return sum(w[0].isupper() for w in long) >= 0.8 * len(long)


def _repeats(page: Page) -> None:
    """captions:repeated — see the module docstring. A group of such blocks in a row
    (a carousel: A A B B C C) reads as captions when each of them leans that way; a
    block printed twice alone needs the evidence of its words."""
    blocks = page.blocks
    chrome = Role.CHROME  # looked up once, not for each block (0.25 us each)
    vis = [i for i, b in enumerate(blocks) if b.text and b.role is not chrome]
    keys = [norm_key(blocks[i].text) for i in vis]
    counts = Counter(keys)
    if len(counts) == len(keys):
        return  # nothing printed twice
    runs = _runs_near_copies(blocks, vis, keys)
    cands = [_repeat_candidate(blocks, vis, r) for r in runs]
    # A carousel's captions recur at the story's foot (the caption block printed again
    # after the last paragraph): a run whose line is printed again apart from it.
    recurs = [r[1] > r[0] and counts[keys[r[0]]] > r[1] - r[0] + 1 for r in runs]
    r = 0
    while r < len(runs):
        if cands[r] is None:
            r += 1
            continue
        g = r
        # A group: candidates in a row, each run right after the one before.
        while g + 1 < len(runs) and cands[g + 1] is not None and runs[g + 1][0] == runs[g][1] + 1:
            g += 1
        group = range(r, g + 1)
        repeated = sum(runs[x][1] > runs[x][0] for x in group)
        # Two or more runs in a row that recur together: a caption group, whose lines
        # need no credit of their own ("Passengers wait on the quay" twice, twice again
        # at the foot).
        recurring = sum(recurs[x] for x in group) >= 2
        found = False
        for x in group:
            evidence = cands[x]
            if recurring and recurs[x]:
                evidence += RECUR_EVIDENCE
            if repeated >= 2 and evidence >= CAROUSEL_MEMBER_MIN:
                evidence += CAPTION_EVIDENCE_MIN  # a carousel: captions in a row
            if runs[x][1] > runs[x][0] and evidence >= CAPTION_EVIDENCE_MIN:
                first, last = runs[x]
                head = blocks[vis[first]]
                if head.role is None:
                    head.label(Role.CAPTION, "captions:repeated")
                for y in range(first + 1, last + 1):
                    copy = blocks[vis[y]]
                    if copy.label(Role.DUPLICATE, "captions:repeated-copy"):
                        copy.data["copy_of"] = vis[first]
                found = True
            elif blocks[vis[runs[x][0]]].role is Role.CAPTION:
                found = True
        if found:
            _carousel_label(blocks, vis, runs[r][0])
        r = g + 1


def _runs_near_copies(blocks: list[Block], vis: list[int], keys: list[str]) -> list[tuple[int, int]]:
    """The runs (a block and its copies right after it: (first, last) positions in
    ``vis``) that can hold captions, in order: the runs of copies, the runs that open
    with a caption, and the runs right before and after these (a block printed once can
    only join a carousel next to a block printed twice, or a caption: its evidence is
    asked only there).

    Found from where copies and captions stand, not by cutting the whole page into
    runs: a page is mostly lines printed once, and each would be a step in Python."""
    n = len(vis)

    def run_at(k: int) -> tuple[int, int]:
        first = last = k
        while first > 0 and keys[first - 1] == keys[k]:
            first -= 1
        while last + 1 < n and keys[last + 1] == keys[k]:
            last += 1
        return first, last

    # Positions with a copy right after them, found in C (map, compress), and captions.
    seeds = set(compress(range(n - 1), map(eq, keys, islice(keys, 1, None))))
    caption = Role.CAPTION  # looked up once, not for each block
    seeds.update(k for k, i in enumerate(vis) if blocks[i].role is caption)
    near: dict[int, int] = {}  # first -> last
    done = -1  # the last position of the seed runs read so far
    for k in sorted(seeds):
        if k <= done:
            continue  # a copy in a run already read
        first, last = run_at(k)
        done = last
        near[first] = last
        if first > 0:
            before = run_at(first - 1)
            near[before[0]] = before[1]
        if last + 1 < n:
            near[last + 1] = run_at(last + 1)[1]
    return sorted(near.items())


def _repeat_candidate(blocks: list[Block], vis: list[int], run: tuple[int, int]) -> float | None:
    """The caption evidence of a run of copies (a block alone included, as a member
    of a carousel), or None when it cannot be a caption: a paragraph, a short label,
    a block another stage labelled."""
    b = blocks[vis[run[0]]]
    if b.role is Role.CAPTION:
        return 10.0
    if b.role is not None or "\n" in b.text:
        return None
    n = nwords(b.text)
    if n < 4 or n > CAPTION_MAX_WORDS:
        return None
    if run[1] == run[0]:
        # Printed once: a member of a carousel only with a credit of its own shape.
        return 1.0 if caption_evidence(b.text) >= CAPTION_EVIDENCE_MIN + 1.0 else None
    return caption_evidence(b.text) - (HEAD_BELOW_PENALTY if _head_below(blocks, vis, run[1] + 1) else 0.0)


#: A repeated line with a date line or byline right below it is a headline, unless its
#: words say caption clearly.
HEAD_BELOW_PENALTY = 2.5


def _head_below(blocks: list[Block], vis: list[int], k: int) -> bool:
    """A date line or byline stands right below (short labels between): the line above
    is a story's headline, printed twice."""
    for j in vis[k:k + 3]:
        b = blocks[j]
        text = b.text
        if parse_date_line(text) is not None or parse_byline(text, bare=True) is not None:
            return True
        if b.role is not None or nwords(text) > 3 or ends_sentence(text):
            return False
    return False


def _carousel_label(blocks: list[Block], vis: list[int], k: int) -> None:
    """The short line right above a caption group: "Image gallery", "5 photos"."""
    if k == 0:
        return
    b = blocks[vis[k - 1]]
    text = b.text
    if (b.role is None and "\n" not in text and 1 <= nwords(text) <= CAROUSEL_LABEL_WORDS
            and not ends_sentence(text) and parse_date_line(text) is None
            and parse_byline(text, bare=True) is None):
        b.label(Role.CHROME, "captions:carousel-label")


def run(page: Page, config) -> None:
    """Photo captions ("(AP Photo/…)", "REUTERS/…", "FILE - …", blocks printed twice
    in a carousel) and bare credits."""
    extra = _compiled(config.caption_patterns) if config is not None and config.caption_patterns else ()
    for block in page.blocks:
        if block.role is not None:
            continue
        if extra and nwords(block.text) <= CAPTION_MAX_WORDS and any(rx.search(block.text) for rx in extra):
            block.label(Role.CAPTION, "captions:config-pattern")
            continue
        rule = caption_rule(block)
        if rule == "credit-only":
            block.label(Role.CREDIT, "captions:credit-only")
        elif rule:
            block.label(Role.CAPTION, f"captions:{rule}")
    if page.kind == "text":
        _repeats(page)
