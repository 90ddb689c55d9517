"""Properties that hold for any input: stages are total, never add text, decoding is
total, and the story splitter never loses body text.

Inputs mix arbitrary text with lines that real pages are made of (chrome, captions,
date lines, datelines, body prose), so the stages' rules actually fire.
"""
from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.errors import InputError
from newsclean.pipeline import Config, Pipeline
from newsclean.readers import decode
from newsclean.readers.text import page_from_text
from newsclean.stages import DEFAULT_PIPELINE, STAGES
from newsclean.stages.assemble import BRIEF_SHARE
from newsclean.stages.normalize import normalize_text
from newsclean.textutil import detect_lang, strip_controls, words

from _pages import (
    CHESS_BODY,
    CHROME_ONLY,
    CREDIT_LINE,
    SWELL_BODY,
    SWELL_CAPTION,
    SWELL_TITLE,
)

FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

PAGE_LINES = [
    *CHROME_ONLY, "Skip to Content", "Advertisement", "Recommended Articles",
    "More from Example News", "Subscribe Sign In", "12 Comments", "Photo 3 of 12",
    SWELL_TITLE, "2024-03-02 10:15 Last Updated At:11:00", "Nov. 19, 2019 8:03 am ET",
    "By MARIA SOUSA and DANIEL FROST", SWELL_CAPTION, "Getty Images",
    "FILE - A ferry crosses the Tagus river in Lisbon, Portugal, on June 3, 2019.",
    *SWELL_BODY, CREDIT_LINE, *CHESS_BODY, "Vote.", "",
]

# Arbitrary text, biased towards the characters normalize and the readers care about.
odd_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\n\r\t \u00a0\u200b\u00ad\ufeff\u2028—–-()/:.,©é\u0301AP"),
    ),
    max_size=200,
)
line = st.one_of(st.sampled_from(PAGE_LINES), odd_text)
separator = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\n\n\n"])


@st.composite
def pages(draw) -> str:
    lines = draw(st.lists(line, max_size=40))
    sep = draw(separator)
    return sep.join(lines)


configs = st.builds(
    Config,
    skip=st.frozensets(st.sampled_from(DEFAULT_PIPELINE)),
    split=st.booleans(),
    keep_captions=st.booleans(),
    min_words=st.sampled_from([0, 1, 25]),
)


def input_lines(text: str) -> set[str]:
    """Every line of the input as the reader gives it (without control characters),
    and normalised as the normalize stage would (which may be skipped)."""
    lines = strip_controls(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return {ln.strip() for ln in lines} | {normalize_text(ln) for ln in lines}


def text_and_title_words(docs) -> list[str]:
    """Words of the texts and titles, sorted: what leaves a text when a page is split
    (a later story's headline) becomes that story's title, and nothing is lost."""
    return sorted(w for d in docs for w in words(d.text) + words(d.title or ""))


@FAST
@given(pages(), configs)
def test_pipeline_is_total(text, config):
    docs = Pipeline(config).run(page_from_text(text, source="p.txt"))
    for n, doc in enumerate(docs, 1):
        assert doc.id == f"p.txt#{n}"
        if doc.word_count < max(config.min_words, 1):
            # Only a page's one brief may be shorter: a headline and BRIEF_SHARE of
            # min_words (see assemble.assemble_stories).
            assert len(docs) == 1 and doc.title
            assert doc.word_count >= max(config.min_words * BRIEF_SHARE, 1)


@FAST
@given(pages(), st.sampled_from(DEFAULT_PIPELINE))
def test_each_stage_alone_is_total(text, name):
    """A stage run on blocks no other stage saw (not even normalize) must not raise."""
    page = page_from_text(text)
    page.lang = detect_lang(b.text for b in page.blocks)
    before = [b.text for b in page.blocks]
    STAGES[name](page, Config())
    assert len(page.blocks) == len(before), "a stage removed or added blocks"
    if name != "normalize":
        assert [b.text for b in page.blocks] == before, "only normalize may change text"


@FAST
@given(pages(), configs)
def test_stages_never_add_text(text, config):
    allowed = input_lines(text)
    for doc in Pipeline(config).run(page_from_text(text)):
        for paragraph in doc.text.split("\n\n"):
            for ln in paragraph.split("\n"):
                assert ln in allowed
        for caption in doc.captions:
            assert caption in allowed
        if doc.title is not None:
            assert doc.title in allowed


@FAST
@given(st.one_of(st.binary(max_size=400),
                 pages().map(lambda t: t.encode("utf-8")),
                 pages().map(lambda t: t.encode("utf-16")),
                 pages().map(lambda t: t.encode("latin-1", errors="replace"))))
def test_cleaning_arbitrary_bytes_is_total(data):
    try:
        decoded = decode(data, "blob")
    except InputError as exc:
        assert b"\x00" in data
        assert str(exc).startswith("blob: ")
        return
    assert isinstance(decoded.text, str)
    assert "\x00" not in decoded.text
    if decoded.warnings:
        assert all(w.startswith("blob: ") for w in decoded.warnings)
    Pipeline(Config(min_words=0)).run(page_from_text(decoded.text))


@FAST
@given(st.binary(max_size=200))
def test_valid_utf8_decodes_without_warning(data):
    text = data.decode("utf-8", errors="ignore").replace("\x00", "")
    decoded = decode(text.encode("utf-8"), "blob")
    # Form feeds stay for the text reader, which cuts pages at form feed lines.
    assert decoded.text == strip_controls(text.removeprefix("\ufeff"), keep_form_feed=True)
    assert decoded.warnings == []


@st.composite
def story_pages(draw) -> str:
    """Pages built from whole stories, chrome and captions, shuffled a little."""
    parts = draw(st.lists(st.one_of(
        st.just(SWELL_BODY), st.just(CHESS_BODY), st.just([CREDIT_LINE]),
        st.lists(st.sampled_from(PAGE_LINES), max_size=4),
        st.lists(odd_text, max_size=2),
    ), max_size=6))
    return "\n\n".join(ln for part in parts for ln in part)


@FAST
@given(st.one_of(pages(), story_pages()), st.booleans())
def test_splitter_never_loses_body_text(text, keep_captions):
    base = Config(min_words=0, keep_captions=keep_captions)
    split = Pipeline(base).run(page_from_text(text))
    whole = Pipeline(replace(base, split=False)).run(page_from_text(text))
    assert text_and_title_words(split) == text_and_title_words(whole)
    assert len(whole) <= 1


# HTML made of real tags in any order and nesting, with text from real pages; broken
# on purpose (unclosed and stray tags) as much as a generator can make it.
HTML_TAGS = ["<p>", "</p>", "<div class='share-bar'>", "<div class='article-body'>", "</div>",
             "<article>", "</article>", "<nav>", "</nav>", "<figure><figcaption>", "</figcaption>",
             "<h1>", "</h1>", "<a href='/x'>", "</a>", "<li>", "<table><tr><td>", "</span>",
             "<time datetime='2024-03-02T10:15'>", "</time>", "<script>var x = 1;</script>",
             "<br>", "&amp;", "&#151;", "<!-- c -->"]


@FAST
@given(st.lists(st.one_of(st.sampled_from(HTML_TAGS), st.sampled_from(PAGE_LINES), st.text(max_size=30)),
                max_size=60))
def test_html_pipeline_is_total(parts):
    """Any HTML (broken or not) goes through reader and stages without raising, and no
    script's text comes out."""
    from selectolax.lexbor import LexborHTMLParser

    from newsclean import clean

    html = "<!doctype html><html><body>" + "".join(parts)
    docs = clean(html, kind="html", source="p.html")
    # Unless the parser reads the script as text, as browsers do: "<?" opens a bogus
    # comment that "<script>" ends in, and "var x = 1;" is then shown on the page.
    tree = LexborHTMLParser(html)
    for node in tree.css("script"):
        node.decompose()
    if tree.body is not None and "var x = 1" in tree.body.text():
        return
    for doc in docs:
        assert "var x = 1" not in doc.text


@FAST
@given(st.binary(max_size=300))
def test_html_reader_is_total_on_bytes(data):
    from newsclean.readers.html import page_from_html

    page, warnings = page_from_html(b"<html><body>" + data, source="b.html")
    assert page.kind == "html" and isinstance(warnings, list)


@settings(max_examples=500)
@given(st.text(alphabet="ab'_- .,Z9\t\n!?\"\x1f", max_size=30) | st.text(max_size=30))
def test_words_are_what_the_word_pattern_finds(text):
    # ASCII text takes a faster way than WORD_RE: it must find the same words.
    from newsclean.textutil import WORD_RE

    assert words(text) == tuple(WORD_RE.findall(text))


@FAST
@given(pages())
def test_cleaning_again_adds_no_words(text):
    """A cleaned page cleaned again (`newsclean clean | newsclean clean`) keeps at most
    the words it had: cleaning removes, it never brings back."""
    from collections import Counter

    from newsclean.writers import render

    first = render(Pipeline().clean_text(text))
    again = render(Pipeline().clean_text(first))
    assert not Counter(again.split()) - Counter(first.split())


@given(st.lists(st.sampled_from([chr(c) for c in range(40)] + ["a", "é", "\ud800", "\udfff", "\r\n", "€"]),
                max_size=60).map("".join), st.booleans())
def test_strip_controls_is_the_character_table(text, keep_form_feed):
    """strip_controls replaces only what it finds, for speed; it must give what mapping
    every character through the table gives (CRLF first read as one line break)."""
    from newsclean import textutil

    table = textutil._CONTROL_BUT_FF_TABLE if keep_form_feed else textutil._CONTROL_TABLE
    assert strip_controls(text, keep_form_feed) == text.replace("\r\n", "\n").translate(table)
