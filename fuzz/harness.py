"""Fuzz harness: mutate real pages, clean each in a child process, and check that the
cleaning holds up.

Each input is a page from the seed set (the repo's fixtures, plus any ``--corpus``
folders) put through one to three of the MUTATORS below, chosen by a seeded random
generator: input ``i`` of seed ``s`` is always the same bytes, so a failure is
reproduced with ``--replay s:i``. An input is written to a file and read the way the
CLI reads one (``read_pages``: kind sniffing, compression, JSONL, WARC), then cleaned.
The checks:

* **no exception** — an ``InputError`` (input refused with a message, e.g. binary data)
  is an answer; anything else is a failure;
* **no hang** — a child that takes longer than ``--timeout`` seconds (plus
  ``--timeout-per-mb`` seconds per MB of input) is killed and the input is a hang;
* **no NUL or other C0 control** but tab and newline in any field of any document;
* **time per KB** — the slowest inputs per KB are reported (cost must be linear);
* **idempotence** — the documents written with ``--format text`` and cleaned again
  as a text dump: how many differ at all, and how many by more than 5% of their words.

Run it from the project root (it needs newsclean importable)::

    python fuzz/harness.py --minutes 10                  # two workers, seed from the clock
    python fuzz/harness.py --minutes 60 --jobs 2 --corpus ../shared/corpus/dev/text
    python fuzz/harness.py --replay 1234:56 --save c.txt  # one input again, kept as a file

Failing inputs are saved under ``--out`` (default ``fuzz-failures/``) with a note of
what failed. The exit status is 1 when any input raised, hung or put out a control
character, 0 otherwise (idempotence and speed are reported, not judged).
"""
from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The characters no document may hold: C0 controls but tab and newline.
CONTROL = frozenset(chr(c) for c in range(32) if c not in (9, 10))
#: A second cleaning "changes" a document set when its word count moves by more than this.
IDEMPOTENCE_SHARE = 0.05


# ---------------------------------------------------------------------------- seeds

def seed_pages(corpora: list[str] = ()) -> list[tuple[str, bytes]]:
    """(name, bytes) of every page to mutate: the fixtures' inputs and the files of
    the corpus folders given (gzip files are unpacked)."""
    paths = sorted(ROOT.glob("fixtures/*/input.*"))
    for folder in corpora:
        paths += sorted(p for p in Path(folder).iterdir() if p.is_file())
    pages = []
    for p in paths:
        data = p.read_bytes()
        if p.suffix == ".gz":
            data = gzip.decompress(data)
        pages.append((str(p), data))
    return pages


# ---------------------------------------------------------------------------- mutators
# Each takes the page's bytes, a random generator and the seed pages (for splicing) and
# returns new bytes. They aim at what broke cleaners before: nesting, comments, odd
# bytes and charsets, repetition, long lines, control characters.

def _span(data: bytes, rnd: random.Random) -> tuple[int, int]:
    if not data:
        return 0, 0
    a = rnd.randrange(len(data))
    return a, min(len(data), a + rnd.randint(1, 2000))


def flip_bytes(data, rnd, pages):
    b = bytearray(data)
    for _ in range(rnd.randint(1, 50)):
        if b:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
    return bytes(b)


def insert_bytes(data, rnd, pages):
    pos = rnd.randint(0, len(data))
    junk = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 64)))
    return data[:pos] + junk + data[pos:]


def delete_span(data, rnd, pages):
    a, b = _span(data, rnd)
    return data[:a] + data[b:]


def repeat_span(data, rnd, pages):
    a, b = _span(data, rnd)
    return data[:b] + data[a:b] * rnd.choice((2, 3, 10, 100, 1000)) + data[b:]


def shuffle_lines(data, rnd, pages):
    lines = data.split(b"\n")
    rnd.shuffle(lines)
    return b"\n".join(lines)


def repeat_line(data, rnd, pages):
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    lines[i:i + 1] = [lines[i]] * rnd.choice((2, 5, 50, 2000))
    return b"\n".join(lines)


def deep_nesting(data, rnd, pages):
    unit = rnd.choice((b"<div>", b"<div><span>x</span>", b"<span>", b"<ul><li>", b"<table><tr><td>",
                       b"<b><i>", b"<noscript>", b"<a href=x>", b"<section><h1>x</h1>", b"<q>"))
    pos = rnd.randint(0, len(data))
    return data[:pos] + unit * rnd.choice((100, 1000, 10000, 50000)) + data[pos:]


def comments_first(data, rnd, pages):
    unit = rnd.choice((b"<!-- comment -->\n", b"<!---->", b"<!--", b"-->", b"<!-- a -- b -->"))
    return unit * rnd.choice((5, 40, 500)) + data


def truncate(data, rnd, pages):
    return data[:rnd.randint(0, len(data))]


def splice(data, rnd, pages):
    other = rnd.choice(pages)[1]
    a, b = _span(other, rnd)
    pos = rnd.randint(0, len(data))
    return data[:pos] + other[a:b] + data[pos:]


def recode(data, rnd, pages):
    text = data.decode("utf-8", "replace")
    codec = rnd.choice(("utf-16", "utf-16-le", "utf-8-sig", "cp1252", "latin-1", "shift_jis"))
    out = text.encode(codec, "replace")
    if rnd.random() < 0.5:  # a charset declaration, true or not
        label = rnd.choice(("latin-1", "shift_jis", "utf-8", "x-user-defined", "nonsense", "utf-16"))
        out = f'<meta charset="{label}">\n'.encode("ascii") + out
    return out


def long_line(data, rnd, pages):
    pos = rnd.randint(0, len(data))
    unit = rnd.choice((b"a", b"ab ", b". ", b"-", b"\xe2\x80\x94", b"1", b"A", b"<", b"(", b"http://x/"))
    return data[:pos] + unit * rnd.choice((1000, 50000, 200000)) + data[pos:]


#: Fragments that regexes over dates, bylines, datelines and captions look for.
TRICKY = [b"By By By ", b"12/12/12 ", b"2024-01-01 ", b"(AP) \xe2\x80\x94 ", b"Photo: ", b"(Getty) ",
          b"Updated ", b"ago ", b"a.m. ", b"Jan. ", b"\xc2\xa9 ", b"Skip to content\n", b"   ", b"\t",
          b"NEW YORK, ", b"AND ", b"| ", b"... ", b"!!! ", b"\xe2\x80\xa6 ", b"# ", b"@x ", b"http://e.com/a?b=c "]


def tricky_fragments(data, rnd, pages):
    pos = rnd.randint(0, len(data))
    frag = b"".join(rnd.choice(TRICKY) for _ in range(rnd.randint(1, 20)))
    return data[:pos] + frag * rnd.choice((1, 10, 500)) + data[pos:]


def control_chars(data, rnd, pages):
    b = bytearray(data)
    for _ in range(rnd.randint(1, 30)):
        pos = rnd.randint(0, len(b))
        b[pos:pos] = rnd.choice((b"\x00", b"\x0b", b"\x0c", b"\r", b"\x1b[31m", b"\x7f", b"\xe2\x80\xa8",
                                 b"\xef\xbb\xbf", b"\x00\x00\x00\x00"))
    return bytes(b)


def upper_case(data, rnd, pages):
    return data.upper()


def blank_lines(data, rnd, pages):
    sep = rnd.choice((b"\n", b"\n\n\n\n", b"\r\n", b"\r", b"\n \n", b"\f\n"))
    return sep.join(data.split(b"\n"))


def as_jsonl(data, rnd, pages):
    text = data.decode("utf-8", "replace")
    field_ = "html" if b"<" in data[:200] else "text"
    rec = json.dumps({"url": "https://example.com/a", field_: text}).encode()
    lines = [rec] * rnd.randint(1, 3)
    if rnd.random() < 0.3:
        lines.append(rec[: rnd.randrange(len(rec))])  # unterminated / cut
    return b"\n".join(lines) + (b"\n" if rnd.random() < 0.7 else b"")


MUTATORS = [flip_bytes, insert_bytes, delete_span, repeat_span, shuffle_lines, repeat_line, deep_nesting,
            comments_first, truncate, splice, recode, long_line, tricky_fragments, control_chars,
            upper_case, blank_lines, as_jsonl]


def make_input(seed: int, i: int, pages: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """Input ``i`` of run ``seed``: its bytes and how it was made."""
    rnd = random.Random(seed * 1_000_003 + i)
    name, data = rnd.choice(pages)
    steps = []
    for _ in range(rnd.choice((1, 1, 2, 3))):
        mut = rnd.choice(MUTATORS)
        data = mut(data, rnd, pages)
        steps.append(mut.__name__)
    return data, f"{Path(name).parent.name or Path(name).name} + {' + '.join(steps)}"


# ---------------------------------------------------------------------------- checks

@dataclass
class Outcome:
    error: str | None = None        # a traceback: the cleaning raised
    refused: str | None = None      # an InputError message: the input was refused
    control: str | None = None      # a field holding a control character
    seconds: float = 0.0
    size: int = 0
    differs: bool = False           # the second cleaning's text is not byte-identical
    words: tuple[int, int] = (0, 0) # words of the first and second cleaning
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        w1, w2 = self.words
        return self.differs and abs(w1 - w2) > IDEMPOTENCE_SHARE * max(w1, 1)


def _controls(docs) -> str | None:
    for doc in docs:
        for key, value in doc.to_dict().items():
            for text in (value if isinstance(value, list) else [value]):
                if isinstance(text, str) and not CONTROL.isdisjoint(text):
                    bad = next(c for c in text if c in CONTROL)
                    return f"{key} holds {bad!r}"
    return None


def check(data: bytes) -> Outcome:
    """Clean ``data`` as the CLI would read it from a file, and check the result."""
    import newsclean
    from newsclean.errors import InputError
    from newsclean.pipeline import Pipeline
    from newsclean.readers import read_pages
    from newsclean.writers import render

    out = Outcome(size=len(data))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "page")
        with open(path, "wb") as fh:
            fh.write(data)
        start = time.perf_counter()
        try:
            pages, out.warnings = read_pages(path)
            pipeline = Pipeline()
            docs = [doc for page in pages for doc in pipeline.run(page)]
        except InputError as exc:
            out.refused = str(exc)
            out.seconds = time.perf_counter() - start
            return out
        except BaseException:
            out.error = traceback.format_exc()
            out.seconds = time.perf_counter() - start
            return out
        out.seconds = time.perf_counter() - start
    out.control = _controls(docs)
    first = render(docs)
    try:
        again = render(newsclean.clean(first, kind="text"))
    except BaseException:
        out.error = "cleaning the output again raised:\n" + traceback.format_exc()
        return out
    out.differs = first != again
    out.words = (len(first.split()), len(again.split()))
    return out


# ---------------------------------------------------------------------------- runner

def _worker(conn, seed: int, corpora: list[str]) -> None:
    pages = seed_pages(corpora)
    check(pages[0][1] + b"\xe9")  # imports (the charset detector too) and first-use caches: not the first input's time
    while True:
        i = conn.recv()
        if i is None:
            return
        data, how = make_input(seed, i, pages)
        conn.send((i, how, check(data)))


@dataclass
class Report:
    inputs: int = 0
    refused: int = 0
    errors: list = field(default_factory=list)
    hangs: list = field(default_factory=list)
    controls: list = field(default_factory=list)
    differs: int = 0
    changed: list = field(default_factory=list)
    slowest: list = field(default_factory=list)  # (ms per KB, i, how)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.hangs or self.controls)

    def summary(self) -> str:
        n = max(self.inputs, 1)
        slow = ", ".join(f"{ms:.2f} ms/KB (#{i} {how})" for ms, i, how in self.slowest[:3])
        return (f"{self.inputs} inputs in {self.seconds:.0f} s: {len(self.errors)} exceptions, "
                f"{len(self.hangs)} hangs, {len(self.controls)} with control characters, "
                f"{self.refused} refused (InputError); second cleaning differs on {self.differs} "
                f"({self.differs / n:.1%}), by more than {IDEMPOTENCE_SHARE:.0%} of words on "
                f"{len(self.changed)} ({len(self.changed) / n:.1%}); slowest: {slow or '-'}")


def run(*, seconds: float, seed: int, jobs: int = 2, corpora: list[str] = (), timeout: float = 10.0,
        timeout_per_mb: float = 5.0, out_dir: str | None = None, max_inputs: int | None = None,
        progress=None) -> Report:
    """Fuzz for ``seconds`` (or ``max_inputs`` inputs) with ``jobs`` child processes."""
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    pages = seed_pages(corpora)
    report = Report()
    started = time.monotonic()
    next_i = 0
    workers: list[list] = []  # [process, conn, input index, deadline, seconds allowed]

    def spawn():
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, seed, list(corpora)), daemon=True)
        proc.start()
        child.close()
        return [proc, parent, None, 0.0, 0.0]

    def more() -> bool:
        return (time.monotonic() - started < seconds) and (max_inputs is None or next_i < max_inputs)

    def give(w) -> None:
        nonlocal next_i
        data, _ = make_input(seed, next_i, pages)
        w[1].send(next_i)
        w[2] = next_i
        w[4] = timeout + timeout_per_mb * len(data) / 1e6
        w[3] = time.monotonic() + w[4]
        next_i += 1

    def save(i: int, how: str, what: str) -> None:
        if out_dir is None:
            return
        os.makedirs(out_dir, exist_ok=True)
        data, _ = make_input(seed, i, pages)
        base = os.path.join(out_dir, f"{seed}-{i}")
        Path(base + ".input").write_bytes(data)
        Path(base + ".txt").write_text(f"replay: python fuzz/harness.py --replay {seed}:{i}\nmade: {how}\n\n{what}\n")

    for _ in range(max(1, jobs)):
        w = spawn()
        workers.append(w)
        if more():
            give(w)
    try:
        while any(w[2] is not None for w in workers):
            for w in workers:
                if w[2] is None:
                    continue
                if w[1].poll(0.05):
                    try:
                        i, how, res = w[1].recv()
                    except EOFError:  # the child died (a crash in C code)
                        i, how = w[2], make_input(seed, w[2], pages)[1]
                        report.errors.append((i, how, "the child process died"))
                        save(i, how, "the child process died")
                        w[0].join()
                        w[:] = spawn()
                        report.inputs += 1
                        if more():
                            give(w)
                        continue
                    report.inputs += 1
                    if res.refused:
                        report.refused += 1
                    if res.error:
                        report.errors.append((i, how, res.error))
                        save(i, how, res.error)
                    if res.control:
                        report.controls.append((i, how, res.control))
                        save(i, how, res.control)
                    report.differs += res.differs
                    if res.changed:
                        report.changed.append((i, how, res.words))
                    if res.size >= 1024:
                        report.slowest.append((1000 * res.seconds / (res.size / 1024), i, how))
                        report.slowest = sorted(report.slowest, reverse=True)[:10]
                    w[2] = None
                    if progress and report.inputs % 100 == 0:
                        progress(report)
                    if more():
                        give(w)
                elif time.monotonic() > w[3]:
                    i = w[2]
                    how = make_input(seed, i, pages)[1]
                    report.hangs.append((i, how, f"no answer in {w[4]:.0f} s"))
                    save(i, how, "hang: killed after the timeout")
                    w[0].kill()
                    w[0].join()
                    w[:] = spawn()
                    report.inputs += 1
                    if more():
                        give(w)
    finally:
        for w in workers:
            try:
                w[1].send(None)
            except (OSError, BrokenPipeError):
                pass
            w[0].join(1)
            if w[0].is_alive():
                w[0].kill()
    report.seconds = time.monotonic() - started
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("::")[1].split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=1.0, help="how long to fuzz (default 1)")
    ap.add_argument("--inputs", type=int, default=None, help="stop after this many inputs")
    ap.add_argument("--seed", type=int, default=None, help="run seed (default: from the clock)")
    ap.add_argument("--jobs", type=int, default=2, help="child processes (default 2)")
    ap.add_argument("--corpus", action="append", default=[], help="a folder of more pages to mutate")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds an input may take (plus --timeout-per-mb)")
    ap.add_argument("--timeout-per-mb", type=float, default=5.0)
    ap.add_argument("--out", default="fuzz-failures", help="where failing inputs are saved")
    ap.add_argument("--replay", metavar="SEED:I", help="check one input again, in this process")
    ap.add_argument("--save", metavar="FILE", help="with --replay: write the input to FILE")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.replay:
        seed, i = map(int, args.replay.split(":"))
        data, how = make_input(seed, i, seed_pages(args.corpus))
        if args.save:
            Path(args.save).write_bytes(data)
        res = check(data)
        print(f"#{i} ({how}), {len(data)} bytes, {res.seconds:.2f} s")
        print(res.error or res.refused or res.control or f"second cleaning: differs={res.differs} words={res.words}")
        return 1 if res.error or res.control else 0
    seed = args.seed if args.seed is not None else int(time.time()) % 100_000
    print(f"seed {seed}, {args.jobs} jobs, {args.minutes} min", flush=True)
    report = run(seconds=args.minutes * 60, seed=seed, jobs=args.jobs, corpora=args.corpus, timeout=args.timeout,
                 timeout_per_mb=args.timeout_per_mb, out_dir=args.out, max_inputs=args.inputs,
                 progress=lambda r: print(f"  {r.inputs} inputs, {len(r.errors)} exceptions, {len(r.hangs)} hangs",
                                          flush=True))
    for kind, items in (("exception", report.errors), ("hang", report.hangs), ("control", report.controls)):
        for i, how, what in items[:20]:
            print(f"{kind}: #{i} ({how}): {what.strip().splitlines()[-1]}")
    for i, how, words in report.changed[:20]:
        print(f"changed: #{i} ({how}): {words[0]} -> {words[1]} words")
    print(report.summary())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
