"""Parquet: documents as rows of the published Arrow schema (``newsclean.schema``).

Used by ``newsclean batch --format parquet`` for its shards. pyarrow is optional
(``pip install 'newsclean[parquet]'``); without it, :class:`ParquetShard` raises
:class:`~newsclean.errors.MissingExtra` naming the extra.
"""
from __future__ import annotations

import json
from typing import Any, BinaryIO

from ..schema import arrow_schema, require_pyarrow

#: Documents per row group: a row group is the unit readers fetch and skip, and what
#: this writer holds in memory (some MB of text); shards close at fixed document
#: counts, so row groups do too and the bytes are the same whatever ``-j``.
ROW_GROUP_DOCUMENTS = 2_000
#: Compression inside the file (Parquet compresses each column chunk itself).
COMPRESSION = "zstd"


class ParquetShard:
    """A Parquet file written into an open binary file ``sink`` (which the caller
    fsyncs, closes and renames): :meth:`add` JSON lines as :func:`..writers.jsonl_line`
    makes them, :meth:`close` to write the footer."""

    def __init__(self, sink: BinaryIO) -> None:
        require_pyarrow()
        import pyarrow.parquet as pq

        self.schema = arrow_schema()
        self.writer = pq.ParquetWriter(sink, self.schema, compression=COMPRESSION)
        self.rows: list[dict[str, Any]] = []

    def add(self, line: str) -> None:
        self.rows.append(json.loads(line))
        if len(self.rows) >= ROW_GROUP_DOCUMENTS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
