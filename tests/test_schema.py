"""The published document schema: every output validates against the JSON Schema
shipped in the package, the Arrow schema is the same one, and shards of different
inputs (a text dump shard whose `url` is all null, an HTML shard with URLs) read back
as one table under it, as JSONL and as `batch --format parquet`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean import Document, Pipeline
from newsclean.cli import main
from newsclean.model import STATS_KEYS
from newsclean.readers import read_pages
from newsclean.schema import SCHEMA_PATH, arrow_schema, field_names, json_schema

from _crawl import FIXTURES, page_responses, warc_bytes

jsonschema = pytest.importorskip("jsonschema")
pa = pytest.importorskip("pyarrow")
import pyarrow.dataset as pads  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

VALIDATOR = jsonschema.Draft202012Validator(json_schema(), format_checker=jsonschema.FormatChecker())
FIXTURE_INPUTS = sorted(p for p in FIXTURES.glob("*/input.*"))


def problems(doc: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


@pytest.fixture
def runner():
    return CliRunner()


def test_the_schema_file_is_a_valid_json_schema_in_the_package():
    jsonschema.Draft202012Validator.check_schema(json_schema())
    assert Path(SCHEMA_PATH).name == "document.schema.json" and Path(SCHEMA_PATH).is_file()
    assert field_names() == tuple(Document("x#1", "x").to_dict())


@pytest.mark.parametrize("path", FIXTURE_INPUTS, ids=lambda p: p.parent.name)
def test_every_fixture_document_validates(path):
    pipeline = Pipeline()
    pages, _ = read_pages(str(path))
    docs = [d.to_dict() for page in pages for d in pipeline.run(page)]
    assert docs or path.parent.name == "chrome_only_page"
    for doc in docs:
        assert problems(doc) == [], doc["id"]


def test_cli_jsonl_and_json_output_validate(runner):
    inputs = [str(p) for p in FIXTURE_INPUTS]
    result = runner.invoke(main, ["clean", "--format", "jsonl", *inputs])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > len(inputs)  # split stories too
    for line in lines:
        assert problems(json.loads(line)) == [], line[:80]
    result = runner.invoke(main, ["clean", "--format", "json", *inputs[:5]])
    assert result.exit_code == 0, result.stderr
    for doc in json.loads(result.stdout):
        assert problems(doc) == []


def test_a_document_made_by_hand_still_carries_every_field():
    doc = Document(id="page.txt#1", source="page.txt", stats={"body": 3}).to_dict()
    assert problems(doc) == []
    assert doc["stats"] == {key: (3 if key == "body" else 0) for key in STATS_KEYS}
    assert doc["url"] is None and doc["authors"] == []


@pytest.mark.parametrize("change,complaint", [
    ({"published": "November 19, 2019, 07:47 PM EST"}, "does not match"),
    ({"updated": "2019-11-19 13:16"}, "does not match"),
    ({"url": 3}, "is not of type"),
    ({"authors": None}, "is not of type"),
    ({"stats": {"blocks_in": 2}}, "is a required property"),
    ({"lang": "English"}, "does not match"),
    ({"extra": 1}, "Additional properties"),
])
def test_the_schema_refuses_what_loaders_trip_on(change, complaint):
    doc = Document(id="page.txt#1", source="page.txt", published="2019-11-19T19:47").to_dict()
    assert problems(doc) == []
    assert any(complaint in p for p in problems({**doc, **change}))
    missing = dict(doc)
    del missing["url"]
    assert any("'url' is a required property" in p for p in problems(missing))


def test_the_arrow_schema_is_the_json_schema():
    schema, spec = arrow_schema(), json_schema()
    assert schema.names == list(spec["properties"])
    for name, prop in spec["properties"].items():
        field = schema.field(name)
        assert field.nullable == ("null" in prop["type"]), name
    assert schema.field("stats").type.names == list(STATS_KEYS)
    assert pa.types.is_list(schema.field("authors").type)


def test_spark_writes_the_same_fields():
    from newsclean.spark import DOCUMENT_FIELDS

    assert tuple(name for name, _ in DOCUMENT_FIELDS) == field_names()


# ------------------------------------------------------------------ mixed shards

@pytest.fixture
def mixed_inputs(tmp_path) -> tuple[Path, Path]:
    """A folder of text dumps (no URL anywhere) and a WARC of HTML pages (URLs)."""
    texts = tmp_path / "texts"
    texts.mkdir()
    for path in FIXTURES.glob("*/input.txt"):
        (texts / f"{path.parent.name}.txt").write_bytes(path.read_bytes())
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(warc_bytes([r for r in page_responses() if r.url.startswith("https://") and
                                 b"<" in r.body[:200]]))
    return texts, warc


def _batch(runner, inp: Path, out: Path, *args: str) -> None:
    result = runner.invoke(main, ["batch", str(inp), "-o", str(out), "-j", "1", *args])
    assert result.exit_code == 0, result.stderr


def _jsonl(outdir: Path) -> list[dict]:
    return [json.loads(line) for shard in sorted(outdir.glob("part-*.jsonl"))
            for line in shard.read_text(encoding="utf-8").splitlines()]


def test_mixed_jsonl_shards_read_back_under_one_schema(runner, mixed_inputs, tmp_path):
    texts, warc = mixed_inputs
    _batch(runner, texts, tmp_path / "a")
    _batch(runner, warc, tmp_path / "b")
    a, b = _jsonl(tmp_path / "a"), _jsonl(tmp_path / "b")
    assert a and all(d["url"] is None for d in a)  # the shard pyarrow would type as null
    assert b and all(d["url"] for d in b)
    assert any(d["published"] for d in a) and any(d["published"] for d in b)
    shards = [str(p) for p in sorted(tmp_path.glob("[ab]/part-*.jsonl"))]
    table = pads.dataset(shards, format="json", schema=arrow_schema()).to_table()
    assert table.schema == arrow_schema()
    assert table.to_pylist() == a + b  # nothing changed on the way: dates stay strings


def test_batch_parquet_shards_hold_the_documents_in_the_schema(runner, mixed_inputs, tmp_path):
    texts, warc = mixed_inputs
    for name, inp in (("a", texts), ("b", warc)):
        _batch(runner, inp, tmp_path / f"{name}-jsonl")
        _batch(runner, inp, tmp_path / f"{name}-parquet", "--format", "parquet", "--shard-size", "9")
    shards = sorted(tmp_path.glob("[ab]-parquet/part-*.parquet"))
    assert len(shards) > 4
    assert not list(tmp_path.glob("*-parquet/part-*.jsonl*"))
    for shard in shards:
        assert pq.read_schema(shard) == arrow_schema()
    table = pads.dataset([str(s) for s in shards], format="parquet").to_table()
    expected = _jsonl(tmp_path / "a-jsonl") + _jsonl(tmp_path / "b-jsonl")
    assert table.to_pylist() == expected
    report = json.loads((tmp_path / "a-parquet" / "report.json").read_text())
    assert report["total"]["documents"] == len(_jsonl(tmp_path / "a-jsonl"))


def test_parquet_shards_are_byte_identical_whatever_jobs_and_resume(runner, mixed_inputs, tmp_path):
    _, warc = mixed_inputs
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(main, ["batch", str(warc), "-o", str(out), "-j", jobs, "--format", "parquet",
                                      "--shard-size", "4"])
        assert result.exit_code == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.glob("part-*"))})
    assert outputs[0] == outputs[1] and len(outputs[0]) > 2
    again = runner.invoke(main, ["batch", str(warc), "-o", str(tmp_path / "out1"), "-j", "1",
                                 "--format", "parquet", "--shard-size", "4"])
    assert again.exit_code == 0 and "1 inputs already done" in again.stderr
    other = runner.invoke(main, ["batch", str(warc), "-o", str(tmp_path / "out1"), "-j", "1",
                                 "--shard-size", "4"])
    assert other.exit_code == 2 and "other options" in other.stderr


def test_parquet_with_compress_is_a_usage_error(runner, mixed_inputs, tmp_path):
    _, warc = mixed_inputs
    result = runner.invoke(main, ["batch", str(warc), "-o", str(tmp_path / "out"), "--format", "parquet",
                                  "--compress", "gz"])
    assert result.exit_code == 2
    assert "--compress is for jsonl shards" in result.stderr
    assert not (tmp_path / "out").exists()


def test_parquet_without_pyarrow_names_the_extra(runner, mixed_inputs, tmp_path, monkeypatch):
    _, warc = mixed_inputs
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    result = runner.invoke(main, ["batch", str(warc), "-o", str(tmp_path / "out"), "-j", "1",
                                  "--format", "parquet"])
    assert result.exit_code == 2, result.stderr
    assert "pip install 'newsclean[parquet]'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not list(tmp_path.glob("out/part-*"))
