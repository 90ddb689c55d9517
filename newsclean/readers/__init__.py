"""Readers: turn what the user gave (paths, stdin) into Pages.

Only text dumps are read for now; every reader yields Pages and reports problems as
:class:`~newsclean.errors.InputError` (a bad input) or warnings (a decodable oddity).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from ..errors import InputError
from ..model import Page
from .html import looks_like_html, page_from_html
from .text import page_from_text

#: How much of a file is checked for NUL bytes before it is called binary.
BINARY_SNIFF_BYTES = 8192


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


def decode(data: bytes, name: str, *, binary_check: bool = True) -> Decoded:
    """Bytes → str: UTF-8 (BOM dropped), else the detected charset, else UTF-8 with
    replacement characters. Anything but clean UTF-8 comes with a warning.

    Raises InputError for binary data (NUL bytes), which is no text page.
    """
    if binary_check and b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise InputError(f"{name}: looks binary (contains NUL bytes); give a text or HTML page")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        first_bad = exc.start
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
        return Decoded(text, [f"{name}: not valid UTF-8 (byte {first_bad}); decoded as {encoding}"])
    return Decoded(
        data.decode("utf-8", errors="replace"),
        [f"{name}: not valid UTF-8 (byte {first_bad}); undecodable bytes replaced with U+FFFD"],
    )


def read_bytes(path: str, stdin: BinaryIO | None = None) -> bytes:
    """Read a path (``-`` = stdin) whole, turning OS errors into InputError."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory; give the files inside it (e.g. {path}/*.txt)")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_pages(path: str, stdin: BinaryIO | None = None) -> tuple[list[Page], list[str]]:
    """Read one input (a path or ``-``) into pages, with the warnings met on the way.
    HTML is recognised by its content (a doctype or <html> near the start), whatever
    the file is called; everything else is a text dump."""
    name = "<stdin>" if path == "-" else path
    data = read_bytes(path, stdin)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, name)
    return page_from_bytes(data, source=path, name=name)


def page_from_bytes(data: bytes, *, source: str, name: str | None = None, url: str | None = None,
                    kind: str | None = None, encoding_hint: str | None = None) -> tuple[list[Page], list[str]]:
    """One page from raw bytes: ``kind`` "text" or "html", or None to sniff it."""
    name = name or source
    if kind is None and b"\x00" in data[:BINARY_SNIFF_BYTES]:
        # Only when guessing: a caller who says "this is HTML" gets it read as HTML.
        raise InputError(f"{name}: looks binary (contains NUL bytes); give a text or HTML page")
    if kind == "html" or (kind is None and looks_like_html(data)):
        page, warnings = page_from_html(data, source=source, url=url, encoding_hint=encoding_hint)
        return [page], warnings
    decoded = decode(data, name, binary_check=False)  # judged above
    return [page_from_text(decoded.text, source=source, url=url)], decoded.warnings


def _gunzip(data: bytes, name: str) -> bytes:
    """A gzipped page (crawlers save ``page.html.gz``), read whole."""
    import gzip
    import zlib

    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"{name}: looks gzipped but cannot be unpacked ({exc})") from None


def iter_pages(paths: list[str], stdin: BinaryIO | None = None) -> Iterator[tuple[str, list[Page] | InputError, list[str]]]:
    """For each path: (path, pages or the InputError that stopped it, warnings)."""
    for path in paths:
        try:
            pages, warnings = read_pages(path, stdin)
        except InputError as exc:
            yield path, exc, []
        else:
            yield path, pages, warnings
