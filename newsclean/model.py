"""The data that flows through newsclean: Page, Block, Role, Document.

A page is cut into blocks once; stages then only *label* blocks (role + reason) or mark
story starts. Nothing is deleted, so every decision can be shown by ``explain`` and
asserted on by tests.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from .textutil import CONTROL_RE, strip_controls, word_count


class Role(str, enum.Enum):
    """What a block is. ``BODY`` is the default for blocks no stage claimed."""

    BODY = "body"
    CHROME = "chrome"
    TITLE = "title"
    DATE = "date"
    BYLINE = "byline"
    CAPTION = "caption"
    CREDIT = "credit"
    DUPLICATE = "duplicate"

    def __str__(self) -> str:  # "caption", not "Role.CAPTION", in traces
        return self.value


# The roles as module constants, for the stages' per-block loops: looking an Enum
# member up on its class (Role.CHROME) costs 0.25 us in Python 3.11, about ten times a
# global's look-up, and more than most of the tests those loops ask of each block.
BODY, CHROME, TITLE, DATE = Role.BODY, Role.CHROME, Role.TITLE, Role.DATE
BYLINE, CAPTION, CREDIT, DUPLICATE = Role.BYLINE, Role.CAPTION, Role.CREDIT, Role.DUPLICATE

#: Roles whose blocks are dropped from a document altogether (not text, not metadata).
REMOVED_ROLES = frozenset({Role.CHROME, Role.DUPLICATE, Role.CREDIT})

#: The keys of a document's ``stats``, always all of them (0 where no block had the
#: role): one shape for every document, so that the field is one struct column in
#: Arrow, Parquet and Hugging Face datasets rather than a map whose keys vary.
STATS_KEYS = ("blocks_in", *sorted(role.value for role in Role))


@dataclass(slots=True)
class Block:
    """One paragraph-sized unit of a page, in reading order.

    ``role`` stays ``None`` until a stage is sure about the block; assemble treats an
    unlabelled block as body. ``reason`` is ``"stage:rule"`` of the label in force.
    ``para`` numbers the printed paragraph the block belongs to: in blank-line dumps
    the lines of one paragraph are separate blocks with the same ``para`` (so "More
    Images" glued above a caption can be told apart), and assemble joins them with a
    single newline again. ``data`` carries what a stage learnt from the block (parsed dates, authors, the
    caption it duplicates) for assemble to use.
    """

    index: int
    text: str
    para: int = 0
    role: Role | None = None
    reason: str | None = None
    story_start: bool = False
    story_reason: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    #: For HTML pages, what the DOM tells (readers.html.DomFacts); None for text.
    dom: Any = None

    def label(self, role: Role, reason: str, *, overrule: bool = False) -> bool:
        """Set ``role`` unless an earlier stage already did (then only with ``overrule``).

        Returns True when the label was applied, so a stage can count what it did.
        """
        if self.role is not None and not overrule:
            return False
        self.role = role
        self.reason = reason
        return True

    @property
    def kept(self) -> bool:
        """True if the block can still end up in a document (body, title, caption…)."""
        return self.role not in REMOVED_ROLES

    @property
    def is_body(self) -> bool:
        return self.role is None or self.role is Role.BODY


@dataclass(slots=True)
class Page:
    """One input unit: a file, a JSONL record, a WARC response.

    ``kind`` is ``"text"`` or ``"html"``; ``meta`` holds container metadata (URL, crawl
    date, headers) and what readers found in markup.
    """

    source: str
    content: str
    kind: str = "text"
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    lang: str | None = None
    #: The record's own id (JSONL id field, WARC-Record-ID): documents are named
    #: after it ("<id>#<n>"); None names them after ``source``.
    id: str | None = None


@dataclass(slots=True)
class Document:
    """One story, as written by the writers (field order = output order).

    :meth:`to_dict` is the published schema (``newsclean/schema/document.schema.json``):
    every field always there, null where the page does not tell, ``stats`` with every
    key of :data:`STATS_KEYS`.
    """

    id: str
    source: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    dateline: str | None = None
    authors: list[str] = field(default_factory=list)
    text: str = ""
    captions: list[str] = field(default_factory=list)
    lang: str | None = None
    stats: dict[str, int] = field(default_factory=dict)

    def __setattr__(self, name: str, value: Any) -> None:
        # The last guard: no C0 control character but tab and newline leaves newsclean
        # (PostgreSQL refuses NUL). The readers take them out of the text; this catches
        # what comes another way (JSON-LD strings, a record's id or URL), whenever a
        # field is set (assemble fills them in after making the document). One scan
        # of the value; a copy only when there is something to take out.
        if isinstance(value, str):
            if CONTROL_RE.search(value):
                value = strip_controls(value)
        elif isinstance(value, list) and any(isinstance(v, str) and CONTROL_RE.search(v) for v in value):
            value = [strip_controls(v) if isinstance(v, str) else v for v in value]
        object.__setattr__(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "updated": self.updated,
            "dateline": self.dateline,
            "authors": list(self.authors),
            "text": self.text,
            "captions": list(self.captions),
            "lang": self.lang,
            "stats": {key: int(self.stats.get(key, 0)) for key in STATS_KEYS},
        }

    @property
    def word_count(self) -> int:
        """Words of the text, two characters of a script written without spaces
        (Chinese, Japanese) counting as one, as the stages count them."""
        return int(word_count(self.text))
