#!/usr/bin/env python3
"""Issue 16's speed table in one run: newsclean against its peers, as ratios.

    python benchmarks/bench_peers.py [--only PARTS] [--rounds N] [--quick] [--json]
                                     [--big-rounds N] [--big-text] [--big-trafilatura]

Every figure is a ratio against a peer timed in the same run, on the same core,
round after round in turn, so that a machine that slows down slows both. Parts
(``--only html,cli-html,text,cli-text,big``; default all):

html      HTML pages in-process: ms/page of ``newsclean.clean(page, kind="html")``
          against trafilatura.extract (the options of bench_html.py), resiliparse
          (``extract_plain_text(HTMLTree.parse_from_bytes(page, detect_encoding(page)),
          main_content=True)``) and, as a floor, lexbor parse + text()
          (``LexborHTMLParser(page).body.text()``). Target: >= 7x trafilatura.
cli-html  The same pages as files, one subprocess per tool over all of them:
          ``python -m newsclean clean --format jsonl FILES... > /dev/null`` against
          ``python benchmarks/trafilatura_jsonl.py FILES... > /dev/null``; wall time
          per file, start-up included. Target: >= 6x.
text      Text dumps in-process, MB/s of ``newsclean.clean(dump, kind="text")``
          against boilerpy3 (``ArticleExtractor().get_content(html)``) and jusText
          (``justext.justext(html, stoplist)``), both fed the dump as minimal HTML
          (each non-blank line an escaped <p>, in <html><body>; built before the
          timing), jusText with the stoplist of the page's language (the jusText
          stoplist sharing most words with the page, chosen before the timing).
          Target: >= 1.2x boilerpy3.
cli-text  The text files, one subprocess per tool: ``python -m newsclean clean
          --format jsonl FILES...`` against ``python benchmarks/boilerpy3_jsonl.py
          FILES...`` (the same minimal HTML). Target: >= 1.0x boilerpy3.
big       One HTML page of distinct paragraphs, built from the repo's fixtures, of
          ``--big-mb`` (20) MB and one of a tenth of that (2 MB), each cleaned by
          newsclean in a fresh child process per round (``clean(page,
          kind="html")`` timed inside it, after a warm-up on fixture pages; the
          small page ``--rounds`` times, the big one ``--big-rounds`` (1) times,
          in turns): MB/s of each, the ratio MB/s(20 MB)
          / MB/s(2 MB) (target >= 0.67, i.e. at most 1.5x slower per MB), and the
          child's peak RSS (VmHWM of /proc/self/status, read by the child; not
          ru_maxrss, see peak_rss_kb) / page size (target <= 6). ``--big-text``
          adds the same for text dumps built the same way (informative);
          ``--big-trafilatura`` times trafilatura on the big HTML page once
          (informative, slow).

Pages: HTML as bench_html.py (every ``../shared/corpus/dev/html/*.html.gz`` and
the first 300 of ``../shared/corpus/snippets/html/*.gz``, else
``fixtures/html_*/input.html``); text as bench_text.py (``dev/text/*.txt`` and the
first 400 of ``snippets/text/*.txt``, else ``fixtures/*/input.txt``).
``--html-pages``/``--text-pages`` (repeatable) choose others. Pages are read into
memory before timing; gzipped HTML is unpacked into a temporary folder for the CLI
parts, so that no tool pays for gzip.

In-process parts: this process, pinned to one core (``os.sched_setaffinity``), one
untimed warm-up pass per tool over 30 pages spread over the set (imports, caches,
lazily compiled patterns), then ``--rounds`` (3) timed rounds over all pages, the
tools taking turns every 10 pages (so that a busy spell of a shared machine falls
on all of them, not on one tool's whole pass); each tool's time for a round is the
sum of its turns; best and median rounds are reported, ratios from the best; errors
and empty outputs are those of the first round. CLI parts: a warm-up run of
each command on 5 files, then ``--rounds`` runs over all files, in turns;
children inherit the pinning. Every child gets the same bytecode cache
(``PYTHONPYCACHEPREFIX`` in the work folder, written even under
``PYTHONDONTWRITEBYTECODE``), filled by the warm-up runs: a source tree has no
``__pycache__``, and newsclean's CLI would otherwise compile its modules at every
start while pip-installed peers do not. A page on which a peer raises counts as
an error; the run goes on.

The newsclean measured is the one in the tree holding this script (its root goes
first on ``sys.path``, and on ``PYTHONPATH`` for child processes), not whatever
the virtualenv would import.

``--quick``: 40 HTML pages, 60 text dumps, 1 round, a 2 MB big page against
0.2 MB: a check that everything runs (under a minute), not figures to quote.

Output: a section per part and a summary of every figure with its ratio, target
and PASS/FAIL (``info`` for figures without a target); ``--json`` prints one JSON
object instead. Exit status 0 all checks that ran passed, 1 a check failed, 2 a
run failed (no pages, newsclean not importable, a child process failed).

Peers: ``pip install -e '.[bench]'`` (trafilatura, lxml_html_clean, boilerpy3,
resiliparse, justext); a peer that cannot be imported is reported and skipped.
A full default run needs about 4 minutes of CPU on this 2-core machine (2026-12-06,
newsclean as of 17e7491): about 4 minutes when the machine is otherwise idle, 6 when
other work shares it; ``--big-text`` adds about 1.5 minutes, ``--big-trafilatura``
half a minute.
"""
from __future__ import annotations

import argparse
import gc
import html as htmllib
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# One pass of a tool over the pages, timed as bench_html.py times it (this folder is
# sys.path[0] when the script runs; the garbage of the tool before is collected
# first, outside the timing, so that no tool pays for another's).
from bench_html import one_pass, pin_one_core

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))       # time this tree's newsclean
if str(HERE) not in sys.path:
    sys.path.insert(1, str(HERE))

import bench_html  # noqa: E402 - same pages and trafilatura options as bench_html.py
import bench_text  # noqa: E402 - same pages as bench_text.py
from boilerpy3_jsonl import text_to_html  # noqa: E402 - the peers' view of a text dump

FIXTURES = ROOT / "fixtures"
TRAFILATURA_JSONL = HERE / "trafilatura_jsonl.py"
BOILERPY3_JSONL = HERE / "boilerpy3_jsonl.py"
PARTS = ("html", "cli-html", "text", "cli-text", "big")
SEED = 16
CLI_WARM_FILES = 5      # files in each CLI's warm-up run
WARM_SAMPLE = 30        # pages in each in-process warm-up pass
CHUNK = 10              # pages each tool cleans in its turn within a round

# Acceptance targets of issue 16: (op, value).
TARGETS = {
    "html": (">=", 7.0),
    "cli-html": (">=", 6.0),
    "text": (">=", 1.2),
    "cli-text": (">=", 1.0),
    "big-speed": (">=", 1 / 1.5),
    "big-rss": ("<=", 6.0),
}


# ------------------------------------------------------------------ tools

def _peer(label, factory, hint):
    """(label, run, note) from factory(), or (label, None, why) if it cannot import."""
    try:
        run, note = factory()
        return label, run, note
    except ImportError as exc:
        return label, None, f"{label}: not installed ({exc}; {hint})"


def newsclean_runner(kind: str):
    import newsclean

    def run(page: bytes, name: str) -> str:
        docs = newsclean.clean(page, kind=kind, source=name)
        return "\n\n".join(d.text for d in docs)
    where = Path(newsclean.__file__).resolve().parent.parent
    return run, f"newsclean {newsclean.__version__} from {where}, kind=\"{kind}\""


def trafilatura_runner():
    import logging
    _, run, note = bench_html.trafilatura_tool(False)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its per-page notes
    return run, note + " (bench_html.py's options)"


def resiliparse_runner():
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree
    import resiliparse

    def run(page: bytes, name: str) -> str:
        tree = HTMLTree.parse_from_bytes(page, detect_encoding(page))
        return extract_plain_text(tree, main_content=True)
    version = getattr(resiliparse, "__version__", None) or _dist_version("resiliparse")
    return run, (f"resiliparse {version}: extract_plain_text(HTMLTree.parse_from_bytes("
                 f"page, detect_encoding(page)), main_content=True)")


def lexbor_runner():
    from selectolax.lexbor import LexborHTMLParser

    def run(page: bytes, name: str) -> str:
        body = LexborHTMLParser(page).body
        return body.text() if body is not None else ""
    return run, (f"selectolax {_dist_version('selectolax')}: "
                 "LexborHTMLParser(page).body.text() (a floor: parse and all text)")


def boilerpy3_runner():
    from boilerpy3 import extractors

    def run(doc: str, name: str) -> str:
        return extractors.ArticleExtractor().get_content(doc) or ""
    return run, (f"boilerpy3 {_dist_version('boilerpy3')}: ArticleExtractor()"
                 ".get_content(html), the dump as minimal HTML")


def justext_runner(stoplists: dict[str, frozenset]):
    import justext

    def run(doc: str, name: str) -> str:
        paras = justext.justext(doc, stoplists[name])
        return "\n".join(p.text for p in paras if not p.is_boilerplate)
    return run, (f"jusText {_dist_version('justext')}: justext.justext(html, stoplist of "
                 "the page's language), the dump as minimal HTML")


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


WORD_RE = re.compile(r"\w+")
# Candidate jusText stoplists. Not all 100: their sizes differ tenfold (Finnish has
# 6,813 words, English among them), so the largest would win English pages.
JUSTEXT_LANGUAGES = ("English", "German", "French", "Spanish", "Italian", "Portuguese",
                     "Dutch", "Polish", "Czech", "Swedish", "Danish", "Norwegian_Bokmal",
                     "Russian", "Turkish", "Romanian", "Hungarian", "Arabic")


def justext_stoplists(pages: list[tuple[str, str]]) -> tuple[dict[str, frozenset], dict]:
    """Each page's jusText stoplist: the candidate sharing most words with its first
    3000 words (ties to English)."""
    import justext
    lists = {lang: justext.get_stoplist(lang) for lang in JUSTEXT_LANGUAGES
             if lang in justext.get_stoplists()}
    chosen, tally = {}, {}
    for name, text in pages:
        words = [w.lower() for w in WORD_RE.findall(text[:30000])][:3000]
        best = max(lists, key=lambda lang: (sum(w in lists[lang] for w in words), lang == "English"))
        chosen[name] = lists[best]
        tally[best] = tally.get(best, 0) + 1
    return chosen, dict(sorted(tally.items(), key=lambda kv: -kv[1]))


# ------------------------------------------------------------------ timing



def warm_sample(pages: list) -> list:
    """WARM_SAMPLE pages spread over the set (every k-th), for the warm-up pass."""
    return pages[::max(1, len(pages) // WARM_SAMPLE)]


def time_in_process(tools, inputs: dict, rounds: int) -> dict:
    """tools: [(label, run, note)]; inputs: label -> [(name, page)] (each tool its own
    view of the same pages). A warm-up pass over a sample of the pages, then rounds
    over all pages; per tool best and median round, and errors and empty outputs of
    the first round.

    Within a round the tools take turns every CHUNK pages (the first tool of each
    turn rotating), not every pass: a pass of the slowest tool lasts tens of seconds,
    and on a shared machine a busy spell that long would fall on one tool only."""
    results = {label: {"note": note, "rounds": [], "errors": 0, "empty": 0}
               for label, _, note in tools}
    for label, run, _ in tools:
        one_pass(run, warm_sample(inputs[label]))
    n = len(next(iter(inputs.values())))
    for i in range(rounds):
        spent = dict.fromkeys(results, 0.0)
        for k, start in enumerate(range(0, n, CHUNK)):
            turn = tools[k % len(tools):] + tools[:k % len(tools)]
            for label, run, _ in turn:
                seconds, errors, empty = one_pass(run, inputs[label][start:start + CHUNK])
                spent[label] += seconds
                if i == 0:
                    results[label]["errors"] += errors
                    results[label]["empty"] += empty
        for label, seconds in spent.items():
            results[label]["rounds"].append(round(seconds, 4))
    for r in results.values():
        r["best_s"] = min(r["rounds"])
        r["median_s"] = round(statistics.median(r["rounds"]), 4)
    return results


CHILD_ENV: dict = {}


def child_env() -> dict:
    """The environment of every child: this tree first on PYTHONPATH, and bytecode
    cached for all tools alike in the work folder (PYTHONPYCACHEPREFIX), even where
    PYTHONDONTWRITEBYTECODE is set: else a CLI whose package has no __pycache__ (a
    source tree) compiles every module at each start while one installed by pip does
    not. The warm-up runs fill the cache."""
    return CHILD_ENV


def set_child_env(workdir: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    CHILD_ENV.clear()
    CHILD_ENV.update(env)


def run_cli(cmd: list[str], env: dict) -> tuple[float, int, str]:
    """(wall seconds, exit status, stderr tail) of cmd with stdout to /dev/null."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - t0
    return seconds, proc.returncode, proc.stderr.decode("utf-8", "replace")


def time_cli(tools, files: list[str], rounds: int) -> dict:
    """tools: [(label, argv prefix, note)]; each run over all files, in turns."""
    env = child_env()
    results = {}
    for label, prefix, note in tools:
        seconds, status, err = run_cli(prefix + files[:CLI_WARM_FILES], env)
        results[label] = {"note": note, "command": " ".join(prefix) + " FILES... > /dev/null",
                          "rounds": [], "exit_status": status,
                          "stderr_lines": err.count("\n")}
    for _ in range(rounds):
        for label, prefix, _ in tools:
            seconds, status, err = run_cli(prefix + files, env)
            r = results[label]
            r["rounds"].append(round(seconds, 4))
            r["exit_status"] = status
            r["stderr_lines"] = err.count("\n")
            if status not in (0, 1):
                r["stderr_tail"] = err[-500:]
    for r in results.values():
        r["best_s"] = min(r["rounds"])
        r["median_s"] = round(statistics.median(r["rounds"]), 4)
    return results


# ------------------------------------------------------------------ the big page

SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"‘])")
NUMBER = re.compile(r"\d+")
LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
# A sentence that would read as a new story or a caption, not more of this one:
# a dateline ("BERLIN (AP) —"), an interview's Q/A, a photo credit.
NOT_BODY = re.compile(r"^(?:[A-Z]{3,}|[QA]:)|\((?:AP|AFP|dpa|Reuters|EFE)\)|Photo|Foto|Getty")
# A cookie banner's sentence that the fixtures' paragraph filter let through.
CONSENT = re.compile(r"\b(?:cookies and similar|advertising and analytics|Privacy Settings)\b")


def sentence_pool() -> tuple[list[str], list[str]]:
    """Sentences of the English body paragraphs of the fixtures, and their lowercase
    words (for varying them)."""
    from bench_batch import load_fixtures
    fx = load_fixtures(str(ROOT))
    sentences = set()
    for para in fx.pool.get("en", []):
        for s in SENTENCE_END.split(para):
            s = s.strip()
            if 40 <= len(s) <= 400 and not NOT_BODY.search(s) and not CONSENT.search(s):
                sentences.add(s)
    pool = sorted(sentences)
    if len(pool) < 20:
        raise SystemExit("bench_peers: too few English body sentences in fixtures/")
    vocab = sorted({w for s in pool for w in LOWER_WORD.findall(s)})
    return pool, vocab


def paragraphs(seed: int):
    """An endless stream of distinct paragraphs: 3-6 fixture sentences each, every
    number re-drawn and one or two words swapped per sentence (seeded)."""
    pool, vocab = sentence_pool()
    rng = random.Random(seed)
    seen = set()

    def number(m):
        return str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1)) \
            if len(m.group()) > 1 else str(rng.randint(1, 9))

    while True:
        out = []
        for s in rng.sample(pool, rng.randint(3, 6)):
            s = NUMBER.sub(number, s)
            words = list(LOWER_WORD.finditer(s))
            for m in sorted(rng.sample(words, min(len(words), rng.randint(1, 2))),
                            key=lambda m: -m.start()):
                s = s[:m.start()] + rng.choice(vocab) + s[m.end():]
            out.append(s)
        para = " ".join(out)
        if para not in seen:
            seen.add(para)
            yield para


NAV = ("News", "World", "Business", "Politics", "Science", "Sport", "Culture",
       "Opinion", "Obituaries", "Subscribe", "Sign In")
FOOT = ("About us", "Contact", "Careers", "Advertise", "Privacy Policy",
        "Terms of Use", "Cookie Settings")
RELATED = ("Harbor dredging to finish by late summer, port authority says",
           "Council approves plan to rebuild flood-damaged library",
           "Ferry crossings cancelled as storm reaches the islands")
TITLE = "Coastal towns weigh the cost of a year of storms, floods and repairs"


def big_pages(sizes: list[int], kind: str, seed: int = SEED) -> list[bytes]:
    """News pages of about each of ``sizes`` bytes: site chrome once (header, nav,
    related links, footer), a headline, byline and date, then distinct body
    paragraphs, the same ones in the same order on every page (a smaller page's
    paragraphs are the first of a larger one's)."""
    if kind == "html":
        head = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"<title>{TITLE} | The Valley Times</title>\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<link rel=\"stylesheet\" href=\"/static/site.css\">\n"
                "<script>window.dataLayer = window.dataLayer || [];</script>\n</head>\n<body>\n"
                "<header class=\"site-header\"><a class=\"logo\" href=\"/\">The Valley Times</a>\n"
                "<nav class=\"main-nav\"><ul>"
                + "".join(f"<li><a href=\"/{n.lower().replace(' ', '-')}\">{n}</a></li>" for n in NAV)
                + "</ul></nav></header>\n<main>\n<article class=\"story\">\n"
                f"<h1 class=\"headline\">{TITLE}</h1>\n"
                "<p class=\"byline\">By Margaret Okafor, Staff Writer</p>\n"
                "<time datetime=\"2026-12-06T08:00:00Z\">December 6, 2026</time>\n"
                "<div class=\"story-body\">\n")
        tail = ("</div>\n</article>\n<aside class=\"related\"><h2>Related stories</h2><ul>"
                + "".join(f"<li><a href=\"/news/{i}\">{t}</a></li>" for i, t in enumerate(RELATED))
                + "</ul></aside>\n</main>\n<footer class=\"site-footer\"><nav>"
                + "".join(f"<a href=\"/{n.lower().replace(' ', '-')}\">{n}</a> " for n in FOOT)
                + "</nav><p>© 2026 The Valley Times. All rights reserved.</p></footer>\n"
                "</body>\n</html>\n")
        wrap = lambda p: f"<p>{htmllib.escape(p, quote=False)}</p>\n"  # noqa: E731
    else:
        head = ("Skip to main content\n\nThe Valley Times\n\n" + "\n".join(NAV) + "\n\n"
                f"{TITLE}\n\nBy Margaret Okafor, Staff Writer\n\nDecember 6, 2026\n\n")
        tail = ("Related stories\n\n" + "\n\n".join(RELATED) + "\n\n" + "\n".join(FOOT)
                + "\n\n© 2026 The Valley Times. All rights reserved.\n")
        wrap = lambda p: p + "\n\n"  # noqa: E731
    body, ends = [], []                 # ends[i]: bytes of head + body[:i + 1] + tail
    n = len(head.encode()) + len(tail.encode())
    for para in paragraphs(seed):
        piece = wrap(para)
        body.append(piece)
        n += len(piece.encode())
        ends.append(n)
        if n >= max(sizes):
            break
    pages = []
    for size in sizes:
        k = next((i + 1 for i, end in enumerate(ends) if end >= size), len(body))
        pages.append((head + "".join(body[:k]) + tail).encode())
    return pages


def child_main(tool: str, kind: str, path: str) -> int:
    """In a child process: warm up, clean the page at path once, print a JSON line."""
    data = Path(path).read_bytes()
    if tool == "newsclean":
        import newsclean
        warm = sorted(FIXTURES.glob("html_*/input.html" if kind == "html" else "*/input.txt"))
        for w in warm[:3]:
            newsclean.clean(w.read_bytes(), kind=kind)

        def run():
            docs = newsclean.clean(data, kind=kind, source=path)
            return len(docs), sum(len(d.text) for d in docs)
    elif tool == "trafilatura":
        run_t, _ = trafilatura_runner()
        run_t(b"<html><body><p>warm</p></body></html>", "warm")

        def run():
            text = run_t(data, path)
            return 1 if text else 0, len(text)
    else:
        raise SystemExit(f"bench_peers: unknown child tool {tool}")
    gc.collect()
    rss_before = peak_rss_kb()
    t0 = time.perf_counter()
    docs, chars = run()
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "rss_before_kb": rss_before,
                      "peak_rss_kb": peak_rss_kb(), "documents": docs, "chars": chars}))
    return 0


def peak_rss_kb() -> int:
    """This process's peak resident set so far, in KiB: VmHWM from /proc/self/status.

    Not ru_maxrss: on Linux a child started by fork (or vfork) and exec keeps its
    parent's peak in ru_maxrss (the kernel folds the old memory map's high-water mark
    into it at exec), both in the child's own getrusage and in what os.wait4 or
    RUSAGE_CHILDREN report, so a child of this big process would show this process's
    ~130 MB. VmHWM belongs to the child's own memory map. ru_maxrss is the fallback
    where there is no /proc."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_child(tool: str, kind: str, path: Path) -> dict:
    """Run child_main in a new process (it reports its own time and peak RSS)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", tool, kind, str(path)]
    proc = subprocess.run(cmd, capture_output=True, env=child_env())
    if proc.returncode != 0:
        raise RuntimeError(f"{tool} on {path.name} exited {proc.returncode}: "
                           f"{proc.stderr.decode('utf-8', 'replace')[-800:]}")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def time_big(kind: str, big_mb: float, rounds: int, big_rounds: int, workdir: Path,
             trafilatura: bool) -> dict:
    """The small page ``rounds`` times and the big one ``big_rounds`` times, in turns,
    each in a fresh child process."""
    t0 = time.perf_counter()
    small, page = big_pages([int(big_mb * 1e6 / 10), int(big_mb * 1e6)], kind)
    build_s = time.perf_counter() - t0
    suffix = ".html" if kind == "html" else ".txt"
    paths = {"small": workdir / f"small{suffix}", "big": workdir / f"big{suffix}"}
    paths["small"].write_bytes(small)
    paths["big"].write_bytes(page)
    res = {"kind": kind, "build_s": round(build_s, 2), "pages": {}}
    for key in ("small", "big"):
        res["pages"][key] = {"bytes": len(small if key == "small" else page), "rounds": [],
                             "peak_rss_kb": 0}
    for i in range(max(rounds, big_rounds)):
        for key in ("small", "big"):
            if i >= (rounds if key == "small" else big_rounds):
                continue
            r = run_child("newsclean", kind, paths[key])
            p = res["pages"][key]
            p["rounds"].append(round(r["seconds"], 3))
            p["peak_rss_kb"] = max(p["peak_rss_kb"], r["peak_rss_kb"])
            p["rss_before_kb"] = r["rss_before_kb"]
            p["documents"], p["chars_out"] = r["documents"], r["chars"]
    for p in res["pages"].values():
        p["best_s"] = min(p["rounds"])
        p["mb_per_s"] = round(p["bytes"] / 1e6 / p["best_s"], 3)
        p["rss_per_page"] = round(p["peak_rss_kb"] * 1024 / p["bytes"], 2)
        p["rss_growth_per_page"] = round((p["peak_rss_kb"] - p["rss_before_kb"]) * 1024
                                         / p["bytes"], 2)
    res["speed_ratio"] = round(res["pages"]["big"]["mb_per_s"]
                               / res["pages"]["small"]["mb_per_s"], 3)
    if trafilatura:
        try:
            r = run_child("trafilatura", kind, paths["big"])
            res["trafilatura_big"] = {
                "seconds": round(r["seconds"], 2),
                "mb_per_s": round(len(page) / 1e6 / r["seconds"], 3),
                "peak_rss_kb": r["peak_rss_kb"],
                "rss_per_page": round(r["peak_rss_kb"] * 1024 / len(page), 2)}
        except RuntimeError as exc:
            res["trafilatura_big"] = {"error": str(exc)}
    return res


# ------------------------------------------------------------------ parts

def load_html(args) -> list[tuple[str, bytes, Path]]:
    paths = ([p for spec in args.html_pages for p in bench_html.expand(spec)]
             if args.html_pages else bench_html.default_pages(args.snippets))
    if args.quick and not args.html_pages:
        paths = paths[:40]
    return [(str(p), bench_html.read_page(p), p) for p in paths]


def load_text(args) -> list[tuple[str, bytes, Path]]:
    paths = ([p for spec in args.text_pages for p in bench_text.expand(spec)]
             if args.text_pages else bench_text.default_pages(args.limit))
    if args.quick and not args.text_pages:
        paths = paths[:60]
    return [(str(p), p.read_bytes(), p) for p in paths]


def plain_files(pages, workdir: Path, suffix: str) -> list[str]:
    """Paths of the pages as plain files: the originals, or unpacked copies of .gz."""
    out = []
    for i, (name, data, path) in enumerate(pages):
        if path.name.endswith(".gz"):
            copy = workdir / f"{i:04d}{suffix}"
            copy.write_bytes(data)
            out.append(str(copy))
        else:
            out.append(str(path))
    return out


def part_html(pages, rounds):
    tools = [("newsclean",) + newsclean_runner("html"),
             _peer("trafilatura", trafilatura_runner, "pip install trafilatura lxml_html_clean"),
             _peer("resiliparse", resiliparse_runner, "pip install resiliparse"),
             _peer("lexbor", lexbor_runner, "selectolax is a newsclean dependency")]
    timed = [t for t in tools if t[1] is not None]
    inputs = {label: [(name, data) for name, data, _ in pages] for label, _, _ in timed}
    return _in_process_result(tools, time_in_process(timed, inputs, rounds), pages, rounds)


def _in_process_result(tools, res, pages, rounds) -> dict:
    """A part's result: each timed tool's ms/page and MB/s (over the pages' bytes), and
    why the others were not timed."""
    n = len(pages)
    mb = sum(len(d) for _, d, _ in pages) / 1e6
    for r in res.values():
        r["ms_per_page"] = round(r["best_s"] / n * 1000, 3)
        r["mb_per_s"] = round(mb / r["best_s"], 3)
    missing = {label: note for label, run, note in tools if run is None}
    return {"pages": n, "mb": round(mb, 3), "rounds": rounds, "tools": res,
            "missing": missing}


def part_text(pages, rounds):
    texts = [(name, data.decode("utf-8", errors="replace")) for name, data, _ in pages]
    docs = [(name, text_to_html(t)) for name, t in texts]
    tools = [("newsclean",) + newsclean_runner("text"),
             _peer("boilerpy3", boilerpy3_runner, "pip install boilerpy3")]
    tally = None
    try:
        stoplists, tally = justext_stoplists(texts)
        tools.append(_peer("jusText", lambda: justext_runner(stoplists), "pip install justext"))
    except ImportError as exc:
        tools.append(("jusText", None, f"jusText: not installed ({exc}; pip install justext)"))
    timed = [t for t in tools if t[1] is not None]
    inputs = {label: ([(name, data) for name, data, _ in pages] if label == "newsclean"
                      else docs) for label, _, _ in timed}
    out = _in_process_result(tools, time_in_process(timed, inputs, rounds), pages, rounds)
    if tally:
        out["justext_stoplists"] = tally
    return out


def part_cli(pages, rounds, workdir: Path, kind: str):
    suffix = ".html" if kind == "html" else ".txt"
    files = plain_files(pages, workdir, suffix)
    newsclean_cmd = [sys.executable, "-m", "newsclean", "clean", "--format", "jsonl"]
    tools = [("newsclean", newsclean_cmd, "python -m newsclean clean --format jsonl "
              "(kind recognised from content: no --kind option)")]
    if kind == "html":
        peer, script, mod = "trafilatura_jsonl", TRAFILATURA_JSONL, "trafilatura"
    else:
        peer, script, mod = "boilerpy3_jsonl", BOILERPY3_JSONL, "boilerpy3"
    missing = {}
    if _importable(mod):
        tools.append((peer, [sys.executable, str(script)],
                      f"python benchmarks/{script.name}"))
    else:
        missing[peer] = f"{peer}: {mod} not installed"
    res = time_cli(tools, files, rounds)
    n = len(files)
    mb = sum(len(d) for _, d, _ in pages) / 1e6
    for r in res.values():
        r["ms_per_file"] = round(r["best_s"] / n * 1000, 3)
        r["mb_per_s"] = round(mb / r["best_s"], 3)
    out = {"files": n, "mb": round(mb, 3), "rounds": rounds, "tools": res, "missing": missing}
    if kind == "html":
        try:
            from newsclean.readers.html import looks_like_html
            out["read_as_text_by_cli"] = sum(not looks_like_html(d) for _, d, _ in pages)
        except ImportError:
            pass
    return out


def _importable(mod: str) -> bool:
    try:
        __import__(mod)
        return True
    except ImportError:
        return False


# ------------------------------------------------------------------ report

def check(name, value, key=None, detail="", unit="x"):
    """One summary line: a figure, its value, and PASS/FAIL against TARGETS[key]."""
    if key is None or value is None:
        return {"figure": name, "value": value, "detail": detail, "target": None,
                "status": "info" if value is not None else "n/a", "unit": unit}
    op, target = TARGETS[key]
    ok = value >= target if op == ">=" else value <= target
    return {"figure": name, "value": value, "detail": detail,
            "target": f"{op} {target:.3g}", "status": "PASS" if ok else "FAIL",
            "unit": unit}


def ratio(a, b):
    return round(a / b, 3) if a and b else None


def summary_checks(parts: dict) -> list[dict]:
    """Ratios are newsclean's speed over the peer's: >1 is newsclean faster."""
    out = []

    def vs(part, peer, key, unit, field, what):
        t = parts[part]["tools"]
        nc = t["newsclean"]
        if peer not in t:
            out.append(check(f"{what}: newsclean vs {peer}", None, key))
            return
        r = ratio(t[peer]["best_s"], nc["best_s"])
        detail = f"{nc[field]:.2f} vs {t[peer][field]:.2f} {unit}"
        out.append(check(f"{what}: newsclean vs {peer}", r, key, detail))

    if "html" in parts:
        for peer, key in (("trafilatura", "html"), ("resiliparse", None), ("lexbor", None)):
            vs("html", peer, key, "ms/page", "ms_per_page", "HTML in-process")
    if "cli-html" in parts:
        vs("cli-html", "trafilatura_jsonl", "cli-html", "ms/file", "ms_per_file", "HTML CLI")
    if "text" in parts:
        for peer, key in (("boilerpy3", "text"), ("jusText", None)):
            vs("text", peer, key, "MB/s", "mb_per_s", "text in-process")
    if "cli-text" in parts:
        vs("cli-text", "boilerpy3_jsonl", "cli-text", "MB/s", "mb_per_s", "text CLI")
    for key in ("big", "big-text"):
        if key not in parts:
            continue
        b = parts[key]
        big, small = b["pages"]["big"], b["pages"]["small"]
        big_mb, small_mb = big["bytes"] / 1e6, small["bytes"] / 1e6
        kind = "HTML" if key == "big" else "text"
        html = key == "big"
        out.append(check(f"big {kind} page: MB/s {big_mb:.0f} MB / {small_mb:.1f} MB",
                         b["speed_ratio"], "big-speed" if html else None,
                         f"{big['mb_per_s']:.2f} vs {small['mb_per_s']:.2f} MB/s", unit=""))
        out.append(check(f"big {kind} page: peak RSS / page size, {big_mb:.0f} MB",
                         big["rss_per_page"], "big-rss" if html else None,
                         f"{big['peak_rss_kb'] / 1024:.0f} MB peak", unit=""))
        out.append(check(f"big {kind} page: peak RSS / page size, {small_mb:.1f} MB",
                         small["rss_per_page"], None,
                         f"{small['peak_rss_kb'] / 1024:.0f} MB peak", unit=""))
        tb = b.get("trafilatura_big")
        if tb and "mb_per_s" in tb:
            out.append(check(f"big {kind} page: newsclean vs trafilatura, {big_mb:.0f} MB",
                             ratio(big["mb_per_s"], tb["mb_per_s"]), None,
                             f"{big['mb_per_s']:.2f} vs {tb['mb_per_s']:.2f} MB/s"))
    return out


def fmt_ratio(c) -> str:
    if c["value"] is None:
        return "n/a"
    return f"{c['value']:.2f}{c['unit']}"


def print_report(summary: dict) -> None:
    parts = summary["parts"]
    print(f"bench_peers {summary['date']}, commit {summary['commit']}; "
          f"{summary['cpu']}; Python {summary['python']}; {summary['machine']}")
    print(f"  {summary['newsclean']}")
    if "html" in parts:
        p = parts["html"]
        print(f"\n== HTML in-process: {p['pages']} pages, {p['mb']:.1f} MB; "
              f"best and median of {p['rounds']} rounds after a warm-up")
        _table(p["tools"], "ms/page", "ms_per_page", p["missing"])
    if "cli-html" in parts:
        p = parts["cli-html"]
        print(f"\n== HTML CLI: {p['files']} files, {p['mb']:.1f} MB; one process per "
              f"tool over all files, best and median of {p['rounds']} rounds")
        _table(p["tools"], "ms/file", "ms_per_file", p["missing"], cli=True)
        if p.get("read_as_text_by_cli"):
            print(f"  note: the CLI reads {p['read_as_text_by_cli']} of the pages as text dumps")
    if "text" in parts:
        p = parts["text"]
        print(f"\n== text dumps in-process: {p['pages']} dumps, {p['mb']:.2f} MB; "
              f"best and median of {p['rounds']} rounds after a warm-up")
        _table(p["tools"], "ms/page", "ms_per_page", p["missing"])
        if p.get("justext_stoplists"):
            top = ", ".join(f"{k} {v}" for k, v in list(p["justext_stoplists"].items())[:6])
            print(f"  jusText stoplists chosen: {top}")
    if "cli-text" in parts:
        p = parts["cli-text"]
        print(f"\n== text dumps CLI: {p['files']} files, {p['mb']:.2f} MB; one process "
              f"per tool over all files, best and median of {p['rounds']} rounds")
        _table(p["tools"], "ms/file", "ms_per_file", p["missing"], cli=True)
    for key in ("big", "big-text"):
        if key not in parts:
            continue
        b = parts[key]
        print(f"\n== big {b['kind']} page of distinct paragraphs (built from fixtures in "
              f"{b['build_s']} s): newsclean in a fresh child process each round")
        head = (f"{'page':<10} {'MB':>7} {'rounds':>6} {'best s':>8} {'MB/s':>7} {'docs':>5} "
                f"{'RSS before MB':>13} {'peak RSS MB':>11} {'peak/page':>9} {'growth/page':>11}")
        print(head)
        print("-" * len(head))
        for name, p in (("small", b["pages"]["small"]), ("big", b["pages"]["big"])):
            print(f"{name:<10} {p['bytes'] / 1e6:>7.1f} {len(p['rounds']):>6} {p['best_s']:>8.2f} "
                  f"{p['mb_per_s']:>7.2f} {p['documents']:>5} "
                  f"{p['rss_before_kb'] / 1024:>13.0f} {p['peak_rss_kb'] / 1024:>11.0f} "
                  f"{p['rss_per_page']:>9.2f} {p['rss_growth_per_page']:>11.2f}")
        tb = b.get("trafilatura_big")
        if tb:
            if "error" in tb:
                print(f"  trafilatura on the big page: error: {tb['error']}")
            else:
                print(f"  trafilatura on the big page: {tb['seconds']} s, "
                      f"{tb['mb_per_s']} MB/s, peak RSS {tb['peak_rss_kb'] / 1024:.0f} MB "
                      f"({tb['rss_per_page']} x the page)")
        print("  (RSS before = the child's peak after imports, warm-up and reading the "
              "page; growth/page = (peak - before) / page size)")
    checks = summary["checks"]
    print("\n== Summary: newsclean's speed as a multiple of each peer's (same run, "
          "best rounds); the big page's figures as ratios")
    width = max(len(c["figure"]) for c in checks) if checks else 10
    dwidth = max(len(c["detail"]) for c in checks) if checks else 10
    for c in checks:
        target = c["target"] or ""
        print(f"{c['figure']:<{width}}  {c['detail']:<{dwidth}}  {fmt_ratio(c):>7}  "
              f"{target:>8}  {c['status']}")
    for label, notes in summary["notes"].items():
        for note in notes:
            print(f"  {label}: {note}")


def _table(tools: dict, unit: str, key: str, missing: dict, cli: bool = False) -> None:
    extra = f"{'exit':>5} {'stderr':>6}" if cli else f"{'errors':>6} {'empty':>6}"
    head = (f"{'tool':<18} {'best s':>8} {'median s':>8} {unit:>8} {'MB/s':>7} {extra}")
    print(head)
    print("-" * len(head))
    for label, r in tools.items():
        tail = (f"{r['exit_status']:>5} {r['stderr_lines']:>6}" if cli
                else f"{r['errors']:>6} {r['empty']:>6}")
        print(f"{label:<18} {r['best_s']:>8.2f} {r['median_s']:>8.2f} {r[key]:>8.2f} "
              f"{r['mb_per_s']:>7.2f} {tail}")
    for note in missing.values():
        print(f"  skipped: {note}")


def commit_of_tree() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        lib = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h", "--",
                              "newsclean"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain",
                                "--untracked-files=no", "--", "newsclean"],
                               capture_output=True, text=True).stdout.strip()
        if dirty:
            return f"{out} (newsclean/ modified since)"
        return out if lib == out or not lib else f"{out} (newsclean/ as of {lib})"
    except (OSError, subprocess.CalledProcessError):
        return "?"


# ------------------------------------------------------------------ main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Issue 16's speed table: newsclean against trafilatura, resiliparse, "
                    "lexbor, boilerpy3 and jusText, every figure a ratio from one run "
                    "on one core. Parts: html (in-process HTML), cli-html (the CLIs over "
                    "the same files), text (in-process text dumps), cli-text, big (a "
                    "20 MB page against a 2 MB one: MB/s and peak RSS).",
        epilog="targets (issue 16): html >= 7x trafilatura, cli-html >= 6x, text >= 1.2x\n"
               "boilerpy3, cli-text >= 1.0x; big page: MB/s(20 MB) / MB/s(2 MB) >= 0.67,\n"
               "peak RSS <= 6x the page.\n\n"
               "examples:\n"
               "  python benchmarks/bench_peers.py            # all parts, 4-6 min\n"
               "  python benchmarks/bench_peers.py --quick    # check that it runs, <1 min\n"
               "  python benchmarks/bench_peers.py --only html,cli-html --rounds 5 --json\n"
               "  python benchmarks/bench_peers.py --only big --big-text --big-trafilatura\n\n"
               "exit status: 0 all checks passed, 1 a check failed, 2 a run failed",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(PARTS), metavar="PARTS",
                    help="comma-separated parts to run, of: " + ", ".join(PARTS)
                         + " (default: all)")
    ap.add_argument("--rounds", type=int, default=None, metavar="N",
                    help="timed rounds per part, and for the small page of the big-page "
                         "part (default 3; --quick 1)")
    ap.add_argument("--big-rounds", type=int, default=1, metavar="N",
                    help="timed rounds for the big page, each a fresh process (default 1)")
    ap.add_argument("--quick", action="store_true",
                    help="40 HTML pages, 60 text dumps, 1 round, big page 2 MB vs 0.2 MB: "
                         "a check that everything runs")
    ap.add_argument("--json", action="store_true",
                    help="print one JSON object instead of the tables")
    ap.add_argument("--html-pages", action="append", metavar="DIR_OR_GLOB",
                    help="HTML pages (a folder's *.html/*.htm/*.gz, or a glob; repeatable; "
                         "default: bench_html.py's set)")
    ap.add_argument("--text-pages", action="append", metavar="DIR_OR_GLOB",
                    help="text dumps (a folder's *.txt, or a glob; repeatable; default: "
                         "bench_text.py's set)")
    ap.add_argument("--snippets", type=int, default=300, metavar="N",
                    help="snippets-corpus HTML pages in the default HTML set (300)")
    ap.add_argument("--limit", type=int, default=400, metavar="N",
                    help="snippets-corpus text dumps in the default text set (400)")
    ap.add_argument("--big-mb", type=float, default=None, metavar="MB",
                    help="size of the big page in MB (default 20, --quick 2); the small "
                         "page is a tenth of it")
    ap.add_argument("--big-text", action="store_true",
                    help="also the big-page figures for text dumps built the same way "
                         "(informative; ~2 min more)")
    ap.add_argument("--big-trafilatura", action="store_true",
                    help="also time trafilatura on the big HTML page, once "
                         "(informative; ~30 s more)")
    ap.add_argument("--workdir", default=None, metavar="DIR",
                    help="folder for the CLI copies and the big pages (default: a "
                         "temporary folder, deleted afterwards)")
    ap.add_argument("--child", nargs=3, metavar=("TOOL", "KIND", "PATH"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child_main(*args.child)

    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    bad = [p for p in parts if p not in PARTS]
    if bad:
        ap.error(f"unknown part(s) {', '.join(bad)}; choose from {', '.join(PARTS)}")
    rounds = args.rounds or (1 if args.quick else 3)
    if rounds < 1 or args.big_rounds < 1:
        ap.error("--rounds and --big-rounds must be at least 1")
    big_rounds = args.big_rounds
    big_mb = args.big_mb or (2.0 if args.quick else 20.0)

    try:
        import newsclean
    except ImportError as exc:
        print(f"bench_peers: cannot import newsclean: {exc}", file=sys.stderr)
        return 2
    html_pages = load_html(args) if {"html", "cli-html"} & set(parts) else []
    text_pages = load_text(args) if {"text", "cli-text"} & set(parts) else []
    if ({"html", "cli-html"} & set(parts) and not html_pages) or \
            ({"text", "cli-text"} & set(parts) and not text_pages):
        print("bench_peers: no pages found", file=sys.stderr)
        return 2

    pinned = pin_one_core()
    results: dict = {}
    notes: dict = {}
    tmp = tempfile.mkdtemp(prefix="newsclean-bench-peers-", dir=args.workdir)
    workdir = Path(tmp)
    set_child_env(workdir)
    try:
        for part in PARTS:
            if part not in parts:
                continue
            t0 = time.perf_counter()
            if part == "html":
                results[part] = part_html(html_pages, rounds)
            elif part == "cli-html":
                d = workdir / "html"
                d.mkdir()
                results[part] = part_cli(html_pages, rounds, d, "html")
            elif part == "text":
                results[part] = part_text(text_pages, rounds)
            elif part == "cli-text":
                d = workdir / "text"
                d.mkdir()
                results[part] = part_cli(text_pages, rounds, d, "text")
            elif part == "big":
                results["big"] = time_big("html", big_mb, rounds, big_rounds, workdir,
                                          args.big_trafilatura)
                if args.big_text:
                    results["big-text"] = time_big("text", big_mb, rounds, big_rounds,
                                                   workdir, False)
            results[part]["wall_s"] = round(time.perf_counter() - t0, 1)
            if not args.json:
                print(f"[{part} done in {results[part]['wall_s']} s]", file=sys.stderr)
    except RuntimeError as exc:
        print(f"bench_peers: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for part, r in results.items():
        for label, t in r.get("tools", {}).items():
            notes.setdefault(part, []).append(t["note"])
    summary = {
        "date": time.strftime("%Y-%m-%d"),
        "commit": commit_of_tree(),
        "newsclean": f"newsclean {newsclean.__version__} from "
                     f"{Path(newsclean.__file__).resolve().parent}",
        "cpu": pinned, "python": platform.python_version(),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}",
        "quick": args.quick, "parts": results, "notes": notes,
    }
    summary["checks"] = summary_checks(results)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print_report(summary)
    return 1 if any(c["status"] == "FAIL" for c in summary["checks"]) else 0


if __name__ == "__main__":
    sys.exit(main())
