#!/usr/bin/env python3
"""Benchmark `newsclean batch`: flat memory on a big JSONL dump, and speed-up with -j.

What it shows (the two claims of the batch issue):

1. **Memory stays flat.** Fed a JSONL dump of 1 GB or more, no process that cleans
   pages grows: the peak RSS of each worker stays under 250 MB (``--rss-limit-mb``),
   and the largest worker's RSS at 10 %, 25 %, 50 %, 75 % and 100 % of the run is
   printed so that growth (a leak, an unbounded queue) is visible, not just the peak.
2. **Throughput scales.** pages/s with ``-j 1`` and ``-j 2`` and their ratio
   (target 1.7x or more, ``--target-ratio``).

How:

* The input is generated, never downloaded: a JSONL file of ``--size-mb`` MB (MB =
  2**20 bytes), one page per line, ``{"id", "url", "text"}`` (a whole-page text dump)
  or ``{"id", "url", "html"}``, a share ``--html-share`` of them HTML. Pages are the
  repo's composed fixtures (``fixtures/*/input.txt``, ``fixtures/*/input.html``),
  varied per record with a seeded ``random.Random`` so that no two are alike and the
  cleaner does real work: 2-3 digit numbers in prose are replaced (consistently within
  a page, so a repeated caption stays a repeat), the later sentences of some long
  paragraphs are shuffled, body paragraphs from other fixtures of the same language
  are inserted into most pages, and every record gets its own id and URL. Generation
  streams to disk and is deterministic for a given ``--seed``; the file (and a
  ``.meta.json`` beside it) is reused by later runs with the same ``--workdir``,
  size, seed and share (``--keep`` keeps it; otherwise files this run generated are
  deleted at the end).
* Each run is ``newsclean batch INPUT -o OUTDIR -j N --quiet`` as a subprocess, with a
  fresh OUTDIR (deleted after the run unless ``--keep``). The page cache is warmed
  by reading the input once before the first run.
* While it runs, every ``--interval`` seconds the script reads ``/proc``: the batch
  process and all its descendants (found through the ppid links of ``/proc/*/stat``),
  each one's VmRSS and VmHWM (the kernel's own peak, which catches spikes between
  samples) from ``/proc/<pid>/status`` and CPU time from ``/proc/<pid>/stat``.
  Processes are told apart by command line and parentage: *main* (the ``newsclean
  batch`` process); *forkserver* (multiprocessing's fork server, if the pool uses the
  forkserver start method); *worker* (the fork server's children; or main's children:
  with the fork start method they show main's command line, with spawn they run
  ``multiprocessing.spawn``); *resource_tracker*; *other* (anything else, e.g. a
  worker's child). With ``-j 1`` the main process cleans the pages itself (no pool),
  so it counts as the worker.
* After each run it reads ``OUTDIR/report.json`` (pages, documents, bytes_in, the
  run's own seconds) and measures the wall time itself. pages/s and MB/s are taken
  over the wall time (process start-up and pool start-up included).

Output: a table (one row per run: pages, documents, wall seconds, pages/s, MB/s, CPU
seconds of main and workers, peak RSS of main and of the largest worker), the RSS
profile of each run, the scaling ratio, and PASS/FAIL lines for the two targets.
``--json`` prints all of it as one JSON object instead. Exit status: 0 all checks
pass, 1 a check failed, 2 a run failed (no report.json, or a crash).

Standard library only (no psutil); Linux only (it reads /proc).
"""
from __future__ import annotations

import argparse
import glob
import html as htmllib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MiB = 1 << 20
#: Bump when the generator changes, so old generated files are not reused.
GENERATOR_VERSION = 1
#: Points of the run (fractions of its duration) at which the largest worker's RSS is shown.
PROFILE_POINTS = (0.10, 0.25, 0.50, 0.75, 1.00)
CLK_TCK = os.sysconf("SC_CLK_TCK")

EXAMPLES = """\
examples:
  python benchmarks/bench_batch.py                        # 1 GB, -j 1 and -j 2 on all of it
  python benchmarks/bench_batch.py --scaling-mb 200 --keep
  python benchmarks/bench_batch.py --size-mb 20           # a quick check that it all works
  python benchmarks/bench_batch.py --size-mb 1024 --generate-only --keep --workdir /tmp/nb
  python benchmarks/bench_batch.py --json > bench_batch.json

expected time, measured on this 2-core machine with newsclean at commit fceb0df
(about 0.9 MB/s = 185 pages/s with -j 1, 1.6 MB/s = 330 pages/s with -j 2; generated
pages average 4.7 kB, 1 GB is ~217,000 records):
  generating 1 GB      ~1.5 min (skipped when --workdir holds it from a --keep run)
  default              -j 1 and -j 2 on the whole 1 GB: ~19 + ~11 min = ~30 min
  --scaling-mb 200     -j 1 and -j 2 on the first 200 MB (~4 + ~2 min), then -j 2 on
                       the whole 1 GB for memory (~11 min): ~17 min
  --size-mb 20         ~35 s in all
Slower when other work shares the cores. Disk: the input, the prefix file with
--scaling-mb, and one OUTDIR at a time (about 0.6x its input).

MB means 2**20 bytes throughout."""


# =========================================================================== input

#: Site names and sections for the generated URLs.
SITES = ("dailyherald", "coastalherald", "valleytimes", "riverbendchronicle", "metropost",
         "pinecrestnews", "nordkurier", "lepetitjournal", "diariodelsur", "harbourgazette")
SECTIONS = ("news", "world", "business", "local", "politics", "sport", "culture", "science")

#: A 2-3 digit number standing alone (not part of a time, date, decimal or path).
NUMBER = re.compile(r"(?<![\d.,:/-])\b\d{2,3}\b(?![\d:/]|[.,]\d)")
#: A sentence boundary inside a paragraph.
SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“\"‘])")
#: Month names (English, German, French, Spanish; first letters) next to a day number.
_MONTH = (r"(?:jan|feb|febr|f[ée]v|m[aä]r|apr|avr|abr|ma[iy]|jun|juin|jul|juil|aug|ao[uû]|ago|sep|"
          r"oct|okt|nov|dec|d[ée]c|dez|dic|ene)")
MONTH_BEFORE = re.compile(r"\b" + _MONTH + r"[a-zéûä]*\.?\s+$", re.IGNORECASE)
MONTH_AFTER = re.compile(r"^\.?\s+(?:de\s+)?" + _MONTH, re.IGNORECASE)
#: Script, style and comment blocks of an HTML page: never varied.
HTML_OPAQUE = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->)",
                         re.DOTALL | re.IGNORECASE)
#: A text node long enough to be prose.
HTML_TEXT_NODE = re.compile(r">([^<>]{80,})<")
#: A plain body paragraph of an HTML page (no inline markup), after which more can go.
HTML_BODY_P = re.compile(r"<p(?:\s[^>]*)?>([^<]{150,})</p>")


def _lang(name: str) -> str:
    for key, lang in (("french", "fr"), ("german", "de"), ("spanish", "es")):
        if key in name:
            return lang
    return "en"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # html_cp1252_charset


def _body_like(line: str) -> bool:
    """A prose paragraph of a text dump (not a caption, byline or list item)."""
    s = line.strip()
    return (len(s) >= 150 and not s.endswith(")") and not s.startswith(("By ", "Von ", "Par ", "Por "))
            and ". " in s and "Photo" not in s and "Foto" not in s)


@dataclass
class Fixtures:
    texts: list[tuple[str, str, str]]  # (name, lang, page)
    htmls: list[tuple[str, str, str]]
    pool: dict[str, list[str]]  # lang -> plain-text body paragraphs


def load_fixtures(root: str) -> Fixtures:
    texts, htmls, pool = [], [], {}
    for path in sorted(glob.glob(os.path.join(root, "fixtures", "*", "input.txt"))):
        name = os.path.basename(os.path.dirname(path))
        with open(path, "rb") as fh:
            page = _decode(fh.read())
        texts.append((name, _lang(name), page))
        pool.setdefault(_lang(name), []).extend(l.strip() for l in page.split("\n") if _body_like(l))
    for path in sorted(glob.glob(os.path.join(root, "fixtures", "*", "input.html"))):
        name = os.path.basename(os.path.dirname(path))
        with open(path, "rb") as fh:
            page = _decode(fh.read())
        htmls.append((name, _lang(name), page))
        for m in HTML_BODY_P.finditer(page):
            para = " ".join(htmllib.unescape(m.group(1)).split())
            if _body_like(para):
                pool.setdefault(_lang(name), []).append(para)
    if not texts and not htmls:
        raise SystemExit(f"bench_batch: no fixtures/*/input.txt or input.html under {root}")
    pool = {lang: sorted(set(paras)) for lang, paras in pool.items()}
    return Fixtures(texts, htmls, pool)


class _Varier:
    """Varies one record's page: a fresh number mapping and paragraph cache per page,
    so that what the page repeats (captions, headlines) stays an exact repeat."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.numbers: dict[str, str] = {}
        self.cache: dict[str, str] = {}

    def _number(self, m: re.Match) -> str:
        old = m.group(0)
        text, start, end = m.string, m.start(), m.end()
        if MONTH_BEFORE.search(text, max(0, start - 12), start) or MONTH_AFTER.match(text[end:end + 16]):
            return old  # a day of a date ("Nov. 14", "14. März"): a "Nov. 47" is no news page
        new = self.numbers.get(old)
        if new is None:
            n = len(old)
            new = self.numbers[old] = str(self.rng.randint(10 ** (n - 1), 10 ** n - 1))
        return new

    def paragraph(self, text: str) -> str:
        out = self.cache.get(text)
        if out is not None:
            return out
        out = NUMBER.sub(self._number, text)
        if len(out) >= 200 and not out.rstrip().endswith(")") and self.rng.random() < 0.5:
            parts = SENTENCE_END.split(out.strip())
            # Keep the first sentence (it carries the dateline) in place; shuffle the
            # rest, unless the split cut at an abbreviation ("Nov. 14").
            if len(parts) >= 3 and min(map(len, parts)) >= 25:
                rest = parts[1:]
                self.rng.shuffle(rest)
                lead = out[:len(out) - len(out.lstrip())]
                out = lead + " ".join([parts[0]] + rest)
        self.cache[text] = out
        return out

    def extra(self, pool: list[str]) -> list[str]:
        """0-3 paragraphs to insert (none for a quarter of the pages)."""
        if not pool or self.rng.random() < 0.25:
            return []
        k = min(len(pool), self.rng.randint(1, 3))
        return [self.paragraph(p) for p in self.rng.sample(pool, k)]


def vary_text(page: str, lang: str, fx: Fixtures, rng: random.Random) -> str:
    v = _Varier(rng)
    lines = [v.paragraph(l) if len(l) >= 80 else l for l in page.split("\n")]
    blank_style = "\n\n" in page
    extra = v.extra(fx.pool.get(lang, []))
    # Insert after a body paragraph that ends its block (blank-line style) or any.
    spots = [i for i, l in enumerate(lines) if _body_like(l)
             and (not blank_style or (i + 1 < len(lines) and lines[i + 1] == ""))]
    if extra and spots:
        i = rng.choice(spots)
        new: list[str] = []
        for para in extra:
            new += ["", para] if blank_style else [para]
        lines[i + 1:i + 1] = new
    return "\n".join(lines)


def vary_html(page: str, lang: str, fx: Fixtures, rng: random.Random) -> str:
    v = _Varier(rng)
    parts = HTML_OPAQUE.split(page)
    for i in range(0, len(parts), 2):  # odd indexes are script/style/comment blocks
        parts[i] = HTML_TEXT_NODE.sub(lambda m: ">" + v.paragraph(m.group(1)) + "<", parts[i])
    out = "".join(parts)
    extra = v.extra(fx.pool.get(lang, []))
    spots = [m.end() for m in HTML_BODY_P.finditer(out)]
    if extra and spots:
        at = rng.choice(spots)
        out = out[:at] + "".join(f"\n<p>{htmllib.escape(p, quote=False)}</p>" for p in extra) + out[at:]
    return out


def _slug(name: str, n: int) -> str:
    return f"{name.replace('_', '-')}-{n}"


def iter_records(fx: Fixtures, seed: int, html_share: float):
    """Endless deterministic stream of (kind, record dict)."""
    rng = random.Random(seed)
    n = 0
    while True:
        n += 1
        use_html = fx.htmls and (not fx.texts or rng.random() < html_share)
        name, lang, page = rng.choice(fx.htmls if use_html else fx.texts)
        url = (f"https://www.{rng.choice(SITES)}.example/{rng.choice(SECTIONS)}/"
               f"{rng.randint(2019, 2025)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/"
               f"{_slug(name, n)}")
        rec = {"id": f"bench-{n:09d}", "url": url}
        if use_html:
            rec["html"] = vary_html(page, lang, fx, rng)
        else:
            rec["text"] = vary_text(page, lang, fx, rng)
        yield ("html" if use_html else "text"), rec


def _meta_path(path: str) -> str:
    return path + ".meta.json"


def _reusable(path: str, want: dict) -> dict | None:
    """The meta of an existing generated file made with the same parameters, else None."""
    try:
        with open(_meta_path(path), encoding="utf-8") as fh:
            meta = json.load(fh)
        size = os.path.getsize(path)
    except (OSError, ValueError):
        return None
    if any(meta.get(k) != v for k, v in want.items()) or meta.get("bytes") != size:
        return None
    return meta


def generate(path: str, size_mb: float, seed: int, html_share: float, log) -> tuple[dict, bool]:
    """Write the JSONL file (streaming, temp file + rename); return (meta, made_now)."""
    want = {"generator": GENERATOR_VERSION, "size_mb": size_mb, "seed": seed, "html_share": html_share}
    meta = _reusable(path, want)
    if meta:
        log(f"reusing {path} ({meta['bytes'] / MiB:.1f} MB, {meta['records']:,} records)")
        return meta, False
    fx = load_fixtures(ROOT)
    target = int(size_mb * MiB)
    tmp = path + ".tmp"
    log(f"generating {path} ({size_mb:g} MB from {len(fx.texts)} text and {len(fx.htmls)} HTML "
        f"fixtures, seed {seed}, html share {html_share:g}) ...")
    t0 = time.monotonic()
    written = records = 0
    kinds = {"text": 0, "html": 0}
    with open(tmp, "wb", buffering=MiB) as fh:
        for kind, rec in iter_records(fx, seed, html_share):
            line = (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")
            fh.write(line)
            written += len(line)
            records += 1
            kinds[kind] += 1
            if written >= target:
                break
    os.replace(tmp, path)
    meta = dict(want, bytes=written, records=records, text_records=kinds["text"],
                html_records=kinds["html"], seconds=round(time.monotonic() - t0, 1))
    with open(_meta_path(path), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=1)
    log(f"  {records:,} records ({kinds['html']:,} html), {written / MiB:.1f} MB in {meta['seconds']} s")
    return meta, True


def make_prefix(src: str, src_meta: dict, path: str, size_mb: float, log) -> tuple[dict, bool]:
    """The first whole lines of ``src`` adding up to at least ``size_mb`` MB."""
    want = {"generator": GENERATOR_VERSION, "prefix_of": os.path.basename(src), "size_mb": size_mb,
            "seed": src_meta["seed"], "html_share": src_meta["html_share"]}
    meta = _reusable(path, want)
    if meta:
        log(f"reusing {path} ({meta['bytes'] / MiB:.1f} MB, {meta['records']:,} records)")
        return meta, False
    target, written, records = int(size_mb * MiB), 0, 0
    tmp = path + ".tmp"
    with open(src, "rb") as fin, open(tmp, "wb", buffering=MiB) as fout:
        for line in fin:
            fout.write(line)
            written += len(line)
            records += 1
            if written >= target:
                break
    os.replace(tmp, path)
    meta = dict(want, bytes=written, records=records)
    with open(_meta_path(path), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=1)
    log(f"prefix {path}: {records:,} records, {written / MiB:.1f} MB")
    return meta, True


def warm_cache(path: str) -> None:
    with open(path, "rb", buffering=0) as fh:
        while fh.read(8 * MiB):
            pass


# =========================================================================== /proc

@dataclass
class Proc:
    pid: int
    ppid: int
    role: str
    cmdline: str
    first_seen: float
    last_seen: float = 0.0
    peak_rss_kb: int = 0  # max VmRSS over the samples
    hwm_kb: int = 0  # last VmHWM read (the kernel's peak)
    cpu_s: float = 0.0  # last utime+stime read

    @property
    def peak_kb(self) -> int:
        return max(self.peak_rss_kb, self.hwm_kb)


def _read(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return None


def _stat_all() -> dict[int, tuple[int, int, float]]:
    """pid -> (ppid, starttime, cpu seconds) of every process."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        s = _read(f"/proc/{entry}/stat")
        if not s:
            continue
        fields = s[s.rfind(")") + 2:].split()  # after "pid (comm) "
        try:
            # fields[0] is state (field 3); ppid is field 4, utime 14, stime 15, starttime 22
            out[int(entry)] = (int(fields[1]), int(fields[19]),
                               (int(fields[11]) + int(fields[12])) / CLK_TCK)
        except (IndexError, ValueError):
            continue
    return out


def _status_kb(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) in kB, or None (gone, or a zombie)."""
    s = _read(f"/proc/{pid}/status")
    if not s:
        return None
    rss = hwm = None
    for line in s.splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
        elif line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
    return None if rss is None else (rss, hwm or rss)


def _role(pid: int, root: int, parent_role: str | None, cmdline: str) -> str:
    if pid == root:
        return "main"
    if parent_role == "forkserver":
        return "worker"
    if "multiprocessing.forkserver" in cmdline:
        return "forkserver"
    if "multiprocessing.resource_tracker" in cmdline:
        return "resource_tracker"
    if "multiprocessing.spawn" in cmdline:
        return "worker"
    if parent_role == "main":
        return "worker"  # start method fork: a copy of main, with main's command line
    return "other"


class Monitor:
    """Samples the RSS of a process tree in a thread until stopped."""

    def __init__(self, root: int, interval: float, t0: float) -> None:
        self.root, self.interval, self.t0 = root, interval, t0
        self.procs: dict[tuple[int, int], Proc] = {}  # (pid, starttime) -> Proc
        # (t, largest worker RSS kB, main RSS kB, RSS of the whole tree kB, workers alive)
        self.series: list[tuple[float, int, int, int, int]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.sample_seconds = 0.0

    def start(self) -> None:
        self.thread.start()

    def finish(self) -> None:
        self.stop.set()
        self.thread.join()

    def _loop(self) -> None:
        while not self.stop.is_set():
            began = time.monotonic()
            try:
                self.sample()
            except Exception as exc:  # noqa: BLE001 - a monitor bug must not hang the run
                print(f"bench_batch: sampling failed: {exc!r}", file=sys.stderr)
            spent = time.monotonic() - began
            self.sample_seconds += spent
            self.stop.wait(max(0.0, self.interval - spent))

    def sample(self) -> None:
        stats = _stat_all()
        now = time.monotonic() - self.t0
        if self.root not in stats:
            return
        children: dict[int, list[int]] = {}
        for pid, (ppid, _, _) in stats.items():
            children.setdefault(ppid, []).append(pid)
        worker = main = total = alive = 0
        queue = [(self.root, None)]
        while queue:
            pid, parent_role = queue.pop(0)
            ppid, start, cpu = stats[pid]
            key = (pid, start)
            proc = self.procs.get(key)
            if proc is None:
                cmd = (_read(f"/proc/{pid}/cmdline") or "").replace("\0", " ").strip()
                proc = self.procs[key] = Proc(pid, ppid, _role(pid, self.root, parent_role, cmd),
                                              cmd, first_seen=now)
            mem = _status_kb(pid)
            if mem is not None:
                rss, hwm = mem
                proc.last_seen = now
                proc.peak_rss_kb = max(proc.peak_rss_kb, rss)
                proc.hwm_kb = max(proc.hwm_kb, hwm)
                proc.cpu_s = max(proc.cpu_s, cpu)
                total += rss
                if proc.role == "main":
                    main = rss
                elif proc.role == "worker":
                    worker = max(worker, rss)
                    alive += 1
            queue += [(c, proc.role) for c in children.get(pid, ())]
        self.series.append((now, worker, main, total, alive))


# =========================================================================== runs

@dataclass
class Run:
    jobs: int
    input: str
    input_bytes: int
    purpose: str  # "scaling", "memory" or "scaling+memory"
    exit_code: int | None = None
    wall_s: float = 0.0
    report: dict = field(default_factory=dict)
    procs: list[Proc] = field(default_factory=list)
    series: list[tuple] = field(default_factory=list)
    load_before: tuple = ()
    stderr_tail: str = ""
    samples: int = 0

    # ---- derived
    @property
    def ok(self) -> bool:
        return self.exit_code in (0, 1) and bool(self.report)

    @property
    def run_stats(self) -> dict:
        return self.report.get("run", {})

    @property
    def pages(self) -> int:
        return self.run_stats.get("pages", 0)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.run_stats.get("bytes_in", 0) / MiB / self.wall_s if self.wall_s else 0.0

    def of_role(self, role: str) -> list[Proc]:
        return [p for p in self.procs if p.role == role]

    @property
    def cleaners(self) -> list[Proc]:
        """The processes that clean pages: the workers, or main when it cleans inline."""
        return self.of_role("worker") or self.of_role("main")

    @property
    def inline(self) -> bool:
        return not self.of_role("worker")

    @property
    def pool_kind(self) -> str:
        """How the workers were started, as seen from /proc."""
        if self.inline:
            return "inline"
        if self.of_role("forkserver"):
            return "forkserver"
        if any("multiprocessing.spawn" in p.cmdline for p in self.of_role("worker")):
            return "spawn"
        return "fork"

    def peak_kb(self, role: str) -> int:
        return max((p.peak_kb for p in self.of_role(role)), default=0)

    def cpu_s(self, role: str) -> float:
        return sum(p.cpu_s for p in self.of_role(role))

    def profile(self) -> list[tuple[float, int | None]]:
        """Largest cleaner's RSS (kB) at PROFILE_POINTS of the run: the last sample at or
        before that moment."""
        idx = 1 if not self.inline else 2
        out = []
        for frac in PROFILE_POINTS:
            at = frac * self.wall_s
            vals = [s[idx] for s in self.series if s[0] <= at and s[idx]]
            if frac == 1.0 and not vals:
                vals = [s[idx] for s in self.series if s[idx]]
            out.append((frac, vals[-1] if vals else None))
        return out


def newsclean_cmd(given: str | None) -> list[str]:
    if given:
        return given.split()
    exe = shutil.which("newsclean")
    return [exe] if exe else [sys.executable, "-m", "newsclean"]


def run_batch(cmd: list[str], input_path: str, input_bytes: int, outdir: str, jobs: int,
              purpose: str, interval: float, extra: list[str], keep: bool, log) -> Run:
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    argv = cmd + ["batch", input_path, "-o", outdir, "-j", str(jobs), "--quiet"] + extra
    run = Run(jobs, input_path, input_bytes, purpose, load_before=os.getloadavg())
    log(f"run: {' '.join(argv)}   (load average {run.load_before[0]:.2f})")
    errlog = outdir.rstrip("/") + ".stderr.log"
    with open(errlog, "wb") as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        mon = Monitor(proc.pid, interval, t0)
        mon.start()
        try:
            run.exit_code = proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait()
            raise
        finally:
            run.wall_s = time.monotonic() - t0
            mon.finish()
    run.procs = sorted(mon.procs.values(), key=lambda p: (p.first_seen, p.pid))
    run.series = mon.series
    run.samples = len(mon.series)
    try:
        with open(os.path.join(outdir, "report.json"), encoding="utf-8") as fh:
            run.report = json.load(fh)
    except (OSError, ValueError):
        run.report = {}
    with open(errlog, "rb") as fh:
        run.stderr_tail = fh.read()[-2000:].decode("utf-8", "replace")
    if not keep:
        shutil.rmtree(outdir, ignore_errors=True)
        os.unlink(errlog)
    s = run.run_stats
    log(f"  exit {run.exit_code}, {run.wall_s:.1f} s wall, {s.get('pages', 0):,} pages, "
        f"{s.get('documents', 0):,} documents, {s.get('errors', 0):,} errors; "
        f"{run.samples} RSS samples")
    if not run.ok:
        log(f"  run failed; stderr ends:\n{run.stderr_tail}")
    return run


# =========================================================================== output

def _mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:.0f}"


def scaling(runs: list[Run]) -> dict | None:
    """pages/s of the highest -j over the lowest, among the scaling runs."""
    sc = [r for r in runs if "scaling" in r.purpose and r.ok]
    if len({r.jobs for r in sc}) < 2:
        return None
    lo, hi = min(sc, key=lambda r: r.jobs), max(sc, key=lambda r: r.jobs)
    ratio = hi.pages_per_s / lo.pages_per_s if lo.pages_per_s else 0.0
    run_s = [r.run_stats.get("seconds") or 0 for r in (lo, hi)]
    ratio_run = (hi.pages / run_s[1]) / (lo.pages / run_s[0]) if all(run_s) and lo.pages else None
    return {"low_jobs": lo.jobs, "high_jobs": hi.jobs, "ratio": ratio, "ratio_report_seconds": ratio_run}


def checks(runs: list[Run], args) -> list[dict]:
    out = []
    ok_runs = [r for r in runs if r.ok]
    worst = max(((p.peak_kb, r, p) for r in ok_runs for p in r.cleaners), default=None,
                key=lambda t: t[0])
    biggest = max((r.input_bytes for r in ok_runs), default=0)
    if worst:
        kb, r, p = worst
        note = f"worst {kb / 1024:.0f} MB: -j {r.jobs} {p.role} pid {p.pid}"
        if biggest < 1024 * MiB:
            note += f"; largest input only {biggest / MiB:.0f} MB, the issue asks for >= 1024 MB"
        out.append({"name": f"peak RSS per worker < {args.rss_limit_mb:g} MB", "pass": kb / 1024 < args.rss_limit_mb,
                    "value_mb": round(kb / 1024, 1), "note": note})
    else:
        out.append({"name": f"peak RSS per worker < {args.rss_limit_mb:g} MB", "pass": False,
                    "value_mb": None, "note": "no successful run"})
    sc = scaling(runs)
    name = f"scaling >= {args.target_ratio:g}x"
    if sc:
        out.append({"name": name, "pass": sc["ratio"] >= args.target_ratio, "value": round(sc["ratio"], 3),
                    "note": f"pages/s -j {sc['high_jobs']} / -j {sc['low_jobs']}"})
    else:
        out.append({"name": name, "pass": None, "value": None,
                    "note": "needs two successful scaling runs with different -j"})
    return out


def print_table(runs: list[Run], result_checks: list[dict], gen: dict, args) -> None:
    p = print
    p()
    p(f"newsclean batch on generated JSONL ({gen['records']:,} records, {gen['bytes'] / MiB:.1f} MB, "
      f"{gen['html_records']:,} html / {gen['text_records']:,} text; seed {gen['seed']}); "
      f"{os.cpu_count()} CPUs; MB = 2**20 bytes")
    head = (f"{'run':<16} {'-j':>3} {'input MB':>9} {'pages':>9} {'docs':>9} {'errors':>6} {'wall s':>8} "
            f"{'pages/s':>8} {'MB/s':>6} {'CPU s main':>10} {'CPU s wrk':>9} {'peak MB main':>12} "
            f"{'peak MB wrk':>11} {'workers':>7}")
    p(head)
    p("-" * len(head))
    for r in runs:
        s = r.run_stats
        max_worker = "= main" if r.inline else _mb(r.peak_kb("worker"))
        nworkers = 0 if r.inline else len(r.of_role("worker"))
        status = "" if r.ok else f"  FAILED (exit {r.exit_code})"
        p(f"{r.purpose:<16} {r.jobs:>3} {r.input_bytes / MiB:>9.1f} {s.get('pages', 0):>9,} "
          f"{s.get('documents', 0):>9,} {s.get('errors', 0):>6,} {r.wall_s:>8.1f} {r.pages_per_s:>8.1f} "
          f"{r.mb_per_s:>6.2f} {r.cpu_s('main'):>10.1f} {r.cpu_s('worker'):>9.1f} "
          f"{_mb(r.peak_kb('main')):>12} {max_worker:>11} {nworkers:>7}{status}")
    p()
    p("RSS of the largest cleaning process (a worker; with -j 1 the main process) during each run:")
    for r in runs:
        prof = r.profile()
        cells = "  ".join(f"{int(f * 100):>3}% {_mb(kb):>4}" for f, kb in prof)
        vals = [kb for _, kb in prof]
        growth = (f"; 25%->100%: {(vals[-1] - vals[1]) / 1024:+.0f} MB"
                  if vals[1] is not None and vals[-1] is not None else "")
        extra = []
        if r.of_role("forkserver"):
            extra.append(f"forkserver {_mb(r.peak_kb('forkserver'))}")
        if r.of_role("resource_tracker"):
            extra.append(f"resource_tracker {_mb(r.peak_kb('resource_tracker'))}")
        if r.of_role("other"):
            extra.append(f"other {_mb(r.peak_kb('other'))}")
        tail = f"  (peak MB: {', '.join(extra)})" if extra else ""
        tail += "" if r.inline else f"  [{len(r.of_role('worker'))} workers, {r.pool_kind}]"
        p(f"  -j {r.jobs} {r.purpose:<15} MB at {cells}{growth}{tail}")
    if any(len(r.of_role("worker")) > r.jobs for r in runs):
        p("  note: more worker processes than -j were seen: the pool was restarted (a worker died?)")
    sc = scaling(runs)
    p()
    if sc:
        extra = (f" (on the runs' own seconds from report.json: {sc['ratio_report_seconds']:.2f}x)"
                 if sc["ratio_report_seconds"] else "")
        p(f"scaling: pages/s -j {sc['high_jobs']} / pages/s -j {sc['low_jobs']} = {sc['ratio']:.2f}x{extra}")
    for c in result_checks:
        verdict = "N/A " if c["pass"] is None else ("PASS" if c["pass"] else "FAIL")
        value = c.get("value_mb", c.get("value"))
        shown = "" if value is None else (f": {value} MB" if "value_mb" in c else f": {value:.2f}x")
        p(f"{verdict}  {c['name']}{shown}  ({c['note']})")
    loads = [r.load_before[0] for r in runs]
    if loads and max(loads) > 0.5:
        p(f"note: load average before the runs was up to {max(loads):.2f} on {os.cpu_count()} CPUs: "
          f"other work shares the cores, speed figures are noisy")


def as_json(runs: list[Run], result_checks: list[dict], gen: dict, files: dict, args) -> dict:
    def run_json(r: Run) -> dict:
        step = max(1, len(r.series) // 200)
        return {
            "jobs": r.jobs, "purpose": r.purpose, "input": r.input, "input_mb": round(r.input_bytes / MiB, 2),
            "exit_code": r.exit_code, "ok": r.ok, "wall_seconds": round(r.wall_s, 3),
            "report_run": r.run_stats, "pages_per_second": round(r.pages_per_s, 2),
            "mb_per_second": round(r.mb_per_s, 3), "load_average_before": r.load_before,
            "peak_rss_mb": {role: round(r.peak_kb(role) / 1024, 1)
                            for role in ("main", "forkserver", "worker", "resource_tracker", "other")
                            if r.of_role(role)},
            "cpu_seconds": {role: round(r.cpu_s(role), 2)
                            for role in ("main", "forkserver", "worker") if r.of_role(role)},
            "cleaning_process": "main (inline, -j 1)" if r.inline else "workers",
            "pool": r.pool_kind,
            "cleaner_rss_profile_mb": {f"{int(f * 100)}%": (None if kb is None else round(kb / 1024, 1))
                                       for f, kb in r.profile()},
            "processes": [{"pid": p.pid, "ppid": p.ppid, "role": p.role, "cmdline": p.cmdline[:200],
                           "peak_rss_mb": round(p.peak_rss_kb / 1024, 1), "vm_hwm_mb": round(p.hwm_kb / 1024, 1),
                           "cpu_seconds": round(p.cpu_s, 2), "seen_seconds": [round(p.first_seen, 2),
                                                                               round(p.last_seen, 2)]}
                          for p in r.procs],
            "samples": r.samples,
            "series": [{"t": round(t, 2), "max_worker_mb": round(w / 1024, 1), "main_mb": round(m / 1024, 1),
                        "tree_mb": round(tot / 1024, 1), "workers": n}
                       for t, w, m, tot, n in r.series[::step]],
            "stderr_tail": r.stderr_tail if not r.ok else "",
        }

    return {"generated": gen, "files": files, "cpus": os.cpu_count(),
            "settings": {"size_mb": args.size_mb, "scaling_mb": args.scaling_mb, "jobs": args.jobs,
                         "html_share": args.html_share, "seed": args.seed, "interval": args.interval,
                         "rss_limit_mb": args.rss_limit_mb, "target_ratio": args.target_ratio,
                         "batch_args": args.batch_arg},
            "runs": [run_json(r) for r in runs], "scaling": scaling(runs), "checks": result_checks}


# =========================================================================== main

def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] + " Generates a JSONL dump from fixtures/, runs "
        "`newsclean batch -j N --quiet` on it for each N while sampling the RSS of every "
        "process of the run from /proc, and prints pages/s, the -j speed-up and peak RSS "
        "with PASS/FAIL against the targets (see the module docstring for details).",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, metavar="MB", default=1024,
                    help="size of the generated JSONL file in MB (default 1024 = 1 GiB, the "
                    "issue's >= 1 GB)")
    ap.add_argument("--html-share", type=float, metavar="SHARE", default=0.5,
                    help="share of records that are HTML pages rather than text dumps (default 0.5)")
    ap.add_argument("--seed", type=int, metavar="N", default=1, help="seed of the generator (default 1)")
    ap.add_argument("--jobs", metavar="LIST", default="1,2", help="comma-separated -j values to run (default 1,2)")
    ap.add_argument("--scaling-mb", type=float, metavar="M", default=None,
                    help="run the -j comparison on the first M MB only (whole lines), then one "
                    "memory run with the highest -j on the whole file (default: every run on "
                    "the whole file)")
    ap.add_argument("--workdir", metavar="DIR", default=None,
                    help="folder for the generated input and the OUTDIRs (default "
                    f"{os.path.join(tempfile.gettempdir(), 'newsclean-bench-batch')}); a file "
                    "generated there earlier with the same size, seed and share is reused")
    ap.add_argument("--keep", action="store_true",
                    help="keep the generated input (for reuse) and each run's OUTDIR and stderr log")
    ap.add_argument("--generate-only", action="store_true",
                    help="only generate the input, print its path and exit (the file is kept)")
    ap.add_argument("--interval", type=float, metavar="SEC", default=0.25,
                    help="seconds between RSS samples (default 0.25)")
    ap.add_argument("--rss-limit-mb", type=float, metavar="MB", default=250,
                    help="peak RSS per worker that passes (default 250)")
    ap.add_argument("--target-ratio", type=float, metavar="X", default=1.7,
                    help="pages/s ratio highest -j / lowest -j that passes (default 1.7)")
    ap.add_argument("--newsclean", default=None, metavar="CMD",
                    help="command to run newsclean (default: `newsclean` on PATH, else "
                    "`python -m newsclean`)")
    ap.add_argument("--batch-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for `newsclean batch` (repeatable, e.g. "
                    "--batch-arg=--compress --batch-arg=gz)")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = ap.parse_args(argv)
    try:
        args.job_list = sorted({int(j) for j in args.jobs.split(",") if j.strip()})
    except ValueError:
        ap.error(f"--jobs: give comma-separated integers, not {args.jobs!r}")
    if not args.job_list or min(args.job_list) < 1:
        ap.error("--jobs: give one or more values >= 1")
    if args.size_mb <= 0 or (args.scaling_mb is not None and args.scaling_mb <= 0):
        ap.error("--size-mb and --scaling-mb must be > 0")
    if not 0 <= args.html_share <= 1:
        ap.error("--html-share must be between 0 and 1")
    if not 0.05 <= args.interval <= 5:
        ap.error("--interval must be between 0.05 and 5 seconds")
    if not os.path.isdir("/proc/self"):
        ap.error("needs Linux /proc")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    log = (lambda msg: print(f"bench_batch: {msg}", file=sys.stderr, flush=True))
    workdir = args.workdir or os.path.join(tempfile.gettempdir(), "newsclean-bench-batch")
    made_workdir = not os.path.isdir(workdir)
    os.makedirs(workdir, exist_ok=True)
    tag = f"s{args.seed}-h{args.html_share:g}"
    full = os.path.join(workdir, f"pages-{args.size_mb:g}mb-{tag}.jsonl")
    created: list[str] = []
    gen, made = generate(full, args.size_mb, args.seed, args.html_share, log)
    if made:
        created.append(full)
    files = {"full": full}
    if args.generate_only:
        print(full)
        return 0

    cmd = newsclean_cmd(args.newsclean)
    hi = max(args.job_list)
    plan: list[tuple[int, str, int, str]] = []  # (jobs, input, bytes, purpose)
    if args.scaling_mb is not None and args.scaling_mb < args.size_mb:
        prefix = os.path.join(workdir, f"pages-{args.size_mb:g}mb-{tag}.prefix-{args.scaling_mb:g}mb.jsonl")
        pmeta, made = make_prefix(full, gen, prefix, args.scaling_mb, log)
        if made:
            created.append(prefix)
        files["scaling"] = prefix
        plan += [(j, prefix, pmeta["bytes"], "scaling") for j in args.job_list]
        plan.append((hi, full, gen["bytes"], "memory"))
    else:
        plan += [(j, full, gen["bytes"], "scaling+memory") for j in args.job_list]
    if hi > (os.cpu_count() or 1):
        log(f"warning: -j {hi} is more than the {os.cpu_count()} CPUs")

    runs: list[Run] = []
    try:
        for path in dict.fromkeys(p[1] for p in plan):
            warm_cache(path)
        for jobs, path, size, purpose in plan:
            outdir = os.path.join(workdir, f"out-j{jobs}-{purpose}")
            runs.append(run_batch(cmd, path, size, outdir, jobs, purpose, args.interval,
                                  args.batch_arg, args.keep, log))
    finally:
        if not args.keep:
            for path in created:
                for f in (path, _meta_path(path)):
                    if os.path.exists(f):
                        os.unlink(f)
            if made_workdir:
                try:
                    os.rmdir(workdir)
                except OSError:
                    pass

    result_checks = checks(runs, args)
    if args.json:
        json.dump(as_json(runs, result_checks, gen, files, args), sys.stdout, indent=1)
        print()
    else:
        print_table(runs, result_checks, gen, args)
    if not all(r.ok for r in runs):
        return 2
    return 1 if any(c["pass"] is False for c in result_checks) else 0


if __name__ == "__main__":
    sys.exit(main())
