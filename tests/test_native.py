"""The compiled forms (newsclean/_speedups.c) against their pure-Python twins.

Each compiled function must give what its twin gives, on generated input and on real
pages; and newsclean built where there is no C compiler must install, run the twins,
and give the same documents. CI sets NEWSCLEAN_REQUIRE_NATIVE=1, so that a build that
lost its compiled part fails here instead of skipping the comparisons."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _wheel import build_wheel

from newsclean import _native
from newsclean.readers.html import _FLAT_TAGS, MAX_NESTING, RAW_TEXT_TAGS, _nests_deeper

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared" / "corpus"

speedups = _native._speedups
needs_compiled = pytest.mark.skipif(speedups is None, reason="newsclean._speedups not built")


def test_the_compiled_part_is_built_where_required():
    if os.environ.get("NEWSCLEAN_REQUIRE_NATIVE") != "1":
        pytest.skip("NEWSCLEAN_REQUIRE_NATIVE is not set")
    assert speedups is not None, "newsclean._speedups was not built (see pip's build output)"
    assert _native.compiled()


def test_native_gives_the_twin_when_not_compiled(monkeypatch):
    def twin(x):
        return x

    monkeypatch.setattr(_native, "PURE", True)
    assert _native.native("nests_deeper", twin) is twin
    monkeypatch.setattr(_native, "PURE", False)
    monkeypatch.setattr(_native, "_speedups", None)
    assert _native.native("nests_deeper", twin) is twin


# ------------------------------------------------------------------ nests_deeper

#: Pieces of markup to draw pages from: tags of both cases, comments and raw text
#: elements opened and closed (or not), flat tags, broken "<" and multibyte text.
PIECES = [b"<div>", b"</div>", b"<DIV class=x>", b"</Div >", b"<span>", b"</span>", b"<b>", b"</b>",
          b"<p>", b"</p>", b"<br/>", b"<li>", b"<td>", b"<h2>", b"</h2>", b"<a1>", b"</a1>",
          b"<!--", b"-->", b"--", b"<!-- <div> -->", b"<script>", b"<script", b"</script>",
          b"</SCRIPT>", b"<scripts>", b"<style\t", b"</style>", b"<title/>", b"</title",
          b"<textarea>", b"</textarea>", b"<xmp>", b"</xmp>", b"<iframe>", b"</iframe>",
          b"<noembed>", b"</noembed>", b"<noframes>", b"</noframes>", b"<", b"< div>", b"</ >",
          b"<1>", b"<!doctype html>", b"</", b">", b"text", b" ", b"\n", b"\xc3\xa9", b"\xff"]


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.integers(0, 5))
def test_nests_deeper_agrees_with_its_twin_on_generated_markup(pieces, limit):
    markup = b"".join(pieces)
    assert speedups.nests_deeper(markup, limit, _FLAT_TAGS) == _nests_deeper(markup, limit, _FLAT_TAGS)


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300), st.integers(0, 3))
def test_nests_deeper_agrees_with_its_twin_on_any_bytes(markup, limit):
    assert speedups.nests_deeper(markup, limit, _FLAT_TAGS) == _nests_deeper(markup, limit, _FLAT_TAGS)


def _html_pages(limit: int = 400) -> list[bytes]:
    pages = [p.read_bytes() for p in sorted(FIXTURES.glob("*/input.html"))]
    for path in sorted(SHARED.glob("*/html/*.gz"))[:limit]:
        pages.append(gzip.open(path).read())
    return pages


@needs_compiled
def test_nests_deeper_agrees_with_its_twin_on_pages():
    """At every depth limit a page could meet: the two agree on how deep it nests."""
    pages = _html_pages()
    assert len(pages) >= 20
    for page in pages:
        for limit in (3, 8, 15, 25, 40, 60, MAX_NESTING):
            assert speedups.nests_deeper(page, limit, _FLAT_TAGS) == _nests_deeper(page, limit, _FLAT_TAGS)


@needs_compiled
def test_nests_deeper_knows_the_raw_text_elements_its_twin_knows():
    assert speedups.RAW_TEXT_TAGS == RAW_TEXT_TAGS


@needs_compiled
def test_nests_deeper_on_a_deep_page_and_bad_arguments():
    deep = b"<div>" * (MAX_NESTING + 1)
    assert speedups.nests_deeper(deep, MAX_NESTING, _FLAT_TAGS)
    assert not speedups.nests_deeper(b"<div></div>" * 10_000, MAX_NESTING, _FLAT_TAGS)
    long_name = b"<" + b"x" * 10_000 + b">"  # longer than the name buffer on the stack
    assert speedups.nests_deeper(long_name * 3, 2, _FLAT_TAGS)
    assert speedups.nests_deeper(long_name * 3, 2, _FLAT_TAGS) == _nests_deeper(long_name * 3, 2, _FLAT_TAGS)
    with pytest.raises(TypeError):
        speedups.nests_deeper("<div>", 1, _FLAT_TAGS)  # text, not bytes
    with pytest.raises(TypeError):
        speedups.nests_deeper(b"<div>", 1, set(_FLAT_TAGS))


# ------------------------------------------------------------ built without a compiler

_CLEAN_FIXTURES = """
import hashlib, json, sys
# An editable install of the tree (pip install -e) adds a finder that looks up any
# newsclean module missing from the package imported, such as _speedups, in the tree.
sys.meta_path[:] = [f for f in sys.meta_path if not str(getattr(f, "__module__", "")).startswith("__editable__")]
from pathlib import Path
import newsclean
from newsclean import _native
out = {"compiled": _native.compiled(), "pages": {}}
for path in sorted(Path(sys.argv[1]).glob("*/input.*")):
    docs = newsclean.clean(path.read_bytes(), kind="html" if path.suffix == ".html" else "text")
    out["pages"][path.parent.name] = hashlib.sha256(
        json.dumps([d.to_dict() for d in docs], sort_keys=True).encode()).hexdigest()
print(json.dumps(out))
"""


def _clean_fixtures(python: str, env: dict, cwd: Path) -> dict:
    """What the newsclean on ``env``'s PYTHONPATH makes of the fixtures, run from
    ``cwd`` (python -c looks there first)."""
    proc = subprocess.run([python, "-c", _CLEAN_FIXTURES, str(FIXTURES)], capture_output=True,
                          text=True, env=env, timeout=600, cwd=cwd)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def uncompiled_site(tmp_path_factory) -> Path:
    """newsclean as pip installs it where the C compiler fails (CC=false): a wheel
    built from a copy of the tree, unpacked into a folder."""
    whl = build_wheel(tmp_path_factory, {"CC": "false", "LDSHARED": "false"})
    site = tmp_path_factory.mktemp("site")
    zipfile.ZipFile(whl).extractall(site)
    return site


@pytest.mark.skipif(sys.platform == "win32", reason="CC=false is a POSIX command")
def test_without_a_compiler_newsclean_installs_and_gives_the_same_documents(uncompiled_site, tmp_path):
    assert not list(uncompiled_site.glob("newsclean/_speedups*")), "the build should have failed, and the C source stay out"
    pure = _clean_fixtures(sys.executable, {**os.environ, "PYTHONPATH": str(uncompiled_site)}, tmp_path)
    assert pure["compiled"] is False
    here = _clean_fixtures(sys.executable, {**os.environ, "PYTHONPATH": str(ROOT)}, tmp_path)
    assert here["compiled"] is (speedups is not None)
    assert len(pure["pages"]) >= 40
    assert pure["pages"] == here["pages"]


def test_newsclean_pure_runs_the_twins():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSCLEAN_PURE": "1"}
    proc = subprocess.run([sys.executable, "-c", "from newsclean._native import compiled;"
                           "from newsclean.readers import html; print(compiled(), html.nests_deeper.__name__)"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.stdout.split() == ["False", "_nests_deeper"], proc.stderr
