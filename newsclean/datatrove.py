"""newsclean as a datatrove pipeline step: scraped pages in, one document per story out.

datatrove (huggingface/datatrove) builds data pipelines of small steps — a reader, steps
that change, split or drop documents, a writer — and runs them locally, on Slurm or
Ray. :class:`NewscleanExtractor` is such a step::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from newsclean.datatrove import NewscleanExtractor

    LocalPipelineExecutor(pipeline=[
        WarcReader("crawl/", glob_pattern="*.warc.gz"),   # the HTML of each response in .text
        NewscleanExtractor(),                             # chrome out, one Document per story
        JsonlWriter("cleaned/"),
    ], tasks=4).run()

For each Document it cleans the page — the HTML under ``metadata["html"]`` when the
document carries one (a dataset with an old extraction in ``text`` and the page beside
it), else ``text``, recognised as HTML or a text dump by its content (WarcReader puts the
HTML there) — and yields one Document per story: ids ``<id>#1``, ``<id>#2`` …, ``text``
the story's body, and in ``metadata`` newsclean's fields (``title``, ``published``,
``updated``, ``dateline``, ``authors``, ``captions``, ``lang``; None or [] when the
page does not tell) beside the input's own metadata (less the HTML; ``url`` is the input's own
when it is a web URL, else the page's canonical URL). A page with no story (a section front, a
cookie wall) yields nothing and is counted ``dropped_no_story``; a page that cannot be
read is counted ``dropped_error``. The step's stats also count stories per page and
the blocks each stage removed (``removed_<stage>``), as ``newsclean batch`` reports them.

datatrove is an optional dependency (``pip install 'newsclean[datatrove]'``); nothing
else in newsclean imports this module.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

try:
    from datatrove.data import Document as DatatroveDocument
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("newsclean.datatrove needs datatrove: pip install 'newsclean[datatrove]'") from exc

from newsclean.batch import REMOVED_ROLES, clean_record
from newsclean.pipeline import Config, Pipeline
from newsclean.readers.record import Record

#: The newsclean fields a story's Document carries in its metadata.
METADATA_FIELDS = ("title", "published", "updated", "dateline", "authors", "captions", "lang")


class NewscleanExtractor(PipelineStep):
    """Clean each Document's page into one Document per story (see the module doc).

    ``config``: newsclean's :class:`~newsclean.Config` (stages to skip, ``split``,
    ``keep_captions``, ``min_words``, site templates…); the default cleans as
    ``newsclean clean`` does. ``html_key``: the metadata key holding a document's HTML,
    used before ``text`` when present (None: always clean ``text``). ``kind``: what
    ``text`` holds, "html" or "text"; None recognises it by its content.
    """

    name = "📰 newsclean"
    type = "🛢 - EXTRAC"

    def __init__(self, config: Config | None = None, *, html_key: str | None = "html",
                 kind: str | None = None):
        super().__init__()
        if kind not in (None, "text", "html"):
            raise ValueError(f"kind must be 'text', 'html' or None, not {kind!r}")
        self.config = config
        self.html_key = html_key
        self.kind = kind
        self._warned = False

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        pipeline = Pipeline(self.config)  # built once per task
        for page in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                stories = self._clean(pipeline, page)
            yield from stories

    def _clean(self, pipeline: Pipeline, page: DatatroveDocument) -> list[DatatroveDocument]:
        meta = dict(page.metadata)
        html = meta.pop(self.html_key, None) if self.html_key else None
        if isinstance(html, (str, bytes)) and html:
            content, kind = html, "html"
        else:
            content, kind = page.text, self.kind
        url = meta.get("url")
        record = Record(source=str(page.id), index=0, content=content, kind=kind,
                        url=url if isinstance(url, str) and url else None, id=str(page.id))
        out = clean_record(pipeline, record, counts=True)
        if out.error:
            self.stat_update(StatHints.dropped, "dropped_error")
            if not self._warned:
                logger.warning(f"newsclean: {page.id}: {out.error} (dropped; said once, counted in dropped_error)")
                self._warned = True
            return []
        if not out.docs:
            self.stat_update(StatHints.dropped, "dropped_no_story")
            return []
        self.stat_update("stories", value=len(out.docs), unit="page")
        removed: Counter = Counter()
        for (role, reason), n in out.counts.items():
            if role in REMOVED_ROLES:
                removed[reason.split(":", 1)[0]] += n
        for stage, n in sorted(removed.items()):
            self.stat_update(f"removed_{stage}", value=n, unit="page")
        stories = []
        for doc in out.docs:
            fields: dict[str, Any] = doc.to_dict()
            story_meta = meta | {name: fields[name] for name in METADATA_FIELDS}
            if doc.url:
                story_meta["url"] = doc.url
            story = DatatroveDocument(text=doc.text, id=doc.id, media=list(page.media), metadata=story_meta)
            self.stat_update(StatHints.forwarded)
            self.update_doc_stats(story)
            stories.append(story)
        return stories
