"""Readers: turn what the user gave (paths, stdin) into records, and records into Pages.

An input is recognised by its content, whatever it is called: gzip or zstd compression,
then a WARC archive, a JSONL dump, or else one page (HTML or a text dump).
:func:`iter_records` streams the records of one input; :func:`page_from_record` makes
a record a Page. Problems are :class:`~newsclean.errors.InputError` (the input cannot be
read at all), error records (one broken record; the rest is read) or warnings (a
decodable oddity).
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

import webencodings

from ..errors import InputError
from ..model import Page
from ..textutil import strip_controls
from .html import looks_like_html, page_from_html
from .jsonl import iter_jsonl, looks_like_jsonl
from .record import MAX_PAGE_BYTES, Fields, Record
from .streams import GZIP_MAGIC, Peekable, StreamDamage, compression_of, decompressed_chunks
from .text import pages_from_text
from .warc import iter_warc, looks_like_warc, one_member_holds_many

__all__ = ["MAX_PAGE_BYTES", "Fields", "Record", "decode", "display_name", "iter_records", "iter_stream", "page_from_bytes", "page_from_record",
           "read_pages"]



#: How much of an input is looked at to tell WARC, JSONL and single pages apart.
SNIFF_BYTES = 1 << 16
#: File name endings that say "JSONL" even when the first line would not.
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst")

#: How much of an input is looked at to tell text from binary data.
BINARY_SNIFF_BYTES = 8192
#: Binary data: more than this share of the sniffed bytes are control bytes (below),
#: and one of them is NUL. A text page a scraper left a NUL or two in is read (without
#: them); an image or an archive, where about one byte in ten is a control byte, is not.
BINARY_CONTROL_SHARE = 0.02
#: C0 control bytes but the white space ones (tab, newline, vertical tab, form feed,
#: carriage return) and escape (ANSI colours in a terminal dump).
CONTROL_BYTES = bytes(c for c in range(32) if c not in b"\t\n\x0b\x0c\r\x1b")

# C0 control characters but white space, in decoded text (U+0001 read from "\x00\x01").
CONTROL_CHARS_RE = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")

#: Byte order marks, longest first, and the codec each says the bytes are in.
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
#: UTF-16 without a BOM: at least this share of the high (or low) bytes is NUL, as in
#: any text written mostly in Latin letters, and hardly any of the others.
UTF16_NUL_SHARE = 0.4

#: Legacy charsets news pages really use (charset_normalizer names). A detector's
#: guess outside this list on a short or odd text is noise ("cp1006" for Latin text).
WEB_ENCODINGS = frozenset(
    "cp1252 latin_1 iso8859_15 iso8859_2 cp1250 cp1251 koi8_r iso8859_5 cp1253 cp1254 "
    "iso8859_9 cp1256 cp1255 shift_jis cp932 euc_jp gb2312 gb18030 gbk big5 euc_kr cp949 "
    "utf_16 utf_16_le utf_16_be tis_620 cp874 cp1257 cp1258 mac_roman".split()
)
#: Latin code pages a detector confuses with windows-1252.
LATIN_SIBLINGS = frozenset("latin_1 iso8859_15 iso8859_2 cp1250 cp1254 iso8859_9 cp1257 mac_roman".split())
#: Below this many bytes the detector is not asked to pick an exotic charset.
DETECT_MIN_BYTES = 64


@dataclass
class Decoded:
    text: str
    warnings: list[str] = field(default_factory=list)
    #: The text's UTF-8 bytes, when it was read from UTF-8 (control characters taken
    #: out of both): the HTML parser can be given those instead of the text.
    utf8: bytes | None = None


def bom_codec(data: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when ``data`` opens with a byte order mark."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text without a BOM (NUL in every other
    byte, and the characters so read are text, not control characters), else None."""
    sample = data[:BINARY_SNIFF_BYTES]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd >= UTF16_NUL_SHARE and nul_even < 0.05:
        codec = "utf-16-le"
    elif nul_even >= UTF16_NUL_SHARE and nul_odd < 0.05:
        codec = "utf-16-be"
    else:
        return None
    text = sample[:len(sample) // 2 * 2].decode(codec, errors="replace")
    odd_chars = len(CONTROL_CHARS_RE.findall(text)) + text.count("\ufffd")
    return codec if odd_chars <= BINARY_CONTROL_SHARE * len(text) else None


def looks_binary(data: bytes) -> bool:
    """Whether bytes (with no BOM, and not UTF-16) are binary data rather than a page
    with a stray control byte: a NUL among the first BINARY_SNIFF_BYTES, and control
    bytes more than BINARY_CONTROL_SHARE of them."""
    sample = data[:BINARY_SNIFF_BYTES]
    if b"\x00" not in sample:
        return False
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls > BINARY_CONTROL_SHARE * len(sample)


def binary_error(name: str) -> InputError:
    return InputError(f"{name}: looks binary (control bytes, NUL among them); give a text or HTML page")


#: WHATWG encodings no Python codec decodes as a browser does: "replacement" (labels
#: like iso-2022-kr, which browsers refuse to decode: a page's whole text would be one
#: U+FFFD) and "x-user-defined" (bytes as private-use characters). Declared, they
#: are ignored, and the bytes are read as if nothing were declared.
UNDECODED_ENCODINGS = frozenset({"replacement", "x-user-defined"})


def codec_of(label: str) -> str | None:
    """The Python codec for a charset label as pages and headers give it, by the
    WHATWG Encoding Standard's label table (``webencodings``), as browsers read
    them: "latin1", "iso-8859-1", "us-ascii" are windows-1252, "iso-8859-9" is
    windows-1254, "tis-620" windows-874, "euc-kr" cp949, "shift_jis" cp932, "gb2312"
    and "gbk" gb18030 (the standard's GBK decoder is gb18030's). None for a label
    the table does not hold, as browsers ignore it ("x-mac-turkish", and Python
    codec names that are no text encoding at all: "base64", "rot13"): decode then
    reads the bytes as if nothing were declared.

    >>> codec_of("ISO-8859-9"), codec_of("latin1"), codec_of("base64")
    ('cp1254', 'cp1252', None)
    """
    label = label.strip().strip("\"'")
    if not label or len(label) > 40 or not label.isascii():
        return None  # every label in the table is ASCII (a lone surrogate cannot be looked up)
    # (ASCII case and white space ignored, a dict lookup.) A label the table has in
    # another spelling ("latin-1", "utf_8", "windows_1252") is that label: browsers
    # ignore it, but its author meant it, and the bytes are read the same.
    encoding = (webencodings.lookup(label) or webencodings.lookup(label.replace("_", "-"))
                or webencodings.lookup(label.replace("_", "").replace("-", "")))
    if encoding is None or encoding.name in UNDECODED_ENCODINGS:
        return None
    return "gb18030" if encoding.name == "gbk" else encoding.codec_info.name


def decode(data: bytes, name: str, *, binary_check: bool = True, declared: str | None = None,
           from_meta: bool = False) -> Decoded:
    """Bytes → str, in the browsers' order: a BOM, else the ``declared`` charset (an
    HTTP header, or the page's <meta> when ``from_meta``), else UTF-8, else the
    detected charset. The text comes without C0 control characters (strip_controls).

    Valid UTF-8 declared as a legacy charset ("StraÃŸenbahn" if believed) is read as
    UTF-8; a declaration that is overruled, unknown or does not fit the bytes, and
    anything but clean UTF-8, come with a warning. Pure ASCII fits any declaration.

    Raises InputError for binary data (see looks_binary), which is no text page.
    """
    warnings: list[str] = []
    bom = bom_codec(data)
    utf16 = None if bom else utf16_without_bom(data)
    if binary_check and not bom and not utf16 and looks_binary(data):
        raise binary_error(name)
    codec = codec_of(declared) if declared else None
    if declared and codec is None:
        warnings.append(f"{name}: unknown charset {declared!r} declared; ignored")
    if from_meta and codec in ("utf-16", "utf-16-le", "utf-16-be"):
        codec = "utf-8"  # a page that can say so in ASCII is not UTF-16 (WHATWG)
    if bom or utf16:
        found, skip = bom or (utf16, 0)
        if codec and codec != found and not (codec.startswith("utf-16") and found.startswith("utf-16")):
            warnings.append(f"{name}: declared charset {declared!r} overruled by the "
                            f"{'byte order mark' if bom else 'NUL bytes of UTF-16'} ({found})")
        return _finish(data, name, found, skip, warnings)
    if codec == "utf-8":
        utf8 = _as_utf8(data, warnings)  # decoded once: most pages say UTF-8
        if utf8 is not None:
            return utf8
        warnings.append(f"{name}: declared charset {declared!r} does not fit the bytes")
    elif codec:
        if data.isascii():
            return _finish(data, name, "utf-8", 0, warnings)  # the same text either way
        utf8 = _as_utf8(data, warnings)
        if utf8 is not None:
            warnings.append(f"{name}: declared charset {declared!r} overruled: the bytes are valid UTF-8")
            return utf8
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            warnings.append(f"{name}: declared charset {declared!r} does not fit the bytes")
        else:
            return Decoded(strip_controls(text, True), warnings)
    return _detected(data, name, warnings)


#: The C0 controls strip_controls(text, True) changes, each with what it puts in its
#: place ...
_CONTROL_REPLACEMENTS = {c: strip_controls(c, True) for c in map(chr, range(32)) if strip_controls(c, True) != c}
#: ... and the same on UTF-8 bytes, where a C0 control is its byte (and never part of
#: another character's): the bytes to look for (each made NUL by _CONTROL_TEST),
#: those dropped, and a table putting the others' replacements in.
_STRIPPED_BYTES = bytes(map(ord, _CONTROL_REPLACEMENTS))
_CONTROL_TEST = bytes.maketrans(_STRIPPED_BYTES, bytes(len(_STRIPPED_BYTES)))
_CONTROL_DROPPED = bytes(ord(c) for c, new in _CONTROL_REPLACEMENTS.items() if not new)
_CONTROL_MAP = bytes.maketrans(
    bytes(ord(c) for c, new in _CONTROL_REPLACEMENTS.items() if new),
    bytes(ord(new) for c, new in _CONTROL_REPLACEMENTS.items() if new))


def _as_utf8(data: bytes, warnings: list[str]) -> Decoded | None:
    """``data`` read as UTF-8, or None when it is not valid UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    clean, utf8 = _utf8_clean(text, data)
    return Decoded(clean, warnings, utf8=utf8)


def _utf8_clean(text: str, data: bytes) -> tuple[str, bytes]:
    """strip_controls(text, True) for ``text`` decoded from the UTF-8 ``data``, and its
    UTF-8 bytes. Worked on the bytes, which in UTF-8 hold a control character as the
    byte itself and never inside another character's bytes: the test is one C pass
    (NUL in the bytes with every control byte made NUL), and a page with some, a
    third of them (CRLF line ends), is cleaned with bytes.replace and
    bytes.translate then decoded again: 0.5 ms for a page of 140 KB, where
    strip_controls on the text, and the text encoded again for the parser, took 1.3."""
    if data.translate(_CONTROL_TEST).find(0) < 0:
        return text, data
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    data = data.translate(_CONTROL_MAP, _CONTROL_DROPPED)
    return data.decode("utf-8"), data


def _finish(data: bytes, name: str, codec: str, skip: int, warnings: list[str]) -> Decoded:
    """``data[skip:]`` in a codec known to fit (a BOM's, or UTF-8 that decodes): bytes
    that do not fit after all are replaced, with a warning."""
    body = data[skip:]
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "utf-8":
            return _detected(body, name, warnings, skip)
        text = body.decode(codec, errors="replace")
        warnings.append(f"{name}: not valid {codec} (byte {skip + exc.start}); "
                        f"undecodable bytes replaced with U+FFFD")
    if codec != "utf-8":
        return Decoded(strip_controls(text, True), warnings)
    clean, utf8 = _utf8_clean(text, body)
    return Decoded(clean, warnings, utf8=utf8)


def _detected(data: bytes, name: str, warnings: list[str], skip: int = 0) -> Decoded:
    """UTF-8 if it decodes, else the detector's charset (with a warning)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        clean, utf8 = _utf8_clean(text, data)
        return Decoded(clean, warnings, utf8=utf8)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # detector trouble must not lose the page
        best = None
    encoding = best.encoding if best is not None and best.encoding in WEB_ENCODINGS else None
    if encoding in LATIN_SIBLINGS:
        # Detectors split hairs between Latin code pages on little evidence ("ñ" read
        # as "ń"); windows-1252 is by far the commonest on the web.
        encoding = "cp1252"
    if encoding is None and len(data) < DETECT_MIN_BYTES:
        # Too little text for a detector to judge: the web's commonest legacy charset.
        encoding = "cp1252"
    if encoding:
        text = data.decode(encoding, errors="replace")
        return Decoded(strip_controls(text, True), warnings + [
            f"{name}: not valid UTF-8 (byte {skip + first_bad}); decoded as {encoding}"])
    return Decoded(
        strip_controls(data.decode("utf-8", errors="replace"), True),
        warnings + [f"{name}: not valid UTF-8 (byte {skip + first_bad}); undecodable bytes replaced with U+FFFD"],
    )


def read_pages(path: str, stdin: BinaryIO | None = None, fields: Fields = Fields(),
               max_page: int = MAX_PAGE_BYTES) -> tuple[list[Page], list[str]]:
    """Read one input (a path or ``-``) whole into pages, with the warnings met on the
    way (broken records of a dump become warnings). For `explain` and small inputs;
    batch work streams :func:`iter_records` instead. ``path`` may also name one record
    of a dump by its source ("dump.jsonl:17", "crawl.warc.gz@5123", "whole.warc.gz#3")."""
    m = SOURCE_RE.match(path) if path != "-" and not os.path.exists(path) else None
    if m and os.path.isfile(m["path"]):
        return _one_record(m["path"], path, fields, max_page)
    pages: list[Page] = []
    warnings: list[str] = []
    for record in iter_records(path, stdin=stdin, fields=fields, max_page=max_page):
        if record.error:
            if record.index == 0 and record.source == path:
                raise InputError(f"{record.source}: {record.error}")
            warnings.append(f"{record.source}: {record.error}")
        elif record.content is not None:
            more, w = page_from_record(record)
            pages += more
            warnings += w
    return pages, warnings


#: A record named by its source, as documents and errors.jsonl give it: "dump.jsonl:17"
#: (line 17), "crawl.warc.gz@5123" (the record at byte 5123), "crawl.warc.gz#3" (the
#: fourth page record of a WARC gzipped whole, or zstd-compressed).
SOURCE_RE = re.compile(r"^(?P<path>.+?)(?P<sep>[:@#])(?P<n>\d+)$")


def _one_record(path: str, source: str, fields: Fields, max_page: int) -> tuple[list[Page], list[str]]:
    """The page of one record of a dump, named by its source (``read_pages("d.jsonl:17")``).
    A WARC record is read where its offset says, without reading what comes before."""
    for record in _records_from(path, source, fields, max_page):
        if record.source == source:
            if record.error or record.content is None:
                raise InputError(f"{source}: {record.error or record.skip}")
            return page_from_record(record)
    raise InputError(f"{path} has no record {source} (records are named <file>:<line> in JSONL, "
                     f"<file>@<byte offset> in WARC and for the parts of a page over the size cap, "
                     f"<file>#<number> in a WARC compressed whole, "
                     f"as in the documents' source field)")


def _records_from(path: str, source: str, fields: Fields, max_page: int) -> Iterator[Record]:
    m = SOURCE_RE.match(source)
    if m["sep"] == "@":
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
            if looks_like_warc(_decompressed_head(head, compression_of(head))):
                fh.seek(int(m["n"]))
                start = fh.read(3)
                fh.seek(int(m["n"]))
                # The first record read from there is the one asked for, if any.
                for record in iter_warc(fh, path, seekable=False, compressed=start.startswith(GZIP_MAGIC),
                                        max_page=max_page):
                    yield record
                    return
                return
    yield from iter_records(path, fields=fields, max_page=max_page)


def display_name(source: str) -> str:
    """A source as messages show it: stdin is "<stdin>" ("<stdin>:3" for its 3rd line)."""
    return "<stdin>" + source[1:] if source == "-" or source[:2] in ("-:", "-@", "-#") else source


def iter_records(path: str, *, stdin: BinaryIO | None = None, fields: Fields = Fields(),
                 max_page: int = MAX_PAGE_BYTES) -> Iterator[Record]:
    """Stream the records of one input (a path, or ``-`` for stdin).

    ``max_page`` caps the bytes of one page (0: no cap): a text dump larger than that
    is read in parts, each a page of its own (see _page_parts); an HTML page is cut
    there; a larger JSONL line or WARC record is an error record, never read whole.

    Raises InputError when the input cannot be opened; a broken record (bad JSON line,
    damaged WARC record, truncated compression) is yielded as a Record with ``error``
    and reading goes on where it can.
    """
    if path == "-":
        raw = stdin if stdin is not None else sys.stdin.buffer
        yield from _records(raw, path, fields, seekable=False, max_page=max_page)
        return
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory; give the files inside it (e.g. {path}/*.txt)")
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with fh:
        try:
            yield from _records(fh, path, fields, seekable=True, max_page=max_page)
        except OSError as exc:  # the disk failed under us
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def iter_stream(raw: BinaryIO, name: str, *, fields: Fields = Fields(), seekable: bool = False,
                max_page: int = MAX_PAGE_BYTES) -> Iterator[Record]:
    """The records of an input already opened (an object-store file, a socket …);
    ``name`` names its records. ``seekable`` lets a WARC reader skip damage."""
    yield from _records(raw, name, fields, seekable=seekable, max_page=max_page)


def _records(raw: BinaryIO, name: str, fields: Fields, *, seekable: bool, max_page: int = MAX_PAGE_BYTES
             ) -> Iterator[Record]:
    """The records of one opened input; ``name`` (the path, ``-`` for stdin) names them."""
    stream = Peekable(raw)
    head = stream.peek(SNIFF_BYTES)
    compression = compression_of(head)
    plain_head = _decompressed_head(head, compression)
    if looks_like_warc(plain_head):
        gz = compression == "gzip"
        # gzip in one member for the whole file: no byte offset of the file starts a
        # record (two would share one), records are named by their number.
        by_index = gz and one_member_holds_many(head)
        if seekable and compression != "zstd":
            raw.seek(0)
            yield from iter_warc(raw, name, seekable=True, compressed=gz, by_index=by_index, max_page=max_page)
        else:
            yield from iter_warc(stream, name, seekable=False, compressed=gz, by_index=by_index, max_page=max_page)
        return
    if name.lower().endswith(JSONL_SUFFIXES) or looks_like_jsonl(plain_head):
        yield from iter_jsonl(stream, name, fields, max_page)
        return
    # One page, read whole (or in parts, over the cap).
    index = 0
    try:
        for index, record in enumerate(_page_parts(decompressed_chunks(stream), name, max_page,
                                                   looks_like_html(plain_head))):
            record.raw_pos = stream.tell()
            yield record
    except StreamDamage as exc:
        yield Record(source=name, index=index, error=f"looks {compression}-compressed but cannot be "
                     f"unpacked ({exc})", raw_pos=stream.tell())


def _page_parts(chunks: Iterator[bytes], name: str, max_page: int, html: bool) -> Iterator[Record]:
    """The records of one page read from ``chunks``: one, holding it all, up to
    ``max_page`` bytes (or with no cap). Past the cap, an HTML page is cut there (its
    story comes first; the rest is read and dropped) and a text dump is read in parts
    of at most ``max_page`` bytes, each cut after the last blank line (else line break)
    in its final quarter, and named by the byte it starts at ("dump.txt@33554000"):
    each part is a page of its own, and memory stays bounded however long the input."""
    buf = bytearray()
    offset = 0
    part = 0
    for chunk in chunks:
        buf += chunk
        while max_page and len(buf) > max_page:
            if html:
                dropped = len(buf) - max_page + sum(len(c) for c in chunks)
                yield Record(source=name, index=0, offset=0, content=bytes(buf[:max_page]),
                             warning=f"{display_name(name)}: HTML page is larger than the {max_page / 2**20:g} MB "
                                     f"page size cap (--max-page-size); its last {dropped} bytes were not read")
                return
            cut = _cut(buf, max_page)
            yield Record(source=name if part == 0 else f"{name}@{offset}", index=part, offset=offset,
                         content=bytes(buf[:cut]),
                         warning=None if part else (
                             f"{display_name(name)}: larger than the {max_page / 2**20:g} MB page size cap "
                             f"(--max-page-size); read in parts cut at blank lines, each cleaned as a page "
                             f"(a story across a cut is split in two)"))
            del buf[:cut]
            offset += cut
            part += 1
    yield Record(source=name if part == 0 else f"{name}@{offset}", index=part, offset=offset if part else None,
                 content=bytes(buf))


def _cut(buf: bytearray, limit: int) -> int:
    """Where to end a part of a text dump: after the last blank line in the last
    quarter before ``limit``, else the last line break there, else at ``limit`` (moved
    back to the start of a UTF-8 character)."""
    floor = limit - limit // 4
    for sep in (b"\n\n", b"\n"):
        at = buf.rfind(sep, floor, limit)
        if at >= 0:
            return at + len(sep)
    cut = limit
    while cut > floor and buf[cut] & 0xC0 == 0x80:
        cut -= 1
    return cut


def _decompressed_head(head: bytes, compression: str | None) -> bytes:
    """The start of the decompressed data, for sniffing (never raises)."""
    try:
        if compression == "gzip":
            import zlib

            return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        if compression == "zstd":
            import zstandard

            return zstandard.ZstdDecompressor().decompressobj().decompress(head)[:SNIFF_BYTES]
    except Exception:  # damaged from the start: reading will say so
        return b""
    return head


def page_from_record(record: Record) -> tuple[list[Page], list[str]]:
    """The page a record holds (its id, URL and container metadata attached)."""
    if isinstance(record.content, str):
        content = record.content  # the page readers take out control characters
        if record.kind == "html" or (record.kind is None and looks_like_html(content[:65536].encode())):
            page, warnings = page_from_html(content, source=record.source, url=record.url)
        else:
            page, warnings = None, []
            pages = pages_from_text(content, source=record.source, url=record.url)
        if page is not None:
            pages = [page]
    else:
        pages, warnings = page_from_bytes(record.content or b"", source=record.source,
                                          name=display_name(record.source), url=record.url,
                                          kind=record.kind, encoding_hint=record.encoding_hint)
    for page in pages:
        page.id = record.id
        page.meta.update(record.meta)
    if record.warning:
        warnings = [record.warning, *warnings]
    return pages, warnings


def page_from_bytes(data: bytes, *, source: str, name: str | None = None, url: str | None = None,
                    kind: str | None = None, encoding_hint: str | None = None) -> tuple[list[Page], list[str]]:
    """One page from raw bytes: ``kind`` "text" or "html", or None to sniff it.
    ``encoding_hint`` is the charset the transport declared (an HTTP header)."""
    name = name or source
    bom = bom_codec(data)
    utf16 = None if bom else utf16_without_bom(data)
    if kind is None and not bom and not utf16 and looks_binary(data):
        # Only when guessing: a caller who says "this is HTML" gets it read as HTML.
        raise binary_error(name)
    if bom and bom[0] != "utf-8" or utf16:
        # UTF-16: sniffed (and, for HTML, parsed) from its text.
        decoded = decode(data, name, binary_check=False, declared=encoding_hint)
        if kind == "html" or (kind is None and looks_like_html(decoded.text[:2048].encode())):
            page, warnings = page_from_html(decoded.text, source=source, url=url)
            return [page], decoded.warnings + warnings
        return pages_from_text(decoded.text, source=source, url=url), decoded.warnings
    if kind == "html" or (kind is None and looks_like_html(data)):
        page, warnings = page_from_html(data, source=source, url=url, encoding_hint=encoding_hint)
        return [page], warnings
    decoded = decode(data, name, binary_check=False, declared=encoding_hint)  # judged above
    return pages_from_text(decoded.text, source=source, url=url), decoded.warnings
