#!/usr/bin/env python3
"""boilerpy3 behind the contract of `newsclean clean --format jsonl`, for text dumps.

    python benchmarks/boilerpy3_jsonl.py [--html] [--empty-lines] PAGE...

boilerpy3 (a port of Boilerpipe) extracts from HTML only. A whole-page text dump is
fed to it as minimal HTML: each non-blank line of the dump an escaped ``<p>``, all in
``<html><body>`` (``text_to_html`` below; ``bench_peers.py`` feeds it and jusText the
same way). ``--html`` takes the files as HTML pages instead. Each page is given to

    boilerpy3.extractors.ArticleExtractor().get_content(html)

For each page with output, one JSON line goes to stdout, in input order:
``{"source": PAGE as given, "text": ...}``. A page where boilerpy3 finds nothing, or
raises, gives no line and a warning on stderr (``--empty-lines`` prints ``"text":
""`` for it instead), as `trafilatura_jsonl.py` does; so the eval kit can score it:

    python ../shared/eval/run.py --kind single --cmd "python benchmarks/boilerpy3_jsonl.py"
    python ../shared/eval/run.py --kind snippets-text --cmd "python benchmarks/boilerpy3_jsonl.py"

Each PAGE is a file path (plain, or gzipped if its name ends in .gz; ``-`` reads
stdin), decoded as UTF-8 (bad bytes replaced; ``--html`` pages by their declared
charset, else UTF-8). Exit status: 0 every input was read, 1 some input could not be
read (the others are still processed), 2 bad usage or boilerpy3 cannot be imported.
"""
from __future__ import annotations

import argparse
import html
import re
import sys

# Reading pages and printing one JSON line each, as trafilatura_jsonl.py does.
from trafilatura_jsonl import emit

META_CHARSET = re.compile(rb"""<meta[^<>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def text_to_html(text: str) -> str:
    """A text dump as minimal HTML: each non-blank line one escaped paragraph."""
    paras = "".join(f"<p>{html.escape(line, quote=False)}</p>\n"
                    for line in text.splitlines() if line.strip())
    return f"<html><body>\n{paras}</body></html>"


def decode_html(page: bytes) -> str:
    m = META_CHARSET.search(page, 0, 4096)
    if m:
        try:
            return page.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return page.decode("utf-8", errors="replace")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Extract the main text of text dumps (or, with --html, HTML pages) "
                    "with boilerpy3's ArticleExtractor, one JSON line per page "
                    "(newsclean's jsonl contract).")
    ap.add_argument("pages", nargs="+", metavar="PAGE",
                    help="text dump (or HTML page with --html); .gz is unpacked; - for stdin")
    ap.add_argument("--html", action="store_true",
                    help="the pages are HTML, given to boilerpy3 as they are")
    ap.add_argument("--empty-lines", action="store_true",
                    help='print {"text": ""} for pages with no output instead of no line')
    args = ap.parse_args(argv)
    try:
        from boilerpy3 import extractors
    except ImportError as exc:
        print(f"error: cannot import boilerpy3: {exc} (pip install boilerpy3)",
              file=sys.stderr)
        return 2

    def extract(page: bytes) -> str:
        doc = decode_html(page) if args.html else text_to_html(page.decode("utf-8", errors="replace"))
        return extractors.ArticleExtractor().get_content(doc) or ""

    return emit(args.pages, extract, "boilerpy3", args.empty_lines)


if __name__ == "__main__":
    sys.exit(main())
