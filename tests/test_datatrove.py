"""newsclean as a datatrove step: JsonlReader → NewscleanExtractor → JsonlWriter in a
LocalPipelineExecutor, on a small JSONL of composed fixture pages. The documents
written equal newsclean's own, one per story, with newsclean's fields in metadata.

datatrove is in the `test` extra; without it these tests skip."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import newsclean

pytest.importorskip("datatrove", reason="datatrove is not installed (pip install -e '.[datatrove]')")
pytest.importorskip("orjson", reason="datatrove's JSONL reader and writer need orjson")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from newsclean.datatrove import METADATA_FIELDS, NewscleanExtractor  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture(case: str, name: str) -> str:
    return (FIXTURES / case / name).read_text(encoding="utf-8")


def pages() -> list[dict]:
    """A text dump with two stories, an HTML page beside an old extraction (the HTML in
    metadata), an HTML page as WarcReader gives it (in text), and a page of chrome only."""
    return [
        {"id": "two", "url": "https://news.example.org/two", "text": fixture("ap_two_stories", "input.txt")},
        {"id": "beside", "url": "https://news.example.org/fig", "text": "an old extraction, not the page",
         "html": fixture("html_figure_captions", "input.html"), "crawl": "CC-MAIN-2026-01"},
        {"id": "inline", "url": "https://news.example.org/dpa", "text": fixture("html_german_dpa", "input.html")},
        {"id": "chrome", "text": fixture("chrome_only_page", "input.txt")},
    ]


def expected(page: dict) -> list[newsclean.Document]:
    content, kind = (page["html"], "html") if "html" in page else (page["text"], None)
    return newsclean.clean(content, kind=kind, url=page.get("url"), source=page["id"])


def run(tmp_path: Path, step: NewscleanExtractor, records: list[dict]):
    (tmp_path / "in").mkdir(parents=True)
    (tmp_path / "in" / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "in")), step, JsonlWriter(str(tmp_path / "out"))],
        tasks=1, workers=1, logging_dir=str(tmp_path / "logs"))
    stats = executor.run()
    written = []
    for shard in sorted((tmp_path / "out").glob("*.jsonl.gz")):
        written += [json.loads(line) for line in gzip.decompress(shard.read_bytes()).splitlines()]
    (ours,) = [s for s in stats.stats if s.name == str(step)]
    return written, {key: metric.total for key, metric in ours.stats.items()}


def test_pipeline_writes_one_document_per_story_with_newsclean_fields(tmp_path):
    records = pages()
    written, counts = run(tmp_path, NewscleanExtractor(), records)
    want = [doc for page in records for doc in expected(page)]
    assert [d["id"] for d in written] == [d.id for d in want]
    assert [d["id"] for d in written][:2] == ["two#1", "two#2"]  # the two stories split
    assert {d["id"].split("#")[0] for d in written} == {"two", "beside", "inline"}
    for got, doc in zip(written, want):
        assert got["text"] == doc.text
        meta = got["metadata"]
        assert {name: meta[name] for name in METADATA_FIELDS} == {name: getattr(doc, name) for name in METADATA_FIELDS}
        assert meta["url"] == doc.url and "html" not in meta
    beside = next(d for d in written if d["id"].startswith("beside#"))
    assert beside["metadata"]["crawl"] == "CC-MAIN-2026-01"  # the input's own metadata stays
    assert beside["metadata"]["captions"] and "old extraction" not in beside["text"]
    assert any(d["metadata"]["title"] for d in written) and any(d["metadata"]["authors"] for d in written)
    assert counts["total"] == 4 and counts["dropped_no_story"] == 1 and counts["dropped"] == 1
    assert counts["forwarded"] == len(want) and counts["stories"] == len(want)
    assert counts["removed_chrome"] > 0


def test_html_key_chooses_what_is_cleaned(tmp_path):
    """The HTML beside a text is cleaned by default; with html_key=None, the text is."""
    both = {"id": "both", "text": fixture("ap_two_stories", "input.txt"),
            "html": fixture("html_figure_captions", "input.html")}
    by_html, _ = run(tmp_path / "a", NewscleanExtractor(), [both])
    by_text, _ = run(tmp_path / "b", NewscleanExtractor(html_key=None, kind="text"), [both])
    assert [d["text"] for d in by_html] == [d.text for d in newsclean.clean(both["html"], kind="html")]
    assert [d["text"] for d in by_text] == [d.text for d in newsclean.clean(both["text"], kind="text")]
    assert len(by_text) == 2 and by_text[0]["text"] != by_html[0]["text"]
    assert by_text[0]["metadata"]["html"] == both["html"]  # not taken: left where it was


def test_a_page_that_fails_is_counted_and_the_run_goes_on(tmp_path, monkeypatch):
    from newsclean.pipeline import Pipeline

    real = Pipeline.run

    def failing(self, page, *args, **kwargs):
        if page.source == "boom":
            raise RuntimeError("a bug met by one page")
        return real(self, page, *args, **kwargs)

    monkeypatch.setattr(Pipeline, "run", failing)
    records = [{"id": "boom", "text": fixture("ap_two_stories", "input.txt")}, pages()[0]]
    written, counts = run(tmp_path, NewscleanExtractor(), records)
    assert [d["id"] for d in written] == ["two#1", "two#2"]
    assert counts["dropped_error"] == 1 and counts["dropped"] == 1 and counts["forwarded"] == 2


def test_a_bad_kind_is_refused_at_once():
    with pytest.raises(ValueError, match="kind must be"):
        NewscleanExtractor(kind="pdf")


def test_import_newsclean_does_not_import_datatrove():
    import subprocess
    import sys

    code = "import sys, newsclean; newsclean.clean('x'); print('datatrove' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False", out.stderr
