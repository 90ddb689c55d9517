"""headline: the headline and its repeats, date lines and bylines.

* ``headline:date-line`` — a block that is (mostly) a date: "2025-09-05 09:25 Last
  Updated At:09:30", "Nov. 19, 2019 8:03 am ET", "Chris Davies - Nov 19, 2019". The
  parsed dates go to ``block.data`` for assemble.
* ``headline:byline`` — "By JANE DOE and JOHN ROE", "Von Max Muster", "Par Jean Dupont".
* ``headline:repeated`` — a headline-shaped block printed more than once near the
  top of a story ("Macron says … \\n News \\n Macron says …"): the first copy is the
  title, the later copies are labelled duplicate.
* ``headline:above-date`` / ``headline:above-byline`` — a headline-shaped block right
  above a date line or byline (chrome and captions in between are ignored).
"""
from __future__ import annotations

import re

from ..dates import find_dates, parse_date_line
from ..model import Block, Page, Role
from ..textutil import CLOSERS, dateline_of, ends_sentence, norm_key, stopword_density, words

# "By JANE DOE and JOHN ROE", "By Jane Doe, Reuters", "Von Max Muster und Eva Beispiel",
# "Par Jean Dupont", "Por Juan Pérez". Must not touch "By the time we arrived, …": the
# names must be capitalised words, and the line short (checked in is_byline).
BYLINE_RE = re.compile(
    r"^(?:by|von|par|por|di|door)\s*:?\s+(?P<names>[A-ZÀ-ÖØ-Þ][^\n]*)$", re.IGNORECASE
)
# Name separators in a byline: "Jane Doe, John Roe and Ann Poe", "X und Y", "X et Y".
NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*")
# Words after a name that are its role or outlet, not a name: "Jane Doe, Reuters".
NOT_NAME_WORDS = frozenset(
    "reuters ap afp dpa associated press staff writer reporter correspondent editor "
    "the times post news journal herald tribune bloomberg cnn bbc efe".split()
)

#: A headline has at least this many words and at most ``HEADLINE_MAX_WORDS``.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
#: A repeated headline has at least this many words ("16 hours ago" is no headline).
REPEAT_MIN_WORDS = 4
#: How many blocks above a date line/byline the headline may stand.
HEADER_REACH = 6


def headline_shaped(block: Block) -> bool:
    """A one-line block of 3–30 words not ending in a full stop (?, ! and quotes allowed),
    with no handle or link in it ("Tweets by @site" is no headline); on an HTML page,
    an <h1>…<h6>."""
    text = block.text
    if "\n" in text or "@" in text or "http" in text or "www." in text:
        return False
    if block.dom is not None and block.dom.heading_level is None:
        return False  # on an HTML page a headline is a heading element
    n = len(words(text))
    if not HEADLINE_MIN_WORDS <= n <= HEADLINE_MAX_WORDS:
        return False
    stripped = text.rstrip(CLOSERS + " ")
    return not stripped.endswith((".", ":", ";", ","))


def _is_prose(block: Block, lang: str | None) -> bool:
    """A paragraph of sentences: 15+ words, a sentence end, the language's function
    words (a table row "DL Jane Roe 63 85% 1 tackle." has none)."""
    text = block.text.rstrip(CLOSERS + " ")
    return (len(words(block.text)) >= 15 and text.endswith((".", "!", "?"))
            and (lang is None or stopword_density(block.text, lang) >= 0.1))


def _prose_follows(blocks: list[Block], i: int, lang: str | None) -> bool:
    """A headline is followed, within HEADER_REACH blocks, by its story's prose."""
    for b in blocks[i + 1:i + 1 + HEADER_REACH]:
        if b.role is None and _is_prose(b, lang):
            return True
    return False


def parse_byline(text: str) -> list[str] | None:
    """Authors of a byline block, or None if the block is no byline.

    >>> parse_byline("By JANE DOE and JOHN ROE")
    ['Jane Doe', 'John Roe']
    """
    text = text.strip()
    if "\n" in text or len(words(text)) > 14:
        return None
    m = BYLINE_RE.match(text)
    if not m:
        return None
    names = []
    for part in NAME_SPLIT_RE.split(m.group("names")):
        part = part.strip(" .|-–—")
        toks = part.split()
        if not toks or all(t.lower() in NOT_NAME_WORDS for t in toks):
            continue
        if not all(t[:1].isupper() or t.lower() in ("de", "van", "von", "da", "del", "la", "le") for t in toks):
            return None
        if len(toks) > 4:
            return None
        names.append(_name_case(part))
    return names or None


# The first letter of a name part: at the start, after a space, hyphen or apostrophe
# ("JEAN-PIERRE O'NEIL" → "Jean-Pierre O'Neil").
NAME_PART_RE = re.compile(r"(^|[\s'’-])(\w)(\w*)")
# Scottish and Irish "Mc" names keep the capital after the prefix: "MCDONALD" → "McDonald".
MC_RE = re.compile(r"\bMc(\w)")


def byline_before_date(text: str, lang: str | None = None) -> list[str] | None:
    """Authors of a byline printed with its date in one line: "By Jane Doe July 19,
    2024 6:42 PM" (the date taken out first)."""
    dates = find_dates(text, lang)
    if not dates:
        return None
    rest = text[: dates[0][0]].rstrip(" ,|-–—·")
    return parse_byline(rest) if rest else None


def _name_case(name: str) -> str:
    """Title-case a name printed in capitals; leave mixed case as printed."""
    if not name.isupper():
        return name
    cased = NAME_PART_RE.sub(lambda m: m.group(1) + m.group(2).upper() + m.group(3).lower(), name)
    return MC_RE.sub(lambda m: "Mc" + m.group(1).upper(), cased)


#: Roles a headline search walks over: the rest of a story's header and its pictures.
HEADER_SKIP = (Role.DATE, Role.BYLINE, Role.CAPTION, Role.CREDIT, Role.DUPLICATE)


def headline_above(blocks: list[Block], i: int, *, reach: int = HEADER_REACH,
                   standfirst: bool = False) -> Block | None:
    """The headline of the header that ends above block ``i``, or None.

    Walking up, date lines, bylines, captions, credits, duplicates and chrome that a
    rule recognised are passed over (with ``standfirst``, also one sentence under the
    headline); the first other block within ``reach`` is the headline if it is
    headline-shaped and opens with no dateline. A title met first means the header
    already has one (None).
    """
    seen = standfirsts = 0
    for b in reversed(blocks[:i]):
        if b.role is Role.TITLE:
            return None
        if b.role in HEADER_SKIP or (b.role is Role.CHROME and not (b.reason or "").startswith("content:")):
            continue
        seen += 1
        if seen > reach:
            return None
        if standfirst and b.role is None and not standfirsts and ends_sentence(b.text):
            standfirsts += 1
            continue
        return b if headline_shaped(b) and not dateline_of(b.text) else None
    return None


def run(page: Page, config) -> None:
    """Headline (and its repeats), date lines and bylines."""
    blocks = page.blocks
    for b in blocks:
        if b.role is not None:
            continue
        dl = parse_date_line(b.text, lang=page.lang)
        if dl is not None:
            b.label(Role.DATE, "headline:date-line")
            b.data["published"], b.data["updated"] = dl.published, dl.updated
            authors = byline_before_date(b.text, page.lang)
            if authors:
                b.data["authors"] = authors
            continue
        authors = parse_byline(b.text)
        if authors:
            b.label(Role.BYLINE, "headline:byline")
            b.data["authors"] = authors

    # Repeated headlines: the same headline-shaped block printed again within a few
    # blocks (chrome between the copies does not count), with no prose between.
    last_seen: dict[str, tuple[int, Block]] = {}
    kept_pos = 0
    for b in blocks:
        if b.role is Role.CHROME:
            continue
        kept_pos += 1
        if b.role is None and _is_prose(b, page.lang):
            last_seen.clear()
            continue
        if b.role is not None or not headline_shaped(b) or len(words(b.text)) < REPEAT_MIN_WORDS:
            continue
        key = norm_key(b.text)
        if (key in last_seen and kept_pos - last_seen[key][0] <= HEADER_REACH
                and _prose_follows(blocks, b.index, page.lang)):
            first = last_seen[key][1]
            if first.role is None:
                first.label(Role.TITLE, "headline:repeated")
            b.label(Role.DUPLICATE, "headline:repeated-copy")
            last_seen[key] = (kept_pos, first)
        else:
            last_seen[key] = (kept_pos, b)

    # A headline right above a date line or byline.
    for i, b in enumerate(blocks):
        if b.role in (Role.DATE, Role.BYLINE):
            cand = headline_above(blocks, i)
            if cand is not None and cand.role is None:
                cand.label(Role.TITLE, f"headline:above-{b.role.value}")
