"""Text dumps → Page with blocks.

Two dump styles are common and both must give the same blocks:

* blank-line dumps (a browser's innerText): blocks are separated by blank lines; a
  block may hold several lines (an address, a poem) and stays one block;
* single-newline dumps (get_text-style scrapers): no blank lines, every line a block.

A page is read in blank-line style when it has several blank-line separated groups and
no group holds most of the page; otherwise every line is a block.

A line holding only a form feed is a page break (as printers and ``pr`` read it, and as
``newsclean clean --format text`` separates documents): the text on each side is a
page of its own, so that cleaning that output again cleans each document alone.
"""
from __future__ import annotations

import itertools
import re
from typing import Iterable

from ..model import Block, Page
from ..textutil import strip_controls

# One or more blank (or whitespace-only) lines: the paragraph separator of innerText dumps.
BLANK_LINES_RE = re.compile(r"\n[ \t\f\v\r\u00a0]*\n\s*")


def _stripped_lines(text: str) -> list[str]:
    return [s for ln in text.split("\n") if (s := ln.strip())]


def split_blocks(text: str) -> list[tuple[str, int]]:
    """Cut a text dump into (line, paragraph number) pairs, one per non-empty line.

    In blank-line style the paragraph number counts blank-line separated groups; in
    single-newline style every line is its own paragraph.
    """
    return list(zip(*_lines_and_paras(text)))


def _lines_and_paras(text: str) -> tuple[list[str], Iterable[int]]:
    """split_blocks as two columns: the stripped non-empty lines, and the paragraph
    number of each."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    groups = BLANK_LINES_RE.split(text)
    if len(groups) >= 3:
        grouped = [g for g in map(_stripped_lines, groups) if g]
        # The separators are white space and line breaks only and never join two
        # lines: the groups' lines are the text's lines, each stripped once.
        lines = list(itertools.chain.from_iterable(grouped))
        if len(grouped) >= 3 and max(map(len, grouped)) <= max(8, len(lines) // 2):
            paras = itertools.chain.from_iterable(itertools.repeat(p, len(g)) for p, g in enumerate(grouped))
            return lines, paras
    else:
        lines = _stripped_lines(text)
    return lines, range(len(lines))


#: A line of form feeds (and blanks) only: a page break.
FORM_FEED_LINE_RE = re.compile(r"(?:^|\n)[ \t]*\f[ \t\f]*(?=\n|$)")


def pages_from_text(text: str, *, source: str = "-", url: str | None = None,
                    meta: dict | None = None) -> list[Page]:
    """The pages of a text dump: one, or one per part between form feed lines (each
    numbered in ``meta["part"]``, from 1, for its documents' ids)."""
    parts = FORM_FEED_LINE_RE.split(text) if "\f" in text else [text]
    if len(parts) > 1:
        parts = [part for part in parts if part.strip()] or [""]
    pages = [page_from_text(part, source=source, url=url, meta=meta) for part in parts]
    if len(pages) > 1:
        for k, page in enumerate(pages, 1):
            page.meta["part"] = k
    return pages


def page_from_text(text: str, *, source: str = "-", url: str | None = None,
                   meta: dict | None = None) -> Page:
    """Build a text Page whose blocks are the dump's lines, in order (C0 control
    characters taken out: see strip_controls)."""
    text = strip_controls(text)
    lines, paras = _lines_and_paras(text)
    # Block(index, text, para), positional and from map: a keyword call per block cost
    # twice as much, 0.1 ms for a page of 200 lines.
    blocks = list(map(Block, itertools.count(), lines, paras))
    return Page(source=source, content=text, kind="text", url=url, meta=dict(meta or {}),
                blocks=blocks)
