"""JSONL dumps: one JSON object per line, each a page (plain, .gz or .zst).

A line's page is its ``html`` field if present (read as HTML), else its ``text`` field
(a text dump); ``url`` and ``id`` fill the documents' fields. Field names are options
(:class:`~newsclean.readers.record.Fields`). A line that is not a JSON object, or has
neither field, becomes an error record; the lines after it are still read.
"""
from __future__ import annotations

import json
from typing import Iterator

from .record import Fields, Record
from .streams import Peekable, StreamDamage, decompressed_chunks, lines

def looks_like_jsonl(head: bytes) -> bool:
    """Whether decompressed data starts with a JSON object on its first line. ``head``
    is the start of the data: a first line longer than that (a record holding a whole
    HTML page) counts when it opens like a JSON object."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    first, newline, _ = text.partition(b"\n")
    first = first.strip()
    if not first.startswith(b"{"):
        return False
    if not newline:  # the line goes on beyond the head
        return first[1:].lstrip().startswith(b'"')
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def iter_jsonl(stream: Peekable, name: str, fields: Fields = Fields()) -> Iterator[Record]:
    """The records of a JSONL stream; damage to the stream ends it with an error record."""
    index = 0
    try:
        for offset, raw, ended in lines(decompressed_chunks(stream)):
            if not raw.strip():
                continue  # blank lines are no records (and do not shift record numbers)
            rec = _record(raw, name, index, offset, fields, stream.tell())
            # A last line without its newline that does not parse was cut off.
            rec.incomplete = rec.error is not None and not ended
            yield rec
            index += 1
    except StreamDamage as exc:
        yield Record(source=name, index=index, error=str(exc), raw_pos=stream.tell(),
                     incomplete=exc.truncated)


def _record(raw: bytes, name: str, index: int, offset: int, fields: Fields, raw_pos: int) -> Record:
    source = f"{name}:{index + 1}"
    rec = Record(source=source, index=index, offset=offset, raw_pos=raw_pos, meta={"container": name})
    try:
        obj = json.loads(raw)
    except ValueError as exc:
        rec.error = f"line is not valid JSON ({exc})"
        return rec
    if not isinstance(obj, dict):
        rec.error = f"line is JSON but not an object ({type(obj).__name__})"
        return rec
    html, text = obj.get(fields.html), obj.get(fields.text)
    if isinstance(html, str) and html.strip():
        rec.content, rec.kind = html, "html"
    elif isinstance(text, str):
        rec.content, rec.kind = text, "text"
    else:
        rec.error = (f"record has no string field {fields.html!r} or {fields.text!r} "
                     f"(fields: {', '.join(sorted(map(str, obj))[:8]) or 'none'})")
    if rec.content is not None and "\x00" in rec.content[:8192]:
        rec.content, rec.kind = None, None
        rec.error = "binary content (NUL characters) in the page field"
    url, ident = obj.get(fields.url), obj.get(fields.id)
    rec.url = url if isinstance(url, str) and url else None
    if isinstance(ident, (str, int)) and not isinstance(ident, bool) and str(ident):
        rec.id = str(ident)
    return rec
