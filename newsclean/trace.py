"""The trace of a page: every block with its role, the stage and rule that labelled it,
and the story it belongs to. ``newsclean explain`` prints it; tests assert on it.

The JSON form is a stable schema (``TRACE_VERSION``)::

    {"version": 1, "source": "page.txt", "url": null, "lang": "en",
     "stages": ["normalize", "chrome", ...],
     "blocks": [{"index": 0, "para": 0, "story": 1, "story_start": false,
                 "story_reason": null, "role": "chrome", "stage": "chrome",
                 "rule": "phrase", "in_text": false, "text": "Skip to Content"}, ...],
     "stories": [{"story": 1, "first_block": 0, "last_block": 57,
                  "document": "page.txt#1", "title": "…", "words": 812}, ...]}

``role`` is ``body`` for blocks no stage claimed (then ``stage`` and ``rule`` are
null); ``in_text`` tells whether the block's text is in its story's document;
``document`` is null for a story too short to be a document.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from .model import Page, Role
from .pipeline import Pipeline
from .stages.assemble import assemble_stories

TRACE_VERSION = 1


def trace(page: Page, pipeline: Pipeline) -> dict[str, Any]:
    """Label ``page`` with ``pipeline`` and describe every decision."""
    pipeline.label(page)
    config = pipeline.config.for_url(page.url)
    blocks_out: list[dict[str, Any]] = []
    stories_out: list[dict[str, Any]] = []
    for n, (story, doc) in enumerate(assemble_stories(page, config), 1):
        for b in story:
            stage, _, rule = (b.reason or "").partition(":")
            role = b.role or Role.BODY
            in_text = doc is not None and bool(b.text) and (
                b.is_body or (role is Role.CAPTION and config.keep_captions))
            blocks_out.append({
                "index": b.index, "para": b.para, "story": n,
                "story_start": b.story_start, "story_reason": b.story_reason,
                "role": role.value, "stage": stage or None, "rule": rule or None,
                "in_text": in_text, "text": b.text,
            })
        stories_out.append({
            "story": n,
            "first_block": story[0].index if story else None,
            "last_block": story[-1].index if story else None,
            "document": doc.id if doc else None,
            "title": doc.title if doc else None,
            "words": doc.word_count if doc else 0,
        })
    return {
        "version": TRACE_VERSION, "source": page.source, "url": page.url, "lang": page.lang,
        "stages": list(page.meta.get("stages", [])),
        "blocks": blocks_out, "stories": stories_out,
    }


def count_labels(page: Page, counts: Counter | None = None) -> Counter:
    """Add a labelled page's blocks to ``counts``, keyed (role, "stage:rule"); blocks no
    stage claimed count as ("body", "-"). For ``clean --stats``."""
    counts = Counter() if counts is None else counts
    for b in page.blocks:
        counts[((b.role or Role.BODY).value, b.reason or "-")] += 1
    return counts
