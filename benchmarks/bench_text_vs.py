#!/usr/bin/env python3
"""Text-mode speed of this working tree against an earlier revision, in one run.

    python benchmarks/bench_text_vs.py [--ref REV] [--rounds 5] [--json] [bench_text options]

Checks REV (default ``HEAD~1``) out into a temporary git worktree, then times both
versions with ``benchmarks/bench_text.py`` (same pages, same machine, one core),
alternating between them round after round so that a busy machine slows both alike;
the best round of each counts. Prints both speeds and this tree's speed as a multiple
of REV's: a ratio from one run, which says more than two figures taken at different
times. Each side runs in its own process with ``PYTHONPATH`` set to its source tree
(the same virtualenv, so REV must need no package this one lacks).

Options after the known ones (``--pages``, ``--limit``) go to bench_text.py.
Standard library and git only. Exit status 0, or 2 when git or the pages fail.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench_text.py"


def timed(source: Path, extra: list[str]) -> dict:
    env = dict(os.environ, PYTHONPATH=str(source))
    out = subprocess.run([sys.executable, str(BENCH), "--json", "--rounds", "1", *extra],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Text-mode speed of this tree against REV, in one run.")
    ap.add_argument("--ref", default="HEAD~1", help="revision to compare with (HEAD~1)")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds per side (5)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args, extra = ap.parse_known_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsclean-ref-") as tmp:
        ref_tree = Path(tmp) / "ref"
        try:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                            str(ref_tree), args.ref], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"bench_text_vs: cannot check out {args.ref}: {exc}", file=sys.stderr)
            return 2
        try:
            best: dict[str, dict] = {}
            for _ in range(max(1, args.rounds)):
                for side, source in (("this", ROOT), ("ref", ref_tree)):
                    r = timed(source, extra)
                    if side not in best or r["seconds"] < best[side]["seconds"]:
                        best[side] = r
        except subprocess.CalledProcessError as exc:
            print(f"bench_text_vs: bench_text.py failed: {exc.stderr.strip()[-500:]}", file=sys.stderr)
            return 2
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(ref_tree)],
                           check=False)
    ratio = best["ref"]["seconds"] / best["this"]["seconds"]
    result = {"ref": args.ref, "rounds": args.rounds, "pages": best["this"]["pages"],
              "mb": best["this"]["mb"], "this_mb_per_s": best["this"]["mb_per_s"],
              "ref_mb_per_s": best["ref"]["mb_per_s"], "speed_ratio": round(ratio, 3)}
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['pages']} text dumps, {result['mb']} MB; best of {args.rounds} alternating "
          f"rounds each, one core")
    print(f"this tree: {result['this_mb_per_s']} MB/s; {args.ref}: {result['ref_mb_per_s']} MB/s; "
          f"this tree runs at {ratio:.2f}x the speed of {args.ref}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
