"""The faster forms of the shared text helpers give what the plain rules give.

Each helper that takes a shortcut (a byte table instead of the word regex, a cheap
search before an expensive one, two columns instead of pairs) is checked here
against the rule written plainly, on arbitrary text built from the characters the
shortcuts are about: apostrophes, ASCII and other punctuation, capitals whose lower
case differs (Σ, İ, the Kelvin sign), white space of every kind.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean import dates
from newsclean.readers.text import BLANK_LINES_RE, split_blocks
from newsclean.textutil import WORD_RE, norm_key, stopword_lang, words, _stopword_index

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PIECES = [
    "a", "Z", "9", "é", "ß", "Σ", "ΟΔΟΣ", "İ", "\u212a", "ſ", "'", "’", "_", ".", ",", "-", "“", "”",
    "„", "«", "»", "…", "—", " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\u00a0",
    "\u2028", "\u3000", "\u0307", "\U0001F600", "\ud800", "Don't", "x''y", "wasn’t", "The", "und",
    "ago", "Yesterday", "il", "hier", "Nov.", "19th", "2019", "3ſt", "12", "2024-03-02", "8:03",
    "am", "März", "de",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=20).map("".join) | st.text(max_size=40)


def plain_norm_key(text: str) -> str:
    return " ".join(WORD_RE.findall(text)).lower()


@FAST
@given(TEXT)
def test_words_and_norm_key_are_the_word_regex(text):
    assert words(text) == tuple(WORD_RE.findall(text))
    assert norm_key.__wrapped__(text) == plain_norm_key(text)


@FAST
@given(st.lists(TEXT, max_size=12), st.integers(1, 30))
def test_stopword_lang_counts_the_sample_in_text_order(texts, sample):
    index, hits, seen = _stopword_index(), [], 0
    for text in texts:
        ws = plain_norm_key(text).split()
        hits += [lang for w in ws for lang in index.get(w, ())]
        seen += len(ws)
        if seen >= sample:
            break
    counts: dict[str, int] = {}
    for lang in hits:
        counts[lang] = counts.get(lang, 0) + 1
    best = max(counts, key=counts.__getitem__) if counts else None  # the first of the most hit
    expected = best if best and counts[best] >= 5 and counts[best] >= 0.08 * seen else None
    assert stopword_lang(texts, sample) == expected


@FAST
@given(TEXT)
def test_relative_date_hints_as_words(text):
    # The hint search (on the lower-cased text) never hides a hint word.
    _, hints, hint_re = dates._relative_rules()
    if not hints.isdisjoint(w.lower() for w in words(text)):
        assert hint_re.search(text.lower())


@FAST
@given(TEXT)
def test_find_dates_tries_month_first_only_where_it_can_match(text):
    if dates._date_res()[1].search(text):
        assert dates.DAY_YEAR_RE.search(text)


def plain_split_blocks(text: str) -> list[tuple[str, int]]:
    """split_blocks as it was written first: pairs, the text's lines stripped apart."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = lambda t: [s for ln in t.split("\n") if (s := ln.strip())]  # noqa: E731
    lines = stripped(text)
    if not lines:
        return []
    groups = BLANK_LINES_RE.split(text)
    if len(groups) >= 3:
        grouped = [g for g in map(stripped, groups) if g]
        if len(grouped) >= 3 and max(map(len, grouped)) <= max(8, len(lines) // 2):
            return [(ln, p) for p, g in enumerate(grouped) for ln in g]
    return [(ln, p) for p, ln in enumerate(lines)]


@FAST
@given(st.lists(st.sampled_from(["a", "b c", " ", "\n", "\n\n", "\t", "\r", "\u00a0", "\u2028", "\x0b",
                                 "\x1c", "\u3000"]), max_size=40).map("".join))
def test_split_blocks_as_written_first(text):
    assert split_blocks(text) == plain_split_blocks(text)


def test_month_first_needs_day_year():
    # The pattern DAY_YEAR_RE stands for is the second of _date_res().
    assert dates._date_res()[1].search("Nov. 19, 2019") and dates.DAY_YEAR_RE.search("Nov. 19, 2019")
    assert re.search("mon", dates._date_res()[1].pattern)
