"""headline: the headline and its repeats, date lines and bylines.

* ``headline:date-line`` — a block that is (mostly) a date: "2025-09-05 09:25 Last
  Updated At:09:30", "Nov. 19, 2019 8:03 am ET", "Chris Davies - Nov 19, 2019". The
  parsed dates go to ``block.data`` for assemble.
* ``headline:byline`` — "By JANE DOE and JOHN ROE", "Words by Jane Doe", "By Jane Doe •
  Data Reporter", "Author: Jane Doe", "Von Max Muster", "Par Jean Dupont" (the lead
  words and author roles are data: rules/bylines.txt).
* ``headline:repeated`` — a headline-shaped block printed more than once near the
  top of a story ("Macron says … \\n News \\n Macron says …"): the first copy is the
  title, the later copies are labelled duplicate.
* ``headline:above-date`` / ``headline:above-byline`` — a headline-shaped block right
  above a date line or byline (chrome and captions in between are ignored).
"""
from __future__ import annotations

import re
from functools import cache

from .. import rules
from ..dates import find_dates, parse_date_line
from ..model import Block, Page, Role
from ..textutil import CLOSERS, dateline_of, ends_sentence, is_credit_line, norm_key, stopword_density, words

# Name separators in a byline: "Jane Doe, John Roe and Ann Poe", "X und Y", "X et Y".
NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", re.IGNORECASE)
# Where the names of a byline end and the authors' role or outlet begins: "By Jane Doe
# • Data Reporter", "Jane Doe | Reuters", "By Jane Doe for The Gazette", "Jane Doe
# (AP)", "Jane Doe - Staff". Must not cut a hyphenated name ("Jean-Pierre"): dashes
# count with spaces around them only.
BYLINE_TAIL_RE = re.compile(r"\s+[•|·/—–]\s*|\s+-\s+|\s+for\s+(?=[A-Z])|\s*\(")
# Words after a name that are its outlet, not a name: "Jane Doe, Reuters".
NOT_NAME_WORDS = frozenset(
    "reuters ap afp dpa associated press the times post news journal herald tribune "
    "bloomberg cnn bbc efe staff".split()
)
# Characters no name holds: "WHO IS THE FRONT-RUNNER?" in capitals is a subhead.
NOT_NAME_CHAR_RE = re.compile(r"[?!:;\"“”()\[\]#@]")
#: Name particles printed in lower case: "Ana de la Cruz", "Ludwig van Beethoven".
NAME_PARTICLES = frozenset("de van von da del la le der den du dos das di bin al".split())
#: A byline has at most this many words; a name at most NAME_MAX_WORDS.
BYLINE_MAX_WORDS = 16
NAME_MAX_WORDS = 4

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


# ------------------------------------------------------------------------- bylines

@cache
def _byline_lead_re() -> re.Pattern[str]:
    """A byline's lead words ("By", "Words by", "Author:"), from rules/bylines.txt."""
    leads, _ = rules.bylines()
    alts = []
    for lead in leads:
        if lead.endswith(":"):
            alts.append(re.escape(lead[:-1]).replace(r"\ ", r"\s+") + r"\s*:\s*")
        else:
            alts.append(re.escape(lead).replace(r"\ ", r"\s+") + r"\s*:?\s+")
    return re.compile(r"^(?:%s)(?=\S)" % "|".join(alts), re.IGNORECASE)


def parse_byline(text: str, *, bare: bool = False) -> list[str] | None:
    """Authors of a byline block, or None if the block is no byline.

    With ``bare``, a byline without a lead word is read too (as inside a story's head):
    names in capitals ("JANE DOE AND JOHN ROE"), or names before an outlet or role
    ("Jane Doe | Reuters", "Jane Doe, Associated Press").

    >>> parse_byline("By JANE DOE and JOHN ROE")
    ['Jane Doe', 'John Roe']
    >>> parse_byline("By Jane Doe • Data Reporter")
    ['Jane Doe']
    """
    text = text.strip()
    if not text or "\n" in text or len(words(text)) > BYLINE_MAX_WORDS or is_credit_line(text):
        return None
    m = _byline_lead_re().match(text)
    if m:
        names = text[m.end():]
    elif bare:
        names = text
    else:
        return None
    tail = BYLINE_TAIL_RE.search(names)
    outlet = ""
    if tail:
        names, outlet = names[: tail.start()], names[tail.end():]
    authors, dropped = _names(names)
    if not authors:
        return None
    if not m:
        # A bare byline must say so by its shape: names in capitals, or an outlet or
        # role after them ("| Reuters", ", Staff Writer").
        shaped = names.isupper() and any(len(a.split()) >= 2 for a in authors)
        if not (shaped or dropped or _is_outlet(outlet)):
            return None
        if any(len(a.split()) < 2 for a in authors):
            return None
    return authors


def _names(text: str) -> tuple[list[str], bool]:
    """(the names in a byline's name part, whether a part was an outlet or role)."""
    _, roles = rules.bylines()
    stop = rules.stopwords("en") - NAME_PARTICLES
    names, dropped = [], False
    for part in NAME_SPLIT_RE.split(text):
        part = part.strip(" .|-–—:")
        toks = part.split()
        if not toks:
            continue
        low = [t.lower().strip(".,") for t in toks]
        if all(t in NOT_NAME_WORDS for t in low) or any(t in roles for t in low) or _is_outlet(part):
            dropped = True
            continue
        if len(toks) > NAME_MAX_WORDS or any(t in stop for t in low) or NOT_NAME_CHAR_RE.search(part):
            return [], dropped
        if not all(t[:1].isupper() or t.lower() in NAME_PARTICLES for t in toks):
            return [], dropped
        if not any(c.isalpha() for c in part) or any(c.isdigit() for c in part):
            return [], dropped
        names.append(_name_case(part))
    return names, dropped


def _is_outlet(text: str) -> bool:
    """A news agency or outlet named after a byline's names ("Reuters", "The AP")."""
    t = text.strip(" .,()")
    if not t:
        return False
    low = t.lower()
    return any(low == a.lower() for a in rules.agencies()) or all(
        w in NOT_NAME_WORDS for w in low.split())


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
