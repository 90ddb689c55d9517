"""The README stays true: its CLI reference is the current --help, and its test command
is what .ci/run runs."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
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


# --- links: the README (and the design document) point at files in the repo ---------

#: A markdown link or image: "[text](target)" / "![alt](target)", target without spaces.
LINK_RE = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
#: A markdown heading line: "## Crawl dumps: `newsclean batch`".
HEADING_RE = re.compile(r"^#{1,6} +(.+?) *$", re.M)
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a document's headings (lower case, punctuation dropped,
    spaces to hyphens)."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)  # a "# comment" in a code block is no heading
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in HEADING_RE.findall(text)}


def broken_links(doc: Path) -> list[str]:
    text = doc.read_text(encoding="utf-8")
    bad = []
    for target in LINK_RE.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: … : not a file
            continue
        path, _, anchor = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        if ROOT not in file.parents and file != ROOT:
            bad.append(f"{target}: outside the repository")
        elif not file.exists():
            bad.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
            bad.append(f"{target}: no heading #{anchor} in {file.name}")
    return bad


@pytest.mark.parametrize("doc", [README, ARCHITECTURE], ids=["README.md", "docs/ARCHITECTURE.md"])
def test_relative_links_point_to_files_in_the_repo(doc: Path) -> None:
    assert LINK_RE.search(doc.read_text(encoding="utf-8")), f"{doc.name} has no links to check"
    assert broken_links(doc) == []


def test_broken_links_are_found(tmp_path, monkeypatch) -> None:
    """The link check can fail: a missing file, a missing heading, a path out of the repo."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "A.md").write_text("# Title\n\n## Some part, and why\n", encoding="utf-8")
    doc = tmp_path / "README.md"
    doc.write_text("[a](docs/A.md) [b](docs/A.md#some-part-and-why) [c](https://x.example/y)\n"
                   "[d](docs/B.md) [e](docs/A.md#nothing) [f](../outside.md) [g](#title)\n"
                   "# Title\n", encoding="utf-8")
    assert [b.split(":")[0] for b in broken_links(doc)] == ["docs/B.md", "docs/A.md#nothing", "../outside.md"]


def test_every_mention_of_the_design_document_links_to_it() -> None:
    """ARCHITECTURE.md is named only as a link to the file in the repo (it used to be
    named as a file that was not there)."""
    text = README.read_text(encoding="utf-8")
    links = re.compile(r"\[[^\]\n]*\]\(docs/ARCHITECTURE\.md(?:#[\w-]*)?\)")
    assert links.search(text) and ARCHITECTURE.exists()
    unlinked = re.findall(r"[^\n]*ARCHITECTURE\.md[^\n]*", links.sub("", text))
    assert unlinked == [], "ARCHITECTURE.md is named without a link to docs/ARCHITECTURE.md"


def test_design_document_lists_the_stages_in_run_order() -> None:
    from newsclean.stages import DEFAULT_PIPELINE

    text = ARCHITECTURE.read_text(encoding="utf-8")
    table = text.split("## Stages", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([a-z]+) \|", table, re.M)
    assert rows == ["stage", *DEFAULT_PIPELINE, "assemble"]  # the header row, then the stages
