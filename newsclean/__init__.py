"""newsclean: clean scraped news pages into one document per story.

>>> import newsclean
>>> docs = newsclean.clean(open("page.txt").read())
>>> docs[0].title, docs[0].text[:40]

Public API: :func:`clean`, :class:`Document`, :class:`Pipeline` (and its
:class:`Config`). Everything else is internal.
"""
from __future__ import annotations

import logging

from .model import Document
from .pipeline import Config, Pipeline

__all__ = ["clean", "Config", "Document", "Pipeline", "__version__"]
__version__ = "0.1.0"

# Library messages (per-input timing in batch and learn) go through the ``newsclean``
# loggers; they print only where the application configures logging (the CLI does).
logging.getLogger(__name__).addHandler(logging.NullHandler())


def clean(content: str | bytes, *, kind: str | None = None, source: str = "-",
          url: str | None = None, config: Config | None = None) -> list[Document]:
    """Clean one page and return its documents (one per story).

    ``content`` is a whole-page text dump or an HTML page, as str or bytes (bytes are
    decoded: BOM, declared charset, else detected). ``kind`` is "text" or "html"; None
    recognises HTML by its start (a doctype or <html>).
    """
    from .readers import page_from_bytes

    if kind not in (None, "text", "html"):
        raise ValueError(f"kind must be 'text', 'html' or None, not {kind!r}")
    data = content.encode("utf-8") if isinstance(content, str) else content
    pipeline = Pipeline(config)
    pages, _ = page_from_bytes(data, source=source, url=url, kind=kind)
    return [doc for page in pages for doc in pipeline.run(page)]
