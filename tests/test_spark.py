"""newsclean on Spark (local[2]): the documents equal those of `newsclean batch` on the
same WARC and JSONL inputs, through the job, clean_dataframe and Parquet.

Needs pyspark and a Java runtime. `.ci/run` installs both and sets
NEWSCLEAN_REQUIRE_SPARK=1, so there these tests fail rather than skip.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsclean
from newsclean.cli import main as cli

from _crawl import Response, jsonl_bytes, page_objects, page_responses, warc_bytes

REQUIRED = os.environ.get("NEWSCLEAN_REQUIRE_SPARK") == "1"


def _need(condition: bool, why: str) -> None:
    if not condition:
        if REQUIRED:
            pytest.fail(f"Spark tests required but {why}")
        pytest.skip(why)


try:
    import pyspark  # noqa: F401
except ImportError:
    pyspark = None


@pytest.fixture(scope="module")
def spark():
    _need(pyspark is not None, "pyspark is not installed (pip install -e '.[spark]')")
    _need(shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME")), "no Java runtime")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("newsclean-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def dumps(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("dumps")
    (root / "pages.jsonl.gz").write_bytes(gzip.compress(jsonl_bytes(page_objects()) + b"{bad line\n"))
    responses = page_responses()
    responses.insert(2, Response("https://news.example.org/logo.png", b"\x89PNG....", "image/png"))
    (root / "crawl.warc.gz").write_bytes(warc_bytes(responses))
    return [root / "pages.jsonl.gz", root / "crawl.warc.gz"]


def batch_docs(paths, outdir: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["batch", *map(str, paths), "-o", str(outdir), "-j", "1", "--quiet"])
    assert result.exit_code == 1, result.stderr  # the bad JSONL line
    lines = []
    for shard in sorted(outdir.glob("part-*.jsonl")):
        lines += shard.read_text(encoding="utf-8").splitlines()
    return sorted((json.loads(line) for line in lines), key=lambda d: d["id"])


def read_jsonl_dir(path: Path) -> list[dict]:
    docs = []
    for part in sorted(path.glob("part-*")):
        docs += [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines() if line]
    return sorted(docs, key=lambda d: d["id"])


def test_job_over_warc_and_jsonl_equals_batch(spark, dumps, tmp_path):
    from newsclean.spark import run_job

    want = batch_docs(dumps, tmp_path / "batch")
    n = run_job(spark, [str(p) for p in dumps], str(tmp_path / "spark"), fmt="jsonl")
    got = read_jsonl_dir(tmp_path / "spark")
    assert n == len(got) == len(want) > 60
    assert got == want
    assert len({d["id"] for d in got}) == len(got)  # split stories get distinct ids


def test_job_parquet_output_holds_the_same_documents(spark, dumps, tmp_path):
    from newsclean.spark import DOCUMENT_FIELDS, run_job

    run_job(spark, [str(dumps[1])], str(tmp_path / "out.parquet"))
    rows = spark.read.parquet(str(tmp_path / "out.parquet"))
    assert rows.columns == [name for name, _ in DOCUMENT_FIELDS]
    got = {r["id"]: r.asDict(recursive=True) for r in rows.collect()}
    result = CliRunner().invoke(cli, ["clean", "-f", "jsonl", str(dumps[1])])
    want = {d["id"]: d for d in map(json.loads, result.stdout.splitlines())}
    assert set(got) == set(want)
    for key, doc in want.items():
        assert got[key]["text"] == doc["text"] and got[key]["title"] == doc["title"]
        assert (got[key]["captions"] or []) == doc["captions"]


def library_docs(obj: dict) -> list:
    kind = "html" if obj.get("html") else "text"
    return newsclean.clean(obj[kind], kind=kind, url=obj["url"], source=obj["id"])


def test_clean_dataframe_matches_the_library(spark):
    from newsclean.spark import DOCUMENT_FIELDS, clean_dataframe

    objs = page_objects("df")
    rows = [(o["id"], o["url"], o.get("html"), o.get("text")) for o in objs]
    df = spark.createDataFrame(rows, "id string, url string, html string, text string").repartition(3)
    docs = {r["id"]: r for r in clean_dataframe(df).collect()}
    want = {d.id: d for o in objs for d in library_docs(o)}
    assert set(docs) == set(want)
    for key, doc in want.items():
        assert docs[key]["text"] == doc.text and docs[key]["url"] == doc.url
    assert clean_dataframe(df).columns == [name for name, _ in DOCUMENT_FIELDS]


def test_clean_dataframe_with_text_only_and_other_column_names(spark):
    from newsclean.spark import clean_dataframe

    df = spark.createDataFrame([("k1", page_objects()[0]["text"])], "key string, body string")
    (doc,) = clean_dataframe(df, text_col="body", id_col="key").collect()
    assert doc["id"] == "k1#1" and doc["text"]
    with pytest.raises(ValueError, match="neither"):
        clean_dataframe(df)


def test_parquet_input_through_the_job_entry_point(spark, tmp_path):
    from newsclean.spark import main

    objs = page_objects("pq")[:6]
    spark.createDataFrame([(o["id"], o["url"], o.get("html"), o.get("text")) for o in objs],
                          "id string, url string, html string, text string") \
        .write.parquet(str(tmp_path / "pages.parquet"))
    with pytest.raises(SystemExit) as done:
        main([str(tmp_path / "pages.parquet"), "--output", str(tmp_path / "docs"), "--format", "jsonl"])
    assert done.value.code == 0
    got = read_jsonl_dir(tmp_path / "docs")
    want = sorted((d for o in objs for d in library_docs(o)), key=lambda d: d.id)
    assert [d["id"] for d in got] == [d.id for d in want] and len(want) >= 5
    assert [d["text"] for d in got] == [d.text for d in want]


def test_a_missing_file_does_not_fail_the_job_and_rows_without_ids_get_distinct_ones(spark, dumps, tmp_path):
    from newsclean.spark import clean_dataframe, run_job

    n = run_job(spark, [str(dumps[1]), str(tmp_path / "gone.warc.gz")], str(tmp_path / "o"), fmt="jsonl")
    assert n == len(read_jsonl_dir(tmp_path / "o")) > 30
    text = page_objects()[0]["text"]
    df = spark.createDataFrame([(text,)] * 6, "text string").repartition(3)
    ids = [r["id"] for r in clean_dataframe(df).collect()]
    assert len(ids) == len(set(ids)) == 6


def test_templates_learnt_by_spark_equal_newsclean_learn_and_clean_like_batch(spark, tmp_path):
    """Template learning as a Spark aggregation gives the profile `newsclean learn`
    gives; the job with --learn-templates writes what `batch --learn-templates` does."""
    from newsclean.spark import learn_templates, run_job
    from newsclean.templates import Profile

    from _site import PROMO, pages as site_pages

    dump = tmp_path / "site.jsonl"
    dump.write_bytes(jsonl_bytes([{"id": f"p{i}", "url": url, "text": text}
                                  for i, (url, text, _) in enumerate(site_pages(24))]))
    runner = CliRunner()
    assert runner.invoke(cli, ["learn", str(dump), "-o", str(tmp_path / "p.json")]).exit_code == 0
    want = Profile.load(str(tmp_path / "p.json"))
    assert learn_templates(spark, files=[str(dump)]) == want and len(want) == 1

    result = runner.invoke(cli, ["batch", str(dump), "-o", str(tmp_path / "b"), "-j", "1", "--learn-templates"])
    assert result.exit_code == 0, result.stderr
    shard = (tmp_path / "b" / "part-000001.jsonl").read_text(encoding="utf-8")
    batch = sorted(map(json.loads, shard.splitlines()), key=lambda d: d["id"])
    assert batch and all(PROMO not in d["text"] for d in batch)
    run_job(spark, [str(dump)], str(tmp_path / "s"), fmt="jsonl", learn=True)
    assert read_jsonl_dir(tmp_path / "s") == batch


def test_inputs_given_as_urls_are_read_on_the_executors_with_fsspec(spark, dumps, tmp_path):
    """s3://, gs://, hdfs:// … go through fsspec; file:// shows the path without a cloud."""
    from newsclean.spark import run_job

    folder = f"file://{dumps[1].parent}"
    run_job(spark, [folder], str(tmp_path / "url"), fmt="jsonl", glob="*.warc.gz")
    run_job(spark, [str(dumps[1])], str(tmp_path / "path"), fmt="jsonl")
    by_url, by_path = read_jsonl_dir(tmp_path / "url"), read_jsonl_dir(tmp_path / "path")
    assert [(d["id"], d["text"]) for d in by_url] == [(d["id"], d["text"]) for d in by_path]
    assert by_url[0]["source"].startswith("file://") and len(by_url) > 30


def test_the_job_run_as_cron_runs_it_uses_the_drivers_python(tmp_path):
    """Cron runs `/path/to/venv/bin/python -m newsclean.spark …` with the venv not
    activated, no PYSPARK_PYTHON and a bare PATH: pyspark would start its workers with
    the `python3` on PATH, which has no selectolax. In local mode the job must give them
    its own interpreter. A decoy `python3` first on PATH stands for that system Python
    (it fails loudly), so the test fails without the fix on any machine."""
    _need(pyspark is not None, "pyspark is not installed (pip install -e '.[spark]')")
    java = shutil.which("java")
    _need(java is not None or bool(os.environ.get("JAVA_HOME")), "no Java runtime")
    decoy = tmp_path / "bin"
    decoy.mkdir()
    (decoy / "python3").write_text("#!/bin/sh\necho 'decoy python3: not the venv' >&2\nexit 7\n")
    (decoy / "python3").chmod(0o755)
    env = {"PATH": f"{decoy}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           # the tree under test (CI installs it editable; cron users have it installed)
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    if os.environ.get("JAVA_HOME"):
        env["JAVA_HOME"] = os.environ["JAVA_HOME"]
    elif os.path.dirname(java) not in ("/usr/bin", "/bin"):
        env["JAVA_HOME"] = str(Path(java).resolve().parent.parent)
    objs = page_objects("cron")[:4]
    (tmp_path / "in.jsonl").write_bytes(jsonl_bytes(objs))
    proc = subprocess.run([sys.executable, "-m", "newsclean.spark", str(tmp_path / "in.jsonl"),
                           "--output", str(tmp_path / "out"), "--format", "jsonl"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, "\n".join(line for line in proc.stderr.splitlines()
                                          if "decoy" in line or "Error" in line)[:3000]
    got = read_jsonl_dir(tmp_path / "out")
    want = sorted((d for o in objs for d in library_docs(o)), key=lambda d: d.id)
    assert [(d["id"], d["text"]) for d in got] == [(d.id, d.text) for d in want] and len(want) >= 4
    assert f"{len(want)} documents written" in proc.stderr


def test_an_existing_output_is_refused_before_spark_starts(tmp_path, capsys):
    """The second nightly run with the same --output: exit 2 and one line naming what to
    do, before any cleaning (Spark itself would fail only when writing, with a traceback)."""
    _need(pyspark is not None, "pyspark is not installed (pip install -e '.[spark]')")
    from newsclean.spark import main

    (tmp_path / "out").mkdir()
    (tmp_path / "in.jsonl").write_bytes(jsonl_bytes(page_objects()[:1]))
    with pytest.raises(SystemExit) as done:
        main([str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert done.value.code == 2 and "exists" in err and "--mode overwrite" in err
    assert "Traceback" not in err and list((tmp_path / "out").iterdir()) == []


def test_no_progress_bar_when_stderr_is_no_terminal():
    # cron mails and log files get no "[Stage 0:>" lines; a terminal keeps Spark's bar
    from newsclean.spark import session_options

    assert session_options(False) == {"spark.ui.showConsoleProgress": "false"}
    assert "spark.ui.showConsoleProgress" not in session_options(True)


def test_under_spark_submit_an_output_path_is_not_looked_up_on_this_disk(tmp_path, monkeypatch):
    # spark-submit (PYSPARK_GATEWAY_PORT set) may write to the cluster's HDFS: a local
    # folder of the same name says nothing, so the job does not refuse it. Spark is
    # not started here: the session builder fails at once, after the check.
    _need(pyspark is not None, "pyspark is not installed (pip install -e '.[spark]')")
    from pyspark.sql import SparkSession

    from newsclean.spark import main

    class Stop(Exception):
        pass

    def no_spark(*args, **kw):
        raise Stop

    (tmp_path / "out").mkdir()
    (tmp_path / "in.jsonl").write_bytes(jsonl_bytes(page_objects()[:1]))
    monkeypatch.setenv("PYSPARK_GATEWAY_PORT", "1")
    monkeypatch.setattr(SparkSession.Builder, "getOrCreate", no_spark)
    with pytest.raises(Stop):  # past the check, at the session: not refused as existing
        main([str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "out")])
