"""The chrome stage's shortcuts give what the rules they skip would."""
from __future__ import annotations

import pytest

from newsclean.model import Block, Page
from newsclean.stages import chrome

LINES = [
    "Acme, Widget and Gizmo are registered trademarks of Acme Inc.",
    "Acme, Widget and Gizmo are registered TRADEMAR\u212a of Acme Inc.",  # the Kelvin sign
    "Get the app by click\u0131ng here.",  # a dotless i
    "To unsubscribe from our newsletter, sign up by clicking here",
    "• Share |",
    "Terms | Privacy • Contact",
    "The council met on Tuesday and said the bridge would open in May.",
]


@pytest.mark.parametrize("line", LINES)
def test_run_labels_patterns_and_phrases_as_the_rules_say(line):
    page = Page(source="t", content=line, blocks=[Block(index=0, text=line)])
    chrome.run(page, None)
    expected = ("chrome:phrase" if chrome.is_phrase(line) else
                "chrome:pattern" if chrome.is_pattern(line) else None)
    assert page.blocks[0].reason == expected


def test_loose_patterns_match_across_case_folds():
    line = "Acme, Widget and Gizmo are registered TRADEMAR\u212a of Acme Inc."
    assert chrome.is_pattern(line)
    assert chrome._loose_needed(["The council met on Tuesday.", line])
    assert not chrome._loose_needed(["The council met on Tuesday."])


def test_loose_needed_reads_a_page_by_the_megabyte(monkeypatch):
    from newsclean.stages import chrome

    needs = chrome._loose()[1]
    if not needs:
        pytest.skip("no loose chrome patterns in the rules")
    filler = ["plain words of a paragraph"] * 200
    page = filler + [f"before {needs[0].upper()} after"] + filler
    assert chrome._loose_needed(iter(page))
    assert not chrome._loose_needed(iter(filler))
    monkeypatch.setattr(chrome, "LOOSE_SEARCH_CHARS", 100)  # many chunks: same answers
    assert chrome._loose_needed(iter(page))
    assert not chrome._loose_needed(iter(filler))
