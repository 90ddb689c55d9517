"""Byte streams as crawlers leave them: plain, gzip or zstd, from a file or stdin.

Everything here streams: a multi-gigabyte dump is read in chunks, never whole. Damage
(a truncated or corrupt compressed stream) is reported as :class:`StreamDamage` *after*
every byte that could be decoded has been handed out, so the records before the damage
are kept.
"""
from __future__ import annotations

import zlib
from typing import BinaryIO, Iterator

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

#: Bytes read from the underlying file per step.
CHUNK_BYTES = 1 << 20
#: Compressed bytes fed to the decompressor at a time (what corruption can cost at most
#: before salvage finds the exact spot).
SLICE_BYTES = 64 << 10


class StreamDamage(Exception):
    """The compressed stream is truncated or corrupt from this point on."""

    def __init__(self, message: str, *, truncated: bool = False) -> None:
        super().__init__(message)
        #: The data just stops (the file may still be being written), rather than
        #: being corrupt.
        self.truncated = truncated


class Peekable:
    """A binary stream whose first bytes can be looked at before it is consumed
    (stdin cannot seek back)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self._head = b""
        self.consumed = 0  # raw bytes handed out so far (for progress)
        # The raw stream has said "end" once: a terminal says so to one read only
        # (Ctrl-D), and asking again would wait for another.
        self._eof = False

    def _raw_read(self, n: int = -1) -> bytes:
        if self._eof:
            return b""
        data = self.raw.read(n)
        if not data and n != 0:
            self._eof = True
        return data

    def peek(self, n: int) -> bytes:
        while len(self._head) < n and not self._eof:
            more = self._raw_read(n - len(self._head))
            if not more:
                break
            self._head += more
        return self._head[:n]

    def read(self, n: int = -1) -> bytes:
        if self._head:
            if n < 0:
                data, self._head = self._head + self._raw_read(), b""
            else:
                data, self._head = self._head[:n], self._head[n:]
                if len(data) < n:
                    data += self._raw_read(n - len(data))
        else:
            data = self._raw_read(n)
        self.consumed += len(data)
        return data

    def tell(self) -> int:
        return self.consumed


def compression_of(head: bytes) -> str | None:
    """"gzip", "zstd" or None, from a stream's first bytes."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return None


def decompressed_chunks(stream: Peekable) -> Iterator[bytes]:
    """The stream's bytes, decompressed if it is gzip (any number of members) or zstd.
    Raises StreamDamage after the last decodable byte when the data is cut short or
    corrupt."""
    kind = compression_of(stream.peek(4))
    if kind is None:
        while chunk := stream.read(CHUNK_BYTES):
            yield chunk
        return
    if kind == "gzip":
        yield from _gunzip_chunks(stream)
    else:
        yield from _unzstd_chunks(stream)


def _gunzip_chunks(stream: Peekable) -> Iterator[bytes]:
    new = lambda: zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # noqa: E731
    d, fed = new(), False
    at = 0  # compressed offset of the slice being fed
    while chunk := stream.read(CHUNK_BYTES):
        for i in range(0, len(chunk), SLICE_BYTES):
            data = chunk[i:i + SLICE_BYTES]
            while data:
                before = d.copy()
                try:
                    out = d.decompress(data)
                except zlib.error as exc:
                    # zlib hands out nothing from a call that fails: feed the slice again
                    # in small steps to a copy, to keep what precedes the damage.
                    yield from _salvage(before, data)
                    raise StreamDamage(f"corrupt gzip data after byte {at} ({exc})") from None
                fed = True
                if out:
                    yield out
                if d.eof:  # a member ended; what follows is the next one (crawlers write many)
                    data = d.unused_data
                    d, fed = new(), False
                else:
                    data = b""
            at += min(SLICE_BYTES, len(chunk) - i)
    if fed and not d.eof:
        raise StreamDamage("gzip data ends early (truncated file)", truncated=True)


def _salvage(d, data: bytes, step: int = 256) -> Iterator[bytes]:
    for i in range(0, len(data), step):
        try:
            out = d.decompress(data[i:i + step])
        except zlib.error:
            return
        if out:
            yield out


def _unzstd_chunks(stream: Peekable) -> Iterator[bytes]:
    import zstandard

    new = lambda: zstandard.ZstdDecompressor().decompressobj()  # noqa: E731
    d, started = new(), False
    while chunk := stream.read(CHUNK_BYTES):
        data = chunk
        while data:
            try:
                out = d.decompress(data)
            except zstandard.ZstdError as exc:
                raise StreamDamage(f"corrupt zstd data near byte {stream.tell()} ({exc})") from None
            started = True
            if out:
                yield out
            if d.eof:  # a frame ended; what follows is the next one (`cat a.zst b.zst`)
                data = d.unused_data
                d, started = new(), False
            else:
                data = b""
    if started and not d.eof:
        raise StreamDamage("zstd data ends early (truncated file)", truncated=True)


def lines(chunks: Iterator[bytes], max_len: int = 0) -> Iterator[tuple[int, bytes | None, bool]]:
    """(byte offset, line without its newline, whether a newline ended it) for each line
    of a chunked stream. A line longer than ``max_len`` bytes (when set) is given as
    None, its bytes not kept. A line spanning many chunks is joined once, not copied
    again with each chunk."""
    offset = 0
    pending: list[bytes] = []  # the line going on, in pieces
    held = 0  # bytes in pending
    over = False  # the line going on is past max_len: its bytes are dropped
    for chunk in chunks:
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                break
            size = held + end - start
            if over or (max_len and size > max_len):
                line = None
            elif pending:
                pending.append(chunk[start:end])
                line = b"".join(pending)
            else:
                line = chunk[start:end]
            yield offset, line, True
            offset += size + 1
            pending, held, over = [], 0, False
            start = end + 1
        if start < len(chunk):
            held += len(chunk) - start
            if max_len and held > max_len:
                over, pending = True, []
            elif not over:
                pending.append(chunk[start:])
    if held:
        yield offset, None if over else b"".join(pending), False
