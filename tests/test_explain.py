"""`newsclean explain`, the trace schema, the configuration file and `clean --stats`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean.cli import main
from newsclean.config import ConfigError, host_of, load_config
from newsclean.pipeline import Config
from newsclean.stages import DEFAULT_PIPELINE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TWO_STORIES = str(FIXTURES / "ap_two_stories" / "input.txt")
CLOSING = ("Talks are scheduled to resume Friday morning under a government-appointed "
           "mediator, both sides confirmed.")


def run(*args, **kw):
    return CliRunner().invoke(main, list(args), **kw)


def explain_json(*args):
    result = run("explain", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_trace_schema_and_labels():
    t = explain_json(TWO_STORIES)
    assert t["version"] == 1
    assert t["stages"] == list(DEFAULT_PIPELINE)
    assert set(t["blocks"][0]) == {"index", "para", "story", "story_start", "story_reason", "role",
                                   "stage", "rule", "in_text", "text"}
    first = t["blocks"][0]
    assert (first["text"], first["role"], first["stage"], first["rule"], first["in_text"]) == \
        ("Skip to Content", "chrome", "chrome", "phrase", False)
    title = next(b for b in t["blocks"] if b["role"] == "title")
    assert title["text"].startswith("Dutch port strike") and title["rule"] == "repeated"
    start = next(b for b in t["blocks"] if b["story_start"])
    # The start names its evidence: the dateline, and the foot of the story before it
    # (its credit line, its captions printed again).
    assert start["text"].startswith("LISBON, Portugal (AP)")
    assert start["story_reason"] == "stories:dateline+foot(caption-repeat+credit)"
    assert [s["document"] for s in t["stories"]] == [f"{TWO_STORIES}#1", f"{TWO_STORIES}#2"]
    body = [b for b in t["blocks"] if b["role"] == "body"]
    assert body and all(b["stage"] is None and b["in_text"] for b in body)
    captions = [b for b in t["blocks"] if b["role"] == "caption"]
    assert captions and not any(b["in_text"] for b in captions)


def test_trace_blocks_cover_the_page_in_order():
    t = explain_json(TWO_STORIES)
    assert [b["index"] for b in t["blocks"]] == list(range(len(t["blocks"])))
    stories = [b["story"] for b in t["blocks"]]
    assert stories == sorted(stories)


def test_explain_text_output_is_plain_when_piped():
    result = run("explain", TWO_STORIES)
    assert result.exit_code == 0
    assert "story 1 →" in result.stdout and "story 2 →" in result.stdout
    assert "chrome:phrase" in result.stdout and "▶ stories:dateline+foot(" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour codes outside a terminal


def test_explain_missing_file_is_a_clear_error():
    result = run("explain", "/no/such/page.txt")
    assert result.exit_code == 1
    assert "no such file" in result.stderr and "Traceback" not in result.output


def write_config(tmp_path, text):
    path = tmp_path / "nc.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


SITE_CONFIG = f'''
[sites."example.com"]
chrome_phrases = ["{CLOSING}"]
skip = ["stories"]
'''


def test_site_rule_changes_output_for_that_host_only(tmp_path):
    cfg = write_config(tmp_path, SITE_CONFIG)
    on_site = run("clean", "-f", "jsonl", "--config", cfg, "--url", "https://news.example.com/a", TWO_STORIES)
    elsewhere = run("clean", "-f", "jsonl", "--config", cfg, "--url", "https://example.org/a", TWO_STORIES)
    site_docs = [json.loads(x) for x in on_site.stdout.splitlines()]
    other_docs = [json.loads(x) for x in elsewhere.stdout.splitlines()]
    assert len(site_docs) == 1 and CLOSING not in site_docs[0]["text"]  # phrase + skip stories
    assert len(other_docs) == 2 and CLOSING in other_docs[0]["text"]
    assert site_docs[0]["url"] == "https://news.example.com/a"


def test_config_defaults_apply_and_flags_win(tmp_path):
    cfg = write_config(tmp_path, '[defaults]\nformat = "jsonl"\nsplit = false\n')
    from_file = run("clean", "--config", cfg, TWO_STORIES)
    assert len(from_file.stdout.splitlines()) == 1 and json.loads(from_file.stdout)["id"]
    flag = run("clean", "--config", cfg, "--format", "text", TWO_STORIES)
    assert not flag.stdout.startswith("{")


def test_config_in_working_folder_is_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsclean.toml").write_text('[defaults]\nformat = "json"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", TWO_STORIES])
    assert result.exit_code == 0 and isinstance(json.loads(result.stdout), list)


@pytest.mark.parametrize("text,needle", [
    ('[defaults]\nformat = "xml"\n', "line 2: defaults.format"),
    ('[defaults]\n\nmin_words = "ten"\n', "line 3: defaults.min_words: must be a whole number"),
    ('[sites."a.com"]\nbogus = 1\n', 'line 2: sites."a.com".bogus: unknown key'),
    ('[rules]\ncaption_patterns = ["(unclosed"]\n', "rules.caption_patterns: bad regular expression"),
    ('[defaults]\nskip = ["nosuch"]\n', "unknown stage 'nosuch'"),
    ("x = [\n", "not valid TOML"),
])
def test_bad_config_names_key_and_line(tmp_path, text, needle):
    result = run("clean", "--config", write_config(tmp_path, text), TWO_STORIES)
    assert result.exit_code == 2
    assert needle in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""


def test_stats_go_to_stderr_and_leave_stdout_alone():
    plain = run("clean", "-f", "jsonl", TWO_STORIES)
    with_stats = run("clean", "-f", "jsonl", "--stats", TWO_STORIES)
    assert with_stats.stdout == plain.stdout
    assert "chrome:phrase" in with_stats.stderr and "dedup:caption-repeat" in with_stats.stderr


def test_config_caption_pattern_and_host_matching(tmp_path):
    cfg = load_config(write_config(tmp_path, '[rules]\ncaption_patterns = ["\\\\(Pic: [^)]+\\\\)$"]\n'))
    config = Config().with_file(cfg)
    assert config.caption_patterns == (r"\(Pic: [^)]+\)$",)
    assert host_of("https://User@www.Example.com:8080/x?y") == "www.example.com"
    assert host_of("example.com/news") == "example.com"
    assert host_of(None) is None


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(str(tmp_path / "nope.toml"))


def test_site_drop_selector_removes_that_element_on_html(tmp_path):
    page = FIXTURES / "html_clean_minimal" / "input.html"
    docs = [json.loads(x) for x in run("clean", "-f", "jsonl", str(page)).stdout.splitlines()]
    first_paragraph = docs[0]["text"].split("\n\n")[0]
    cfg = write_config(tmp_path, '[sites."example.com"]\ndrop_selectors = ["p:first-of-type"]\n')
    on_site = run("clean", "-f", "jsonl", "--config", cfg, "--url", "https://example.com/x", str(page))
    elsewhere = run("clean", "-f", "jsonl", "--config", cfg, "--url", "https://example.net/x", str(page))
    assert first_paragraph not in json.loads(on_site.stdout)["text"]
    assert first_paragraph in json.loads(elsewhere.stdout)["text"]
