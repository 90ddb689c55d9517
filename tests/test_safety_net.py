"""The safety net: a page whose densest prose region holds FALLBACK_MIN_WORDS words of
prose never comes out with no document (stages/fallback.py), whatever the other rules
guessed. Checked on every fixture, and on the dev corpus when ../shared is beside the
project (CI has it)."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsclean import Pipeline
from newsclean.pipeline import Config
from newsclean.readers import read_pages
from newsclean.readers.html import page_from_html
from newsclean.readers.text import pages_from_text
from newsclean.stages.fallback import densest_region

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"


def _pages(path: Path):
    if path.name.endswith(".html.gz"):
        return [page_from_html(gzip.decompress(path.read_bytes()), source=path.name)[0]]
    if path.parent.name == "text":
        return list(pages_from_text(path.read_text(encoding="utf-8"), source=path.name))
    return read_pages(str(path))[0]


def _inputs():
    for d in sorted((ROOT / "fixtures").iterdir()):
        yield from (pytest.param(p, id=d.name) for p in sorted(d.glob("input.*")))
    if DEV.is_dir():
        for kind in ("html", "text"):
            yield from (pytest.param(p, id=f"dev-{kind}-{p.name[:12]}") for p in sorted((DEV / kind).iterdir()))


@pytest.mark.parametrize("path", list(_inputs()))
def test_a_page_with_a_prose_region_gives_a_document(path: Path) -> None:
    # Labelled without the net first: where the other stages left no document but
    # the page holds a region of prose, the whole pipeline must give one; and no page
    # the whole pipeline leaves empty holds such a region.
    without_net = Pipeline(Config(skip=frozenset({"fallback"})))
    for bare, page in zip(_pages(path), _pages(path)):
        needs_net = not without_net.run(bare) and densest_region(bare) is not None
        docs = Pipeline().run(page)
        assert docs or not needs_net, f"{page.source}: the other stages left a prose region, no document"
        if not docs:
            assert densest_region(page) is None, f"{page.source}: a prose region, no document"


def test_the_net_holds_where_the_other_stages_took_everything(monkeypatch) -> None:
    # With the dom stage believing every class name (as it did), a review whose parts
    # are all named "ads-allowed" loses its story; the fallback gives it back.
    from newsclean.stages import dom

    monkeypatch.setattr(dom, "_names_overruled", lambda *args: None)
    text = (ROOT / "fixtures" / "html_names_over_prose" / "input.html").read_bytes()
    without = Pipeline(Config(skip=frozenset({"fallback"}))).run(page_from_html(text)[0])
    page = page_from_html(text)[0]
    docs = Pipeline().run(page)
    assert without == []
    assert len(docs) == 1 and "pellets" in docs[0].text
    assert densest_region(page) is not None
