#!/usr/bin/env python3
"""Speed of newsclean on whole-page text dumps, on one core, in MB/s.

    python benchmarks/bench_text.py [--pages DIR_OR_GLOB ...] [--rounds 3]
                                    [--limit 400] [--stage-times] [--json]

Pages (default): every ``*.txt`` in ``../shared/corpus/dev/text`` and the first
``--limit`` (sorted by name) in ``../shared/corpus/snippets/text``, when those folders
exist beside the project; else the repo's ``fixtures/*/input.txt``. ``--pages``
(repeatable) takes a folder (its ``*.txt``) or a glob instead. Every page is read
into memory as bytes before any timing.

newsclean then runs in this process, pinned to one core where the platform allows:
one untimed warm-up pass, then ``--rounds`` timed passes of

    newsclean.clean(page, kind="text", source=name)

and the best pass is reported: pages, MB, seconds, pages/s, MB/s, and MB/s as a share
of the 10 MB/s per core that issue 5 asks of text mode. No peer is timed: no other
tool cleans whole-page text dumps. ``--stage-times`` adds milliseconds per page for
the reader and for each stage (one more pass, with a timer around each stage).

Standard library only besides newsclean. Exit status 0, or 2 when no pages are found.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_TEXT = SHARED / "corpus" / "dev" / "text"
SNIPPETS_TEXT = SHARED / "corpus" / "snippets" / "text"
TARGET_MB_S = 10.0


def expand(spec: str) -> list[Path]:
    path = Path(spec)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".txt")
    if path.is_file():
        return [path]
    return sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())


def default_pages(limit: int) -> list[Path]:
    paths: list[Path] = []
    if DEV_TEXT.is_dir():
        paths += sorted(DEV_TEXT.glob("*.txt"))
    if SNIPPETS_TEXT.is_dir() and limit > 0:
        paths += sorted(SNIPPETS_TEXT.glob("*.txt"))[:limit]
    return paths or sorted((ROOT / "fixtures").glob("*/input.txt"))


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here)"


def one_pass(pages: list[tuple[str, bytes]]) -> float:
    from newsclean import clean
    start = time.perf_counter()
    for name, data in pages:
        clean(data, kind="text", source=name)
    return time.perf_counter() - start


def stage_times(pages: list[tuple[str, bytes]]) -> dict[str, float]:
    """Milliseconds per page for the reader and each stage of the default pipeline."""
    from newsclean import Config
    from newsclean.readers import page_from_bytes
    from newsclean.stages import DEFAULT_PIPELINE, STAGES
    from newsclean.stages.assemble import assemble

    config = Config()
    spent = dict.fromkeys(["read", *DEFAULT_PIPELINE, "assemble"], 0.0)
    for name, data in pages:
        t = time.perf_counter()
        parsed, _ = page_from_bytes(data, source=name, kind="text")
        spent["read"] += time.perf_counter() - t
        for page in parsed:
            for stage in DEFAULT_PIPELINE:
                t = time.perf_counter()
                STAGES[stage](page, config)
                spent[stage] += time.perf_counter() - t
            t = time.perf_counter()
            assemble(page, config)
            spent["assemble"] += time.perf_counter() - t
    return {k: round(v / len(pages) * 1000, 2) for k, v in spent.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Time newsclean's text-dump cleaning on one core.",
                                 epilog="example: python benchmarks/bench_text.py --rounds 5 --json")
    ap.add_argument("--pages", action="append", metavar="DIR_OR_GLOB",
                    help="a folder (its *.txt) or a glob; repeatable (default: the shared "
                         "dev and snippets text dumps, else fixtures/*/input.txt)")
    ap.add_argument("--limit", type=int, default=400, metavar="N",
                    help="pages from the snippets corpus in the default set (400)")
    ap.add_argument("--rounds", type=int, default=3, help="timed passes; the best counts (3)")
    ap.add_argument("--stage-times", action="store_true", help="also time each stage")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)

    paths = [p for spec in args.pages for p in expand(spec)] if args.pages else default_pages(args.limit)
    if not paths:
        print("bench_text: no pages found", file=sys.stderr)
        return 2
    pages = [(str(p), p.read_bytes()) for p in paths]
    mb = sum(len(d) for _, d in pages) / 1e6
    pinned = pin_one_core()
    one_pass(pages)  # warm-up: imports, rule files, caches
    best = min(one_pass(pages) for _ in range(max(1, args.rounds)))
    result = {
        "pages": len(pages), "mb": round(mb, 2), "seconds": round(best, 3),
        "pages_per_s": round(len(pages) / best, 1), "mb_per_s": round(mb / best, 3),
        "target_mb_per_s": TARGET_MB_S, "share_of_target": round(mb / best / TARGET_MB_S, 3),
        "python": platform.python_version(), "pinned": pinned,
    }
    if args.stage_times:
        result["ms_per_page"] = stage_times(pages)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['pages']} text dumps, {result['mb']} MB in memory; best of {args.rounds} "
          f"rounds after a warm-up; {pinned}; Python {result['python']}")
    print(f"newsclean: {result['seconds']} s, {result['pages_per_s']} pages/s, "
          f"{result['mb_per_s']} MB/s = {result['share_of_target']:.0%} of the "
          f"{TARGET_MB_S:g} MB/s target")
    for stage, ms in (result.get("ms_per_page") or {}).items():
        print(f"  {stage:10s} {ms:6.2f} ms/page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
