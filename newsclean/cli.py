"""The command line: parse options, call the library, write documents.

Nothing here cleans text: that is the library's job (``newsclean.Pipeline``).
"""
from __future__ import annotations

import io
import json
import logging
import os
import stat
import sys
import tempfile
import time
from dataclasses import replace
from collections import Counter
from contextlib import contextmanager
from typing import Iterator, TextIO

import click
from click.core import ParameterSource

from . import __version__
from .config import find_config, load_config
from .errors import ConfigError, InputError, MissingExtra
from .pipeline import DEFAULT_MIN_WORDS, Config, Pipeline
from .batch import (EXIT_LOCKED, Batch, BatchLocked, BatchMismatch, BatchOptions, OutdirError,
                    clean_record)
from .readers import MAX_PAGE_BYTES, Fields, display_name, iter_records, read_pages
from .stages import DEFAULT_PIPELINE, describe
from .templates import MIN_PAGES, SAMPLE_PAGES, Profile, learn as learn_templates
from .trace import count_labels, trace
from .writers import WRITERS

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: An input path as the commands take it: any string (checked when it is read, so that a
#: missing file is one error line, not a usage error), completed as a file name by the
#: shell completion (see the README).
INPUT_PATH = click.Path(readable=False)

#: Line width of `explain` output when it is piped (no terminal to measure).
PIPED_WIDTH = 160

#: Exit status when some inputs could not be read (the others were still cleaned), or
#: when the output could not be written.
EXIT_INPUT_ERROR = 1


log = logging.getLogger(__name__)


def warn(message: str) -> None:
    """A warning on stderr ("newsclean: warning: …"); -q silences it."""
    log.warning(message)


def error(message: str) -> None:
    """An error on stderr ("newsclean: error: …"); shown even with -q."""
    log.error(message)


class _StderrHandler(logging.Handler):
    """newsclean's loggers as stderr lines: "newsclean: warning: …", "newsclean:
    error: …", and for -v plain "newsclean: …". Written with click.echo, which looks up
    stderr when a line is written (a test runner's stderr too)."""

    LABELS = {logging.DEBUG: "debug: ", logging.WARNING: "warning: ", logging.ERROR: "error: ",
              logging.CRITICAL: "error: "}

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(f"newsclean: {self.LABELS.get(record.levelno, '')}{record.getMessage()}", err=True)
        except Exception:
            self.handleError(record)


#: Key of the -v/-q state in the root context's meta (the group's flags and the
#: command's add up).
_VERBOSITY = "newsclean.verbosity"


def _verbosity(ctx: click.Context) -> dict:
    return ctx.find_root().meta.setdefault(_VERBOSITY, {"verbose": 0, "quiet": False})


def _set_verbosity(ctx: click.Context, param: click.Parameter, value) -> None:
    """-v/-q given before or after the command name: add them up, refuse both, and
    point newsclean's loggers at stderr at the level they ask for."""
    if ctx.resilient_parsing:  # shell completion: parse, configure nothing
        return
    state = _verbosity(ctx)
    if param.name == "verbose":
        state["verbose"] += value
    elif value:
        state["quiet"] = True
    if state["verbose"] and state["quiet"]:
        raise click.UsageError("give -v/--verbose or -q/--quiet, not both", ctx)
    level = logging.ERROR if state["quiet"] else \
        {0: logging.WARNING, 1: logging.INFO}.get(state["verbose"], logging.DEBUG)
    configure_logging(level)


def configure_logging(level: int) -> None:
    """Send the ``newsclean`` loggers (library and CLI) to stderr at ``level``, as
    newsclean's message lines (one handler, however often it is called)."""
    logger = logging.getLogger("newsclean")
    for handler in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(handler)
    logger.addHandler(_StderrHandler())
    logger.setLevel(level)
    logger.propagate = False  # the CLI owns the process's stderr: no second copy


def verbosity_options(f):
    """-v/--verbose and -q/--quiet, spelt the same on the group and on every command."""
    f = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity,
                     help="Errors only: no warnings, no summary.")(f)
    f = click.option("-v", "--verbose", count=True, expose_value=False, callback=_set_verbosity,
                     help="Say more on stderr: per-input timing and the blocks per "
                          "stage:rule.")(f)
    return f


def _is_quiet(ctx: click.Context) -> bool:
    return _verbosity(ctx)["quiet"]


def _is_verbose(ctx: click.Context) -> bool:
    return _verbosity(ctx)["verbose"] > 0


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="newsclean")
@verbosity_options
def main() -> None:
    """Clean scraped news pages: strip site chrome, keep each photo caption once,
    and split pages that hold several stories into one document per story.

    -v/--verbose and -q/--quiet work before or after the command name: messages go to
    stderr (-v adds per-input timing and the blocks per stage:rule, -q leaves errors
    only); stdout and the exit status stay the same.

    \b
    Examples:
      cat page.txt | newsclean clean
      newsclean clean --format jsonl dump1.txt dump2.txt > docs.jsonl
      newsclean batch crawl/*.warc.gz -o cleaned/
      newsclean -v clean page.txt > /dev/null
      newsclean stages
    """


class OutputError(Exception):
    """The output cannot be written (a full disk, a read-only folder …): one line naming
    the path, exit status 1."""

    def __init__(self, path: str, exc: OSError) -> None:
        super().__init__(f"{path}: cannot write ({exc.strerror or exc})")


class _Guarded:
    """A text stream whose write errors are :class:`OutputError` naming ``name`` (a
    closed pipe stays BrokenPipeError: the reader went away, which is no error)."""

    def __init__(self, fh: TextIO, name: str) -> None:
        self.fh, self.name = fh, name

    def write(self, text: str) -> int:
        try:
            return self.fh.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(self.name, exc) from None

    def flush(self) -> None:
        try:
            self.fh.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(self.name, exc) from None

    def __getattr__(self, attr):
        return getattr(self.fh, attr)


@contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """stdout, or the file ``path``.

    A regular file (new or existing) is written atomically: a temp file in the same
    folder, renamed over it, so a reader never sees half an output and a failed run
    leaves the old file intact. The new file keeps the old one's mode and owner (a new
    one gets 0666 less the umask, as the shell's ``>`` gives). A symlink is followed:
    its target is replaced and the link stays a link. Anything that is not a regular
    file (a FIFO, /dev/null, a terminal) is written into, as by ``>``, never replaced.

    Raises :class:`OutputError` when the output cannot be created or written."""
    if path is None or path == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # an unusual stdout (a test harness): write to it as it is
            yield _Guarded(sys.stdout, "<stdout>")
            return
        # UTF-8 whatever the locale says: documents are data, not terminal chatter.
        wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n")
        try:
            out = _Guarded(wrapper, "<stdout>")
            yield out
            out.flush()
        finally:
            try:
                wrapper.detach()  # flushes what is left; a full disk said so already
            except OSError:
                pass
        return
    target = os.path.realpath(path)  # a symlink's target (a dangling one's too)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(path, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise click.UsageError(f"cannot write {path}: it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            fh = open(target, "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise OutputError(path, exc) from None
        with _guarded(fh, path) as out:
            yield out
        try:
            fh.close()
        except OSError as exc:
            raise OutputError(path, exc) from None
        return
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise click.UsageError(f"cannot write {path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".newsclean-", dir=folder)
    except OSError as exc:
        raise OutputError(path, exc) from None
    try:
        try:
            os.fchmod(fd, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
            if st is not None and (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                try:  # root rewriting someone's file: it stays theirs
                    os.fchown(fd, st.st_uid, st.st_gid)
                except OSError:
                    pass
        except OSError as exc:
            os.close(fd)
            raise OutputError(path, exc) from None
        fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with _guarded(fh, path) as out:
            yield out
        try:
            os.fsync(fh.fileno())
            fh.close()
            os.replace(tmp, target)
        except OSError as exc:
            _close_quietly(fh)
            raise OutputError(path, exc) from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextmanager
def _guarded(fh, path: str) -> Iterator[TextIO]:
    """``fh`` written through _Guarded (a write error is an OutputError naming
    ``path``) and flushed at the end; closed quietly when the writing fails."""
    try:
        out = _Guarded(fh, path)
        yield out
        out.flush()
    except BaseException:
        _close_quietly(fh)
        raise


def _close_quietly(fh) -> None:
    """Close a file whose errors were reported already (a full disk fails the flush
    that close makes, again)."""
    try:
        fh.close()
    except OSError:
        pass


def _umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def _writing() -> Iterator[None]:
    """How writing output ends: a reader that went away (`newsclean clean … | head`) is
    exit 0, quietly; an output that cannot be written (a full disk, a read-only folder)
    is one error line naming it and exit 1."""
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except OutputError as exc:
        error(str(exc))
        _silence_stdout()
        sys.exit(EXIT_INPUT_ERROR)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of what is left
    in its buffer cannot fail again (with a second message) at exit."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test harness)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def pipeline_options(f):
    """Options every cleaning command spells the same way."""
    f = click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                     help="TOML configuration file (default: ./newsclean.toml, else the "
                     "user config folder's newsclean/config.toml).")(f)
    f = click.option("--url", default=None, metavar="URL",
                     help="URL of the page(s): selects [sites] rules and fills `url`.")(f)
    f = click.option("--template", "template", type=click.Path(dir_okay=False), default=None,
                     metavar="PROFILE", help="Site templates learnt by `newsclean learn`: "
                     "blocks recurring on a site's pages are chrome.")(f)
    f = click.option("--skip", "skip", multiple=True, metavar="STAGE",
                     type=click.Choice(DEFAULT_PIPELINE),
                     help="Do not run this stage (repeatable; see `newsclean stages`).")(f)
    return f


class ByteSize(click.ParamType):
    """A size in bytes: "32M", "512K", "1G", "1048576"; 0 for none."""

    name = "SIZE"
    UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B")
        number, unit = text.rstrip("KMG"), text[len(text.rstrip("KMG")):]
        try:
            size = float(number) * self.UNITS[unit]
        except (ValueError, KeyError):
            self.fail(f"{value!r} is no size (give bytes, or e.g. 512K, 32M, 1G; 0 for no cap)", param, ctx)
        if size < 0:
            self.fail(f"{value!r}: a size cannot be negative", param, ctx)
        return int(size)


def record_options(f):
    """Options naming the fields of JSONL records, and the page size cap."""
    f = click.option("--max-page-size", type=ByteSize(), default="32M", show_default=True,
                     help="Largest page read (0: no cap). A larger text dump is cleaned in parts cut at "
                          "blank lines, a larger HTML page is cut; a larger JSONL or WARC record is an "
                          "error.")(f)
    f = click.option("--id-field", default="id", show_default=True, metavar="NAME",
                     help="JSONL field naming the record (documents are called <id>#<n>).")(f)
    f = click.option("--url-field", default="url", show_default=True, metavar="NAME",
                     help="JSONL field holding the page URL.")(f)
    f = click.option("--html-field", default="html", show_default=True, metavar="NAME",
                     help="JSONL field holding the page as HTML (used when present).")(f)
    f = click.option("--text-field", default="text", show_default=True, metavar="NAME",
                     help="JSONL field holding the page as a text dump.")(f)
    return f


def same_as_clean(f):
    """The cleaning options of `clean`, for the commands that clean the same way."""
    f = pipeline_options(f)
    f = record_options(f)
    f = click.option("--min-words", type=click.IntRange(min=0), default=DEFAULT_MIN_WORDS,
                     show_default=True, help="As for clean.")(f)
    f = click.option("--no-split", is_flag=True, help="As for clean.")(f)
    f = click.option("--keep-captions", is_flag=True, help="As for clean.")(f)
    return f


def fields_of(options: dict) -> Fields:
    return Fields(text=options["text_field"], html=options["html_field"],
                  url=options["url_field"], id=options["id_field"])


def build_pipeline(ctx: click.Context, config_path: str | None, **options) -> tuple[Pipeline, dict]:
    """The pipeline for a command: the configuration file's [defaults] fill the options
    not given on the command line (flags win), its rules are added. Returns the
    pipeline and the resolved options."""
    try:
        file = load_config(find_config(config_path, click.get_app_dir("newsclean")), DEFAULT_PIPELINE)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    for key, value in file.defaults.items():
        name = {"split": "no_split", "format": "fmt"}.get(key, key)
        if name in options and ctx.get_parameter_source(name) is ParameterSource.DEFAULT:
            options[name] = (not value) if key == "split" else (tuple(value) if key == "skip" else value)
    try:
        config = Config(skip=frozenset(options.get("skip", ())),
                        split=not options.get("no_split", False),
                        keep_captions=options.get("keep_captions", False),
                        min_words=options.get("min_words", DEFAULT_MIN_WORDS)).with_file(file)
        if options.get("template"):
            config = replace(config, templates=Profile.load(options["template"]))
    except (ConfigError, InputError) as exc:
        raise click.UsageError(str(exc)) from None
    return Pipeline(config), options


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("inputs", nargs=-1, type=INPUT_PATH, metavar="[INPUT]...")
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(WRITERS)), default="text",
              show_default=True, help="Output format: text (title + body, documents "
              "separated by a form-feed line), jsonl (one JSON object per document) or json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file (atomically) instead of stdout.")
@click.option("--keep-captions", is_flag=True,
              help="Leave captions in the text (once each, where first seen).")
@click.option("--no-split", is_flag=True, help="One document per page: never split stories.")
@click.option("--min-words", type=click.IntRange(min=0), default=DEFAULT_MIN_WORDS,
              show_default=True,
              help="Drop stories shorter than this many words (a page with none that long "
                   "keeps its longest story if it has a headline and 35% of them).")
@click.option("--stats", is_flag=True,
              help="Print counts of blocks by role and stage:rule for the run on stderr.")
@record_options
@pipeline_options
@verbosity_options
@click.pass_context
def clean(ctx: click.Context, inputs: tuple[str, ...], **options) -> None:
    """Clean pages (files, or - for stdin; default stdin) into documents.

    An input is a page (HTML or a text dump), a JSONL dump (one page per line) or a
    WARC archive, plain, gzip or zstd: recognised by its content. Documents from all
    inputs are written in order. stdout carries data only; warnings and errors go to
    stderr. Exit status: 0 all inputs read, 1 some input or record could not be read
    (the others are still cleaned) or the output could not be written, 2 bad usage.
    For big dumps and folders, see `newsclean batch`.

    -o replaces a regular file atomically (keeping its mode; a symlink's target is
    replaced) and writes into anything else (a FIFO, /dev/null) as > does.

    \b
    Examples:
      cat page.txt | newsclean clean
      newsclean clean --format jsonl page.txt other.txt > docs.jsonl
      newsclean clean --keep-captions --no-split -o clean.txt page.txt
      newsclean clean --skip stories --min-words 0 page.txt
      newsclean clean --url https://example.com/a --config site.toml --stats page.txt
      zcat crawl.warc.gz | newsclean clean --format jsonl
      newsclean clean --format jsonl --html-field raw_html pages.jsonl.zst
      newsclean clean -v page.txt > clean.txt     # per-input timing, blocks per rule
      newsclean clean -q -f jsonl dumps/*.txt     # errors only on stderr
    """
    pipeline, options = build_pipeline(ctx, **options)
    fmt, output, min_words = options["fmt"], options["output"], options["min_words"]
    paths = list(inputs) or ["-"]
    if paths.count("-") > 1:
        raise click.UsageError("stdin (-) can be given only once")
    stdin = getattr(sys.stdin, "buffer", None)
    _hint_if_waiting_for_a_terminal(ctx, paths)
    counts = Counter() if options["stats"] or _is_verbose(ctx) else None
    with _writing():
        failed = _clean_all(pipeline, paths, stdin, fmt, output, min_words, options["url"], counts,
                            fields_of(options), options["max_page_size"])
    if counts is not None:
        _print_stats(counts)
    if failed:
        sys.exit(EXIT_INPUT_ERROR)


def _clean_all(pipeline: Pipeline, paths: list[str], stdin, fmt: str, output: str | None,
               min_words: int, url: str | None = None, counts: Counter | None = None,
               fields: Fields = Fields(), max_page: int = MAX_PAGE_BYTES) -> int:
    """Clean every input into one output; return how many inputs or records failed."""
    failed = 0
    with open_output(output) as out:
        writer = WRITERS[fmt](out)
        for path in paths:
            name = "<stdin>" if path == "-" else path
            count, skipped, before = 0, Counter(), failed
            if _is_folder(path):
                failed += 1
                continue
            started, records = time.perf_counter(), 0
            try:
                for record in iter_records(path, stdin=stdin, fields=fields, max_page=max_page):
                    records += 1
                    result = clean_record(pipeline, record, url=url, counts=counts is not None)
                    for w in result.warnings:
                        warn(w)
                    if result.error:
                        error(f"{display_name(result.source)}: {result.error}")
                        failed += 1
                    elif result.skip:
                        skipped[result.skip] += 1
                    for doc in result.docs:
                        writer.write(doc)
                    count += len(result.docs)
                    if counts is not None:
                        counts.update(result.counts)
            except InputError as exc:
                error(str(exc))  # (no timing line: the error says what became of it)
                failed += 1
                continue
            _log_timing(name, records, count, time.perf_counter() - started)
            if skipped:
                reasons = ", ".join(f"{why}: {n}" for why, n in skipped.most_common())
                warn(f"{name}: skipped {sum(skipped.values())} records that are no pages ({reasons})")
            if count == 0 and failed == before:
                warn(f"{name}: no documents (no story text of {min_words}+ words found)")
        writer.close()
    return failed


def _log_timing(name: str, records: int, documents: int, seconds: float, noun: str = "record") -> None:
    """-v's line per input: what it held and how long it took (reading included)."""
    log.info("%s: %s, %s in %.3f s", name, _plural(records, noun), _plural(documents, "document"),
             seconds)


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _print_stats(counts: Counter) -> None:
    """The table of blocks by role and stage:rule, on stderr (--stats, -v)."""
    from rich.console import Console

    from .writers.explain import render_stats

    render_stats(counts, Console(stderr=True))


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("inputs", nargs=-1, required=True, type=INPUT_PATH, metavar="INPUT...")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False),
              help="Output folder: shards, manifest.sqlite, errors.jsonl, report.json.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("-f", "--format", "shard_format", type=click.Choice(["jsonl", "parquet"]), default="jsonl",
              show_default=True, metavar="FORMAT", help="Shard format: jsonl, or parquet in the "
              "document schema (part-NNNNNN.parquet; needs pyarrow: pip install "
              "'newsclean[parquet]').")
@click.option("--compress", type=click.Choice(["gz"]), default=None,
              help="Compress the shards (part-NNNNNN.jsonl.gz).")
@click.option("--glob", "glob", default="*", show_default=True, metavar="PATTERN",
              help="Inside folders, read only files whose name matches (e.g. '*.warc.gz').")
@click.option("--shard-size", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="A shard closes after this many documents (or records read).")
@click.option("--learn-templates", is_flag=True,
              help="First learn site templates from the inputs (see `newsclean learn`); kept "
              "in OUTDIR/templates.json and reused when the run is resumed.")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              metavar="SECONDS", help="Give up a record that takes longer (an error in "
              "errors.jsonl; a worker stuck in a parser is killed and replaced, one second "
              "later at most); 0 = no limit.")
@same_as_clean
@verbosity_options
@click.pass_context
def batch(ctx: click.Context, inputs: tuple[str, ...], **options) -> None:
    """Clean crawl dumps (WARC, JSONL, pages; files or folders) into sharded JSONL or Parquet.

    Runs on all cores; output is the same whatever -j. Safe to run from cron: a
    second run on the same OUTDIR exits at once; a run that was killed is resumed
    by running it again (inputs already done are skipped, a partial one goes on
    where its last shard ended); shards appear whole (temp file + rename). Records
    that cannot be cleaned go to OUTDIR/errors.jsonl and the run goes on. An input
    that ends early (a last line without its newline that does not parse, gzip or
    zstd cut off) may still be being written: it is cleaned as far as it goes, with a
    warning, and the next run reads on from there.

    Exit status: 0 all records cleaned, 1 some records or inputs failed (see
    errors.jsonl) or OUTDIR cannot be written, 2 bad usage or OUTDIR made with other
    options, 3 another run holds OUTDIR.

    \b
    Examples:
      newsclean batch crawl/*.warc.gz -o cleaned/
      newsclean batch dumps/ --glob '*.jsonl.zst' --html-field body -o cleaned/ -j 8
      newsclean batch pages.jsonl -o cleaned/ --compress gz --quiet
      newsclean batch -v crawl/ -o cleaned/   # a line per input, blocks per rule
      newsclean batch crawl/ -o cleaned/ --format parquet

    -q: no progress bar, no warnings, no summary; errors only. -v: no progress bar,
    but a line per input as it is done (records, documents, seconds spent cleaning
    it) and, after the summary, the blocks per role and stage:rule.

    Every document has the fields of the published schema (newsclean/schema/
    document.schema.json; newsclean.schema.arrow_schema() for Arrow), null where
    unknown: read JSONL shards under it, Parquet shards carry it.
    """
    if "-" in inputs:
        raise click.UsageError("batch reads files and folders, not stdin; use `newsclean clean -` for that")
    if options["learn_templates"] and options["template"]:
        raise click.UsageError("give --template PROFILE or --learn-templates, not both")
    options["url"] = None
    pipeline, options = build_pipeline(ctx, **options)
    jobs = options["jobs"] or _cores()
    batch_options = BatchOptions(jobs=jobs, compress=options["compress"], format=options["shard_format"],
                                 glob=options["glob"],
                                 fields=fields_of(options), shard_size=options["shard_size"],
                                 learn_templates=options["learn_templates"],
                                 timeout=options["timeout"], max_page=options["max_page_size"])
    quiet, verbose = _is_quiet(ctx), _is_verbose(ctx)
    progress = None if quiet or verbose or not sys.stderr.isatty() else _progress_bar()
    run = Batch(list(inputs), options["outdir"], pipeline.config, batch_options,
                on_progress=progress.update if progress else None, warn=warn)
    try:
        if progress:
            with progress:
                report = run.run()
        else:
            report = run.run()
    except BatchLocked as exc:
        error(str(exc))
        sys.exit(EXIT_LOCKED)
    except (BatchMismatch, InputError, ConfigError, MissingExtra) as exc:  # InputError: a damaged OUTDIR/templates.json
        raise click.UsageError(str(exc)) from None
    except KeyboardInterrupt:
        error("interrupted; run the same command again to resume")
        sys.exit(130)
    except OutdirError as exc:
        error(str(exc))
        sys.exit(EXIT_INPUT_ERROR)
    if not quiet:
        _summary(report, options["outdir"])
    if verbose:
        _print_stats(Counter({tuple(key.split("|", 1)): n for key, n in run.stats.labels.items()}))
    if report["run"]["errors"]:
        if quiet:
            error(f"{report['run']['errors']} records or inputs failed; see "
                  f"{os.path.join(options['outdir'], 'errors.jsonl')}")
        sys.exit(EXIT_INPUT_ERROR)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class _progress_bar:
    """A rich progress bar on stderr: input bytes read, pages, documents, MB/s, ETA."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, Progress, TextColumn, TimeRemainingColumn,
                                   TransferSpeedColumn)

        self.progress = Progress(TextColumn("{task.fields[pages]:>9,} pages  {task.fields[docs]:>9,} docs"),
                                 BarColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True,
                                 # No refresh thread: workers are forked, and forking
                                 # a process with threads running is unsafe.
                                 auto_refresh=False)
        self.task = self.progress.add_task("batch", total=None, pages=0, docs=0)
        self.last = 0.0

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def update(self, stats, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        self.progress.update(self.task, completed=done, total=total or None,
                             pages=stats.pages, docs=stats.documents)
        self.progress.refresh()


def _summary(report: dict, outdir: str) -> None:
    run, total = report["run"], report["total"]
    mb = run["bytes_in"] / 1e6
    rate = f", {mb / run['seconds']:.1f} MB/s" if run["seconds"] > 0 and mb else ""
    lines = [f"newsclean batch: {run['pages']:,} pages in, {run['documents']:,} documents out "
             f"in {run['seconds']:.1f} s{rate}"
             + (f"; {run['inputs_already_done']} inputs already done" if run["inputs_already_done"] else "")]
    if run["skipped"]:
        reasons = ", ".join(f"{k} ({v:,})" for k, v in sorted(run["skipped"].items(), key=lambda kv: -kv[1]))
        lines.append(f"  skipped {sum(run['skipped'].values()):,} records that are no pages: {reasons}")
    if run["removed_by_stage"]:
        lines.append("  blocks removed, by stage: "
                     + ", ".join(f"{k} {v:,}" for k, v in run["removed_by_stage"].items()))
    if run["errors"]:
        lines.append(f"  {run['errors']:,} failed: see {os.path.join(outdir, 'errors.jsonl')}")
    if run["incomplete_inputs"]:
        n = len(run["incomplete_inputs"])
        lines.append(f"  {n:,} input{'s' if n != 1 else ''} end early (still being written?): "
                     f"the next run reads on where {'they' if n != 1 else 'it'} stopped")
    shards = total["shards"]
    lines.append(f"  {outdir} holds {total['documents']:,} documents in {shards} "
                 f"shard{'s' if shards != 1 else ''}; details in report.json")
    for line in lines:
        click.echo(line, err=True)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("inputs", nargs=-1, required=True, type=INPUT_PATH, metavar="INPUT...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Profile file to write (JSON, atomically).")
@click.option("--sample", type=click.IntRange(min=1), default=SAMPLE_PAGES, show_default=True,
              help="Pages per site to learn from.")
@click.option("--glob", "glob", default="*", show_default=True, metavar="PATTERN",
              help="Inside folders, read only files whose name matches.")
@record_options
@verbosity_options
@click.pass_context
def learn(ctx: click.Context, inputs: tuple[str, ...], output: str, sample: int, glob: str,
          **options) -> None:
    """Learn site templates: blocks that recur on many pages of one site (its menus,
    section lists, footers). A site is the URL's host; without URLs, the JSONL or WARC
    file (or, for page files, their folder). Use the profile with --template.

    \b
    Examples:
      newsclean learn crawl/ --glob '*.warc.gz' -o sites.json
      newsclean clean --template sites.json -f jsonl crawl/site-a.warc.gz
      newsclean learn -v crawl/ -o sites.json   # pages and seconds per input, blocks per site
    """
    from .batch import expand_inputs

    failed = []
    profile = learn_templates(expand_inputs(list(inputs), glob), fields=fields_of(options), sample=sample,
                              on_error=lambda m: (failed.append(m), error(m)), max_page=options["max_page_size"])
    with _writing(), open_output(output) as out:
        out.write(profile.to_json())
    blocks = sum(len(keys) for _, _, keys in profile.sites)
    for site, pages, keys in profile.sites:
        log.info("%s: %s template blocks from %s", site, f"{len(keys):,}", _plural(pages, "page"))
    if not blocks:
        warn(f"{output}: no template blocks learnt: no block recurs on {MIN_PAGES} or more pages "
             f"of one site (give more pages per site)")
    if not _is_quiet(ctx):
        click.echo(f"newsclean learn: {blocks:,} template blocks for {len(profile):,} sites -> {output}",
                   err=True)
    if failed:
        sys.exit(EXIT_INPUT_ERROR)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("inputs", nargs=-1, type=INPUT_PATH, metavar="[INPUT]...")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: one line per block, coloured on a terminal; "
              "json: the trace schema (see newsclean.trace).")
@same_as_clean
@verbosity_options
@click.pass_context
def explain(ctx: click.Context, inputs: tuple[str, ...], **options) -> None:
    """Show every block of a page with its role, the stage:rule that labelled it,
    and where each story starts.

    Removed blocks (chrome, duplicates, credits) are dimmed; a rule line opens each
    story and names its document.

    An INPUT is a page, a dump (every page in it), or one record of a dump named by
    its source as documents give it: dump.jsonl:17 (line 17), crawl.warc.gz@5123.
    Several inputs are explained in turn (default: stdin). Exit status as for clean.

    \b
    Examples:
      newsclean explain page.txt | less -R
      newsclean explain --format json page.txt | jq '.blocks[] | select(.role=="chrome")'
      newsclean explain crawl.warc.gz@5123
      newsclean explain *.txt | less -R
      newsclean explain -v page.html > trace.txt   # timing and blocks per rule on stderr
    """
    pipeline, options = build_pipeline(ctx, **options)
    paths = list(inputs) or ["-"]
    if paths.count("-") > 1:
        raise click.UsageError("stdin (-) can be given only once")
    _hint_if_waiting_for_a_terminal(ctx, paths)
    failed = 0
    counts = Counter() if _is_verbose(ctx) else None
    with _writing():
        if options["fmt"] == "json":
            with open_output(None) as out:
                failed = _explain_all(pipeline, paths, options,
                                      lambda t: out.write(json.dumps(t, ensure_ascii=False) + "\n"),
                                      counts)
        else:
            from .writers.explain import render_trace

            stdout = _Guarded(sys.stdout, "<stdout>")
            data_console = _data_console_class()
            console = data_console(file=stdout)
            if not console.is_terminal:
                console = data_console(file=stdout, width=PIPED_WIDTH)
            failed = _explain_all(pipeline, paths, options, lambda t: render_trace(t, console), counts)
            stdout.flush()
    if counts is not None:
        _print_stats(counts)
    if failed:
        sys.exit(EXIT_INPUT_ERROR)


def _data_console_class() -> type:
    """rich's Console for output that is data: a reader that goes away (`explain … |
    head`) ends the command as it ends `clean` (rich's own answer is exit status 1).
    Made on first use: rich is imported only by the commands that draw with it, as it
    costs `newsclean clean` a third of its start-up."""
    from rich.console import Console

    class DataConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return DataConsole


def _explain_all(pipeline: Pipeline, paths: list[str], options: dict, show,
                 counts: Counter | None = None) -> int:
    """Explain each input in turn (``show`` prints a trace); return how many failed.
    With ``counts``, add the blocks per (role, stage:rule) to it (-v)."""
    failed = 0
    stdin = getattr(sys.stdin, "buffer", None)
    for path in paths:
        if _is_folder(path):
            failed += 1
            continue
        started = time.perf_counter()
        try:
            pages, warnings = read_pages(path, stdin, fields_of(options), options["max_page_size"])
        except InputError as exc:
            error(str(exc))
            failed += 1
            continue
        for w in warnings:
            warn(w)
        documents = 0
        for page in pages:
            page.url = options["url"] or page.url
            traced = trace(page, pipeline)
            documents += sum(1 for s in traced["stories"] if s["document"])
            if counts is not None:
                count_labels(page, counts)
            show(traced)
        _log_timing("<stdin>" if path == "-" else path, len(pages), documents,
                    time.perf_counter() - started, noun="page")
    return failed


def _is_folder(path: str) -> bool:
    """Whether an input is a folder, said with what to do instead (a folder of pages
    is `batch`'s job)."""
    if path == "-" or not os.path.isdir(path):
        return False
    error(f"{path}: is a directory; give the files inside it (e.g. {path.rstrip('/')}/*.txt), "
          f"or clean the whole folder with `newsclean batch {path} -o OUTDIR`")
    return True


def _hint_if_waiting_for_a_terminal(ctx: click.Context, paths: list[str]) -> None:
    """Reading stdin from a terminal looks like a hang: say what is awaited (not with -q)."""
    if "-" not in paths or _is_quiet(ctx):
        return
    try:
        interactive = sys.stdin.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if interactive:
        click.echo("newsclean: reading a page from stdin (end it with Ctrl-D; see --help)", err=True)


@main.command(context_settings=CONTEXT_SETTINGS)
@verbosity_options
def stages() -> None:
    """List the stages in run order, with what each one labels.

    -v and -q are accepted, as by every command; the list is the same.

    \b
    Example:
      newsclean stages
    """
    width = max(map(len, DEFAULT_PIPELINE))
    for name in DEFAULT_PIPELINE:
        click.echo(f"{name:<{width}}  {describe(name)}")
