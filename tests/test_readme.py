"""The README stays true: its CLI reference is the current --help, and its test command
is what .ci/run runs."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from newsclean.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
COMMANDS = ([], ["clean"], ["batch"], ["learn"], ["explain"], ["stages"])


def cli_reference() -> str:
    runner = CliRunner()
    parts = []
    for args in COMMANDS:
        result = runner.invoke(main, [*args, "--help"], terminal_width=88, prog_name="newsclean")
        assert result.exit_code == 0, result.output
        title = " ".join(["newsclean", *args])
        parts.append(f"### `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def test_cli_reference_is_current(update_golden: bool) -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    fresh = f"{head}{START}\n{cli_reference()}{END}{tail}"
    if update_golden and text != fresh:
        README.write_text(fresh, encoding="utf-8")
        return
    assert text == fresh, "README CLI reference is stale: run pytest tests/test_readme.py --update-golden"


def test_ci_runs_the_readme_test_command() -> None:
    readme = README.read_text(encoding="utf-8")
    m = re.search(r"Run the tests[^\n]*\n\n```sh\n(.+?)\n```", readme)
    assert m, "README has no 'Run the tests' command block"
    command = m.group(1).strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines(), f".ci/run does not run the README test command {command!r}"


def test_readme_example_page_exists() -> None:
    readme = README.read_text(encoding="utf-8")
    paths = re.findall(r"newsclean clean [^\n`]*?(fixtures/\S+)", readme)
    assert paths and all((ROOT / p).exists() for p in paths)
