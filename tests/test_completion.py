"""Shell completion (click's): the scripts the README tells users to install are
produced, and they complete commands, options, stage names and file names."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean.cli import main
from newsclean.stages import DEFAULT_PIPELINE

ROOT = Path(__file__).resolve().parent.parent
SHELLS = ("bash", "zsh", "fish")


def complete(words: str, cword: int) -> list[tuple[str, str]]:
    """What bash completion gets for COMP_WORDS/COMP_CWORD: (type, value) pairs."""
    result = CliRunner().invoke(main, [], prog_name="newsclean", env={
        "_NEWSCLEAN_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)})
    assert result.exit_code == 0, result.stderr
    return [tuple(line.split(",", 1)) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_source_is_produced(shell):
    result = CliRunner().invoke(main, [], prog_name="newsclean",
                                env={"_NEWSCLEAN_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0 and result.stderr == ""
    # The script calls newsclean back with the completing variable set for its shell.
    assert f"_NEWSCLEAN_COMPLETE={shell}_complete" in result.stdout
    assert "_newsclean_completion" in result.stdout


def test_completion_source_from_the_entry_point_as_installed():
    """As the installed `newsclean` script runs: argv[0] named newsclean, the real stdout."""
    code = "import sys; sys.argv[0] = '/usr/local/bin/newsclean'; from newsclean.cli import main; main()"
    env = {**os.environ, "_NEWSCLEAN_COMPLETE": "bash_source"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("_newsclean_completion() {")
    assert "complete -o nosort -F _newsclean_completion newsclean" in proc.stdout


def test_completion_offers_commands_options_stages_and_files():
    assert complete("newsclean cl", 1) == [("plain", "clean")]
    assert {v for _, v in complete("newsclean ", 1)} == {"batch", "clean", "explain", "learn", "stages"}
    options = {v for _, v in complete("newsclean clean -", 2)}
    assert {"--format", "--skip", "--verbose", "--quiet", "-v", "-q"} <= options
    assert complete("newsclean clean --skip d", 3) == [("plain", s) for s in DEFAULT_PIPELINE if s.startswith("d")]
    assert complete("newsclean clean --format j", 3) == [("plain", "json"), ("plain", "jsonl")]
    # Inputs and output paths are left to the shell's own file name completion.
    for words in ("newsclean clean page", "newsclean explain page", "newsclean batch page", "newsclean learn page"):
        assert complete(words, 2) == [("file", "page")], words
    assert complete("newsclean batch -o cle", 3) == [("dir", "cle")]


def test_readme_documents_completion_for_each_shell():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"_NEWSCLEAN_COMPLETE=(\w+)_source newsclean", readme))
    assert documented == set(SHELLS)
