#!/usr/bin/env python3
"""Which rule lost each missed snippet: a tally for finding failure patterns.

    python ../shared/eval/run.py --kind snippets-html --per-case /tmp/pc.jsonl
    python benchmarks/snippet_culprits.py /tmp/pc.jsonl [--kind html|text]
                                          [--leaked] [--examples 6]

Reads the eval kit's per-case file for the snippets corpus, cleans each page that
missed a must-keep snippet (``--leaked``: that kept a must-drop one) again with the
library, finds the block holding the snippet in the trace (``newsclean explain``'s
JSON) and counts the role, stage and rule that block got, e.g.
``chrome:dom:outside-main``; ``[no doc]`` marks blocks of a story too short to be a
document, and ``not-in-one-block`` a snippet that spans blocks or was not found as
printed. The most frequent labels first, with example cases and block texts.

Standard library only besides newsclean; needs ``../shared/corpus/snippets``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import signal
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT.parent / "shared" / "corpus" / "snippets"


def norm(text: str) -> str:
    return " ".join(text.split())


def page_bytes(kind: str, case: str) -> bytes | None:
    if kind == "html":
        folder = SNIPPETS / "html"
        for path in (folder / f"{case}.html.gz", folder / f"{case}.gz"):
            if path.is_file():
                return gzip.decompress(path.read_bytes())
        return None
    path = SNIPPETS / "text" / f"{case}.txt"
    return path.read_bytes() if path.is_file() else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Tally which rule lost each missed snippet.")
    ap.add_argument("per_case", help="the --per-case file of ../shared/eval/run.py")
    ap.add_argument("--kind", choices=("html", "text"), default="html")
    ap.add_argument("--leaked", action="store_true",
                    help="tally must-drop snippets that were kept, not must-keep ones missed")
    ap.add_argument("--examples", type=int, default=6, help="examples per label (6)")
    args = ap.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    if not SNIPPETS.is_dir():
        print(f"snippet_culprits: {SNIPPETS} not found", file=sys.stderr)
        return 2

    from newsclean import Config, Pipeline
    from newsclean.readers import page_from_bytes
    from newsclean.trace import trace

    field = "leaked_without" if args.leaked else "missed_with"
    pipeline = Pipeline(Config())
    tally: Counter[str] = Counter()
    examples: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with open(args.per_case, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    for row in rows:
        snippets = row.get(field) or []
        data = page_bytes(args.kind, row["id"]) if snippets else None
        if data is None:
            continue
        pages, _ = page_from_bytes(data, source=row["id"], kind=args.kind)
        for page in pages:
            t = trace(page, pipeline)
            for snippet in snippets:
                want = norm(snippet)
                block = next((b for b in t["blocks"] if want in norm(b["text"])), None)
                if block is None:
                    label, text = "not-in-one-block", snippet
                else:
                    label = f"{block['role']}:{block['stage']}:{block['rule']}"
                    if not t["stories"][block["story"] - 1]["document"]:
                        label += " [no doc]"
                    text = block["text"]
                tally[label] += 1
                examples[label].append((row["id"], text[:90]))
    for label, n in tally.most_common():
        print(f"{n:5d} {label}")
        for case, text in examples[label][:args.examples]:
            print(f"        {case[:40]}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
