"""chrome: site chrome recognised by what it says (phrases, patterns, teaser lists).

Three rules, each a reason in the trace:

* ``chrome:phrase`` — the whole block is a known chrome phrase ("Skip to Content",
  "Share", "Advertisement", "Zum Inhalt springen"), or a run of them
  ("Subscribe Sign In", "Facebook Twitter Email");
* ``chrome:pattern`` — the block matches a chrome pattern (share bars, counters,
  copyright lines, cookie notices);
* ``chrome:list`` — a teaser-list heading ("Recommended Articles", "More from X") and
  the short, headline-like blocks after it, up to the next block that reads like body
  or the head of the next story: a headline printed twice, or one with a date line or
  byline under it and the story's first paragraph right after (a teaser card's
  headline and date have another headline below them, not prose).
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Iterable

from .. import rules
from ..dates import DATE_LINE_MAX_CHARS, parse_date_line
from ..model import Block, Page, Role
from ..textutil import ends_sentence, nwords, phrase_key, trim_key
from .headline import parse_byline

# Separators between phrases glued on one line: "Terms | Privacy • Contact".
# Split at: the white space before a separator is taken from where it starts (the
# lookbehind), not from each of its characters, and read once (possessive); a
# separator right after the white space the last split took is split at alone.
SEPARATOR_RE = re.compile(r"(?:(?<!\s)\s++)?[|•·›»/]\s*+")
#: The characters SEPARATOR_RE splits at: a line holding none of them is one part.
SEPARATOR_CHARS = frozenset("|•·›»/")


def _has_separator(text: str) -> bool:
    """Whether a line holds one of SEPARATOR_CHARS. Substring searches in C, the two
    ASCII ones first; an ASCII line holds none of the others. (A regex character
    class search cost half again as much; frozenset.isdisjoint hashes every character.)"""
    return ("|" in text or "/" in text
            or (not text.isascii() and ("•" in text or "·" in text or "›" in text or "»" in text)))


assert SEPARATOR_CHARS == frozenset("|/•·›»")  # the characters _has_separator looks for
#: Punctuation _segments strips off a run of words before looking it up.
RUN_PUNCT = ".,:;!?"

#: A teaser list ends at a block of at least this many words that ends like a sentence.
LIST_BODY_WORDS = 15
#: A teaser-list heading's phrase key is at most this long.
LIST_HEADING_MAX_CHARS = 80
#: Longest run of phrases looked up when a line glues several together.
MAX_PHRASE_WORDS = 6


def is_phrase(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """True if the block is a chrome phrase, or only chrome phrases glued together
    (``extra``: phrases from the configuration file)."""
    if len(text) > 200:
        return False
    phrases = rules.chrome_phrases() | extra if extra else rules.chrome_phrases()
    return _is_phrase(text, phrase_key(text), phrases)


def _is_phrase(text: str, key: str, phrases: frozenset[str]) -> bool:
    """is_phrase for a text of at most 200 characters whose phrase_key is ``key``."""
    if not key:
        return False
    if key in phrases:
        return True
    # Without a separator character the split gives the line itself: one part.
    # (A search for them costs a third of frozenset.isdisjoint, which hashes every
    # character of the line.)
    if _has_separator(text):
        parts = [k for k in map(phrase_key, SEPARATOR_RE.split(text)) if k]
        if len(parts) > 1 and all(p in phrases or _segments(p.split(), phrases) for p in parts):
            return True
    # A run of phrases opens and ends with one (see _segments): most lines fail
    # there, at their first word, before the whole line is split into words. A
    # phrase key starts and ends with a letter or digit, so _may_segment's strip of
    # the punctuation before its first word and after its last is a no-op here.
    first, last = _phrase_ends(phrases)
    words = key.split(None, 1)
    if len(words) < 2:
        return False
    head = words[0]
    if not (head in first or head.rstrip(RUN_PUNCT) in phrases):
        return False
    tail = key.rsplit(None, 1)[1]
    if not (tail in last or tail.lstrip(RUN_PUNCT) in phrases):
        return False
    return _segments(key.split(), phrases)


@cache
def _phrase_ends(phrases: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(first words, last words) of the phrases."""
    return (frozenset(p.split(" ")[0] for p in phrases),
            frozenset(p.split(" ")[-1] for p in phrases))


def _may_segment(head: str, tail: str, phrases: frozenset[str]) -> bool:
    """Whether a cut into phrases of tokens from ``head`` to ``tail`` can be: its first
    phrase opens with the first token and its last ends with the last one (a run's
    punctuation stripped). A token has no space, so a run of several keeps its first
    token, left-stripped, as its first word; a run of one is the token stripped."""
    first, last = _phrase_ends(phrases)
    return ((head.lstrip(RUN_PUNCT) in first or head.strip(RUN_PUNCT) in phrases)
            and (tail.rstrip(RUN_PUNCT) in last or tail.strip(RUN_PUNCT) in phrases))


def _segments(tokens: list[str], phrases: frozenset[str]) -> bool:
    """Can ``tokens`` be cut into known phrases? (dynamic programming over positions)"""
    if tokens and not _may_segment(tokens[0], tokens[-1], phrases):
        return False  # most lines: before the runs are built
    n = len(tokens)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        run = tokens[i]  # " ".join(tokens[i:j]), grown one word at a time
        for j in range(i + 1, min(n, i + MAX_PHRASE_WORDS) + 1):
            if j > i + 1:
                run += " " + tokens[j - 1]
            if run.strip(RUN_PUNCT) in phrases:
                ok[j] = True
    return ok[n]


def is_pattern(text: str) -> bool:
    return _is_pattern(text.strip(), True)


def _is_pattern(line: str, loose: bool) -> bool:
    """is_pattern for a stripped line; ``loose``: whether its page may hold a text
    the loose patterns need (see _loose_needed)."""
    if len(line) > 600 or "\n" in line:
        return False
    full, tight = _patterns_for(line[:1])
    if loose and tight is not full:
        # The loose patterns try their runs at every length (30 us on a long line);
        # each needs a word (see _loose): asked only of a line that holds one.
        low = line.lower()
        loose = any(n in low for n in _loose()[1])
    return (full if loose else tight).fullmatch(line) is not None


def _loose_needed(texts: Iterable[str]) -> bool:
    """Whether one of ``texts`` may hold a text the loose patterns need (see _loose).
    Asked once of a page's text, not of each line: most pages hold none, and then
    every line is matched with the tight patterns only. The texts are joined and
    searched a megabyte at a time, so a 20 MB page is not copied whole twice over (80
    MB more at its peak). (A find across two joined texts only has each line asked,
    and each line's own find is what decides: joining by the page or by the megabyte
    labels the same.)"""
    needs = _loose_needs_bytes()
    if not needs:
        return False
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(text)
        size += len(text)
        if size >= LOOSE_SEARCH_CHARS:
            low = _ascii_lower_bytes("\n".join(chunk))
            if any(n in low for n in needs):
                return True
            chunk, size = [], 0
    low = _ascii_lower_bytes("\n".join(chunk))
    return any(n in low for n in needs)


_ASCII_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def _ascii_lower_bytes(text: str) -> bytes:
    """``text`` in UTF-8 with only its ASCII capitals lower-cased: a needed text (ASCII,
    without i, k and s, see _loose) is in it exactly when it is in ``text.lower()``.
    Of the characters outside ASCII only "İ" and the Kelvin sign lower-case to ASCII
    (to "i" and "k"), and in UTF-8 no byte of theirs is ASCII, so a run of ASCII
    bytes is a run of ASCII characters. Twice as fast as str.lower on a page with
    curly quotes or accents (lower() looks up each character)."""
    return text.encode("utf-8", "surrogatepass").translate(_ASCII_LOWER)


@cache
def _loose_needs_bytes() -> tuple[bytes, ...]:
    """_loose()'s needed texts, in ASCII bytes (for _ascii_lower_bytes)."""
    return tuple(n.encode("ascii") for n in _loose()[1])


#: How much of a page's text _loose_needed joins and searches at once (characters).
LOOSE_SEARCH_CHARS = 1 << 20


#: A word a pattern needs is this long at least: shorter ones are in most lines.
NEEDED_TEXT_MIN = 4


@lru_cache(maxsize=1024)
def _patterns_for(first: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """For a line whose first character is ``first``: (the chrome patterns it can
    match as rules.chrome_pattern_for gives them; the same without the loose ones,
    see _loose). Without loose patterns the second is the first."""
    return _patterns_for_key(rules.first_key(first))


@lru_cache(maxsize=1024)
def _patterns_for_key(key: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """_patterns_for by rules.first_key (one compiled pattern for "A" and "a")."""
    full = rules.chrome_pattern_for(key)
    loose = _loose()[0]
    if not loose:
        return full, full
    mine = [p for p, starts in rules._chrome_pattern_starts() if starts is None or key in starts]
    return full, re.compile("|".join(f"(?:{p})" for p in mine if p not in loose) or "(?!)", re.IGNORECASE)


# The ASCII letters re.IGNORECASE also matches to letters of other scripts: "i" to
# "İ" and "ı", "k" to the Kelvin sign, "s" to "ſ" (every other ASCII letter only to
# its own two cases). A needed text is looked for without them (see _loose).
CASE_AMBIGUOUS_RE = re.compile("[iks]")


@cache
def _loose() -> tuple[frozenset[str], tuple[str, ...]]:
    """(The loose chrome patterns: those that can start with any character and need a
    text of NEEDED_TEXT_MIN characters or more in every match (see _needed_text);
    for each, the longest run of its text without the letters i, k and s,
    lower-cased.) None are loose when a needed text is not ASCII.

    Where a loose pattern matches a line, the line lower-cased holds that run (see
    CASE_AMBIGUOUS_RE): a substring search in C finds the lines and pages that may
    match, where a search with the patterns' IGNORECASE took 1 us a line."""
    loose = {p: t for p, starts in rules._chrome_pattern_starts()
             if starts is None and (t := _needed_text(p)) is not None}
    if not loose or not all(t.isascii() for t in loose.values()):
        return frozenset(), ()
    return frozenset(loose), tuple(max(CASE_AMBIGUOUS_RE.split(t.lower()), key=len) for t in loose.values())


@cache
def _needed_text(pattern: str) -> str | None:
    """The longest run of literal characters at the top level of ``pattern`` (which
    every match holds, zero-width assertions aside), if NEEDED_TEXT_MIN long, else
    None. Read off Python's own regex parser; None when it cannot tell."""
    try:
        from re import _constants as c, _parser

        items = list(_parser.parse(pattern, re.IGNORECASE))
    except Exception:
        return None
    best = run = ""
    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
        elif op is not c.AT:
            best, run = max(best, run, key=len), ""
    best = max(best, run, key=len)
    return best if len(best) >= NEEDED_TEXT_MIN else None


@cache
def _list_heading_keys() -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact headings and bare prefixes, prefixes followed by a space)."""
    exact, prefixes = rules.list_headings()
    return exact | frozenset(prefixes), tuple(p + " " for p in prefixes)


def _key(text: str) -> str:
    """phrase_key(text), without phrase_key's memo: this stage asks for each line's
    key once (and _printed_again for a few), and a first look in the memo costs more
    than the key."""
    return trim_key(text.strip().lower())


def is_list_heading(text: str) -> bool:
    line = text.strip()
    if len(line) > LIST_HEADING_MAX_CHARS and line[:1].isalnum() and line[-1:].isalnum():
        return False  # its phrase key is the line, lower-cased: too long for a heading
    return _is_list_heading(_key(text))


def _is_list_heading(key: str) -> bool:
    """is_list_heading for a text whose phrase_key is ``key``."""
    if not key or len(key) > LIST_HEADING_MAX_CHARS:
        return False
    whole, starts = _list_heading_keys()
    return key in whole or key.startswith(starts)


def reads_like_body(block: Block) -> bool:
    return nwords(block.text) >= LIST_BODY_WORDS and ends_sentence(block.text)


#: A teaser list ends at a line printed again within this many blocks.
LIST_REPEAT_REACH = 4


def _printed_again(blocks: list[Block], i: int, key: str) -> bool:
    """The line at ``i`` is printed again just below (chrome between): a story's
    headline printed twice in its head ends a teaser list above it; teasers are
    listed once each."""
    if len(key) < 12:  # "Culture", a label: labels repeat in lists too
        return False
    for b in blocks[i + 1:i + 1 + LIST_REPEAT_REACH]:
        if _key(b.text) == key:
            return True
    return False


#: A story's first paragraph stands at most this many blocks below its headline.
LIST_HEAD_REACH = 4
#: Lines between a headline and its date line this short are labels ("Local").
LIST_LABEL_WORDS = 3


def _unlist_head(blocks: list[Block], i: int) -> None:
    """A teaser list ended at the paragraph at ``i``: when the lines listed right above
    it are a story's head (a headline, then a date line or byline, labels between) and
    a second paragraph follows, they were no teasers, and their labels are taken back.
    Under a teaser card's headline and date stands the next card's headline, or one
    paragraph of blurb; under a comment's name and date, one comment. (Asked once per
    list, where it ends, rather than of every teaser.)"""
    if i + 1 >= len(blocks) or not reads_like_body(blocks[i]) or not reads_like_body(blocks[i + 1]):
        return
    dated = False  # a date line or byline between the line looked at and the paragraph
    first = None  # the highest listed line that heads the paragraphs so far
    for j in range(i - 1, max(-1, i - 1 - LIST_HEAD_REACH), -1):
        b = blocks[j]
        text = b.text
        if dated and b.reason == "chrome:list":
            first = j
        if len(text) <= DATE_LINE_MAX_CHARS and (parse_date_line(text) is not None
                                                 or parse_byline(text) is not None):
            dated = True
        elif nwords(text) > LIST_LABEL_WORDS or text.rstrip().endswith(":"):
            break  # the headline, or "jane says:": nothing above it is the head's
    if first is not None:
        for b in blocks[first:i]:
            if b.reason == "chrome:list":
                b.role = b.reason = None


def run(page: Page, config) -> None:
    """Site chrome by phrase, pattern and teaser list ("Share", "Recommended Articles" …)."""
    in_list = False
    phrases = rules.chrome_phrases()
    loose = _loose_needed(b.text for b in page.blocks if b.role is None)
    extra = config.chrome_phrases if config is not None else None
    headings, heading_starts = _list_heading_keys()
    chrome = Role.CHROME  # (an Enum member looked up on its class costs 0.25 us)
    for block in page.blocks:
        text = block.text
        if not text:
            block.label(chrome, "chrome:empty")
            continue
        if block.role is not None:  # already claimed (the dom stage): only lists matter
            in_list = in_list or (block.role is chrome and is_list_heading(text))
            continue
        # _key(text), once for the rules that compare it; the stripped line is kept
        # for _is_pattern.
        line = text.strip()
        key = trim_key(line.lower())
        # _is_list_heading and _is_phrase's first tests inline: most lines fail them.
        if key and len(key) <= LIST_HEADING_MAX_CHARS and (key in headings or key.startswith(heading_starts)):
            block.label(chrome, "chrome:list-heading")
            in_list = True
        elif extra and key in extra:
            block.label(chrome, "chrome:config-phrase")
        elif len(text) <= 200 and key and (key in phrases or _is_phrase(text, key, phrases)):
            block.label(chrome, "chrome:phrase")
        elif _is_pattern(line, loose):
            block.label(chrome, "chrome:pattern")
        elif in_list and not reads_like_body(block) and not _printed_again(page.blocks, block.index, key):
            block.label(chrome, "chrome:list")
        else:
            if in_list:
                _unlist_head(page.blocks, block.index)
            in_list = False
