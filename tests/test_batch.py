"""`newsclean batch`: same documents as `clean`, whatever -j; resumable after a kill;
locked against a second run; bad records to errors.jsonl; the run goes on."""
from __future__ import annotations

import fcntl
import gzip
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean.batch import EXIT_LOCKED, expand_inputs
from newsclean.cli import main

from _crawl import Response, fixture_pages, jsonl_bytes, page_objects, page_responses, warc_bytes


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def dumps(tmp_path) -> list[Path]:
    """A JSONL dump and a WARC of the composed fixture pages (with a few non-pages)."""
    jsonl = tmp_path / "in" / "pages.jsonl"
    jsonl.parent.mkdir()
    jsonl.write_bytes(jsonl_bytes(page_objects()))
    warc = tmp_path / "in" / "crawl.warc.gz"
    responses = page_responses()
    responses.insert(3, Response("https://news.example.org/logo.png", b"\x89PNG....", "image/png"))
    responses.insert(5, Response("https://news.example.org/old", b"", status="301 Moved Permanently"))
    warc.write_bytes(warc_bytes(responses))
    return [jsonl, warc]


def shard_lines(outdir: Path) -> list[str]:
    lines = []
    for shard in sorted(outdir.glob("part-*")):
        data = shard.read_bytes()
        if shard.name.endswith(".gz"):
            data = gzip.decompress(data)
        lines += data.decode("utf-8").splitlines()
    return lines


def shard_bytes(outdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(outdir.glob("part-*"))}


def run_batch(runner, *args):
    return runner.invoke(main, ["batch", *map(str, args)])


def test_batch_writes_what_clean_writes(runner, dumps, tmp_path):
    out = tmp_path / "out"
    result = run_batch(runner, *dumps, "-o", out, "-j", "1", "--shard-size", "7")
    assert result.exit_code == 0, result.stderr
    cleaned = runner.invoke(main, ["clean", "--format", "jsonl", *map(str, dumps)])
    assert cleaned.exit_code == 0, cleaned.stderr
    assert shard_lines(out) == cleaned.stdout.splitlines()
    ids = [json.loads(line)["id"] for line in shard_lines(out)]
    assert len(ids) == len(set(ids)) > 30
    assert len(list(out.glob("part-*.jsonl"))) > 3  # several shards


def test_output_is_byte_identical_whatever_jobs(runner, dumps, tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run_batch(runner, *dumps, "-o", out, "-j", jobs, "--shard-size", "5", "--compress", "gz")
        assert result.exit_code == 0, result.stderr
        outputs.append(shard_bytes(out))
    assert outputs[0] == outputs[1]
    assert all(name.endswith(".jsonl.gz") for name in outputs[0])


def test_report_and_summary(runner, dumps, tmp_path):
    out = tmp_path / "out"
    result = run_batch(runner, *dumps, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.stderr
    report = json.loads((out / "report.json").read_text())
    docs = len(shard_lines(out))
    assert report["run"]["documents"] == report["total"]["documents"] == docs
    assert report["run"]["pages"] == 2 * len(fixture_pages())  # the JSONL and the WARC
    assert report["total"]["skipped"] == {"HTTP status 301": 1, "not HTML: image/png": 1}
    assert report["total"]["removed_by_stage"]["chrome"] > 0
    assert report["run"]["errors"] == 0 and (out / "errors.jsonl").read_text() == ""
    assert f"{docs} documents out" in result.stderr and "blocks removed, by stage:" in result.stderr
    assert re.search(r"by stage: .*\bchrome \d", " ".join(result.stderr.split()))
    assert report["run"]["skipped"] == {"HTTP status 301": 1, "not HTML: image/png": 1}
    assert report["run"]["removed_by_stage"] == report["total"]["removed_by_stage"]
    quiet = run_batch(runner, *dumps, "-o", tmp_path / "q", "-j", "1", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_rerun_skips_done_inputs_and_takes_new_ones(runner, dumps, tmp_path):
    out = tmp_path / "out"
    assert run_batch(runner, dumps[0], "-o", out, "-j", "1").exit_code == 0
    first = shard_bytes(out)
    again = run_batch(runner, dumps[0], "-o", out, "-j", "1")
    assert again.exit_code == 0
    assert json.loads((out / "report.json").read_text())["run"]["inputs_already_done"] == 1
    assert shard_bytes(out) == first
    both = run_batch(runner, *dumps, "-o", out, "-j", "1")
    assert both.exit_code == 0
    fresh = tmp_path / "fresh"
    run_batch(runner, *dumps, "-o", fresh, "-j", "1")
    assert shard_lines(out) == shard_lines(fresh)  # nothing lost, nothing twice


def test_leftovers_of_a_crash_are_removed(runner, dumps, tmp_path):
    out = tmp_path / "out"
    assert run_batch(runner, dumps[0], "-o", out, "-j", "1", "--shard-size", "10").exit_code == 0
    want = shard_bytes(out)
    # A crash between renaming a shard and recording it, and one while writing another.
    (out / "part-999999.jsonl").write_text('{"id": "orphan"}\n')
    (out / ".part-000123.jsonl.tmp").write_text('{"id": "half')
    assert run_batch(runner, dumps[0], "-o", out, "-j", "1", "--shard-size", "10").exit_code == 0
    assert shard_bytes(out) == want
    assert not list(out.glob(".part-*"))


def test_second_run_on_a_locked_outdir_exits_at_once(runner, dumps, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fh.write("4242\n")
        fh.flush()
        result = run_batch(runner, *dumps, "-o", out)
    assert result.exit_code == EXIT_LOCKED == 3
    assert "another newsclean batch" in result.stderr and "4242" in result.stderr
    assert not list(out.glob("part-*"))


def test_other_options_on_the_same_outdir_are_refused(runner, dumps, tmp_path):
    out = tmp_path / "out"
    assert run_batch(runner, dumps[0], "-o", out, "-j", "1").exit_code == 0
    result = run_batch(runner, dumps[0], "-o", out, "-j", "1", "--no-split")
    assert result.exit_code == 2
    assert "other options" in result.stderr and "Traceback" not in result.stderr


def test_bad_records_go_to_errors_jsonl_and_the_run_goes_on(runner, tmp_path):
    good = page_objects()[:4]
    lines = jsonl_bytes(good[:2]) + b"{broken json\n" + jsonl_bytes(good[2:])
    (tmp_path / "a.jsonl").write_bytes(lines)
    packed = gzip.compress(jsonl_bytes(page_objects("gz") * 5))
    (tmp_path / "b.jsonl.gz").write_bytes(packed[: len(packed) // 2])  # truncated
    responses = page_responses()[:3]
    responses.insert(1, Response("https://ex.org/bin", b"\x00\x01" * 500, "text/html"))
    (tmp_path / "c.warc.gz").write_bytes(warc_bytes(responses))
    out = tmp_path / "out"
    result = run_batch(runner, tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz", tmp_path / "c.warc.gz",
                       tmp_path / "missing.jsonl", "-o", out, "-j", "2", "--shard-size", "3")
    assert result.exit_code == 1
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    reasons = {Path(e["input"]).name: e["reason"] for e in errors}
    assert "not valid JSON" in reasons["a.jsonl"]
    # A dump cut short may still be being written: said, left for the next run, no error.
    assert "b.jsonl.gz" not in reasons and "gzip data ends early" in result.stderr
    assert "binary" in reasons["c.warc.gz"]
    assert "no such file" in reasons["missing.jsonl"]
    a_error = next(e for e in errors if e["input"].endswith("a.jsonl"))
    assert a_error["record"] == 2 and a_error["offset"] == len(jsonl_bytes(good[:2]))
    assert a_error["source"].endswith("a.jsonl:3")
    ids = {json.loads(line)["id"].split("#")[0] for line in shard_lines(out)}
    assert {o["id"] for o in good} <= ids  # every good record of a.jsonl is there
    assert sum(i.startswith("gz-") for i in ids) > 10  # the records before the cut are kept
    assert len([i for i in ids if i.startswith("urn:")]) == 3  # the WARC's good responses
    assert "errors.jsonl" in result.stderr


def test_batch_folders_glob_and_hidden_files(tmp_path):
    root = tmp_path / "crawl"
    (root / "2024" / "01").mkdir(parents=True)
    (root / ".cache").mkdir()
    for p in (root / "b.jsonl", root / "2024" / "01" / "a.jsonl", root / "2024" / "notes.txt",
              root / ".hidden.jsonl", root / ".cache" / "x.jsonl"):
        p.write_text("{}\n")
    out = root / "out"
    out.mkdir()
    (out / "part-000001.jsonl").write_text("{}\n")
    got = expand_inputs([str(root)], "*.jsonl", exclude=str(out))
    assert got == [str(root / "2024" / "01" / "a.jsonl"), str(root / "b.jsonl")]
    assert expand_inputs([str(root / "2024" / "notes.txt")], "*.jsonl") == [str(root / "2024" / "notes.txt")]


def test_batch_refuses_stdin(runner, tmp_path):
    result = run_batch(runner, "-", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "stdin" in result.stderr


# --- killed and rerun ----------------------------------------------------------------


def _shards_done(manifest: Path) -> int:
    try:
        with sqlite3.connect(f"file:{manifest}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM shards").fetchone()[0]
    except sqlite3.Error:
        return 0


def _processes_writing(out: Path, wait: float = 5.0) -> list[int]:
    """Processes (the run's workers share its command line) still working on ``out``."""
    deadline = time.monotonic() + wait
    while True:
        pids = []
        for entry in Path("/proc").iterdir():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if entry.name.isdigit() and str(out).encode() in cmdline:
                pids.append(int(entry.name))
        if not pids or time.monotonic() > deadline:
            return pids
        time.sleep(0.05)


def test_a_run_killed_mid_way_and_rerun_gives_exactly_the_uninterrupted_output(tmp_path):
    """SIGKILL (no chance to clean up) after some shards are recorded, then run again:
    the shards are byte-identical to a run that was never interrupted."""
    dump = tmp_path / "big.jsonl"
    records = page_objects("a") * 4 + page_objects("b") * 4
    dump.write_bytes(jsonl_bytes(records))
    args = [sys.executable, "-m", "newsclean", "batch", str(dump), "-j", "2", "--shard-size", "8", "--quiet"]
    reference = tmp_path / "reference"
    subprocess.run([*args, "-o", str(reference)], check=True, timeout=300)

    out = tmp_path / "out"
    proc = subprocess.Popen([*args, "-o", str(out)])
    deadline = time.monotonic() + 120
    while _shards_done(out / "manifest.sqlite") < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed; make the input bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _processes_writing(out) == [], "workers outlived the killed run"
    partial = _shards_done(out / "manifest.sqlite")
    total = _shards_done(reference / "manifest.sqlite")
    assert 3 <= partial < total

    rerun = subprocess.run([*args, "-o", str(out)], timeout=300)
    assert rerun.returncode == 0
    assert shard_bytes(out) == shard_bytes(reference)
    report = json.loads((out / "report.json").read_text())
    assert report["total"]["documents"] == len(shard_lines(reference))
    assert 0 < report["run"]["records"] < len(records)  # the rerun did only what was left


# --- found in review -------------------------------------------------------------------


def test_the_same_file_named_twice_is_cleaned_once(runner, dumps, tmp_path):
    out = tmp_path / "out"
    again = Path(os.path.relpath(dumps[0]))
    assert run_batch(runner, dumps[0].parent, again, "-o", out, "-j", "1").exit_code == 0
    ids = [json.loads(line)["id"] for line in shard_lines(out)]
    assert len(ids) == len(set(ids))


def test_a_folder_that_is_not_ours_is_refused_and_left_alone(runner, dumps, tmp_path):
    out = tmp_path / "spark-output"
    out.mkdir()
    (out / "part-00000-1234.parquet").write_bytes(b"PAR1")
    result = run_batch(runner, *dumps, "-o", out)
    assert result.exit_code == 2 and "not written by newsclean batch" in result.stderr
    assert (out / "part-00000-1234.parquet").exists()


def test_an_input_cut_short_is_read_on_when_it_is_complete(runner, tmp_path):
    """A gzip dump still being written: the records so far are cleaned, the input is not
    marked done, and the next run cleans the rest without repeating anything."""
    whole = gzip.compress(jsonl_bytes(page_objects("g") * 3))
    dump = tmp_path / "growing.jsonl.gz"
    dump.write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "out"
    first = run_batch(runner, dump, "-o", out, "-j", "1")
    # Still being written is no failure (exit 0 every hour under cron), but it is said.
    assert first.exit_code == 0, first.stderr
    assert "ends early" in first.stderr and "next run reads on" in first.stderr
    assert (out / "errors.jsonl").read_text() == ""
    report = json.loads((out / "report.json").read_text())
    assert report["run"]["incomplete_inputs"] == [str(dump)] and report["total"]["inputs_done"] == 0
    dump.write_bytes(whole)
    second = run_batch(runner, dump, "-o", out, "-j", "1")
    assert second.exit_code == 0, second.stderr
    assert (out / "errors.jsonl").read_text() == ""
    fresh = tmp_path / "fresh"
    run_batch(runner, dump, "-o", fresh, "-j", "1")
    assert shard_lines(out) == shard_lines(fresh)


def test_a_bug_on_one_page_is_an_error_not_a_crash(runner, dumps, tmp_path, monkeypatch):
    from newsclean.pipeline import Pipeline

    real = Pipeline.run

    def flaky(self, page):
        if "afp_berlin" in (page.url or ""):
            raise KeyError("boom")
        return real(self, page)

    monkeypatch.setattr(Pipeline, "run", flaky)
    out = tmp_path / "out"
    result = run_batch(runner, dumps[0], "-o", out, "-j", "1")
    assert result.exit_code == 1
    (error,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert error["reason"] == "internal error: KeyError: 'boom'"
    assert len(shard_lines(out)) > 30


def test_explain_takes_a_document_source_from_batch_output(runner, dumps, tmp_path):
    """A document looks wrong: `explain <its source>` shows that record's trace."""
    out = tmp_path / "out"
    assert run_batch(runner, *dumps, "-o", out, "-j", "1").exit_code == 0
    docs = [json.loads(line) for line in shard_lines(out)]
    for doc in (docs[3], docs[-1]):  # one from the JSONL ("path:line"), one from the WARC ("path@offset")
        result = runner.invoke(main, ["explain", "--format", "json", doc["source"]])
        assert result.exit_code == 0, result.stderr
        (trace,) = [json.loads(line) for line in result.stdout.splitlines()]
        assert trace["source"] == doc["source"]
        assert doc["id"] in [s["document"] for s in trace["stories"]]
    missing = runner.invoke(main, ["explain", f"{dumps[0]}:9999"])
    assert missing.exit_code == 1 and "has no record" in missing.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])  # inline, and in forked workers
def test_a_record_that_takes_too_long_is_an_error_and_the_run_goes_on(runner, dumps, tmp_path, monkeypatch, jobs):
    import time as _time

    from newsclean.pipeline import Pipeline

    real = Pipeline.run

    def slow(self, page):
        if "afp_berlin" in (page.url or ""):
            _time.sleep(5)
        return real(self, page)

    monkeypatch.setattr(Pipeline, "run", slow)
    out = tmp_path / "out"
    started = _time.monotonic()
    result = run_batch(runner, dumps[0], "-o", out, "-j", jobs, "--timeout", "0.5")
    assert _time.monotonic() - started < 4
    assert result.exit_code == 1
    (error,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert "took longer than 0.5 s" in error["reason"]
    assert len(shard_lines(out)) > 30


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_jsonl_whose_last_line_is_being_written_is_read_on_next_run(runner, tmp_path, jobs):
    """A file still being written (last line without its newline) was a failure, exit 1
    every hour under cron: the cut-off line is left for the next run, which finishes
    the file without losing or repeating a record."""
    whole = jsonl_bytes(page_objects("w") * 2)
    cut = whole.rindex(b"\n", 0, len(whole) - 1) + 40  # inside the last line
    dump = tmp_path / "growing.jsonl"
    dump.write_bytes(whole[:cut])
    out = tmp_path / "out"
    first = run_batch(runner, dump, "-o", out, "-j", jobs)
    assert first.exit_code == 0, first.stderr
    assert "last line is cut off" in first.stderr and "next run reads on" in first.stderr
    assert (out / "errors.jsonl").read_text() == ""
    assert json.loads((out / "report.json").read_text())["total"]["inputs_done"] == 0
    dump.write_bytes(whole)
    second = run_batch(runner, dump, "-o", out, "-j", jobs)
    assert second.exit_code == 0, second.stderr
    assert json.loads((out / "report.json").read_text())["run"]["records"] == 1
    fresh = tmp_path / "fresh"
    assert run_batch(runner, dump, "-o", fresh, "-j", jobs).exit_code == 0
    assert shard_lines(out) == shard_lines(fresh)
    assert json.loads((out / "report.json").read_text())["total"]["inputs_done"] == 1


def test_a_jsonl_without_a_final_newline_is_done(runner, tmp_path):
    dump = tmp_path / "pages.jsonl"
    dump.write_bytes(jsonl_bytes(page_objects()).rstrip(b"\n"))
    out = tmp_path / "out"
    result = run_batch(runner, dump, "-o", out, "-j", "1")
    assert result.exit_code == 0 and "cut off" not in result.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["total"]["inputs_done"] == 1 and report["run"]["records"] == len(page_objects())


def test_a_line_with_a_latin1_byte_is_cleaned_not_dropped(runner, tmp_path):
    objs = page_objects()
    data = jsonl_bytes(objs)
    lines = data.split(b"\n")
    lines[2] = lines[2].replace(b" the ", b" th\xe9 ", 1)
    assert b"\xe9" in lines[2]
    dump = tmp_path / "pages.jsonl"
    dump.write_bytes(b"\n".join(lines))
    out = tmp_path / "out"
    result = run_batch(runner, dump, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert (out / "errors.jsonl").read_text() == ""
    assert json.loads((out / "report.json").read_text())["run"]["pages"] == len(objs)


def _reference_without(runner, dumps, tmp_path, monkeypatch, url_part: str) -> list[str]:
    """The shards of a run where the page whose URL holds ``url_part`` is an error."""
    from newsclean.pipeline import Pipeline

    real = Pipeline.run

    def failing(self, page):
        if url_part in (page.url or ""):
            raise KeyError("reference")
        return real(self, page)

    with monkeypatch.context() as m:
        m.setattr(Pipeline, "run", failing)
        ref = tmp_path / "reference"
        assert run_batch(runner, dumps[0], "-o", ref, "-j", "1").exit_code == 1
    return shard_lines(ref)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_record_stuck_in_c_code_is_given_up_at_the_timeout(runner, dumps, tmp_path, monkeypatch, jobs):
    """Parsing 200k nested divs blocks in the parser for a minute, where the worker's
    alarm cannot interrupt it: the main process kills and replaces the worker, the
    record goes to errors.jsonl, and the rest of its chunk and the run go on, none
    lost or cleaned twice. Blocking SIGALRM and sleeping stands in for the C code."""
    import time as _time

    from newsclean.pipeline import Pipeline

    reference = _reference_without(runner, dumps, tmp_path, monkeypatch, "afp_berlin")
    real = Pipeline.run

    def stuck(self, page):
        if "afp_berlin" in (page.url or ""):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as C code: no alarm
            _time.sleep(60)
        return real(self, page)

    monkeypatch.setattr(Pipeline, "run", stuck)
    out = tmp_path / "out"
    started = _time.monotonic()
    result = run_batch(runner, dumps[0], "-o", out, "-j", jobs, "--timeout", "0.5")
    assert _time.monotonic() - started < 8
    assert result.exit_code == 1
    (error,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert "took longer than 0.5 s" in error["reason"]
    assert shard_lines(out) == reference  # every other record once, in order
    assert json.loads((out / "report.json").read_text())["total"]["inputs_done"] == 1


def test_a_worker_that_dies_costs_one_record(runner, dumps, tmp_path, monkeypatch):
    from newsclean.pipeline import Pipeline

    reference = _reference_without(runner, dumps, tmp_path, monkeypatch, "afp_berlin")
    real = Pipeline.run

    def crash(self, page):
        if "afp_berlin" in (page.url or ""):
            os.kill(os.getpid(), signal.SIGKILL)  # a parser crash, the OOM killer
        return real(self, page)

    monkeypatch.setattr(Pipeline, "run", crash)
    out = tmp_path / "out"
    result = run_batch(runner, dumps[0], "-o", out, "-j", "2")
    assert result.exit_code == 1
    (error,) = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert error["reason"] == "the worker process died while cleaning this record"
    assert shard_lines(out) == reference
