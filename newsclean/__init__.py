"""newsclean: clean scraped news pages into one document per story.

>>> import newsclean
>>> docs = newsclean.clean(open("page.txt").read())
>>> docs[0].title, docs[0].text[:40]

Public API: :func:`clean`, :class:`Document`, :class:`Pipeline` (and its
:class:`Config`). Everything else is internal.
"""
from __future__ import annotations

from .model import Document
from .pipeline import Config, Pipeline

__all__ = ["clean", "Config", "Document", "Pipeline", "__version__"]
__version__ = "0.1.0"


def clean(text: str, *, source: str = "-", url: str | None = None,
          config: Config | None = None) -> list[Document]:
    """Clean one whole-page text dump and return its documents (one per story)."""
    return Pipeline(config).clean_text(text, source=source, url=url)
