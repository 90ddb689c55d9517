"""The document schema, published for the tools that load newsclean's output.

Every document newsclean writes (``clean --format jsonl|json``, ``batch`` shards,
``newsclean.spark`` rows, :meth:`newsclean.Document.to_dict`) has the same fields with
the same types, null where the page does not tell:

- ``document.schema.json`` (beside this file, shipped in the package) is the JSON
  Schema; :func:`json_schema` returns it as a dict, :data:`SCHEMA_PATH` names the file.
- :func:`arrow_schema` is the same schema as a ``pyarrow.Schema``: the schema of the
  Parquet shards of ``newsclean batch --format parquet``, and the one to read JSONL
  shards under, so that a shard whose ``url`` is all null and one with URLs load as one
  table::

      import pyarrow.dataset as ds
      from newsclean.schema import arrow_schema

      table = ds.dataset("cleaned/", format="json", schema=arrow_schema()).to_table()

  pyarrow is optional (``pip install 'newsclean[parquet]'``) and imported only here.

Both come from the one JSON file: the Arrow schema is derived from it, so they cannot
drift apart.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtra

if TYPE_CHECKING:
    import pyarrow

__all__ = ["SCHEMA_PATH", "arrow_schema", "check_pyarrow", "field_names", "json_schema", "require_pyarrow"]

#: The JSON Schema file inside the installed package.
SCHEMA_PATH = str(resources.files(__name__).joinpath("document.schema.json"))


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files(__name__).joinpath("document.schema.json").read_text(encoding="utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every document validates against (a fresh copy)."""
    return json.loads(_schema_text())


def field_names() -> tuple[str, ...]:
    """The document's fields, in output order."""
    return tuple(json_schema()["properties"])


MISSING_PYARROW = ("Parquet and the Arrow schema need pyarrow, which is not installed: "
                   "pip install 'newsclean[parquet]'")


def require_pyarrow() -> Any:
    """The pyarrow module, or :class:`~newsclean.errors.MissingExtra` naming the extra
    that installs it."""
    try:
        import pyarrow
    except ImportError:
        raise MissingExtra(MISSING_PYARROW) from None
    return pyarrow


def check_pyarrow() -> None:
    """Raise :class:`~newsclean.errors.MissingExtra` unless pyarrow can be imported,
    without importing it (it starts threads: ``batch`` forks its workers after this)."""
    import importlib.util

    try:
        found = importlib.util.find_spec("pyarrow") is not None
    except (ValueError, AttributeError):  # in sys.modules as None: import would fail
        found = False
    if not found:
        raise MissingExtra(MISSING_PYARROW)


def arrow_schema() -> pyarrow.Schema:
    """The document schema as a ``pyarrow.Schema``, field for field the JSON Schema's:
    strings (nullable where the JSON Schema allows null), lists of strings, and
    ``stats`` as a struct of int64 counts (one fixed set of keys, so a struct, not a
    map: Hugging Face datasets has no map type).
    """
    pa = require_pyarrow()
    return pa.schema([_arrow_field(pa, name, spec) for name, spec in json_schema()["properties"].items()])


def _arrow_field(pa: Any, name: str, spec: dict[str, Any]) -> pyarrow.Field:
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    nullable = "null" in kinds
    kind = next(k for k in kinds if k != "null")
    if kind == "string":
        arrow = pa.string()
    elif kind == "integer":
        arrow = pa.int64()
    elif kind == "array" and spec["items"]["type"] == "string":
        arrow = pa.list_(pa.string())
    elif kind == "object":
        arrow = pa.struct([_arrow_field(pa, k, v) for k, v in spec["properties"].items()])
    else:  # a new kind of field in the JSON file: say so rather than guess
        raise ValueError(f"document schema field {name!r}: no Arrow type for {spec['type']!r}")
    return pa.field(name, arrow, nullable=nullable)
