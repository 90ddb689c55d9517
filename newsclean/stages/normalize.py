"""normalize: Unicode NFC, invisible characters and white space inside blocks."""
from __future__ import annotations

import re
import unicodedata

from ..model import Page

# Invisible characters scrapers leave in text: zero-width space/joiners, word joiner,
# BOM, soft hyphen. Must not touch visible punctuation or the non-breaking space (that
# becomes a plain space below).
INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Space characters other than the space: tab, no-break and typographic spaces.
ODD_SPACES = "\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
# Runs of spaces, tabs and odd space characters inside a line ("Tom Davies   Associated").
SPACES_RE = re.compile(f"[ {ODD_SPACES}]+")
# One odd space character (see _collapse_spaces).
ODD_SPACE_RE = re.compile(f"[{ODD_SPACES}]")


def normalize_text(text: str) -> str:
    """NFC, no invisible characters, single spaces, trimmed lines.

    >>> normalize_text("Tom\\u00a0Davies   said\\u200b.")
    'Tom Davies said.'
    """
    if text.isascii():
        # Most blocks: one ASCII line without a run of spaces or a tab, where only
        # the ends change (what _collapse_spaces does to it, without the call).
        if "\n" not in text and "  " not in text and "\t" not in text:
            return text.strip()
    else:  # invisible characters and NFC changes are not ASCII
        text = unicodedata.normalize("NFC", INVISIBLE_RE.sub("", text))
    if "\n" not in text:  # one line (every block of an HTML page)
        return _collapse_spaces(text)
    lines = (_collapse_spaces(ln) for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def _collapse_spaces(line: str) -> str:
    """One space for each run of spaces, trimmed."""
    # Only where SPACES_RE would change something: a run of two spaces, or an odd
    # space character. Most lines have neither (the HTML reader already joins a
    # block's words with single spaces), and testing costs less than letting
    # SPACES_RE replace every space. The test: a substring search for the run, and
    # a search for the characters (only the tab is ASCII) — one regex with both as
    # alternatives tries the two at every character, three times slower.
    if "  " in line or ("\t" in line if line.isascii() else ODD_SPACE_RE.search(line)):
        line = SPACES_RE.sub(" ", line)
    return line.strip()


def run(page: Page, config) -> None:
    """Unicode NFC, invisible characters removed, white space collapsed."""
    for block in page.blocks:
        block.text = normalize_text(block.text)
