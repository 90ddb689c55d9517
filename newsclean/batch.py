"""Batch runs over crawl dumps: many inputs, a pool of workers, sharded JSONL output
that survives being killed and rerun.

What a run leaves in OUTDIR::

    part-000001.jsonl[.gz]  documents in input order; a shard is whole or absent
                            (part-000001.parquet with format="parquet")
    manifest.sqlite         what is done: per input the records finished, the shards,
                            the errors and the label counts of each shard
    errors.jsonl            every record that failed (source, offset, reason)
    report.json             the totals of everything in OUTDIR, and of this run
    templates.json          with --learn-templates: the profile learnt by the first run
    .lock                   held (flock; filelock's lock on Windows) while a run writes

How it stays correct when killed: the main process reads the inputs in order and sends
chunks of records to the workers; results come back in order and go into the current
shard, a temp file. A shard closes after ``shard_size`` documents or records: the temp
file is fsynced and renamed, *then* one SQLite transaction records the shard, its
errors and how far each input got. A rerun deletes temp files and shards the manifest
does not know, skips inputs already done and the records already finished of a partial
one. Where shards close depends only on the input, so a resumed run writes exactly
what an uninterrupted one would, whatever ``jobs`` is.
"""
from __future__ import annotations

import dataclasses
import fnmatch
import gzip
import hashlib
import json
import logging
import os
import re
import signal
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .errors import ConfigError, InputError, NewscleanError
from .model import Document, Role
from .pipeline import Config, Pipeline
from .readers import MAX_PAGE_BYTES, Fields, Record, display_name, iter_records, page_from_record
from .trace import count_labels
from .writers import jsonl_line

if TYPE_CHECKING:
    from concurrent.futures import Future

log = logging.getLogger(__name__)

# sqlite3 and concurrent.futures are imported where a run needs them: `newsclean clean`
# imports this module for clean_record only, and every run of it paid for them.

#: Roles whose blocks are not in any document's text or fields: "removed" in reports.
REMOVED_ROLES = frozenset({Role.CHROME.value, Role.DUPLICATE.value, Role.CREDIT.value})
MANIFEST = "manifest.sqlite"
LOCK = ".lock"
ERRORS = "errors.jsonl"
REPORT = "report.json"
TEMPLATES = "templates.json"
SHARD_PREFIX = "part-"
SHARD_RE = re.compile(r"^part-\d{6}\.(?:jsonl(\.gz)?|parquet)$")
TEMP_RE = re.compile(r"^\.(part-\d{6}\.(?:jsonl(\.gz)?|parquet)|errors\.jsonl|report\.json|templates\.json)\.tmp$")
#: Files a batch run itself keeps in OUTDIR besides the shards.
OWN_FILES = frozenset({LOCK, f"{MANIFEST}-wal", f"{MANIFEST}-shm", f"{MANIFEST}-journal", "templates.json"})
#: Raised by the manifest schema when OUTDIR was made by an incompatible version.
SCHEMA_VERSION = "1"
#: Exit status of `newsclean batch` when another run holds OUTDIR's lock.
EXIT_LOCKED = 3


class BatchLocked(NewscleanError):
    """Another run holds OUTDIR's lock."""


class BatchMismatch(NewscleanError):
    """OUTDIR holds output made with other options."""


class OutdirError(NewscleanError):
    """OUTDIR cannot be written (read-only, a full disk, a damaged manifest). What was
    committed before stays; the next run tidies what this one left half-done."""


@dataclass(frozen=True)
class BatchOptions:
    """How a batch run works (the cleaning itself is the pipeline's :class:`Config`)."""

    jobs: int = 1
    compress: str | None = None  # None or "gz"
    #: "jsonl", or "parquet": shards in the Arrow schema of newsclean.schema (pyarrow).
    format: str = "jsonl"
    glob: str = "*"
    fields: Fields = Fields()
    #: A shard closes after this many documents, or this many records read.
    shard_size: int = 10_000
    #: Records per task sent to a worker, and the byte cap of one task.
    chunk_records: int = 32
    chunk_bytes: int = 4 << 20
    #: Learn site templates from the inputs in a first pass (kept in OUTDIR/templates.json
    #: and reused by later runs on the same OUTDIR).
    learn_templates: bool = False
    #: Seconds one record may take before it is given up as an error (0: no limit). A
    #: page takes milliseconds; this stops one pathological page from stalling a worker.
    #: It holds for code stuck in C too (the worker is killed, KILL_GRACE later), so
    #: with a limit even ``jobs=1`` cleans in a worker process.
    timeout: float = 60.0
    #: The most bytes of one page (0: no cap): see readers.iter_records.
    max_page: int = MAX_PAGE_BYTES


# --------------------------------------------------------------------------- one record

@dataclass(slots=True)
class Outcome:
    """What cleaning one record gave: documents, or why not."""

    index: int
    source: str
    offset: int | None
    raw_pos: int = 0
    docs: list[Document] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the documents as JSONL (batch)
    counts: Counter = field(default_factory=Counter)  # (role, stage:rule) → blocks
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    skip: str | None = None
    incomplete: bool = False  # see Record.incomplete
    seconds: float = 0.0  # spent reading and cleaning the record's pages


def clean_record(pipeline: Pipeline, record: Record, *, url: str | None = None,
                 counts: bool = False) -> Outcome:
    """Clean one record into its documents. Never raises for bad input: a record that
    cannot be read or cleaned comes back with ``error`` set."""
    out = Outcome(record.index, record.source, record.offset, record.raw_pos,
                  error=record.error, skip=record.skip, incomplete=record.incomplete)
    if record.error or record.skip:
        return out
    started = time.perf_counter()
    try:
        pages, out.warnings = page_from_record(record)
        for page in pages:
            page.url = url or page.url
            out.docs += pipeline.run(page)
            if counts:
                count_labels(page, out.counts)
    except NewscleanError as exc:
        # The message names the record as readers do ("<stdin>" for "-"); callers add
        # the name again, so it goes.
        message = str(exc).removeprefix(f"{record.source}: ").removeprefix(f"{display_name(record.source)}: ")
        out.error, out.docs = message, []
    except RecursionError:  # absurdly deep markup: one bad page, not a crashed run
        out.error, out.docs = "page too deeply nested to clean", []
    except Exception as exc:  # a bug met by one page must not stop a run of millions
        out.error, out.docs = f"internal error: {type(exc).__name__}: {exc}", []
    out.seconds = time.perf_counter() - started
    return out


# --------------------------------------------------------------------------- workers

_PIPELINE: Pipeline | None = None
_TIMEOUT = 0.0


class RecordTimeout(BaseException):
    """Raised in a worker when a record takes longer than the timeout (a BaseException,
    so that clean_record's net for page bugs does not catch it)."""


def _clean_timed(pipeline: Pipeline, record: Record, timeout: float) -> Outcome:
    """clean_record with a time limit (SIGALRM; where there is none, no limit)."""
    if not timeout or not hasattr(signal, "setitimer"):
        return clean_record(pipeline, record, counts=True)

    def on_alarm(signum, frame):
        raise RecordTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return clean_record(pipeline, record, counts=True)
    except RecordTimeout:
        return Outcome(record.index, record.source, record.offset, record.raw_pos,
                       error=_timeout_reason(timeout))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _init_worker(config: Config, lock_fds: tuple[int, ...] = (), timeout: float = 0.0) -> None:
    global _PIPELINE, _TIMEOUT
    _TIMEOUT = timeout
    for fd in lock_fds:  # a forked worker must not keep OUTDIR locked after the run
        try:
            os.close(fd)
        except OSError:
            pass
    _PIPELINE = Pipeline(config)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _die_with_parent()


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies (a killed run leaves no
    orphans cleaning on). Elsewhere workers notice the closed pipe instead."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serialised(out: Outcome) -> Outcome:
    out.lines = [jsonl_line(d) for d in out.docs]
    out.docs = []
    return out


def _timeout_reason(timeout: float) -> str:
    return f"took longer than {timeout:g} s to clean; skipped (see --timeout)"


class _Inline:
    """A stand-in for the pool with ``jobs=1`` and no time limit: runs each task when
    it is submitted, in this process."""

    def __init__(self, config: Config) -> None:
        self.pipeline = Pipeline(config)

    def submit(self, records: list[Record]) -> Future:
        from concurrent.futures import Future

        fut: Future = Future()
        fut.set_result([_serialised(clean_record(self.pipeline, r, counts=True)) for r in records])
        return fut

    def shutdown(self, wait: bool = True) -> None:
        pass


#: Seconds a worker gets beyond --timeout before the main process kills it. The worker's
#: own alarm ends a record stuck in Python at the timeout; one stuck in C code (a parser
#: on 200k nested divs) never sees that alarm, and is killed at timeout + grace.
KILL_GRACE = 1.0


def _worker_main(conn, config: Config, close_fds: tuple[int, ...], timeout: float) -> None:
    """A worker: receive lists of records, send back one outcome per record, in order,
    as each is done (so that the main process knows which record a worker is on)."""
    _init_worker(config, close_fds, timeout)
    assert _PIPELINE is not None
    while True:
        try:
            records = conn.recv()
        except (EOFError, OSError):
            return
        if records is None:
            return
        for record in records:
            conn.send(_serialised(_clean_timed(_PIPELINE, record, _TIMEOUT)))


class _Task:
    """A chunk of records for the pool; its outcomes arrive one by one."""

    def __init__(self, pool: "_Workers", records: list[Record]) -> None:
        self.pool, self.records = pool, records
        self.outcomes: list[Outcome] = []

    @property
    def done(self) -> bool:
        return len(self.outcomes) == len(self.records)

    def result(self) -> list[Outcome]:
        self.pool.wait_for(self)
        return self.outcomes


@dataclass
class _Worker:
    process: object
    conn: object
    task: _Task | None = None
    since: float = 0.0  # when its current record started (at the latest)


class _Workers:
    """Worker processes, each cleaning one record at a time, watched by the main
    process: a worker that stays on one record past the timeout (stuck in C code,
    where its own alarm cannot reach) is killed and replaced, and so is one that dies
    (a crash in a parser, the OOM killer); that record becomes an error and the rest
    of its chunk goes to the new worker. No record is lost or cleaned twice, and the
    outcomes of a chunk come back in order."""

    def __init__(self, jobs: int, config: Config, timeout: float = 0.0) -> None:
        import multiprocessing

        # fork where there is one (Linux): workers are the main process's children, so
        # _die_with_parent ends them the moment a run is killed. (forkserver workers are
        # the server's children, and the server outlives a SIGKILLed parent.)
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.context = multiprocessing.get_context(method)
        self.config, self.timeout = config, timeout
        self.limit = timeout + KILL_GRACE if timeout else None
        self.queue: deque[_Task] = deque()
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe()
        # The new worker must not hold the other workers' pipes (their death would not
        # show as the end of the pipe) nor OUTDIR's lock.
        close = tuple(w.conn.fileno() for w in self.workers if not w.conn.closed) + _Lock.held
        process = self.context.Process(target=_worker_main, args=(theirs, self.config, close, self.timeout),
                                       daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def submit(self, records: list[Record]) -> _Task:
        task = _Task(self, records)
        self.queue.append(task)
        self._dispatch()
        return task

    def _dispatch(self) -> None:
        for w in self.workers:
            if w.task is None and self.queue:
                w.task = self.queue.popleft()
                w.since = time.monotonic()
                try:
                    w.conn.send(w.task.records[len(w.task.outcomes):])
                except OSError:  # it died meanwhile: seen as dead by wait_for
                    pass

    def wait_for(self, task: _Task) -> None:
        """Run the pool until ``task`` is done."""
        from multiprocessing.connection import wait

        while not task.done:
            self._dispatch()
            busy = [w for w in self.workers if w.task is not None]
            timeout = None
            if self.limit is not None:
                timeout = max(0.0, min(w.since for w in busy) + self.limit - time.monotonic())
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
            for w in busy:
                if w.conn in ready or w.process.sentinel in ready:
                    self._receive(w)
            now = time.monotonic()
            for w in busy:
                if w.task is not None and self.limit is not None and now - w.since > self.limit:
                    self._replace(w, _timeout_reason(self.timeout))

    def _receive(self, w: _Worker) -> None:
        """Take what a worker has sent; if it died, its record is an error."""
        try:
            while w.task is not None and w.conn.poll():
                w.task.outcomes.append(w.conn.recv())
                w.since = time.monotonic()  # the next record starts (it may have already)
                if w.task.done:
                    w.task = None
        except (EOFError, OSError):
            pass
        if w.task is not None and not w.process.is_alive():
            self._replace(w, "the worker process died while cleaning this record")

    def _replace(self, w: _Worker, reason: str) -> None:
        task = w.task
        assert task is not None
        rec = task.records[len(task.outcomes)]
        task.outcomes.append(Outcome(rec.index, rec.source, rec.offset, rec.raw_pos, error=reason))
        self._kill(w)
        self.workers[self.workers.index(w)] = self._start()
        if not task.done:
            self.queue.appendleft(task)  # the rest of the chunk, before any later one

    @staticmethod
    def _kill(w: _Worker) -> None:
        if w.process.is_alive():
            w.process.kill()
        w.process.join()
        w.conn.close()

    def shutdown(self, wait: bool = True) -> None:
        """Stop the workers: let them finish (``wait``), or kill them at once."""
        for w in self.workers:
            if wait and w.process.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self.workers:
            if wait:
                w.process.join()
            self._kill(w)
        self.workers = []


def _pool(jobs: int, config: Config, timeout: float = 0.0):
    """The workers. With ``jobs=1`` and no time limit, records are cleaned in this
    process; a time limit needs a worker process even then, as code stuck in C can
    only be stopped by killing the process it runs in."""
    if jobs <= 1 and not timeout:
        return _Inline(config)
    return _Workers(jobs, config, timeout)


# --------------------------------------------------------------------------- inputs

def expand_inputs(paths: list[str], glob: str = "*", exclude: str | None = None) -> list[str]:
    """Files to read, in a stable order: files as given, directories walked
    recursively (sorted; hidden entries and ``exclude`` skipped; files matching
    ``glob``), each file once however it is named. Paths that do not exist are kept:
    reading them reports the error."""
    out: list[str] = []
    skip_dir = os.path.realpath(exclude) if exclude else None
    for path in paths:
        if not os.path.isdir(path):
            out.append(path)
            continue
        found = []
        for root, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")
                       and os.path.realpath(os.path.join(root, d)) != skip_dir]
            found += [os.path.join(root, f) for f in files
                      if not f.startswith(".") and fnmatch.fnmatch(f, glob)]
        # Sorted by path components: "2024/01/a" before "b", whatever the file system says.
        out += sorted(found, key=lambda p: os.path.relpath(p, path).split(os.sep))
    # One file named twice ("crawl/" and "./crawl/a.gz") is one input.
    seen: set[str] = set()
    return [p for p in out if not (os.path.realpath(p) in seen or seen.add(os.path.realpath(p)))]


@dataclass
class _Input:
    no: int
    path: str
    size: int
    records_done: int
    # This run's numbers for the input (for the line logged when it is done):
    records: int = 0
    documents: int = 0
    seconds: float = 0.0  # spent cleaning its records, in whichever worker


@dataclass
class _Chunk:
    input: _Input
    records: list[Record]
    future: Future | _Task | None = None


@dataclass
class _End:
    input: _Input


@dataclass
class _Failed:
    input: _Input
    reason: str


# --------------------------------------------------------------------------- manifest

class Manifest:
    """The SQLite record of what OUTDIR holds; every change is one transaction."""

    def __init__(self, path: str) -> None:
        import sqlite3

        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS inputs (
                no INTEGER PRIMARY KEY, path TEXT UNIQUE, size INTEGER, mtime_ns INTEGER,
                records_done INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS shards (
                seq INTEGER PRIMARY KEY, name TEXT, records INTEGER, documents INTEGER,
                bytes INTEGER, counts TEXT);
            CREATE TABLE IF NOT EXISTS errors (
                input_no INTEGER, record INTEGER, source TEXT, offset INTEGER, reason TEXT);
        """)

    def close(self) -> None:
        self.db.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def input(self, path: str, size: int, mtime_ns: int) -> tuple[_Input, bool, bool]:
        """The input's row (made if new), whether it is done, whether it changed since."""
        key = os.path.abspath(path)
        row = self.db.execute("SELECT no, size, mtime_ns, records_done, done FROM inputs WHERE path=?",
                              (key,)).fetchone()
        if row is None:
            cur = self.db.execute("INSERT INTO inputs (path, size, mtime_ns) VALUES (?, ?, ?)",
                                  (key, size, mtime_ns))
            return _Input(cur.lastrowid, path, size, 0), False, False
        no, old_size, old_mtime, records_done, done = row
        changed = (old_size, old_mtime) != (size, mtime_ns) and (records_done or done)
        return _Input(no, path, size, records_done), bool(done), bool(changed)

    def shard_names(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT name FROM shards WHERE name IS NOT NULL")}

    def next_seq(self) -> int:
        return (self.db.execute("SELECT MAX(seq) FROM shards").fetchone()[0] or 0) + 1

    def record_input_error(self, inp: _Input, reason: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM errors WHERE input_no=? AND record IS NULL", (inp.no,))
            self.db.execute("INSERT INTO errors VALUES (?, NULL, ?, NULL, ?)", (inp.no, inp.path, reason))

    def commit_shard(self, seq: int, name: str | None, records: int, documents: int, size: int,
                     counts: dict, errors: list[tuple], progress: dict[int, tuple[int, bool]],
                     first: dict[int, int]) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for no, index in first.items():  # an earlier run's errors for records read again
                self.db.execute("DELETE FROM errors WHERE input_no=? AND record>=?", (no, index))
            self.db.execute("INSERT INTO shards VALUES (?, ?, ?, ?, ?, ?)",
                            (seq, name, records, documents, size, json.dumps(counts, sort_keys=True)))
            self.db.executemany("INSERT INTO errors VALUES (?, ?, ?, ?, ?)", errors)
            for no, (records_done, done) in progress.items():
                if done:
                    self.db.execute("DELETE FROM errors WHERE input_no=? AND record IS NULL", (no,))
                self.db.execute("UPDATE inputs SET records_done=?, done=? WHERE no=?",
                                (records_done, int(done), no))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def totals(self) -> dict:
        """Everything OUTDIR holds, summed over its shards."""
        records = documents = size = shards = 0
        counts: dict[str, Counter] = {"skipped": Counter(), "labels": Counter()}
        pages = 0
        for name, r, d, b, c in self.db.execute("SELECT name, records, documents, bytes, counts FROM shards"):
            records, documents, size = records + r, documents + d, size + b
            shards += name is not None
            c = json.loads(c)
            pages += c.get("pages", 0)
            counts["skipped"].update(c.get("skipped", {}))
            counts["labels"].update(c.get("labels", {}))
        errors = self.db.execute("SELECT COUNT(*) FROM errors").fetchone()[0]
        inputs_done = self.db.execute("SELECT COUNT(*) FROM inputs WHERE done=1").fetchone()[0]
        return {"records": records, "pages": pages, "documents": documents, "shards": shards,
                "bytes_out": size, "errors": errors, "inputs_done": inputs_done,
                "skipped": dict(sorted(counts["skipped"].items())),
                "removed_by_stage": _removed_by_stage(counts["labels"]),
                "labels": dict(sorted(counts["labels"].items()))}

    def errors(self) -> Iterator[dict]:
        rows = self.db.execute("SELECT e.input_no, e.record, e.source, e.offset, e.reason, i.path "
                               "FROM errors e JOIN inputs i ON i.no = e.input_no "
                               "ORDER BY e.input_no, e.record IS NOT NULL, e.record")
        for _, record, source, offset, reason, path in rows:
            yield {"input": path, "source": source, "record": record, "offset": offset, "reason": reason}


def _removed_by_stage(labels: Counter) -> dict[str, int]:
    out: Counter = Counter()
    for key, n in labels.items():
        role, _, reason = key.partition("|")
        if role in REMOVED_ROLES:
            out[reason.split(":", 1)[0]] += n
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------- shards

class _ShardWriter:
    """The open shard: documents go to a temp file until it is sealed."""

    def __init__(self, outdir: str, manifest: Manifest, options: BatchOptions) -> None:
        self.outdir, self.manifest, self.options = outdir, manifest, options
        self.seq = manifest.next_seq()
        self._reset()

    def _reset(self) -> None:
        self.fh = None
        self.raw = None
        self.parquet = None
        self.records = self.documents = self.bytes = 0
        self.counts: dict = {"pages": 0, "skipped": Counter(), "labels": Counter()}
        self.errors: list[tuple] = []
        self.progress: dict[int, tuple[int, bool]] = {}
        self.first: dict[int, int] = {}  # input → its first record in this shard
        self.incomplete: set[int] = set()  # inputs that stop early: read on next run

    @property
    def name(self) -> str:
        ext = ".jsonl.gz" if self.options.compress == "gz" else ".jsonl"
        if self.options.format == "parquet":
            ext = ".parquet"
        return f"{SHARD_PREFIX}{self.seq:06d}{ext}"

    def _open(self) -> None:
        self.tmp = os.path.join(self.outdir, f".{self.name}.tmp")
        self.raw = open(self.tmp, "wb")
        if self.options.format == "parquet":
            from .writers.parquet import ParquetShard

            self.parquet = ParquetShard(self.raw)
        # mtime 0 and no file name in the header: same documents, same bytes.
        self.fh = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0) \
            if self.options.compress == "gz" else self.raw

    def add(self, inp: _Input, out: Outcome) -> None:
        self.first.setdefault(inp.no, out.index)
        if out.incomplete:
            # The input stops here (a last line cut off, compression ending early): it
            # may still be being written, so this is no error and not done. The input
            # is not marked done and the next run reads on from this record.
            self.incomplete.add(inp.no)
            self.progress[inp.no] = (out.index, False)
            return
        self.records += 1
        if out.error:
            self.errors.append((inp.no, out.index, out.source, out.offset, out.error))
        elif out.skip:
            self.counts["skipped"][out.skip] += 1
        else:
            self.counts["pages"] += 1
        for key, n in out.counts.items():
            self.counts["labels"][f"{key[0]}|{key[1]}"] += n
        if out.lines:
            if self.fh is None:
                self._open()
            data = "".join(line + "\n" for line in out.lines).encode("utf-8")
            if self.parquet is not None:
                for line in out.lines:
                    self.parquet.add(line)
            else:
                self.fh.write(data)
            self.bytes += len(data)
            self.documents += len(out.lines)
        self.progress[inp.no] = (out.index + 1, False)
        if self.documents >= self.options.shard_size or self.records >= self.options.shard_size:
            self.seal()

    def input_done(self, inp: _Input) -> None:
        records_done = self.progress.get(inp.no, (inp.records_done, False))[0]
        self.progress[inp.no] = (records_done, inp.no not in self.incomplete)

    def seal(self) -> None:
        """Make the shard durable and visible, then record it: rename before commit, so
        a crash in between leaves a file the next run deletes and rewrites."""
        if not self.records and not self.progress:
            return
        name = None
        if self.fh is not None:
            if self.parquet is not None:
                self.parquet.close()
            if self.fh is not self.raw:
                self.fh.close()
            self.raw.flush()
            os.fsync(self.raw.fileno())
            self.raw.close()
            name = self.name
            os.replace(self.tmp, os.path.join(self.outdir, name))
            _fsync_dir(self.outdir)
        counts = {"pages": self.counts["pages"], "skipped": dict(self.counts["skipped"]),
                  "labels": dict(self.counts["labels"])}
        self.manifest.commit_shard(self.seq, name, self.records, self.documents, self.bytes,
                                   counts, self.errors, self.progress, self.first)
        self.seq += 1
        self._reset()

    def abandon(self) -> None:
        if self.parquet is not None:
            try:  # (its footer goes into the temp file, deleted next)
                self.parquet.close()
            except Exception:
                pass
        if self.raw is not None:
            self.raw.close()
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)
        self._reset()


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomic(path: str, text: str) -> None:
    tmp = f"{os.path.dirname(path)}/.{os.path.basename(path)}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:  # a full disk: leave no half file behind
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- the run

class _Lock:
    """An exclusive, non-blocking lock on OUTDIR/.lock, released when the process dies.

    An flock (fcntl) where there is one, holding this process's id in the file for
    the message a second run gives. Where there is none (Windows), filelock's lock
    (msvcrt there; a dependency on Windows only), without the id: the locked file
    cannot be read while it is held. A system with neither gets a message saying
    so, not an ImportError."""

    #: File descriptors of the locks this process holds (forked workers close them).
    held: tuple[int, ...] = ()

    def __init__(self, outdir: str) -> None:
        self.path = os.path.join(outdir, LOCK)
        self.portable: Any = None  # the filelock.FileLock, where there is no fcntl

    def __enter__(self) -> "_Lock":
        try:
            import fcntl
        except ImportError:
            return self._enter_portable()
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.seek(0)
            holder = self.fh.read().strip() or "?"
            self.fh.close()
            raise self._locked(f"pid {holder}") from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(f"{os.getpid()}\n")
        self.fh.flush()
        _Lock.held += (self.fh.fileno(),)
        return self

    def _enter_portable(self) -> "_Lock":
        try:
            from filelock import FileLock, Timeout
        except ImportError:
            raise OutdirError(f"{self.path}: cannot lock OUTDIR: this system has no fcntl, and the filelock "
                              f"package is not installed (pip install filelock)") from None
        lock = FileLock(self.path, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise self._locked("its pid is not readable here") from None
        self.portable = lock
        return self

    def _locked(self, holder: str) -> BatchLocked:
        return BatchLocked(f"{os.path.dirname(self.path) or '.'} is being written by another "
                           f"newsclean batch ({holder}); not starting a second one")

    def __exit__(self, *exc) -> None:
        if self.portable is not None:
            self.portable.release()
            return
        _Lock.held = tuple(fd for fd in _Lock.held if fd != self.fh.fileno())
        self.fh.close()


@dataclass
class RunStats:
    """This run's numbers (the report adds OUTDIR's totals)."""

    inputs: int = 0
    inputs_skipped: int = 0  # done by an earlier run
    records: int = 0
    pages: int = 0
    documents: int = 0
    errors: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason → records
    labels: Counter = field(default_factory=Counter)  # "role|stage:rule" → blocks
    bytes_in: int = 0
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)  # inputs changed since an earlier run read them
    #: Inputs that end early (cut off, maybe still being written): read on by the next run.
    incomplete: list[str] = field(default_factory=list)


def fingerprint(config: Config, options: BatchOptions) -> str:
    """What must not change between runs writing one OUTDIR (ids, text, layout)."""

    def canon(x):
        if dataclasses.is_dataclass(x):
            return {f.name: canon(getattr(x, f.name)) for f in dataclasses.fields(x)}
        if isinstance(x, (set, frozenset)):
            return sorted(canon(v) for v in x)
        if isinstance(x, (list, tuple)):
            return [canon(v) for v in x]
        return x

    data = {"config": canon(config), "compress": options.compress, "fields": canon(options.fields),
            "shard_size": options.shard_size}
    if options.format != "jsonl":  # (absent for jsonl: OUTDIRs of earlier versions still match)
        data["format"] = options.format
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


class Batch:
    """One run of ``newsclean batch``: see the module docstring."""

    def __init__(self, inputs: list[str], outdir: str, config: Config | None = None,
                 options: BatchOptions = BatchOptions(),
                 on_progress: Callable[[RunStats, int, int], None] | None = None,
                 warn: Callable[[str], None] | None = None) -> None:
        self.inputs, self.outdir = inputs, outdir
        self.config, self.options = config or Config(), options
        self.on_progress = on_progress
        self.warn = warn or (lambda message: None)
        self.stats = RunStats()
        self.total_bytes = 0
        self._bytes_before = 0  # input bytes of the inputs finished in this run

    def run(self) -> dict:
        """Run, write errors.jsonl and report.json, and return the report.

        Raises :class:`OutdirError` (naming the file) when OUTDIR cannot be written."""
        import sqlite3

        try:
            return self._run()
        except sqlite3.Error as exc:
            raise OutdirError(f"{os.path.join(self.outdir, MANIFEST)}: cannot write ({exc})") from None
        except OSError as exc:
            where = exc.filename or self.outdir
            raise OutdirError(f"{where}: cannot write ({exc.strerror or exc})") from None

    def _run(self) -> dict:
        started = time.monotonic()
        if self.options.format not in ("jsonl", "parquet"):
            raise ConfigError(f"unknown shard format {self.options.format!r}: jsonl or parquet")
        if self.options.format == "parquet":
            from .schema import check_pyarrow

            if self.options.compress:
                raise ConfigError("Parquet shards compress their columns themselves (zstd); "
                                  "--compress is for jsonl shards")
            # Before anything is written, MissingExtra names the extra; pyarrow itself is
            # imported when the first shard opens, after the workers are forked.
            check_pyarrow()
        os.makedirs(self.outdir, exist_ok=True)
        foreign = [n for n in os.listdir(self.outdir) if n not in OWN_FILES]
        if foreign and not os.path.exists(os.path.join(self.outdir, MANIFEST)):
            raise BatchMismatch(f"{self.outdir} is not empty and was not written by newsclean batch "
                                f"(it holds {foreign[0]!r}…); give a new or empty output folder")
        with _Lock(self.outdir):
            manifest = Manifest(os.path.join(self.outdir, MANIFEST))
            try:
                if self.options.learn_templates:
                    self._templates()
                self._check(manifest)
                self._tidy(manifest)
                todo = self._plan(manifest)
                self.total_bytes = sum(i.size for i in todo)
                writer = _ShardWriter(self.outdir, manifest, self.options)
                try:
                    self._clean(todo, manifest, writer)
                    writer.seal()
                except BaseException:
                    writer.abandon()
                    raise
                self.stats.seconds = time.monotonic() - started
                report = self._report(manifest)
            finally:
                manifest.close()
        return report

    def _check(self, manifest: Manifest) -> None:
        mine = fingerprint(self.config, self.options)
        version, theirs = manifest.meta("schema"), manifest.meta("fingerprint")
        if version not in (None, SCHEMA_VERSION):
            raise BatchMismatch(f"{self.outdir} was written by another newsclean version "
                                f"(manifest schema {version}); use a new output folder")
        if theirs not in (None, mine):
            raise BatchMismatch(f"{self.outdir} holds output made with other options (cleaning "
                                f"settings, fields, --compress or --shard-size); rerun with the same "
                                f"ones, or use a new output folder")
        manifest.set_meta("schema", SCHEMA_VERSION)
        manifest.set_meta("fingerprint", mine)

    def _templates(self) -> None:
        """First pass: learn site templates from the inputs, or reuse the profile an
        earlier run on this OUTDIR learnt (so a resumed run cleans the same way)."""
        from .templates import Profile, learn

        path = os.path.join(self.outdir, TEMPLATES)
        if os.path.exists(path):
            profile = Profile.load(path)
        else:
            paths = expand_inputs(self.inputs, self.options.glob, exclude=self.outdir)
            profile = learn(paths, fields=self.options.fields, max_page=self.options.max_page)
            _write_atomic(path, profile.to_json())
        self.config = dataclasses.replace(self.config, templates=profile)

    def _tidy(self, manifest: Manifest) -> None:
        """Delete what a killed run left: temp files, and shards it renamed but did not
        get to record (the rerun writes them again). Only names batch itself writes."""
        known = manifest.shard_names()
        for name in os.listdir(self.outdir):
            stale = (TEMP_RE.match(name) is not None) or \
                    (SHARD_RE.match(name) is not None and name not in known)
            if stale:
                os.unlink(os.path.join(self.outdir, name))

    def _plan(self, manifest: Manifest) -> list[_Input]:
        todo = []
        paths = expand_inputs(self.inputs, self.options.glob, exclude=self.outdir)
        self.stats.inputs = len(paths)
        with manifest.db:
            for path in paths:
                try:
                    st = os.stat(path)
                    size, mtime = st.st_size, st.st_mtime_ns
                except OSError:
                    size = mtime = -1
                inp, done, changed = manifest.input(path, size, mtime)
                if changed:
                    self.stats.changed.append(path)
                if done:
                    self.stats.inputs_skipped += 1
                    if changed:
                        self.warn(f"{path}: changed since an earlier run cleaned it; not cleaned "
                                  f"again (use a new output folder to redo it)")
                    continue
                if changed:
                    self.warn(f"{path}: changed since an earlier run started on it; going on "
                              f"after its first {inp.records_done} records")
                todo.append(inp)
        return todo

    def _items(self, todo: list[_Input]) -> Iterator[_Chunk | _End | _Failed]:
        opts = self.options
        for inp in todo:
            chunk: list[Record] = []
            size = 0
            try:
                for rec in iter_records(inp.path, fields=opts.fields, max_page=opts.max_page):
                    if rec.index < inp.records_done:
                        continue  # finished by an earlier run
                    chunk.append(rec)
                    size += len(rec.content or "")
                    if len(chunk) >= opts.chunk_records or size >= opts.chunk_bytes:
                        yield _Chunk(inp, chunk)
                        chunk, size = [], 0
            except Exception as exc:  # InputError, or a reader bug: this input fails, the run goes on
                if chunk:
                    yield _Chunk(inp, chunk)
                reason = str(exc).removeprefix(f"{inp.path}: ") if isinstance(exc, InputError) \
                    else f"internal error while reading: {type(exc).__name__}: {exc}"
                yield _Failed(inp, reason)
                continue
            if chunk:
                yield _Chunk(inp, chunk)
            yield _End(inp)

    def _clean(self, todo: list[_Input], manifest: Manifest, writer: _ShardWriter) -> None:
        jobs = max(1, self.options.jobs)
        self.pool = _pool(jobs, self.config, self.options.timeout)
        pending: deque = deque()
        try:
            for item in self._items(todo):
                if isinstance(item, _Chunk):
                    item.future = self.pool.submit(item.records)
                pending.append(item)
                while len(pending) > 2 * jobs:
                    self._finish(pending.popleft(), manifest, writer)
            while pending:
                self._finish(pending.popleft(), manifest, writer)
        except BaseException:
            self.pool.shutdown(wait=False)
            raise
        self.pool.shutdown()

    def _finish(self, item, manifest: Manifest, writer: _ShardWriter) -> None:
        if isinstance(item, _End):
            inp = item.input
            log.info("%s: %s record%s, %s document%s, %.3f s cleaning", inp.path,
                     f"{inp.records:,}", "" if inp.records == 1 else "s",
                     f"{inp.documents:,}", "" if inp.documents == 1 else "s", inp.seconds)
            writer.input_done(item.input)
            self.stats.bytes_in += max(item.input.size, 0)
            self._bytes_before += max(item.input.size, 0)
            if self.on_progress:
                self.on_progress(self.stats, self._bytes_before, self.total_bytes)
            return
        if isinstance(item, _Failed):
            manifest.record_input_error(item.input, item.reason)
            self.stats.errors += 1
            self.warn(f"{item.input.path}: {item.reason}")
            return
        for out in item.future.result():
            writer.add(item.input, out)
            s = self.stats
            if out.incomplete:
                s.incomplete.append(item.input.path)
                self.warn(f"{display_name(out.source)}: {out.error or 'ends early'}; not done: the next "
                          f"run reads on from here")
                continue
            s.records += 1
            s.documents += len(out.lines)
            item.input.records += 1
            item.input.documents += len(out.lines)
            item.input.seconds += out.seconds
            s.errors += out.error is not None
            if out.skip:
                s.skipped[out.skip] += 1
            for key, n in out.counts.items():
                s.labels[f"{key[0]}|{key[1]}"] += n
            s.pages += out.error is None and out.skip is None
            if self.on_progress:
                self.on_progress(s, self._bytes_before + out.raw_pos, self.total_bytes)

    def _report(self, manifest: Manifest) -> dict:
        errors = list(manifest.errors())
        _write_atomic(os.path.join(self.outdir, ERRORS),
                      "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
        s = self.stats
        report = {
            "outdir": os.path.abspath(self.outdir),
            "total": manifest.totals(),
            "run": {"inputs": s.inputs, "inputs_already_done": s.inputs_skipped,
                    "records": s.records, "pages": s.pages, "documents": s.documents,
                    "skipped": dict(sorted(s.skipped.items())), "errors": s.errors,
                    "removed_by_stage": _removed_by_stage(s.labels), "bytes_in": s.bytes_in,
                    "seconds": round(s.seconds, 3), "jobs": self.options.jobs,
                    "changed_inputs": s.changed, "incomplete_inputs": s.incomplete},
        }
        _write_atomic(os.path.join(self.outdir, REPORT), json.dumps(report, indent=2) + "\n")
        return report
