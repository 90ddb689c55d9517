#!/usr/bin/env python3
"""trafilatura behind the contract of `newsclean clean --format jsonl`.

    python benchmarks/trafilatura_jsonl.py [--fast] [--empty-lines] PAGE...

For the eval kit, so that trafilatura is scored exactly as newsclean is:

    python ../shared/eval/run.py --kind html \\
        --cmd "python benchmarks/trafilatura_jsonl.py"
    python ../shared/eval/run.py --kind snippets-html \\
        --cmd "python benchmarks/trafilatura_jsonl.py"

Each PAGE is a file path (plain, or gzipped if its name ends in .gz; ``-``
reads stdin), read as bytes and given to

    trafilatura.extract(page, include_comments=False, include_tables=True,
                        favor_precision=False, deduplicate=False)

(the options `bench_html.py` times, and why, are in its docstring; ``--fast``
adds fast=True: no fallback extractors). For each page with output, one JSON
line goes to stdout, in input order: ``{"source": PAGE as given, "text": ...}``
(trafilatura extracts one document per page). A page where trafilatura finds
nothing, or raises, gives no line and a warning on stderr, as newsclean gives
zero documents for a page with no story; run.py scores an input with no line
as an empty prediction, the same as a line with text "". ``--empty-lines``
prints ``"text": ""`` for those pages instead.

stdout carries data only. Exit status: 0 every input was read, 1 some input
could not be read (the others are still processed), 2 bad usage or
trafilatura cannot be imported.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys


def read(arg: str) -> bytes:
    if arg == "-":
        return sys.stdin.buffer.read()
    if arg.endswith(".gz"):
        with gzip.open(arg, "rb") as f:
            return f.read()
    with open(arg, "rb") as f:
        return f.read()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Extract the main text of HTML pages with trafilatura, "
                    "one JSON line per page (newsclean's jsonl contract).")
    ap.add_argument("pages", nargs="+", metavar="PAGE",
                    help="HTML file (.gz is unpacked; - for stdin)")
    ap.add_argument("--fast", action="store_true",
                    help="trafilatura fast=True (no fallback extractors)")
    ap.add_argument("--empty-lines", action="store_true",
                    help='print {"text": ""} for pages with no output '
                         "instead of no line")
    args = ap.parse_args(argv)
    try:
        import trafilatura
    except ImportError as exc:
        print(f"error: cannot import trafilatura: {exc} "
              "(pip install trafilatura lxml_html_clean)", file=sys.stderr)
        return 2
    # trafilatura logs its own per-page notes; keep stderr to ours.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

    def extract(page: bytes) -> str:
        return trafilatura.extract(
            page, include_comments=False, include_tables=True,
            favor_precision=False, deduplicate=False, fast=args.fast) or ""

    return emit(args.pages, extract, "trafilatura", args.empty_lines)


def emit(paths: list[str], extract, tool: str, empty_lines: bool) -> int:
    """Read each page, extract its text with ``extract(page_bytes)``, print one JSON
    line per page; 1 when some input could not be read, else 0. A page where the tool
    raises or finds nothing gives a warning and no line (``empty_lines``: a line with
    text "")."""
    status = 0
    out = sys.stdout
    for arg in paths:
        try:
            page = read(arg)
        except (OSError, EOFError) as exc:  # missing, a folder, bad gzip
            print(f"error: {arg}: cannot read: {exc}", file=sys.stderr)
            status = 1
            continue
        try:
            text = extract(page)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
            print(f"warning: {arg}: {tool} raised "
                  f"{type(exc).__name__}: {exc}", file=sys.stderr)
            text = ""
        if not text.strip():
            print(f"warning: {arg}: no text extracted", file=sys.stderr)
            if not empty_lines:
                continue
            text = ""
        out.write(json.dumps({"source": arg, "text": text},
                             ensure_ascii=False) + "\n")
    out.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
