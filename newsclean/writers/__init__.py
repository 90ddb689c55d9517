"""Writers: documents → text on a stream. One function per ``--format``.

Every writer is a class with ``write(doc)`` and ``close()`` so the CLI can stream
documents as they are cleaned (``json`` buffers, since it is one array).
"""
from __future__ import annotations

import json
from typing import TextIO

from ..model import Document

FORM_FEED = "\f"


def jsonl_line(doc: Document) -> str:
    """A document as one JSON line (without the newline): the schema of docs/ARCHITECTURE.md."""
    return json.dumps(doc.to_dict(), ensure_ascii=False)


class JsonlWriter:
    """One JSON object per line, the document schema of docs/ARCHITECTURE.md."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, doc: Document) -> None:
        self.out.write(jsonl_line(doc) + "\n")

    def close(self) -> None:
        self.out.flush()


class JsonWriter:
    """One JSON array holding every document (same fields as jsonl)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.docs: list[dict] = []

    def write(self, doc: Document) -> None:
        self.docs.append(doc.to_dict())

    def close(self) -> None:
        json.dump(self.docs, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
        self.out.flush()


class TextWriter:
    """Each document's title (if any), a blank line, its body; documents are separated
    by a line holding a single form feed."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def write(self, doc: Document) -> None:
        if self.count:
            self.out.write(FORM_FEED + "\n")
        if doc.title:
            self.out.write(doc.title + "\n\n")
        self.out.write(doc.text + "\n")
        self.count += 1

    def close(self) -> None:
        self.out.flush()


WRITERS = {"text": TextWriter, "jsonl": JsonlWriter, "json": JsonWriter}


def render(docs, fmt: str = "text") -> str:
    """Documents as one ``--format`` writes them, as a string."""
    import io

    out = io.StringIO()
    writer = WRITERS[fmt](out)
    for doc in docs:
        writer.write(doc)
    writer.close()
    return out.getvalue()
