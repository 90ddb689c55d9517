"""The faster forms in the chrome stage give what the plain ones give."""
import sys

from newsclean.stages import chrome


def test_only_two_non_ascii_characters_lower_case_to_ascii():
    # _ascii_lower_bytes rests on this (for the Python's Unicode tables in use).
    found = {chr(c) for c in range(128, sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and any(ord(x) < 128 for x in chr(c).lower())}
    assert found == {"\u0130", "\u212a"}
    assert all(ch not in n for n in chrome._loose()[1] for ch in "iks")


def test_has_separator_matches_the_characters():
    for text in ["a | b", "a / b", "a • b", "a · b", "a › b", "a » b", "plain", "café", "", "a\u00bb"]:
        assert chrome._has_separator(text) == (not chrome.SEPARATOR_CHARS.isdisjoint(text))


def test_loose_needed_same_as_lower():
    texts = ["Registered TRADEMARKS of Acme", "CLICKING HERE", "İ K", "plain text", "x\ud800y"]
    for t in texts:
        want = any(n in t.lower() for n in chrome._loose()[1])
        assert chrome._loose_needed([t]) == want
