"""newsclean on Apache Spark: the same cleaning, on as many machines as Spark has.

newsclean does not schedule anything here; it gives Spark three things:

- :func:`clean_rows` — for ``mapPartitions``: records (url, html or text, id) in,
  document rows out; the pipeline is built once per partition.
- :func:`clean_dataframe` — a DataFrame of pages → a DataFrame of documents
  (:data:`DOCUMENT_SCHEMA`, one row per story; split stories get distinct ids).
- a job: ``python -m newsclean.spark INPUT... --output DIR`` (or the same arguments to
  ``spark-submit``). WARC, JSONL and page files are read on the executors with
  newsclean's own readers, one task per file, so a document is byte for byte what
  ``newsclean batch`` writes for it; Parquet inputs are read by Spark and cleaned with
  :func:`clean_dataframe`. Output is Parquet (default) or JSONL.

pyspark is an optional dependency (``pip install 'newsclean[spark]'``); nothing else in
newsclean imports this module. It uses absolute imports so that ``spark-submit`` can run
the file itself.
"""
from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, Iterable, Iterator

from newsclean.batch import clean_record, expand_inputs
from newsclean.pipeline import Config, Pipeline
from newsclean.readers import Fields, Record, iter_records

#: The document schema as (name, Spark SQL type) pairs, in output order.
DOCUMENT_FIELDS = (
    ("id", "string"), ("source", "string"), ("url", "string"), ("title", "string"),
    ("published", "string"), ("updated", "string"), ("dateline", "string"),
    ("authors", "array<string>"), ("text", "string"), ("captions", "array<string>"),
    ("lang", "string"), ("stats", "map<string,bigint>"),
)
#: The same as a DDL string, e.g. for ``spark.createDataFrame(rows, DOCUMENT_SCHEMA)``.
DOCUMENT_SCHEMA = ", ".join(f"`{name}` {kind}" for name, kind in DOCUMENT_FIELDS)


def _row(doc) -> tuple:
    d = doc.to_dict()
    return tuple(d[name] for name, _ in DOCUMENT_FIELDS)


def _get(row: Any, name: str | None) -> Any:
    if not name:
        return None
    if isinstance(row, dict):
        return row.get(name)
    try:
        return row[name]
    except (KeyError, ValueError, IndexError):
        return None


def clean_rows(rows: Iterable[Any], *, config: Config | None = None, text_col: str | None = "text",
               html_col: str | None = "html", url_col: str | None = "url",
               id_col: str | None = "id", partition: int = 0) -> Iterator[tuple]:
    """Clean one partition: rows (pyspark Rows or dicts) holding a page in ``html_col``
    (preferred when set) or ``text_col``, with ``url_col`` and ``id_col`` → document
    rows in :data:`DOCUMENT_FIELDS` order. Rows with no page, or whose page cannot be
    cleaned, give no documents; rows without an id are named ``row-<partition>-<n>``.
    Build once per partition::

        df.rdd.mapPartitionsWithIndex(lambda i, rows: clean_rows(rows, html_col="body", partition=i))
    """
    pipeline = Pipeline(config)
    for record in _records(rows, text_col, html_col, url_col, id_col, partition):
        for doc in clean_record(pipeline, record).docs:
            yield _row(doc)


def _records(rows, text_col, html_col, url_col, id_col, partition: int) -> Iterator[Record]:
    for n, row in enumerate(rows):
        html, text = _get(row, html_col), _get(row, text_col)
        if isinstance(html, (str, bytes)) and html:
            content, kind = html, "html"
        elif isinstance(text, (str, bytes)) and text:
            content, kind = text, "text"
        else:
            continue
        ident = _get(row, id_col)
        ident = None if ident is None else str(ident)
        url = _get(row, url_col)
        yield Record(source=ident or f"row-{partition}-{n}", index=n, content=content, kind=kind,
                     url=url if isinstance(url, str) and url else None, id=ident)


def clean_dataframe(df, *, text_col: str | None = "text", html_col: str | None = "html",
                    url_col: str | None = "url", id_col: str | None = "id",
                    config: Config | None = None):
    """A DataFrame of pages → a DataFrame of documents (:data:`DOCUMENT_SCHEMA`).

    Columns that the DataFrame lacks are ignored (a text-only DataFrame needs no html
    column). Document ids are ``<id>#<n>``: give ``id_col`` unique values."""
    columns = set(df.columns)
    keep = {k: (v if v in columns else None) for k, v in
            dict(text_col=text_col, html_col=html_col, url_col=url_col, id_col=id_col).items()}
    if keep["text_col"] is None and keep["html_col"] is None:
        raise ValueError(f"the DataFrame has neither a {text_col!r} nor an {html_col!r} column "
                         f"(columns: {', '.join(df.columns)})")
    rdd = df.rdd.mapPartitionsWithIndex(lambda i, rows: clean_rows(rows, config=config, partition=i, **keep))
    return df.sparkSession.createDataFrame(rdd, DOCUMENT_SCHEMA)


def clean_files(paths: Iterable[str], *, config: Config | None = None,
                fields: Fields = Fields(), errors=None) -> Iterator[tuple]:
    """Clean whole files (WARC, JSONL, pages) with newsclean's own readers into document
    rows: the documents ``newsclean batch`` makes of them, same ids and sources. For one
    Spark task per file (a WARC or a compressed dump is read start to end).

    A file that cannot be read, or a broken record, does not fail the task: it is
    written to the executor's stderr and counted in ``errors`` (a Spark accumulator)."""
    pipeline = Pipeline(config)
    for path in paths:
        try:
            for record in _open_records(path, fields):
                out = clean_record(pipeline, record)
                if out.error:
                    _report(errors, f"{out.source}: {out.error}")
                for doc in out.docs:
                    yield _row(doc)
        except Exception as exc:  # InputError (missing, unreadable) or worse: skip the file
            _report(errors, f"{path}: {exc}")


def is_url(path: str) -> bool:
    """An object-store or other URL ("s3://bucket/key", "hdfs://…", "file:///…")."""
    return _URL_RE.match(path) is not None


def _open_records(path: str, fields: Fields) -> Iterator[Record]:
    """Records of a local path, or of a URL opened with fsspec (s3://, gs://, hdfs://,
    abfs:// … with the matching fsspec package installed on the executors)."""
    if not is_url(path):
        yield from iter_records(path, fields=fields)
        return
    import fsspec

    from newsclean.readers import iter_stream

    with fsspec.open(path, "rb") as fh:
        seekable = getattr(fh, "seekable", lambda: False)()
        yield from iter_stream(fh, path, fields=fields, seekable=seekable)


def expand(inputs: list[str], glob: str = "*") -> list[str]:
    """Input files: local paths and folders as `newsclean batch` lists them; URLs
    expanded with fsspec (a folder URL lists its files recursively, sorted)."""
    local = [p for p in inputs if not is_url(p)]
    out = expand_inputs(local, glob) if local else []
    for url in (p for p in inputs if is_url(p)):
        import fnmatch

        import fsspec

        fs, root = fsspec.core.url_to_fs(url)
        if any(c in root for c in "*?["):
            found, base = sorted(fs.glob(root)), None
        elif fs.isdir(root):
            found = sorted(p for p in fs.find(root) if fnmatch.fnmatch(p.rsplit("/", 1)[-1], glob))
            base = root.rstrip("/")
        else:
            out.append(url)
            continue
        # Hidden files and Hadoop's markers (_SUCCESS, _temporary/) are no inputs.
        found = [p for p in found if not any(
            part.startswith((".", "_"))
            for part in (p[len(base):] if base else p.rsplit("/", 1)[-1]).split("/"))]
        out += [fs.unstrip_protocol(p) for p in found]
    return out


def _report(errors, message: str) -> None:
    print(f"newsclean.spark: error: {message}", file=sys.stderr)
    if errors is not None:
        errors.add(1)


PARQUET_SUFFIXES = (".parquet", ".parq")
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


# --------------------------------------------------------------------------- templates

def _page_keys(records: Iterable[Record]) -> Iterator[tuple]:
    """(site, key, is prose) for each distinct block of each page, and (site, None,
    False) once per page, for counting."""
    from newsclean.readers import page_from_record
    from newsclean.stages import normalize
    from newsclean.templates import page_keys, site_of

    for record in records:
        if record.content is None:
            continue
        try:
            pages, _ = page_from_record(record)
        except Exception:  # an unreadable page teaches nothing
            continue
        for page in pages:
            normalize.run(page, None)
            site = site_of(page)
            yield site, None, False
            for key, prose in page_keys(page):
                yield site, key, prose


def _file_records(paths: Iterable[str], fields: Fields) -> Iterator[Record]:
    for path in paths:
        try:
            yield from _open_records(path, fields)
        except Exception as exc:
            _report(None, f"{path}: {exc}")


def learn_templates(spark, *, files: list[str] = (), pages_df=None, fields: Fields = Fields()):
    """Learn site templates as a Spark aggregation (the rules of
    :mod:`newsclean.templates`, over every page rather than a sample): block counts per
    site are summed on the executors; only the template blocks reach the driver."""
    from newsclean.templates import Profile, is_template

    sc = spark.sparkContext
    parts = []
    if files:
        parts.append(sc.parallelize(list(files), len(files)).mapPartitions(
            lambda part: _page_keys(_file_records(part, fields))))
    if pages_df is not None:
        cols = set(pages_df.columns)
        names = [c if c in cols else None for c in (fields.text, fields.html, fields.url, fields.id)]
        parts.append(pages_df.rdd.mapPartitionsWithIndex(
            lambda i, rows: _page_keys(_records(rows, *names, i))))
    if not parts:
        return Profile()
    keys = sc.union(parts) if len(parts) > 1 else parts[0]
    counts = keys.map(lambda t: ((t[0], t[1]), (1, t[2]))) \
        .reduceByKey(lambda a, b: (a[0] + b[0], a[1] or b[1])).cache()
    # Page counts per site stay on the executors (a crawl has millions of hosts): joined
    # to the block counts, filtered there; only template blocks reach the driver.
    site_pages = counts.filter(lambda kv: kv[0][1] is None).map(lambda kv: (kv[0][0], kv[1][0]))
    blocks = counts.filter(lambda kv: kv[0][1] is not None) \
        .map(lambda kv: (kv[0][0], (kv[0][1], kv[1][0], kv[1][1])))
    chosen = blocks.join(site_pages) \
        .filter(lambda kv: is_template(kv[1][0][1], kv[1][1], kv[1][0][2])) \
        .map(lambda kv: ((kv[0], kv[1][1]), kv[1][0][0])) \
        .groupByKey().mapValues(frozenset).collect()
    counts.unpersist()
    return Profile(tuple(sorted((site, pages, keys_) for (site, pages), keys_ in chosen)))


def run_job(spark, inputs: list[str], output: str, *, fmt: str = "parquet", mode: str = "errorifexists",
            config: Config | None = None, fields: Fields = Fields(), glob: str = "*",
            learn: bool = False) -> int:
    """The job behind ``python -m newsclean.spark``; returns the number of documents
    written (counted as they are written; a retried task may count twice)."""
    parquet = [p for p in inputs if p.endswith(PARQUET_SUFFIXES) or _is_parquet_dir(p)]
    files = expand([p for p in inputs if p not in parquet], glob)
    if learn:  # a first pass: site templates from all the inputs
        from dataclasses import replace

        profile = learn_templates(spark, files=files, fields=fields,
                                  pages_df=spark.read.parquet(*parquet) if parquet else None)
        config = replace(config or Config(), templates=profile)
    frames = []
    if files:
        errors = spark.sparkContext.accumulator(0)
        rows = spark.sparkContext.parallelize(files, len(files)).mapPartitions(
            lambda part: clean_files(part, config=config, fields=fields, errors=errors))
        frames.append(spark.createDataFrame(rows, DOCUMENT_SCHEMA))
    if parquet:
        pages = spark.read.parquet(*parquet)
        frames.append(clean_dataframe(pages, text_col=fields.text, html_col=fields.html,
                                      url_col=fields.url, id_col=fields.id, config=config))
    if not frames:
        raise ValueError("no input files found")
    docs = frames[0]
    for more in frames[1:]:
        docs = docs.unionByName(more)
    written = spark.sparkContext.accumulator(0)

    def counted(row):
        written.add(1)
        return row

    if fmt == "jsonl":
        lines = docs.rdd.map(lambda r: (json.dumps(_as_dict(counted(r)), ensure_ascii=False),))
        spark.createDataFrame(lines, "value string").write.mode(mode).text(output)
    else:
        spark.createDataFrame(docs.rdd.map(counted), DOCUMENT_SCHEMA).write.mode(mode).parquet(output)
    if files and errors.value:
        print(f"newsclean.spark: {errors.value} records or files failed (see the executors' stderr)",
              file=sys.stderr)
    return written.value


def use_driver_python(spark) -> str:
    """Choose the Python the workers run, as the job needs it; returns that Python.

    pyspark starts its workers with ``$PYSPARK_PYTHON``, else the ``python3`` found on
    PATH. Run from cron — ``/srv/venv/bin/python -m newsclean.spark …``, the venv not
    activated — that ``python3`` is the system one, without newsclean's dependencies,
    and every task fails (``No module named 'selectolax'``). So:

    - ``spark.pyspark.python``, when set (``spark-defaults.conf``), is used as
      ``spark-submit`` would use it, which ``python -m`` alone does not do;
    - else ``$PYSPARK_PYTHON``, when set, is left as it is;
    - else, when Spark runs on this machine (master ``local…``), the workers run this
      very interpreter (``sys.executable``), which has newsclean and its dependencies;
    - else (a cluster) nothing is changed: the executors run their own Python, and the
      environment must be shipped to them (README: "Spark from cron / on a cluster").
    """
    sc = spark.sparkContext
    chosen = sc.getConf().get("spark.pyspark.python") or os.environ.get("PYSPARK_PYTHON")
    if chosen:
        sc.pythonExec = chosen
    elif sc.master.startswith("local") and sys.executable:
        sc.pythonExec = sys.executable
    return sc.pythonExec


def _as_dict(row) -> dict:
    """A document row as the JSON object newsclean writes (same keys, same order)."""
    d = row.asDict(recursive=True)
    for name in ("authors", "captions"):
        d[name] = d[name] or []
    d["stats"] = d["stats"] or {}
    return {name: d[name] for name, _ in DOCUMENT_FIELDS}


def _is_parquet_dir(path: str) -> bool:
    if is_url(path):
        return False  # Spark reads Parquet URLs itself: name them *.parquet
    return os.path.isdir(path) and any(n.endswith(PARQUET_SUFFIXES) for n in os.listdir(path))


def session_options(interactive: bool) -> dict[str, str]:
    """Spark settings for the job's own session. Spark's progress bar ("[Stage 0:>
    (0 + 2) / 4]") rewrites one terminal line; written to a cron mail or a log file
    (stderr not a terminal) it is thousands of lines of noise, so it is off there."""
    return {} if interactive else {"spark.ui.showConsoleProgress": "false"}


def main(argv: list[str] | None = None) -> int:
    import click

    from newsclean.config import find_config, load_config
    from newsclean.errors import ConfigError, InputError
    from newsclean.pipeline import DEFAULT_MIN_WORDS
    from newsclean.stages import DEFAULT_PIPELINE

    @click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
    @click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
    @click.option("--output", "-o", required=True, help="Output folder (any path Spark can write).")
    @click.option("--format", "fmt", type=click.Choice(["parquet", "jsonl"]), default="parquet",
                  show_default=True, help="Output format.")
    @click.option("--mode", type=click.Choice(["errorifexists", "overwrite", "append"]),
                  default="errorifexists", show_default=True, help="What to do when OUTPUT exists.")
    @click.option("--glob", default="*", show_default=True, help="Inside folders, read only matching files.")
    @click.option("--text-field", default="text", show_default=True, help="JSONL field / column with text dumps.")
    @click.option("--html-field", default="html", show_default=True, help="JSONL field / column with HTML.")
    @click.option("--url-field", default="url", show_default=True, help="JSONL field / column with the URL.")
    @click.option("--id-field", default="id", show_default=True, help="JSONL field / column with the id.")
    @click.option("--no-split", is_flag=True, help="One document per page.")
    @click.option("--keep-captions", is_flag=True, help="Leave captions in the text.")
    @click.option("--min-words", type=click.IntRange(min=0), default=DEFAULT_MIN_WORDS, show_default=True)
    @click.option("--skip", multiple=True, type=click.Choice(DEFAULT_PIPELINE), help="Stage not to run.")
    @click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                  help="newsclean TOML configuration file (read on the driver).")
    @click.option("--template", "template", type=click.Path(dir_okay=False), default=None,
                  help="Site templates learnt by `newsclean learn` (read on the driver).")
    @click.option("--learn-templates", is_flag=True,
                  help="First learn site templates from the inputs, as a Spark aggregation.")
    def job(inputs, output, fmt, mode, glob, text_field, html_field, url_field, id_field,
            no_split, keep_captions, min_words, skip, config_path, template, learn_templates):
        """Clean crawl dumps on Spark: WARC / JSONL / page files (read on the executors,
        one task per file) or Parquet (columns named by the --*-field options) into
        one row per story.

        \b
        Examples:
          python -m newsclean.spark crawl/*.warc.gz --output cleaned.parquet
          spark-submit --master yarn $(python -c 'import newsclean.spark as s; print(s.__file__)') \\
              /shared/crawl/ --glob '*.warc.gz' --output hdfs:///cleaned --format parquet

        \b
        Which Python runs the tasks:
          local master (the default): this interpreter, unless PYSPARK_PYTHON or
            spark.pyspark.python names another, so a venv's python run by its path
            (as cron does) needs no activated venv.
          a cluster: the executors' own Python, which must have newsclean. Ship this
            environment with the job, as Spark's docs describe: a packed venv
              venv-pack -o env.tar.gz
              PYSPARK_PYTHON=./env/bin/python spark-submit --archives env.tar.gz#env ...
            or a container image with newsclean installed (Kubernetes, YARN on Docker).
        """
        from pyspark.sql import SparkSession

        try:
            file = load_config(find_config(config_path, click.get_app_dir("newsclean")), DEFAULT_PIPELINE)
            config = Config(skip=frozenset(skip), split=not no_split, keep_captions=keep_captions,
                            min_words=min_words).with_file(file)
            if template:
                from dataclasses import replace

                from newsclean.templates import Profile

                config = replace(config, templates=Profile.load(template))
        except (ConfigError, InputError) as exc:
            raise click.UsageError(str(exc)) from None
        if (mode == "errorifexists" and not is_url(output) and "PYSPARK_GATEWAY_PORT" not in os.environ
                and os.path.exists(output)):
            # (Not under spark-submit, which sets PYSPARK_GATEWAY_PORT: a path there may
            # be on the cluster's default file system, HDFS, not this disk.)
            # Spark would find out only when writing, after all the cleaning, with a traceback.
            raise click.UsageError(f"{output} exists: choose a new --output, or --mode overwrite or append")
        ours = SparkSession.getActiveSession() is None  # under a notebook/test: not ours to stop
        builder = SparkSession.builder.appName("newsclean")
        for key, value in session_options(sys.stderr.isatty()).items():
            builder = builder.config(key, value)
        spark = builder.getOrCreate()
        if ours:
            use_driver_python(spark)
        try:
            n = run_job(spark, list(inputs), output, fmt=fmt, mode=mode, config=config,
                        fields=Fields(text_field, html_field, url_field, id_field), glob=glob,
                        learn=learn_templates)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        finally:
            if ours:
                spark.stop()
        click.echo(f"newsclean.spark: {n:,} documents written to {output}", err=True)

    return job.main(args=argv, prog_name="python -m newsclean.spark", standalone_mode=True)


if __name__ == "__main__":
    sys.exit(main())
