"""The stage registry: every stage is a plain function ``(page, config) -> None`` that
labels blocks. The registry name is the ``--skip`` token, the config key and the label
``explain`` prints; the first line of the function's docstring is its description.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from . import captions, chrome, content, dedup, dom, fallback, headline, normalize, stories, template

if TYPE_CHECKING:
    from ..model import Page
    from ..pipeline import Config

Stage = Callable[["Page", "Config"], None]

STAGES: dict[str, Stage] = {
    "normalize": normalize.run,
    "dom": dom.run,
    "chrome": chrome.run,
    "captions": captions.run,
    "headline": headline.run,
    "template": template.run,
    "dedup": dedup.run,
    "content": content.run,
    "stories": stories.run,
    "fallback": fallback.run,
}

#: Run order. Earlier labels win unless a later stage overrules by a named rule.
DEFAULT_PIPELINE: tuple[str, ...] = tuple(STAGES)


def describe(name: str) -> str:
    """One-line description of a stage (its docstring's first line)."""
    doc = STAGES[name].__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""
