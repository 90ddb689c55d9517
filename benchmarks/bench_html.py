#!/usr/bin/env python3
"""Speed of newsclean's HTML cleaning against trafilatura, on one core.

    python benchmarks/bench_html.py [--pages DIR_OR_GLOB ...] [--rounds 3]
                                    [--snippets 300] [--tool NAME ...] [--json]

Pages (default): every ``*.html.gz`` in ``../shared/corpus/dev/html`` and the
first 300 (sorted by name) ``*.gz`` in ``../shared/corpus/snippets/html``, when
those folders exist beside the project; else the repo's
``fixtures/html_*/input.html``. ``--pages`` (repeatable) takes a folder (its
``*.html``, ``*.htm`` and ``*.gz`` files) or a glob instead. ``.gz`` files are
unpacked. Every page is read into memory as bytes before any timing, so disk
and gzip are not measured.

Each tool then runs in this one process, pinned to one core
(``os.sched_setaffinity(0, {core})`` where the platform has it; no
multiprocessing): one untimed warm-up pass over all pages (imports, caches,
lazily compiled patterns; errors and empty outputs are counted there), then
``--rounds`` timed passes per tool, the two tools taking turns each round so
that a slow spell of the machine hits both; each tool's best pass is reported.
A page on which a tool raises counts as an error and the pass goes on.

The calls timed, both given the page's raw bytes (each tool detects the
encoding itself):

    newsclean.clean(page, kind="html", source=name)
    trafilatura.extract(page, include_comments=False, include_tables=True,
                        favor_precision=False, deduplicate=False)

Why these trafilatura options: they make it do the job newsclean does, no
more and no less. ``include_comments=False``: newsclean drops readers'
comments. ``include_tables=True``: newsclean keeps table text that is part of
the story. ``favor_precision=False`` (and ``favor_recall`` left False): its
balanced default, not a mode tuned one way. ``deduplicate=False``: its
cross-document LRU cache would make later rounds see "seen before" segments and
do different work each round; newsclean removes repeats within a page only.
Everything else is left at trafilatura's defaults: plain-text output
(``output_format="txt"``), no metadata (``with_metadata=False``), no images,
links or formatting, and ``fast=False``, i.e. its fallback extractors
(readability port, jusText) run on pages where its own extraction looks poor,
as they do in its eval scores. ``--trafilatura-fast`` times ``fast=True``
(no fallbacks) instead, for reference.

Until ``newsclean.clean`` accepts ``kind="html"``, a stand-in is timed instead
and labelled ``newsclean*``: the page decoded as UTF-8 (replacement characters
for bad bytes), turned into a text dump with the standard library's
``html.parser`` (scripts and styles dropped, a line break at each block
element), then ``newsclean.clean(text, source=name)``. ``--stand-in`` forces it.

Output: a table (pages, MB of HTML, best seconds, pages/s, MB/s, errors, pages
with no output per tool, and newsclean's pages/s as a multiple of
trafilatura's), or with ``--json`` one JSON object. Exit status 0, or 2 when
no pages are found or a tool cannot be imported.

Standard library only besides newsclean and trafilatura
(``pip install trafilatura lxml_html_clean``).
"""
from __future__ import annotations

import argparse
import gc
import glob
import gzip
import inspect
import json
import os
import platform
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent          # the project root
SHARED = ROOT.parent / "shared"
DEV_HTML = SHARED / "corpus" / "dev" / "html"
SNIPPETS_HTML = SHARED / "corpus" / "snippets" / "html"
FIXTURES = ROOT / "fixtures"
PAGE_SUFFIXES = (".html", ".htm", ".gz")


# ---------------------------------------------------------------- pages

def expand(spec: str) -> list[Path]:
    """A folder's page files, or a glob's matches, sorted."""
    path = Path(spec)
    if path.is_dir():
        return sorted(p for p in path.iterdir()
                      if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES))
    if path.is_file():
        return [path]
    return sorted(Path(p) for p in glob.glob(spec, recursive=True)
                  if Path(p).is_file())


def default_pages(snippets: int) -> list[Path]:
    paths: list[Path] = []
    if DEV_HTML.is_dir():
        paths += sorted(DEV_HTML.glob("*.html.gz"))
    if SNIPPETS_HTML.is_dir() and snippets > 0:
        paths += sorted(SNIPPETS_HTML.glob("*.gz"))[:snippets]
    if not paths:
        paths = sorted(FIXTURES.glob("html_*/input.html"))
    return paths


def read_page(path: Path) -> bytes:
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as f:
            return f.read()
    return path.read_bytes()


# ---------------------------------------------------------------- tools

class _TextDump(HTMLParser):
    """HTML to a whole-page text dump, for the stand-in only."""

    SKIP = frozenset({"script", "style", "noscript", "template", "svg"})
    BLOCK = frozenset({
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl",
        "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
        "section", "table", "td", "th", "title", "tr", "ul"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)

    def text(self) -> str:
        lines = (" ".join(ln.split()) for ln in "".join(self.out).split("\n"))
        return "\n\n".join(ln for ln in lines if ln)


def html_to_text(page: bytes) -> str:
    parser = _TextDump()
    parser.feed(page.decode("utf-8", errors="replace"))
    parser.close()
    return parser.text()


def newsclean_tool(force_stand_in: bool):
    """(label, callable(bytes, name) -> output text, note) for newsclean."""
    import newsclean

    has_kind = "kind" in inspect.signature(newsclean.clean).parameters
    if has_kind and not force_stand_in:
        def run(page: bytes, name: str) -> str:
            docs = newsclean.clean(page, kind="html", source=name)
            return "\n\n".join(d.text for d in docs)
        return "newsclean", run, f"newsclean {newsclean.__version__}, kind=\"html\""

    def run(page: bytes, name: str) -> str:
        docs = newsclean.clean(html_to_text(page), source=name)
        return "\n\n".join(d.text for d in docs)
    why = ("forced by --stand-in" if has_kind else
           "newsclean.clean has no kind= yet")
    note = (f"newsclean* = STAND-IN ({why}): stdlib html.parser to text, "
            f"then newsclean.clean(text); newsclean {newsclean.__version__}")
    return "newsclean*", run, note


def trafilatura_tool(fast: bool):
    import trafilatura

    def run(page: bytes, name: str) -> str:
        return trafilatura.extract(
            page, include_comments=False, include_tables=True,
            favor_precision=False, deduplicate=False, fast=fast) or ""
    label = "trafilatura" + (" fast" if fast else "")
    return label, run, (f"trafilatura {trafilatura.__version__}, "
                        f"fast={fast}")


# ---------------------------------------------------------------- timing

def one_pass(run, pages) -> tuple[float, int, int]:
    """(seconds, errors, pages with empty output) for one pass."""
    errors = empty = 0
    gc.collect()
    t0 = time.perf_counter()
    for name, page in pages:
        try:
            if not run(page, name).strip():
                empty += 1
        except Exception:  # noqa: BLE001 - a tool failing on a page is data
            errors += 1
    return time.perf_counter() - t0, errors, empty


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no os.sched_setaffinity on this platform)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Time newsclean's HTML cleaning against trafilatura "
                    "on one core.",
        epilog="example: python benchmarks/bench_html.py --rounds 5 --json")
    ap.add_argument("--pages", action="append", metavar="DIR_OR_GLOB",
                    help="pages to use: a folder (its *.html, *.htm, *.gz) or "
                         "a glob; repeatable (default: the shared dev and "
                         "snippets HTML corpora, else fixtures/html_*)")
    ap.add_argument("--snippets", type=int, default=300, metavar="N",
                    help="pages from the snippets corpus in the default set "
                         "(%(default)s)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="timed passes per tool; the best counts (%(default)s)")
    ap.add_argument("--tool", action="append",
                    choices=["newsclean", "trafilatura"],
                    help="time only this tool (repeatable; default both)")
    ap.add_argument("--stand-in", action="store_true",
                    help="time the text stand-in for newsclean even if "
                         "clean(kind='html') exists")
    ap.add_argument("--trafilatura-fast", action="store_true",
                    help="time trafilatura with fast=True (no fallback "
                         "extractors)")
    ap.add_argument("--json", action="store_true",
                    help="print one JSON object instead of the table")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")

    paths = ([p for spec in args.pages for p in expand(spec)]
             if args.pages else default_pages(args.snippets))
    if not paths:
        where = (", ".join(args.pages) if args.pages else
                 f"{DEV_HTML}, {SNIPPETS_HTML} or {FIXTURES}/html_*/input.html")
        print(f"error: no pages found in {where}", file=sys.stderr)
        return 2
    pages = [(str(p), read_page(p)) for p in paths]
    n_bytes = sum(len(b) for _, b in pages)
    mb = n_bytes / 1e6

    wanted = args.tool or ["newsclean", "trafilatura"]
    tools = []
    for name in dict.fromkeys(wanted):
        try:
            tools.append((name,) + (newsclean_tool(args.stand_in)
                                    if name == "newsclean" else
                                    trafilatura_tool(args.trafilatura_fast)))
        except ImportError as exc:
            hint = (" (pip install trafilatura lxml_html_clean)"
                    if name == "trafilatura" else " (pip install -e .)")
            print(f"error: cannot import {name}: {exc}{hint}", file=sys.stderr)
            return 2

    pinned = pin_one_core()
    results = {}
    for _, label, run, note in tools:                      # warm-up
        _, errors, empty = one_pass(run, pages)
        results[label] = {"note": note, "errors": errors, "empty": empty,
                          "rounds": []}
    for _ in range(args.rounds):                           # timed, in turns
        for _, label, run, _ in tools:
            seconds, _, _ = one_pass(run, pages)
            results[label]["rounds"].append(round(seconds, 4))
    for r in results.values():
        best = min(r["rounds"])
        r["seconds"] = round(best, 4)
        r["pages_per_s"] = round(len(pages) / best, 2) if best else None
        r["mb_per_s"] = round(mb / best, 3) if best else None

    label_of = {key: label for key, label, _, _ in tools}
    ratio = None
    if len(label_of) == 2 and all(results[x]["pages_per_s"]
                                  for x in label_of.values()):
        ratio = round(results[label_of["newsclean"]]["pages_per_s"]
                      / results[label_of["trafilatura"]]["pages_per_s"], 3)
    summary = {
        "date": time.strftime("%Y-%m-%d"),
        "pages": len(pages), "mb": round(mb, 3), "rounds": args.rounds,
        "cpu": pinned, "python": platform.python_version(),
        "tools": results,
        "newsclean_vs_trafilatura": ratio,
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0

    print(f"{len(pages)} pages, {mb:.1f} MB of HTML in memory; best of "
          f"{args.rounds} rounds after a warm-up; one process, {pinned}; "
          f"Python {platform.python_version()}")
    head = (f"{'tool':<16} {'pages':>6} {'MB':>7} {'seconds':>8} "
            f"{'pages/s':>8} {'MB/s':>7} {'errors':>6} {'empty':>6}")
    print(head)
    print("-" * len(head))
    for label, r in results.items():
        print(f"{label:<16} {len(pages):>6} {mb:>7.2f} {r['seconds']:>8.2f} "
              f"{r['pages_per_s']:>8.1f} {r['mb_per_s']:>7.2f} "
              f"{r['errors']:>6} {r['empty']:>6}")
    if ratio is not None:
        print(f"{label_of['newsclean']} pages/s / "
              f"{label_of['trafilatura']} pages/s = {ratio:.2f} "
              f"({ratio:.2f} times trafilatura)")
    for r in results.values():
        print(f"  {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
