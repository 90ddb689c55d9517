"""WARC and WARC.gz crawl archives (read with fastwarc, the fast standard parser).

Each ``response`` record with an HTML payload is a page: the HTTP headers give its
charset, the WARC header its URL, id and date. ``resource`` and ``conversion`` records
(WET text) are pages too. Responses that are not HTML pages (images, redirects, 404s,
robots.txt) are skipped and counted; requests, metadata and warcinfo are passed over.
A damaged record becomes an error record and, in a file, reading goes on at the next
record that parses.
"""
from __future__ import annotations

import zlib
from typing import BinaryIO, Iterator

from .record import MAX_PAGE_BYTES, Record
from .streams import GZIP_MAGIC

#: Payload types read as HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Payload types read as text dumps (resource and conversion records only).
TEXT_TYPES = frozenset({"text/plain"})
#: How far to look for the next record after damage, per step.
RESYNC_CHUNK = 1 << 20
WARC_START = b"WARC/1."
BAD_HEADER = "broken WARC header"
TRUNCATED = "WARC record truncated"
#: WARC-Type values (fastwarc's flags) of records that hold a page: response, resource, conversion.
_PAGE_TYPES = frozenset({4, 8, 128})


def looks_like_warc(head: bytes) -> bool:
    """Whether (decompressed) data starts with a WARC record."""
    return head.lstrip(b"\r\n").startswith(WARC_START)


def one_member_holds_many(head: bytes) -> bool:
    """Whether gzip data (the start of a file) is one member holding several records
    (``gzip crawl.warc``) rather than a member per record, as crawlers write: a second
    record starts inside the first member. A first record too big to end in ``head``
    counts as a member per record."""
    d = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(head)  # the first member only: the rest is d.unused_data
    except zlib.error:
        return False
    return out.find(b"\n" + WARC_START, 1) >= 0


def iter_warc(stream: BinaryIO, name: str, *, seekable: bool, compressed: bool,
              by_index: bool = False, max_page: int = 0) -> Iterator[Record]:
    """The page records of a WARC stream. In a seekable file, reading resumes after
    damage at the next record start (a gzip member, or a ``WARC/1.`` line).

    Records are named "<name>@<offset>", the byte a reader can seek to and read the
    record from; ``by_index`` names them "<name>#<n>" (the n-th page record, from 0),
    for a file gzipped whole, where no offset in the file starts a record."""
    from fastwarc import ArchiveIterator, WarcRecordType

    passed_over = WarcRecordType.warcinfo | WarcRecordType.request | WarcRecordType.metadata | \
        WarcRecordType.revisit | WarcRecordType.continuation  # no page of their own
    index = 0
    start = stream.tell() if seekable else 0
    damaged = False  # inside a damaged stretch: one error for the whole stretch
    while True:
        last = None
        try:
            for r in ArchiveIterator(stream, parse_http=False):
                last = r.stream_pos
                if r.record_type & passed_over:
                    damaged = False
                    continue
                rec = _record(r, name, index, stream, by_index, max_page)
                # A bad header usually breaks the record after it too: one error for both.
                damaged = rec.error is not None and rec.error.startswith(BAD_HEADER)
                yield rec
                index += 1
                if seekable and rec.error and rec.error.startswith(TRUNCATED):
                    # A Content-Length too big for the record swallows the records after
                    # it: look for them from just after this record's start.
                    damaged = True
                    raise _Resync
            return
        except _Resync:
            at = last
        except (OSError, ValueError) as exc:
            at = last if last is not None else start
            if not damaged:
                yield Record(source=f"{name}#{index}" if by_index else f"{name}@{at}", index=index,
                             offset=None if by_index else at,
                             error=f"broken WARC data after the record at byte {at} ({exc})",
                             raw_pos=_tell(stream))
                index += 1
            damaged = True
        if not seekable:
            return
        nxt = _next_start(stream, at + 1, compressed)
        if nxt is None:
            return
        stream.seek(nxt)
        start = nxt


class _Resync(Exception):
    """Go on reading at the next record start after this point."""


#: What a record's block may hold besides its page under the page size cap: the HTTP
#: response's head.
HTTP_HEAD_ALLOWANCE = 1 << 16


def _tell(stream) -> int:
    try:
        return stream.tell()
    except (OSError, AttributeError):
        return 0


def _next_start(stream: BinaryIO, pos: int, compressed: bool) -> int | None:
    """The position of the next candidate record start at or after ``pos``."""
    marker = GZIP_MAGIC + b"\x08" if compressed else WARC_START
    stream.seek(pos)
    carry = b""
    base = pos
    while True:
        chunk = stream.read(RESYNC_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        i = data.find(marker)
        while i >= 0 and not compressed and i > 0 and data[i - 1:i] not in (b"\n",):
            i = data.find(marker, i + 1)  # "WARC/1." must open a line
        if i >= 0:
            return base + i
        keep = len(marker)
        carry = data[-keep:]
        base += len(data) - keep


def _record(r, name: str, index: int, stream, by_index: bool = False, max_page: int = 0) -> Record:
    from fastwarc import WarcRecordType

    pos = r.stream_pos
    rec = Record(source=f"{name}#{index}" if by_index else f"{name}@{pos}", index=index,
                 offset=None if by_index else pos, raw_pos=_tell(stream), meta={"container": name})
    headers = r.headers
    rec.url = headers.get("WARC-Target-URI") or None
    rec.id = (headers.get("WARC-Record-ID") or "").strip("<>") or None
    date = headers.get("WARC-Date")
    if date:
        rec.meta["warc_date"] = date
    if int(r.record_type) not in _PAGE_TYPES:  # no_type or unknown: the WARC-Type is unreadable
        rec.error = f"{BAD_HEADER} (WARC-Type {headers.get('WARC-Type')!r})"
        return rec
    if headers.get("Content-Length") is None:
        rec.error = f"{BAD_HEADER} (no Content-Length)"
        return rec
    if max_page and r.content_length > max_page + HTTP_HEAD_ALLOWANCE:
        rec.error = (f"record is larger than the {max_page / 2**20:g} MB page size cap (--max-page-size): "
                     f"Content-Length {r.content_length}; not read")
        return rec
    block = r.reader.read()
    if len(block) < r.content_length:
        rec.error = (f"{TRUNCATED}: Content-Length {r.content_length}, "
                     f"{len(block)} bytes present")
        return rec
    if r.record_type == WarcRecordType.response:
        _from_http(rec, block, max_page or MAX_PAGE_BYTES)
    else:  # resource / conversion: the block is the document itself
        ctype, charset = _content_type(headers.get("Content-Type") or "")
        _set_payload(rec, block, ctype, charset, allow_text=True)
    return rec


def _from_http(rec: Record, block: bytes, max_page: int = 0) -> None:
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    if not sep or not head.startswith(b"HTTP/"):
        rec.error = "response record without an HTTP header"
        return
    lines = head.decode("latin-1").splitlines()
    parts = lines[0].split(None, 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    fields: dict[str, str] = {}
    for line in lines[1:]:
        key, colon, value = line.partition(":")
        if colon:
            fields[key.strip().lower()] = value.strip()
    if not 200 <= status < 300:
        rec.skip = f"HTTP status {status or parts[1:2]}"
        return
    try:
        if "chunked" in fields.get("transfer-encoding", "").lower():
            body = _dechunk(body)
        body = _decode_content(body, fields.get("content-encoding", ""), max_page or MAX_PAGE_BYTES)
    except (MissingCodec, TooLarge) as exc:
        rec.error = str(exc)
        return
    except Exception as exc:  # zlib, brotli (its own error type), a bad chunk size …
        rec.error = f"cannot decode the HTTP body ({type(exc).__name__}: {exc})"
        return
    ctype, charset = _content_type(fields.get("content-type", ""))
    _set_payload(rec, body, ctype, charset, allow_text=False)


def _set_payload(rec: Record, body: bytes, ctype: str, charset: str | None, *, allow_text: bool) -> None:
    if ctype in HTML_TYPES:
        rec.kind = "html"
    elif allow_text and ctype in TEXT_TYPES:
        rec.kind = "text"
    elif ctype:
        rec.skip = f"not HTML: {ctype}"
        return
    # No content type at all: recognise the kind from the content.
    if not body.strip():
        rec.skip = "empty payload"
        return
    from . import bom_codec, looks_binary, utf16_without_bom  # (imports this module)

    if not bom_codec(body) and not utf16_without_bom(body) and looks_binary(body):
        rec.error = f"binary body (control bytes, NUL among them) in a {ctype or 'untyped'} record"
        return
    rec.content, rec.encoding_hint = body, charset


def _content_type(value: str) -> tuple[str, str | None]:
    main, _, params = value.partition(";")
    charset = None
    for p in params.split(";"):
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip("\"'")
    return main.strip().lower(), charset


def _dechunk(body: bytes) -> bytes:
    out, pos = [], 0
    while True:
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            raise ValueError("bad chunked encoding")
        size = int(body[pos:eol].split(b";")[0].strip() or b"0", 16)
        if size == 0:
            return b"".join(out)
        out.append(body[eol + 2:eol + 2 + size])
        pos = eol + 2 + size + 2


class MissingCodec(ValueError):
    """A body's Content-Encoding needs a package that is not installed."""


class TooLarge(ValueError):
    """A compressed body that unpacks to more than the page size cap."""


def _decode_content(body: bytes, encoding: str, limit: int = 0) -> bytes:
    """The HTTP body without its Content-Encoding, unpacked to at most ``limit`` bytes
    (the page size cap): a few KB of gzip or brotli can unpack to gigabytes (a
    "bomb"), so the output is capped as it is made, not measured afterwards."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    limit = limit or MAX_PAGE_BYTES
    if encoding in ("gzip", "x-gzip"):
        return _inflate(zlib.decompressobj(16 + zlib.MAX_WBITS), body, limit)
    if encoding == "deflate":
        try:
            return _inflate(zlib.decompressobj(), body, limit)
        except zlib.error:
            return _inflate(zlib.decompressobj(-zlib.MAX_WBITS), body, limit)  # raw deflate, as some servers send
    if encoding == "br":
        try:
            import brotli  # a dependency (fastwarc's too); missing only from a partial install
        except ImportError:
            raise MissingCodec("HTTP body is brotli-compressed (Content-Encoding: br) and the brotli "
                               "package is not installed (pip install brotli); record not read") from None
        out = brotli.Decompressor().process(body, output_buffer_limit=limit + 1)
        if len(out) > limit:
            raise TooLarge(_too_large(limit))
        return out
    raise ValueError(f"unknown Content-Encoding {encoding!r}")


def _inflate(d, body: bytes, limit: int) -> bytes:
    out = d.decompress(body, limit + 1)
    if len(out) > limit:
        raise TooLarge(_too_large(limit))
    if not d.eof:
        raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says
    return out


def _too_large(limit: int) -> str:
    return (f"HTTP body unpacks to more than the {limit / 2**20:g} MB page size cap "
            f"(--max-page-size); record not read")
