"""Record: one unit read from an input, before it becomes a Page.

A plain file is one record; a JSONL dump has one per line, a WARC one per record.
Records carry raw content (bytes or str) so that a pool of workers can turn them into
pages; they are small, picklable and self-describing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: The most bytes of one page read by default (``--max-page-size``): 32 MB is some
#: hundred times a large news page, and cleaning one costs about 15 times its size in
#: memory. (Here, where every reader can see it.)
MAX_PAGE_BYTES = 32 << 20


@dataclass(slots=True)
class Record:
    """One page as read from a container, or why it is not one.

    ``index`` counts every record of the input (pages, skipped and broken ones alike),
    so a resumed run can skip exactly what an earlier run finished. ``offset`` is where
    the record starts in the (decompressed) input, for error reports. Exactly one of
    ``content``, ``skip`` and ``error`` is set.
    """

    source: str
    index: int
    offset: int | None = None
    content: bytes | str | None = None
    kind: str | None = None  # "text", "html", or None = recognise from the content
    url: str | None = None
    id: str | None = None
    encoding_hint: str | None = None
    meta: dict = field(default_factory=dict)
    skip: str | None = None  # not a page (e.g. "not HTML: image/png"); counted, no error
    error: str | None = None  # a broken record: reported in errors, the run goes on
    raw_pos: int = 0  # bytes of the underlying file consumed so far (for progress)
    #: The input stops early here (truncated compression, a last line cut off): it may
    #: still be being written, so a later run should read on from this record.
    incomplete: bool = False
    #: Said of the record when it becomes a page (a page cut at the page size cap).
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class Fields:
    """Which JSONL fields hold what (``--text-field`` …)."""

    text: str = "text"
    html: str = "html"
    url: str = "url"
    id: str = "id"
