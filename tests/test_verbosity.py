"""-v/--verbose and -q/--quiet on every command, before or after the command name:
-q hides warnings (errors still print, exit status unchanged), -v adds per-input timing
and the blocks per stage:rule on stderr; stdout is the same byte for byte."""
from __future__ import annotations

import gzip
import re

import pytest
from click.testing import CliRunner

from newsclean.cli import main

from _crawl import jsonl_bytes, page_objects
from _pages import chrome_only_page, story_page
from _site import HOST, pages

#: -v's line for one input of clean/explain: "newsclean: page.txt: 1 record, 1 document in 0.012 s".
TIMING_RE = re.compile(r"^newsclean: (?P<name>\S+): (?P<n>\d+) (?:record|page)s?, "
                       r"(?P<docs>\d+) documents? in \d+\.\d{3} s$", re.M)
#: The rule table's header and one rule every fixture page fires.
RULE_TABLE = ("stage:rule", "blocks by role and rule")

LATIN1_PAGE = story_page().replace("\u2014", "-").replace("\u2019", "'").replace("\u201c", '"') \
    .replace("\u201d", '"')


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(story_page(), encoding="utf-8")
    return path


@pytest.fixture
def empty_page(tmp_path):
    """A page of chrome only: no documents, one warning."""
    path = tmp_path / "chrome.txt"
    path.write_text(chrome_only_page(), encoding="utf-8")
    return path


def invoke(runner, *args, **kw):
    return runner.invoke(main, [str(a) for a in args], **kw)


# --- clean -------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["command", "group"])
def test_clean_quiet_hides_warnings_only(runner, empty_page, page, where):
    plain = invoke(runner, "clean", "-f", "jsonl", empty_page, page)
    assert plain.exit_code == 0
    assert plain.stderr.startswith(f"newsclean: warning: {empty_page}: no documents")
    args = ["-q", "clean", "-f", "jsonl"] if where == "group" else ["clean", "-q", "-f", "jsonl"]
    quiet = invoke(runner, *args, empty_page, page)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert quiet.stdout == plain.stdout and quiet.stdout.count("\n") == 1


def test_clean_quiet_still_prints_errors_with_the_same_exit_status(runner, page, tmp_path):
    missing = tmp_path / "missing.txt"
    plain = invoke(runner, "clean", missing, page)
    quiet = invoke(runner, "clean", "--quiet", missing, page)
    assert plain.exit_code == quiet.exit_code == 1
    assert quiet.stderr == plain.stderr
    assert quiet.stderr.startswith(f"newsclean: error: {missing}")
    assert quiet.stdout == plain.stdout != ""


@pytest.mark.parametrize("where", ["command", "group"])
def test_clean_verbose_shows_timing_and_rule_counts(runner, page, empty_page, where):
    plain = invoke(runner, "clean", "-f", "jsonl", page, empty_page)
    args = ["-v", "clean", "-f", "jsonl"] if where == "group" else ["clean", "-f", "jsonl", "--verbose"]
    verbose = invoke(runner, *args, page, empty_page)
    assert verbose.exit_code == plain.exit_code == 0
    assert verbose.stdout == plain.stdout
    timing = [(m["name"], m["n"], m["docs"]) for m in TIMING_RE.finditer(verbose.stderr)]
    assert timing == [(str(page), "1", "1"), (str(empty_page), "1", "0")]
    assert all(s in verbose.stderr for s in RULE_TABLE)
    # The table counts this run's rules: the same as --stats prints.
    stats = invoke(runner, "clean", "-f", "jsonl", "--stats", page, empty_page)
    assert stats.stderr.split(RULE_TABLE[1])[1] == verbose.stderr.split(RULE_TABLE[1])[1]
    assert "chrome:phrase" in verbose.stderr
    # Warnings stay.
    assert f"newsclean: warning: {empty_page}: no documents" in verbose.stderr


def test_verbose_and_quiet_together_are_a_usage_error(runner, page):
    for args in (["clean", "-v", "-q"], ["-q", "clean", "-v"], ["-v", "stages", "-q"]):
        result = invoke(runner, *args, page) if "clean" in args else invoke(runner, *args)
        assert result.exit_code == 2, args
        assert "-v/--verbose or -q/--quiet, not both" in result.stderr
        assert "Traceback" not in result.stderr


def test_quiet_does_not_outlive_its_run(runner, empty_page):
    """The CLI configures logging per run: a quiet run in the same process leaves the
    next run's warnings alone (and a verbose one leaves no timing behind)."""
    assert invoke(runner, "clean", "-q", empty_page).stderr == ""
    assert invoke(runner, "clean", "-v", empty_page).stderr != ""
    again = invoke(runner, "clean", empty_page)
    assert again.stderr.startswith("newsclean: warning:") and len(again.stderr.splitlines()) == 1


# --- explain -----------------------------------------------------------------------


def test_explain_quiet_and_verbose(runner, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(LATIN1_PAGE.encode("latin-1"))
    plain = invoke(runner, "explain", "-f", "json", path)
    assert plain.exit_code == 0
    assert plain.stderr.startswith(f"newsclean: warning: {path}: not valid UTF-8")
    quiet = invoke(runner, "explain", "-q", "-f", "json", path)
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == plain.stdout
    verbose = invoke(runner, "-v", "explain", "-f", "json", path)
    assert verbose.exit_code == 0 and verbose.stdout == plain.stdout
    assert [(m["name"], m["n"], m["docs"]) for m in TIMING_RE.finditer(verbose.stderr)] == [(str(path), "1", "1")]
    assert all(s in verbose.stderr for s in RULE_TABLE)
    text, text_v = invoke(runner, "explain", path), invoke(runner, "explain", "-v", path)
    assert text_v.stdout == text.stdout != ""


# --- batch -------------------------------------------------------------------------


def test_batch_quiet_hides_the_warning_of_an_input_cut_short(runner, tmp_path):
    whole = gzip.compress(jsonl_bytes(page_objects("g") * 3))
    dump = tmp_path / "growing.jsonl.gz"
    dump.write_bytes(whole[: len(whole) // 2])
    plain = invoke(runner, "batch", dump, "-o", tmp_path / "a", "-j", "1")
    assert plain.exit_code == 0
    assert "newsclean: warning:" in plain.stderr and "ends early" in plain.stderr
    quiet = invoke(runner, "batch", dump, "-o", tmp_path / "b", "-j", "1", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""
    assert (tmp_path / "a" / "part-000001.jsonl").read_bytes() == (tmp_path / "b" / "part-000001.jsonl").read_bytes()


def test_batch_verbose_shows_a_line_per_input_and_rule_counts(runner, tmp_path):
    first, second = tmp_path / "in" / "a.jsonl", tmp_path / "in" / "b.jsonl"
    first.parent.mkdir()
    first.write_bytes(jsonl_bytes(page_objects("a")[:2]))
    second.write_bytes(jsonl_bytes(page_objects("b")[:3]))
    plain = invoke(runner, "batch", first, second, "-o", tmp_path / "plain", "-j", "1")
    verbose = invoke(runner, "batch", "-v", first, second, "-o", tmp_path / "verbose", "-j", "1")
    assert plain.exit_code == verbose.exit_code == 0
    assert verbose.stdout == plain.stdout == ""
    lines = re.findall(r"^newsclean: (\S+): (\d+) records?, (\d+) documents?, \d+\.\d{3} s cleaning$",
                       verbose.stderr, re.M)
    docs = [sum(1 for _ in open(p)) for p in sorted((tmp_path / "verbose").glob("part-*"))]
    assert [(name, n) for name, n, _ in lines] == [(str(first), "2"), (str(second), "3")]
    assert sum(int(d) for _, _, d in lines) == sum(docs) > 0
    assert all(s in verbose.stderr for s in RULE_TABLE) and not any(s in plain.stderr for s in RULE_TABLE)
    # The summary is there in both.
    assert "newsclean batch:" in plain.stderr and "newsclean batch:" in verbose.stderr
    assert ((tmp_path / "plain" / "part-000001.jsonl").read_bytes()
            == (tmp_path / "verbose" / "part-000001.jsonl").read_bytes())


# --- learn -------------------------------------------------------------------------


def test_learn_quiet_hides_the_nothing_learnt_warning(runner, page, tmp_path):
    plain = invoke(runner, "learn", page, "-o", tmp_path / "a.json")
    assert plain.exit_code == 0
    assert "newsclean: warning:" in plain.stderr and "no template blocks learnt" in plain.stderr
    quiet = invoke(runner, "learn", "-q", page, "-o", tmp_path / "b.json")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()


def test_learn_quiet_still_prints_errors(runner, page, tmp_path):
    result = invoke(runner, "learn", "-q", tmp_path / "missing.jsonl", page, "-o", tmp_path / "a.json")
    assert result.exit_code == 1
    assert result.stderr.startswith("newsclean: error:") and "missing.jsonl" in result.stderr


def test_learn_verbose_shows_pages_per_input_and_blocks_per_site(runner, tmp_path):
    dump = tmp_path / "site.jsonl"
    dump.write_bytes(jsonl_bytes([{"id": f"p{i}", "url": url, "text": text}
                                  for i, (url, text, _) in enumerate(pages(24))]))
    plain = invoke(runner, "learn", dump, "-o", tmp_path / "a.json")
    verbose = invoke(runner, "-v", "learn", dump, "-o", tmp_path / "b.json")
    assert plain.exit_code == verbose.exit_code == 0
    assert re.search(rf"^newsclean: {re.escape(str(dump))}: 24 pages read in \d+\.\d{{3}} s$",
                     verbose.stderr, re.M)
    site = HOST.removeprefix("www.")
    m = re.search(rf"^newsclean: {re.escape(site)}: (\d+) template blocks from 24 pages$", verbose.stderr, re.M)
    assert m and int(m.group(1)) > 0
    assert f"{m.group(1)} template blocks for 1 sites" in plain.stderr
    assert site not in plain.stderr.replace(str(tmp_path), "")
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()


# --- stages ------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["stages", "-v"], ["stages", "-q"], ["-v", "stages"], ["-q", "stages"]])
def test_stages_takes_the_flags_and_lists_the_same(runner, args):
    plain = invoke(runner, "stages")
    result = invoke(runner, *args)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == plain.stdout and "fallback" in result.stdout


def test_verbose_gives_no_timing_line_for_an_input_that_could_not_be_read(runner, page, tmp_path):
    missing = tmp_path / "missing.txt"
    verbose = invoke(runner, "clean", "-v", "-f", "jsonl", missing, page)
    assert verbose.exit_code == 1 and str(missing) in verbose.stderr
    timing = [m["name"] for m in TIMING_RE.finditer(verbose.stderr)]
    assert timing == [str(page)]
