"""Site templates: blocks that recur on many pages of one site are its chrome.

A site is the host of the page's URL; without a URL, the container the page came from
(a JSONL or WARC file; for plain page files, their folder). Learning counts, per site,
on how many pages each normalised block occurs (each page counts a block once);
:meth:`Learner.profile` keeps the blocks that occur on enough of the site's pages:

- short blocks (menus, section names, "Sign in", footer lines): on at least
  ``MIN_SHARE`` of the pages and at least ``MIN_PAGES`` of them;
- sentences (``PROSE_WORDS`` words or more, ending like a sentence — "No one was
  injured." too): only on ``PROSE_SHARE`` of the pages and ``PROSE_MIN_PAGES`` of
  them — a stock sentence of a site's stories, or a story that pages of an
  infinite-scroll site repeat, is not template.

The template stage then protects the page's own story: it leaves a template sentence
alone unless a neighbour is template or chrome too (real template text comes in runs:
a promo with its button, a "Most read" box; the page's own headline and lede quoted in
such a box on every page stay on the page they open).

Memory is bounded: a site stops counting after ``sample`` pages, and counts of blocks
seen once are pruned when a site holds more than ``MAX_KEYS`` distinct blocks.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field

from .config import host_of
from .errors import InputError
from .model import Page
from .textutil import ends_sentence, norm_key, word_count

log = logging.getLogger(__name__)

#: Short blocks: template when on this share of a site's pages, and on this many pages.
MIN_SHARE = 0.3
MIN_PAGES = 3
#: Sentences must recur on this share of pages, and this many, to be template.
PROSE_SHARE = 0.7
PROSE_MIN_PAGES = 5
PROSE_WORDS = 4
#: Pages per site that are counted (the rest of a big site adds nothing new).
SAMPLE_PAGES = 1000
#: Distinct blocks per site before the ones seen once are dropped.
MAX_KEYS = 100_000
FORMAT_VERSION = 1


def block_key(text: str) -> str | None:
    """A short hash of a block's normalised words ("Share  this!" and "share this" are
    one block); None for a block with no words."""
    key = norm_key(text)
    if not key:
        return None
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def is_prose(text: str) -> bool:
    return word_count(text) >= PROSE_WORDS and ends_sentence(text)


def site_of(page: Page) -> str:
    """The site a page belongs to, for templates."""
    host = host_of(page.url)
    if host:
        host = host.rstrip(".")
        return host[4:] if host.startswith("www.") else host  # www.example.com = example.com
    container = page.meta.get("container")
    if container:
        return f"file:{_local(container)}"
    return f"dir:{_local(os.path.dirname(page.source) or '.')}"


def _local(path: str) -> str:
    """A local path made absolute (learnt from crawl/, used on /data/crawl/a.jsonl);
    URLs and stdin as they are."""
    if "://" in path or path == "-":
        return path
    return os.path.realpath(path)


@dataclass
class _Site:
    pages: int = 0
    counts: Counter = field(default_factory=Counter)
    prose: set = field(default_factory=set)


def page_keys(page: Page) -> set[tuple[str, bool]]:
    """The distinct blocks of a (normalised) page as (key, is prose) pairs."""
    out: dict[str, bool] = {}
    for block in page.blocks:
        key = block_key(block.text)
        if key is not None and key not in out:
            out[key] = is_prose(block.text)
    return set(out.items())


def is_template(count: int, pages: int, prose: bool) -> bool:
    """Whether a block found on ``count`` of a site's ``pages`` pages is template."""
    if prose:
        return count >= PROSE_MIN_PAGES and count >= pages * PROSE_SHARE
    return count >= MIN_PAGES and count >= pages * MIN_SHARE


class Learner:
    """Counts blocks per site over many pages (see the module docstring)."""

    def __init__(self, sample: int = SAMPLE_PAGES) -> None:
        self.sample = sample
        self.sites: dict[str, _Site] = {}

    def add(self, page: Page) -> None:
        site = self.sites.setdefault(site_of(page), _Site())
        if site.pages >= self.sample:
            return
        site.pages += 1
        for key, prose in page_keys(page):
            site.counts[key] += 1
            if prose:
                site.prose.add(key)
        if len(site.counts) > MAX_KEYS:
            for key in [k for k, n in site.counts.items() if n == 1]:
                del site.counts[key]
                site.prose.discard(key)

    def profile(self) -> "Profile":
        sites = []
        for name, site in sorted(self.sites.items()):
            keep = frozenset(key for key, n in site.counts.items()
                             if is_template(n, site.pages, key in site.prose))
            if keep:
                sites.append((name, site.pages, keep))
        return Profile(tuple(sites))


@dataclass(frozen=True)
class Profile:
    """Learnt templates: per site, how many pages were seen and the blocks that are
    template chrome. Immutable and picklable (it travels inside the Config)."""

    sites: tuple[tuple[str, int, frozenset[str]], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {name: keys for name, _, keys in self.sites})

    def keys_for(self, page: Page) -> frozenset[str]:
        return self._index.get(site_of(page), frozenset())

    def __len__(self) -> int:
        return len(self.sites)

    def to_json(self) -> str:
        return json.dumps({"newsclean_templates": FORMAT_VERSION,
                           "sites": {name: {"pages": pages, "blocks": sorted(keys)}
                                     for name, pages, keys in self.sites}}, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str, name: str = "template profile") -> "Profile":
        try:
            data = json.loads(text)
            if data.get("newsclean_templates") != FORMAT_VERSION:
                raise ValueError(f"not a version {FORMAT_VERSION} newsclean template profile")
            sites = tuple((site, int(v["pages"]), frozenset(map(str, v["blocks"])))
                          for site, v in sorted(data["sites"].items()))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{name}: not a template profile ({exc})") from None
        return cls(sites)

    @classmethod
    def load(cls, path: str) -> "Profile":
        try:
            with open(path, encoding="utf-8") as fh:
                return cls.from_json(fh.read(), path)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def learn(paths: list[str], *, fields=None, sample: int = SAMPLE_PAGES,
          on_error=None, max_page: int | None = None) -> Profile:
    """Learn a profile from inputs (any kind ``clean`` reads), listed once each as
    :func:`newsclean.batch.expand_inputs` lists them. Records and inputs that cannot be
    read are passed to ``on_error(message)`` and left out."""
    from .readers import MAX_PAGE_BYTES, Fields, iter_records, page_from_record
    from .stages import normalize

    max_page = MAX_PAGE_BYTES if max_page is None else max_page
    learner = Learner(sample)
    for path in paths:
        started, count = time.perf_counter(), 0
        try:
            for record in iter_records(path, fields=fields or Fields(), max_page=max_page):
                if record.content is None:
                    continue
                try:
                    pages, _ = page_from_record(record)
                except InputError as exc:
                    if on_error:
                        on_error(str(exc))
                    continue
                for page in pages:
                    normalize.run(page, None)
                    learner.add(page)
                    count += 1
        except InputError as exc:
            if on_error:
                on_error(str(exc))
        log.info("%s: %s page%s read in %.3f s", path, f"{count:,}", "" if count == 1 else "s",
                 time.perf_counter() - started)
    return learner.profile()
