"""JSONL dumps: one JSON object per line, each a page (plain, .gz or .zst).

A line's page is its ``html`` field if present (read as HTML), else its ``text`` field
(a text dump); ``url`` and ``id`` fill the documents' fields. Field names are options
(:class:`~newsclean.readers.record.Fields`). A line that is not a JSON object, or has
neither field, becomes an error record; the lines after it are still read.

A line that is not valid UTF-8 (one Latin-1 byte in it) is still read: its page field
is handed on as bytes and decoded as a page file is (a detected charset, else
replacement characters), with a warning. A last line without its newline is a record
when it parses (many files simply lack the final newline); when it does not, it is cut
off — the file may still be being written — and the record is marked ``incomplete``:
``batch`` leaves it for the next run, ``clean`` reports it.
"""
from __future__ import annotations

import json
import re
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


#: What a line that does not parse gives (None is what "null" gives).
_NOT_JSON = object()


def iter_jsonl(stream: Peekable, name: str, fields: Fields = Fields(), max_page: int = 0) -> Iterator[Record]:
    """The records of a JSONL stream; damage to the stream ends it with an error record.
    A line longer than ``max_page`` bytes (when set) is an error record, its bytes
    never held whole."""
    index = 0
    try:
        for offset, raw, ended in lines(decompressed_chunks(stream), max_page):
            if raw is None:
                yield Record(source=f"{name}:{index + 1}", index=index, offset=offset, raw_pos=stream.tell(),
                             error=f"record is larger than the {max_page / 2**20:g} MB page size cap "
                                   f"(--max-page-size); not read")
                index += 1
                continue
            if not raw.strip():
                continue  # blank lines are no records (and do not shift record numbers)
            yield _record(raw, name, index, offset, fields, stream.tell(), ended)
            index += 1
    except StreamDamage as exc:
        yield Record(source=name, index=index, error=str(exc), raw_pos=stream.tell(),
                     incomplete=exc.truncated)


def _record(raw: bytes, name: str, index: int, offset: int, fields: Fields, raw_pos: int,
            ended: bool = True) -> Record:
    source = f"{name}:{index + 1}"
    rec = Record(source=source, index=index, offset=offset, raw_pos=raw_pos, meta={"container": name})
    escaped = False  # whether strings may hold undecodable bytes as surrogate escapes
    try:
        obj = json.loads(raw)
    except UnicodeDecodeError:
        obj, escaped = _loads_not_utf8(raw), True
        if obj is _NOT_JSON:
            rec.error = "line is not valid JSON (nor valid UTF-8)"
    except ValueError as exc:
        obj, rec.error = _NOT_JSON, f"line is not valid JSON ({exc})"
    if obj is _NOT_JSON:
        if not ended:  # the last line, without its newline: cut off, not broken
            rec.incomplete = True
            rec.error = ("last line is cut off (no newline at its end, and not valid JSON): "
                         "the file may still be being written")
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
    if escaped and isinstance(rec.content, str) and _has_raw_bytes(rec.content):
        # Bytes that were not UTF-8: the page's decoding judges them, as for a file.
        rec.content = _raw_bytes(rec.content)
    if rec.content is not None and _binary(rec.content):
        rec.content, rec.kind = None, None
        rec.error = "binary content (control characters, NUL among them) in the page field"
    url, ident = obj.get(fields.url), obj.get(fields.id)
    if escaped:
        url, ident = _text(url), _text(ident)
    rec.url = url if isinstance(url, str) and url else None
    if isinstance(ident, (str, int)) and not isinstance(ident, bool) and str(ident):
        rec.id = str(ident)
    return rec


#: An undecodable byte of a line read with "surrogateescape": byte 0xE9 (Latin-1 "é")
#: is "\udce9". Only strings of such lines are searched; no character of valid UTF-8
#: text is in this range (it holds lone surrogates only).
RAW_BYTE_RE = re.compile("[\udc80-\udcff]")


def _loads_not_utf8(raw: bytes):
    """A line that is not valid UTF-8, parsed with each undecodable byte kept as a
    surrogate escape (so that the page field can give its bytes back); _NOT_JSON if it
    is no JSON either."""
    try:
        return json.loads(raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape"))
    except ValueError:
        return _NOT_JSON


def _has_raw_bytes(value: str) -> bool:
    return RAW_BYTE_RE.search(value) is not None


def _raw_bytes(value: str) -> bytes:
    """The bytes a string from :func:`_loads_not_utf8` was read from (an escaped lone
    surrogate, "\\ud800", becomes bytes that decoding replaces)."""
    try:
        return value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _binary(content: bytes | str) -> bool:
    """The page field holds binary data, by the page files' rule (a NUL, and control
    characters more than a share of the start): one stray NUL is stripped, not fatal."""
    from . import looks_binary

    if isinstance(content, bytes):
        return looks_binary(content)
    sample = content[:8192]
    return "\x00" in sample and looks_binary(sample.encode("utf-8", "surrogatepass"))


def _text(value):
    """A metadata string with undecodable bytes replaced (U+FFFD); anything else as is."""
    if isinstance(value, str) and _has_raw_bytes(value):
        return _raw_bytes(value).decode("utf-8", "replace")
    return value
