"""Text dumps → Page with blocks.

Two dump styles are common and both must give the same blocks:

* blank-line dumps (a browser's innerText): blocks are separated by blank lines; a
  block may hold several lines (an address, a poem) and stays one block;
* single-newline dumps (get_text-style scrapers): no blank lines, every line a block.

A page is read in blank-line style when it has several blank-line separated groups and
no group holds most of the page; otherwise every line is a block.
"""
from __future__ import annotations

import re

from ..model import Block, Page
from ..textutil import strip_controls

# One or more blank (or whitespace-only) lines: the paragraph separator of innerText dumps.
BLANK_LINES_RE = re.compile(r"\n[ \t\f\v\r\u00a0]*\n\s*")


def split_blocks(text: str) -> list[tuple[str, int]]:
    """Cut a text dump into (line, paragraph number) pairs, one per non-empty line.

    In blank-line style the paragraph number counts blank-line separated groups; in
    single-newline style every line is its own paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return []
    groups = [g for g in BLANK_LINES_RE.split(text) if g.strip()]
    if len(groups) >= 3:
        biggest = max(len([ln for ln in g.split("\n") if ln.strip()]) for g in groups)
        if biggest <= max(8, len(lines) // 2):
            return [(ln.strip(), p) for p, g in enumerate(groups) for ln in g.split("\n") if ln.strip()]
    return [(ln.strip(), p) for p, ln in enumerate(lines)]


def page_from_text(text: str, *, source: str = "-", url: str | None = None,
                   meta: dict | None = None) -> Page:
    """Build a text Page whose blocks are the dump's lines, in order (C0 control
    characters taken out: see strip_controls)."""
    text = strip_controls(text)
    blocks = [Block(index=i, text=t, para=p) for i, (t, p) in enumerate(split_blocks(text))]
    return Page(source=source, content=text, kind="text", url=url, meta=dict(meta or {}),
                blocks=blocks)
