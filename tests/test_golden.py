"""Golden files: every fixtures/<case>/input.txt must give fixtures/<case>/expected.jsonl.

Only the fields a reader checks are compared (not ids, stats or lang, which say how,
not what). ``pytest --update-golden`` rewrites the expectations for review in the diff.
Known failures are listed in fixtures/xfail.txt ("case: reason") and run as strict
xfails, so fixing one is noticed.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclean import Pipeline
from newsclean.readers import read_pages

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIELDS = ("title", "published", "updated", "dateline", "authors", "text", "captions")
#: Compared when the expected document states them (the HTML fixtures do).
OPTIONAL_FIELDS = ("url", "lang")


def _xfails() -> dict[str, str]:
    path = FIXTURES / "xfail.txt"
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            case, _, reason = line.partition(":")
            out[case.strip()] = reason.strip()
    return out


def _cases():
    xf = _xfails()
    for d in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        inputs = sorted(d.glob("input.*"))
        if not inputs:
            continue
        marks = [pytest.mark.xfail(strict=True, reason=xf[d.name])] if d.name in xf else []
        yield pytest.param(d, inputs[0], id=d.name, marks=marks)


def _project(doc) -> dict:
    full = doc.to_dict()
    return {k: full[k] for k in FIELDS + OPTIONAL_FIELDS}


@pytest.mark.parametrize("case,input_path", list(_cases()))
def test_golden(case: Path, input_path: Path, update_golden: bool) -> None:
    pages, _ = read_pages(str(input_path))
    got = [_project(d) for p in pages for d in Pipeline().run(p)]
    expected_path = case / "expected.jsonl"
    if update_golden:
        fields = FIELDS + (OPTIONAL_FIELDS if input_path.suffix == ".html" else ())
        expected_path.write_text(
            "".join(json.dumps({k: d[k] for k in fields}, ensure_ascii=False) + "\n" for d in got),
            encoding="utf-8",
        )
    lines = expected_path.read_text(encoding="utf-8").splitlines()
    want = [json.loads(ln) for ln in lines if ln.strip()]
    assert len(got) == len(want), f"{len(got)} documents, want {len(want)}"
    for n, (g, w) in enumerate(zip(got, want), 1):
        for field in FIELDS + tuple(f for f in OPTIONAL_FIELDS if f in w):
            default = [] if field in ("authors", "captions") else None
            assert g[field] == w.get(field, default), f"document {n}, field {field!r}"


def test_there_are_enough_fixtures() -> None:
    assert len(list(_cases())) >= 15


SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"


@pytest.mark.skipif(not (SEED / "page.txt").exists(), reason="../shared is not beside the project")
@pytest.mark.parametrize("single_newlines", [False, True])
def test_seed_page(single_newlines: bool) -> None:
    """The real page the project started from (read from ../shared when present)."""
    text = (SEED / "page.txt").read_text(encoding="utf-8")
    if single_newlines:
        text = "\n".join(ln for ln in text.splitlines() if ln.strip())
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    docs = Pipeline().clean_text(text, source="page.txt")
    assert len(docs) == len(expected["documents"])
    for doc, want in zip(docs, expected["documents"]):
        assert doc.text.split("\n\n") == want["paragraphs"]
        assert doc.title == want["title"]
        assert doc.dateline == want["dateline"]
        assert (doc.published or "").startswith(want["published"] or "")
        assert (doc.updated or "").startswith(want["updated"] or "")
        assert sorted(doc.captions) == sorted(want["captions"])


def _expected_documents():
    for case in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        path = case / "expected.jsonl"
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield pytest.param(json.loads(line), id=f"{case.name}#{n}")


@pytest.mark.parametrize("doc", list(_expected_documents()))
def test_cleaning_clean_output_changes_nothing(doc: dict) -> None:
    """Idempotence: a cleaned story (title, blank line, body) comes out as it went in."""
    page = (doc["title"] + "\n\n" if doc["title"] else "") + doc["text"]
    out = Pipeline().clean_text(page)
    assert len(out) == 1
    assert (out[0].title, out[0].text) == (doc["title"], doc["text"])
