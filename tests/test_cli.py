"""The command line: exit codes, stdout (data only) and stderr (messages) separately.

click 8.4's CliRunner keeps the two streams apart, so every test says what must be on
each. Pages are the invented ones from ``_pages``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

import newsclean
from newsclean.cli import main
from newsclean.stages import DEFAULT_PIPELINE

from _pages import (
    CHESS_BODY,
    SWELL_BODY,
    SWELL_CAPTION,
    SWELL_TITLE,
    chrome_only_page,
    story_page,
    two_story_page,
)

SCHEMA_KEYS = [
    "id", "source", "url", "title", "published", "updated", "dateline", "authors",
    "text", "captions", "lang", "stats",
]

# An article with only Latin-1 characters (no em dash, no curly quotes), so that its
# Latin-1 bytes are invalid UTF-8 but decodable.
LATIN1_ARTICLE = "\n\n".join([
    "Home",
    "Shipyard workers in Setúbal vote to end strike",
    "2024-03-02 10:15 Last Updated At:11:00",
    "LISBON (AP) - Shipyard workers in Setúbal voted on Saturday to end a three-week "
    "strike after the company agreed to raise wages and hire more welders for its docks.",
    "The union said the agreement would add about six percent to basic pay over two "
    "years, and the company said production would restart on Monday morning.",
    "Managers at the yard, which repairs cargo ships and ferries for clients across "
    "Europe, had warned that delays were costing them contracts with Spanish operators.",
    '"Não foi fácil, but it was worth it," said one welder, who has worked at the yard '
    "since the age of nineteen and joined the picket line every day.",
    "The government had offered to mediate, and the labor minister welcomed the deal in "
    "a short statement released on Saturday evening after the vote was counted.",
    "Local shop owners said the strike had hit cafés and grocery stores near the yard, "
    "where many workers usually buy lunch and coffee during their shifts.",
    "© 2024 Example News. All rights reserved.",
]) + "\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def jsonl(stdout: str) -> list[dict]:
    lines = stdout.splitlines()
    assert all(ln.strip() for ln in lines), "jsonl output holds an empty line"
    return [json.loads(ln) for ln in lines]


def assert_one_error(result, needle: str) -> None:
    """stderr holds exactly one error line, naming ``needle``; no traceback anywhere."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsclean: error:")
    assert needle in lines[0]
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)


# --- version and help -------------------------------------------------------------


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"newsclean, version {newsclean.__version__}\n"
    assert result.stderr == ""


@pytest.mark.parametrize("args", [["-h"], ["--help"]])
def test_group_help(runner, args):
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    assert "Examples" in result.stdout
    assert "clean" in result.stdout and "stages" in result.stdout
    assert result.stderr == ""


def test_clean_help(runner):
    result = runner.invoke(main, ["clean", "-h"])
    assert result.exit_code == 0
    assert "Examples" in result.stdout
    for flag in ("--format", "--output", "--keep-captions", "--no-split", "--skip", "--min-words"):
        assert flag in result.stdout
    assert result.stderr == ""


# --- formats ----------------------------------------------------------------------


def test_clean_stdin_jsonl(runner):
    result = runner.invoke(main, ["clean", "--format", "jsonl"], input=story_page())
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    (doc,) = jsonl(result.stdout)
    assert list(doc) == SCHEMA_KEYS
    assert doc["id"] == "-#1"
    assert doc["source"] == "-"
    assert doc["url"] is None
    assert doc["title"] == SWELL_TITLE
    assert doc["published"] == "2024-03-02T10:15"
    assert doc["updated"] == "2024-03-02T11:00"
    assert doc["dateline"] == "LISBON (AP)"
    assert doc["authors"] == ["Maria Sousa", "Daniel Frost"]
    assert doc["text"] == "\n\n".join(SWELL_BODY)
    assert doc["captions"] == [SWELL_CAPTION]
    assert doc["lang"] == "en"
    assert doc["stats"]["blocks_in"] == len([b for b in story_page().split("\n\n") if b.strip()])


def test_clean_stdin_json_matches_jsonl(runner):
    as_json = runner.invoke(main, ["clean", "--format", "json"], input=two_story_page())
    as_jsonl = runner.invoke(main, ["clean", "--format", "jsonl"], input=two_story_page())
    assert as_json.exit_code == 0 and as_jsonl.exit_code == 0
    docs = json.loads(as_json.stdout)
    assert isinstance(docs, list)
    assert [list(d) for d in docs] == [SCHEMA_KEYS, SCHEMA_KEYS]
    assert docs == jsonl(as_jsonl.stdout)
    assert as_json.stderr == ""


def test_clean_stdin_text_is_default(runner):
    result = runner.invoke(main, ["clean"], input=story_page())
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == SWELL_TITLE + "\n\n" + "\n\n".join(SWELL_BODY) + "\n"


def test_text_format_separates_documents_with_form_feed(runner):
    result = runner.invoke(main, ["clean", "--format", "text"], input=two_story_page())
    assert result.exit_code == 0
    parts = result.stdout.split("\f\n")
    assert len(parts) == 2
    assert parts[0].startswith(SWELL_TITLE + "\n\n" + SWELL_BODY[0])
    assert parts[1] == "\n\n".join(CHESS_BODY) + "\n"


def test_two_story_page_gives_two_documents(runner):
    result = runner.invoke(main, ["clean", "-f", "jsonl"], input=two_story_page())
    assert result.exit_code == 0
    first, second = jsonl(result.stdout)
    assert [first["id"], second["id"]] == ["-#1", "-#2"]
    assert first["title"] == SWELL_TITLE
    assert first["dateline"] == "LISBON (AP)"
    assert first["captions"] == [SWELL_CAPTION]
    assert second["dateline"] == "OSLO, Norway (AP)"
    assert second["text"] == "\n\n".join(CHESS_BODY)
    assert second["title"] is None
    assert "chess" not in first["text"].lower()
    assert "swell" not in second["text"].lower()


def test_file_source_is_path_as_given(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.txt").write_text(two_story_page(), encoding="utf-8")
    result = runner.invoke(main, ["clean", "-f", "jsonl", "sub/page.txt"])
    assert result.exit_code == 0
    docs = jsonl(result.stdout)
    assert [d["source"] for d in docs] == ["sub/page.txt", "sub/page.txt"]
    assert [d["id"] for d in docs] == ["sub/page.txt#1", "sub/page.txt#2"]


# --- several inputs, errors -------------------------------------------------------


def test_several_inputs_in_order(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(two_story_page(), encoding="utf-8")
    (tmp_path / "b.txt").write_text(story_page(), encoding="utf-8")
    result = runner.invoke(main, ["clean", "-f", "jsonl", "a.txt", "-", "b.txt"],
                           input=story_page())
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    ids = [d["id"] for d in jsonl(result.stdout)]
    assert ids == ["a.txt#1", "a.txt#2", "-#1", "b.txt#1"]


def test_stdin_twice_is_usage_error(runner):
    result = runner.invoke(main, ["clean", "-", "-"], input=story_page())
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "stdin" in result.stderr


def test_missing_file(runner, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(main, ["clean", str(missing)])
    assert_one_error(result, str(missing))
    assert "no such file" in result.stderr
    assert result.stdout == ""


def test_directory_input(runner, tmp_path):
    result = runner.invoke(main, ["clean", str(tmp_path)])
    assert_one_error(result, "is a directory")
    assert result.stdout == ""


def test_binary_input(runner, tmp_path):
    blob = tmp_path / "image.bin"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = runner.invoke(main, ["clean", str(blob)])
    assert_one_error(result, "binary")
    assert result.stdout == ""


def test_binary_stdin(runner):
    result = runner.invoke(main, ["clean"], input=b"abc\x00def")
    assert_one_error(result, "<stdin>")


@pytest.mark.parametrize("bad", ["missing", "directory", "binary"])
def test_bad_input_next_to_good_one(runner, tmp_path, monkeypatch, bad):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(story_page(), encoding="utf-8")
    if bad == "directory":
        (tmp_path / "bad").mkdir()
    elif bad == "binary":
        (tmp_path / "bad").write_bytes(b"\x00" * 64)
    result = runner.invoke(main, ["clean", "-f", "jsonl", "bad", "good.txt"])
    assert_one_error(result, "bad")
    (doc,) = jsonl(result.stdout)
    assert doc["id"] == "good.txt#1"
    assert doc["title"] == SWELL_TITLE


def test_invalid_utf8_is_decoded_with_warning(runner, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(LATIN1_ARTICLE.encode("latin-1"))
    result = runner.invoke(main, ["clean", "-f", "jsonl", str(path)])
    assert result.exit_code == 0
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"newsclean: warning: {path}: not valid UTF-8")
    (doc,) = jsonl(result.stdout)
    assert doc["title"] == "Shipyard workers in Setúbal vote to end strike"
    assert "Setúbal voted" in doc["text"]
    assert "cafés" in doc["text"]
    assert "\ufffd" not in doc["text"]


def test_invalid_utf8_on_stdin(runner):
    result = runner.invoke(main, ["clean", "-f", "jsonl"], input=LATIN1_ARTICLE.encode("latin-1"))
    assert result.exit_code == 0
    assert result.stderr.startswith("newsclean: warning: <stdin>: not valid UTF-8")
    assert len(jsonl(result.stdout)) == 1


@pytest.mark.parametrize("fmt,expected", [("jsonl", ""), ("text", ""), ("json", "[]\n")])
def test_empty_input(runner, fmt, expected):
    result = runner.invoke(main, ["clean", "-f", fmt], input="")
    assert result.exit_code == 0
    assert result.stdout == expected
    assert "Traceback" not in result.stderr


def test_chrome_only_page(runner):
    result = runner.invoke(main, ["clean", "-f", "jsonl"], input=chrome_only_page())
    assert result.exit_code == 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("newsclean: warning: <stdin>: no documents")


# --- options ----------------------------------------------------------------------


def test_skip_unknown_stage_is_usage_error(runner):
    result = runner.invoke(main, ["clean", "--skip", "NOSUCH"], input=story_page())
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "NOSUCH" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--skip", "stories"], ["--no-split"]])
def test_no_split_keeps_one_document(runner, args):
    result = runner.invoke(main, ["clean", "-f", "jsonl", *args], input=two_story_page())
    assert result.exit_code == 0
    (doc,) = jsonl(result.stdout)
    assert doc["title"] == SWELL_TITLE
    assert doc["text"].startswith(SWELL_BODY[0])
    assert doc["text"].endswith(CHESS_BODY[-1])
    assert CHESS_BODY[0] in doc["text"]


def test_keep_captions_puts_caption_in_text_once(runner):
    result = runner.invoke(main, ["clean", "-f", "jsonl", "--keep-captions"], input=story_page())
    assert result.exit_code == 0
    (doc,) = jsonl(result.stdout)
    assert doc["text"].count(SWELL_CAPTION) == 1
    # where first seen: above the first body paragraph
    assert doc["text"].startswith(SWELL_CAPTION + "\n\n" + SWELL_BODY[0])
    assert doc["captions"] == [SWELL_CAPTION]


def test_captions_not_in_text_by_default(runner):
    result = runner.invoke(main, ["clean", "-f", "jsonl"], input=story_page())
    (doc,) = jsonl(result.stdout)
    assert "AP Photo" not in doc["text"]


def test_min_words_drops_everything(runner):
    result = runner.invoke(main, ["clean", "-f", "jsonl", "--min-words", "1000"],
                           input=two_story_page())
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "1000+ words" in result.stderr


def test_negative_min_words_is_usage_error(runner):
    result = runner.invoke(main, ["clean", "--min-words", "-1"], input=story_page())
    assert result.exit_code == 2
    assert result.stdout == ""


def test_output_file(runner, tmp_path):
    out = tmp_path / "docs.jsonl"
    result = runner.invoke(main, ["clean", "-f", "jsonl", "-o", str(out)], input=two_story_page())
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""
    docs = jsonl(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in docs] == ["-#1", "-#2"]
    # written atomically: no temp file left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.jsonl"]


def test_output_into_missing_folder_is_usage_error(runner, tmp_path):
    out = tmp_path / "no" / "such" / "docs.jsonl"
    result = runner.invoke(main, ["clean", "-o", str(out)], input=story_page())
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.parent.exists()


# --- stages -----------------------------------------------------------------------


def test_stages_lists_run_order(runner):
    result = runner.invoke(main, ["stages"])
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert [ln.split()[0] for ln in lines] == list(DEFAULT_PIPELINE)
    assert all(len(ln.split()) > 1 for ln in lines), "every stage has a description"


# --- the installed entry point ----------------------------------------------------


def test_python_m_newsclean_pipe():
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", "clean", "--format", "jsonl"],
        input=two_story_page().encode("utf-8"),
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    docs = [json.loads(ln) for ln in proc.stdout.decode("utf-8").splitlines()]
    assert [d["id"] for d in docs] == ["-#1", "-#2"]
    assert docs[1]["dateline"] == "OSLO, Norway (AP)"


# --- crawl dumps through clean ------------------------------------------------------------


def test_clean_reads_jsonl_on_stdin(runner):
    from _crawl import jsonl_bytes

    data = jsonl_bytes([{"id": "a1", "url": "https://ex.org/a", "text": story_page()},
                        {"id": "a2", "text": two_story_page()}]) + b"{oops\n"
    result = runner.invoke(main, ["clean", "-f", "jsonl"], input=data)
    assert result.exit_code == 1  # one bad record
    docs = jsonl(result.stdout)
    assert [d["id"] for d in docs] == ["a1#1", "a2#1", "a2#2"]
    assert docs[0]["url"] == "https://ex.org/a" and docs[0]["source"] == "-:1"
    assert result.stderr.strip() == ("newsclean: error: <stdin>:3: line is not valid JSON "
                                     "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1))")


def test_clean_reads_a_gzipped_warc_on_stdin(runner):
    from _crawl import Response, warc_bytes

    html = ("<html><body><article><h1>" + SWELL_TITLE + "</h1>"
            + "".join(f"<p>{line}</p>" for line in story_page().split("\n") if len(line) > 80)
            + "</article></body></html>").encode()
    data = warc_bytes([Response("https://ex.org/a", html),
                       Response("https://ex.org/i.png", b"\x89PNG", "image/png")])
    result = runner.invoke(main, ["clean", "-f", "jsonl"], input=data)
    assert result.exit_code == 0, result.stderr
    (doc,) = jsonl(result.stdout)
    assert doc["title"] == SWELL_TITLE and doc["url"] == "https://ex.org/a"
    assert "skipped 1 records that are no pages (not HTML: image/png: 1)" in result.stderr


def test_clean_html_field_option(runner, tmp_path):
    from _crawl import jsonl_bytes

    path = tmp_path / "d.jsonl"
    path.write_bytes(jsonl_bytes([{"key": "k", "page": story_page()}]))
    result = runner.invoke(main, ["clean", "-f", "jsonl", "--text-field", "page", "--id-field", "key", str(path)])
    assert result.exit_code == 0, result.stderr
    assert jsonl(result.stdout)[0]["id"] == "k#1"


# --- small ones from issue 15 -----------------------------------------------------

def test_explain_takes_several_inputs(runner, tmp_path, monkeypatch):
    """`explain *.txt` was a usage error: each input is explained in turn."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(story_page(), encoding="utf-8")
    (tmp_path / "b.txt").write_text(two_story_page(), encoding="utf-8")
    result = runner.invoke(main, ["explain", "--format", "json", "a.txt", "b.txt"])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(ln)["source"] for ln in result.stdout.splitlines()] == ["a.txt", "b.txt"]
    text = runner.invoke(main, ["explain", "a.txt", "b.txt"])
    assert text.exit_code == 0 and "a.txt#1" in text.stdout and "b.txt#2" in text.stdout


def test_explain_goes_on_after_a_bad_input(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(story_page(), encoding="utf-8")
    result = runner.invoke(main, ["explain", "--format", "json", "missing.txt", "a.txt"])
    assert_one_error(result, "missing.txt: no such file")
    assert [json.loads(ln)["source"] for ln in result.stdout.splitlines()] == ["a.txt"]


@pytest.mark.parametrize("command", [["clean"], ["explain"], ["explain", "--format", "json"]])
def test_a_reader_that_goes_away_is_exit_0(tmp_path, command):
    """`explain … | head` exited 1 where `clean … | head` exits 0."""
    page = tmp_path / "page.txt"
    page.write_text(two_story_page(), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "newsclean", *command, *[str(page)] * 200],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()  # as `head -1` does
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, stderr
    assert stderr == ""


def test_stdin_is_named_once_in_a_message(runner):
    """"<stdin>: <stdin>: looks binary": the reader's message named stdin already."""
    result = runner.invoke(main, ["clean"], input=b"abc\x00def")
    assert result.stderr == ("newsclean: error: <stdin>: looks binary (control bytes, NUL among them); "
                             "give a text or HTML page\n")


def test_a_directory_points_to_batch(runner, tmp_path):
    result = runner.invoke(main, ["clean", str(tmp_path)])
    assert_one_error(result, f"newsclean batch {tmp_path} -o OUTDIR")


def test_stdin_from_a_terminal_gets_a_hint():
    """`newsclean clean` on a terminal waited with no word; piped input gets none."""
    import pty

    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "newsclean", "clean"], stdin=slave,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.write(master, b"Some words on a line\n")
        for _ in range(40):  # Ctrl-D ends the input (the reader may need it more than once)
            os.write(master, b"\x04")
            try:
                proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                pass
        out, err = proc.communicate(timeout=5)
    finally:
        os.close(master)
        os.close(slave)
    assert err.decode().splitlines()[0] == \
        "newsclean: reading a page from stdin (end it with Ctrl-D; see --help)"
    piped = subprocess.run([sys.executable, "-m", "newsclean", "clean", "-f", "jsonl"],
                           input=story_page().encode(), capture_output=True, timeout=60)
    assert piped.returncode == 0 and piped.stderr == b""


# --- JSONL from issue 15 -------------------------------------------------------------

def test_clean_reads_a_jsonl_line_with_a_latin1_byte(runner, tmp_path):
    line = json.dumps({"id": "x", "text": story_page()}, ensure_ascii=False).encode("utf-8")
    line = line.replace("Nazaré".encode(), b"Nazar\xe9")
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(line + b"\n")
    result = runner.invoke(main, ["clean", "-f", "jsonl", str(dump)])
    assert result.exit_code == 0, result.stderr
    (doc,) = jsonl(result.stdout)
    assert doc["title"] == SWELL_TITLE
    assert result.stderr.startswith(f"newsclean: warning: {dump}:1: not valid UTF-8")


def test_clean_reads_a_jsonl_without_its_final_newline(runner, tmp_path):
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"id": "x", "text": story_page()}), encoding="utf-8")
    result = runner.invoke(main, ["clean", "-f", "jsonl", str(dump)])
    assert result.exit_code == 0 and result.stderr == ""
    assert [d["id"] for d in jsonl(result.stdout)] == ["x#1"]


def test_clean_reports_a_cut_off_last_line(runner, tmp_path):
    """clean has no next run: a cut-off last line is a record it could not read."""
    dump = tmp_path / "d.jsonl"
    whole = json.dumps({"id": "x", "text": story_page()}) + "\n"
    dump.write_text(whole + whole[:40], encoding="utf-8")
    result = runner.invoke(main, ["clean", "-f", "jsonl", str(dump)])
    assert_one_error(result, f"{dump}:2: last line is cut off")
    assert [d["id"] for d in jsonl(result.stdout)] == ["x#1"]


def test_clean_imports_no_drawing_or_batch_libraries(tmp_path):
    """`newsclean clean` in a pipeline starts without rich (drawing), sqlite3 and
    concurrent.futures (batch runs): a third of the start-up each run paid for."""
    page = tmp_path / "page.txt"
    page.write_text(two_story_page(), encoding="utf-8")
    code = ("import runpy, sys; sys.argv = ['newsclean', 'clean', sys.argv[1]];\n"
            "try: runpy.run_module('newsclean', run_name='__main__')\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in ('rich', 'sqlite3', 'concurrent.futures') if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True, text=True, timeout=60)
    assert "OSLO, Norway" in proc.stdout  # it did clean the page
    assert proc.stderr.strip().splitlines()[-1] == "[]"
