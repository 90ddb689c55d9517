"""Hostile input (issue 15): pages built to break a cleaner must come out cleaned, in time
linear in their size, with the story text that comes before the hostile part."""
from __future__ import annotations

import re

import pytest

import newsclean
from newsclean.readers.html import MAX_NESTING, _limit_nesting, page_from_html

STORY = ("<html><body><article><h1>Harbour strike ends after nine days</h1>"
         "<p>Dockworkers went back to the cranes on Monday morning after their union accepted "
         "a pay offer from the terminal operators, ending a strike that had stranded dozens of "
         "ships at anchor off the coast.</p>"
         "<p>The agreement raises wages by six percent over two years and limits night shifts, "
         "the union's negotiator told reporters outside the port authority's offices.</p>"
         "</article>")


def _story_survives(html: str) -> newsclean.Document:
    docs = newsclean.clean(html)
    assert docs, "the page lost its story"
    doc = docs[0]
    assert doc.title == "Harbour strike ends after nine days"
    assert "Dockworkers went back to the cranes" in doc.text
    return doc


@pytest.mark.parametrize("unit", [
    "<div><span>x</span>",   # block elements: the parser's cost grows with their depth
    "<span>",                # inline elements: the parser nests them freely
    "<q><noscript>x</noscript>",
    "<noscript>x",
    '<time datetime="2024-01-01">',
    "<ul><li>",
    "<div><table><tr><td>x",
    "<nav><h1>x</h1>",
    "<b><i><u>",
])
def test_deep_nesting_keeps_the_story_before_it(unit):
    # Far past Python's recursion limit: the walk over the tree is a loop.
    _story_survives(STORY + unit * 5000 + "</body></html>")


def test_nesting_is_flattened_past_the_limit_with_a_warning():
    html = STORY + "<div><span>x</span>" * (MAX_NESTING + 50) + "</body></html>"
    page, warnings = page_from_html(html.encode())
    assert any("nested more than" in w for w in warnings), warnings
    # What was nested deeper is still read, in blocks of its own no more.
    assert sum(len(b.text) for b in page.blocks if set(b.text) == {"x"}) == MAX_NESTING + 50


def test_limit_nesting_removes_only_the_tags_past_the_limit():
    markup = "<DIV class=a>" * (MAX_NESTING + 3) + "deep" + "</div>" * (MAX_NESTING + 3) + "<div>after</div>"
    out, dropped = _limit_nesting(markup)
    assert dropped == 3
    assert out.count("<DIV") == MAX_NESTING and out.count("</div>") == MAX_NESTING + 1
    assert "deep" in out and out.endswith("<div>after</div>")
    # The same on bytes, and nothing changes on a page within the limit.
    assert _limit_nesting(markup.encode()) == (out.encode(), 3)
    shallow = "<div>" * 40 + "x" + "</div>" * 40
    assert _limit_nesting(shallow) == (shallow, 0)


def test_limit_nesting_counts_end_tags():
    # Many block elements in a row, each closed, are no depth at all.
    flat = "<section><p>x</p></section>" * (MAX_NESTING * 4)
    assert _limit_nesting(flat) == (flat, 0)


def test_json_ld_nested_past_what_json_reads_is_skipped():
    deep = '<script type="application/ld+json">' + "[" * 100_000 + "</script>"
    doc = _story_survives(STORY.replace("<body>", "<head>" + deep + "</head><body>"))
    assert doc.title


def test_json_ld_graph_in_lists_is_read_in_order():
    ld = ('[{"@graph": [{"@type": "WebPage"}, [{"@type": "NewsArticle", "headline": "From the graph", '
          '"author": [[{"name": "Ines Albers"}], "Tomas Berg"]}]]}]')
    html = f'<html><head><script type="application/ld+json">{ld}</script></head>' + STORY[6:]
    page, _ = page_from_html(html.encode())
    assert page.meta["html"]["title"] == "From the graph"
    assert page.meta["html"]["authors"] == ["Ines Albers", "Tomas Berg"]


def test_many_noscripts_are_dropped_past_the_ones_looked_into():
    html = STORY + "<noscript><img src=p.gif></noscript>" * 2000 + "</body></html>"
    _story_survives(html)


def test_deep_page_text_is_never_lost_between_blocks():
    # Text after the deep part is read too (it is a block of the page).
    html = STORY + "<div>" * 3000 + "<p>Tail paragraph of the page.</p>" + "</div>" * 3000 + "</body></html>"
    page, _ = page_from_html(html.encode())
    assert any(re.fullmatch(r"Tail paragraph of the page\.", b.text) for b in page.blocks)


def _dateline_units(n: int) -> str:
    """n short dateline paragraphs with made-up words: n story starts, each too short
    to stand, on a page no phrase list knows."""
    import random

    rnd = random.Random(n)
    syllables = ["ka", "lo", "mer", "tan", "vi", "sul", "dor", "pe", "ran", "qui", "ze", "bo"]
    word = lambda: "".join(rnd.choice(syllables) for _ in range(3))  # noqa: E731
    units = []
    for _ in range(n):
        units.append(f"OSLO, Norway (AP) — The {' '.join(word() for _ in range(14))} on Tuesday.")
        units.append(" ".join(word() for _ in range(12)).capitalize() + " again.")
    return "\n\n".join(units)


def test_weak_story_starts_are_dropped_in_linear_time(monkeypatch):
    # Dropping one weak start asks its two neighbours again, not every start: the
    # number of questions grows with the starts, not with their square.
    from newsclean.stages import stories

    calls = []
    real = stories._weak_start
    monkeypatch.setattr(stories, "_weak_start", lambda *a: calls.append(1) or real(*a))
    newsclean.clean(_dateline_units(600), kind="text")
    assert 600 <= len(calls) <= 4 * 600



@pytest.mark.parametrize("lang", ["en" + "1" * 300, "../../../../etc/passwd", "../chrome/en", "EN-gb"])
def test_a_page_language_names_no_file(lang):
    # <html lang> is the page's to write: it picks a shipped stop-word list or none,
    # never a path (a 300-character name raised "File name too long").
    from newsclean import rules

    assert rules.stopwords(lang.split("-")[0].lower() if lang == "EN-gb" else lang) == (
        rules.stopwords("en") if lang == "EN-gb" else frozenset())
    doc = _story_survives(STORY.replace("<html>", f'<html lang="{lang}">'))
    assert doc.lang == "en"
