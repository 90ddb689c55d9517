"""Pipeline: the ordered stages, the run configuration and the trace.

>>> from newsclean import Pipeline
>>> docs = Pipeline().clean_text("Title\\n\\nSome body text …", source="page.txt")
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from .config import FileConfig, SiteRules, site_rules_for
from .errors import ConfigError
from .model import Document, Page
from .stages import DEFAULT_PIPELINE, STAGES
from .stages.assemble import assemble
from .textutil import detect_lang, forget_page, lang_borne_out

#: A language as stages read it: an ISO 639 code ("en", "de", "fil").
LANG_CODE_RE = re.compile(r"[a-z]{2,3}")

#: Default for ``--min-words``: shorter documents are chrome fragments, not stories.
DEFAULT_MIN_WORDS = 25


@dataclass(frozen=True)
class Config:
    """Everything that changes how a page is cleaned. Change it with ``dataclasses.replace``.

    ``skip`` names stages not to run; ``split`` lets the stories stage cut a page into
    several documents; ``keep_captions`` leaves captions in ``text`` (once each, where
    first seen); stories with fewer than ``min_words`` words are no documents, but for
    a page's longest story when no story reaches it, if that one has a headline and
    35% of those words (a news brief).
    ``chrome_phrases``/``caption_patterns`` add rules for every page, ``sites`` for the
    pages of one host (see :mod:`newsclean.config`).
    """

    skip: frozenset[str] = field(default_factory=frozenset)
    split: bool = True
    keep_captions: bool = False
    min_words: int = DEFAULT_MIN_WORDS
    #: Extra whole-line chrome phrases (lower case) and caption regexes for every page.
    chrome_phrases: frozenset[str] = field(default_factory=frozenset)
    caption_patterns: tuple[str, ...] = ()
    #: CSS selectors whose elements are chrome on HTML pages.
    drop_selectors: tuple[str, ...] = ()
    #: Per-site rules: (host, SiteRules) pairs, applied to pages whose URL matches.
    sites: tuple[tuple[str, SiteRules], ...] = ()
    #: Learnt site templates (newsclean.templates.Profile), for the template stage.
    templates: Any = None

    def __post_init__(self) -> None:
        unknown = sorted(set(self.skip) - set(STAGES))
        if unknown:
            raise ConfigError(
                f"unknown stage {', '.join(map(repr, unknown))}; "
                f"stages are: {', '.join(DEFAULT_PIPELINE)}"
            )
        if self.min_words < 0:
            raise ConfigError("min_words must be 0 or more")

    def with_skip(self, names: Iterable[str]) -> "Config":
        return replace(self, skip=frozenset(self.skip) | frozenset(names))

    def with_file(self, file: FileConfig) -> "Config":
        """This config plus a configuration file's rules and site tables."""
        return replace(
            self,
            chrome_phrases=self.chrome_phrases | file.rules.chrome_phrases,
            caption_patterns=self.caption_patterns + file.rules.caption_patterns,
            sites=self.sites + file.sites,
        )

    def for_url(self, url: str | None) -> "Config":
        """The config for one page: the site tables matching its URL merged in."""
        matching = site_rules_for(self.sites, url) if self.sites else []
        if not matching:
            return self
        return replace(
            self,
            skip=frozenset(self.skip).union(*(m.skip for m in matching)),
            chrome_phrases=self.chrome_phrases.union(*(m.chrome_phrases for m in matching)),
            caption_patterns=self.caption_patterns + tuple(p for m in matching for p in m.caption_patterns),
            drop_selectors=self.drop_selectors + tuple(s for m in matching for s in m.drop_selectors),
        )


class Pipeline:
    """Runs the stages in ``DEFAULT_PIPELINE`` order (minus ``config.skip``) on a page.

    A Pipeline holds no per-page state, so one instance can clean any number of pages
    and can be pickled to worker processes.
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.stage_names = tuple(n for n in DEFAULT_PIPELINE if n not in self.config.skip)

    def label(self, page: Page) -> Page:
        """Run every stage on ``page`` (in place) and return it: the trace ``explain`` shows."""
        forget_page()  # what the last page's texts were is no help for this one
        config = self.config.for_url(page.url)
        if page.lang is not None and not LANG_CODE_RE.fullmatch(page.lang):
            page.lang = None  # "en111…" or a path from a page's <html lang>: no language
        if page.lang is not None and not lang_borne_out((b.text for b in page.blocks), page.lang):
            page.lang = None  # a template's default (lang="en" on a Bengali page): guessed
        if page.lang is None:
            page.lang = detect_lang(b.text for b in page.blocks)
        page.meta["stages"] = [n for n in self.stage_names if n not in config.skip]
        for name in page.meta["stages"]:
            STAGES[name](page, config)
        return page

    def run(self, page: Page) -> list[Document]:
        """Label ``page`` and assemble its documents."""
        try:
            return assemble(self.label(page), self.config.for_url(page.url))
        finally:
            forget_page()  # the page's memo goes with the page

    def clean_text(self, text: str, source: str = "-", url: str | None = None) -> list[Document]:
        """Clean a whole-page text dump given as a string."""
        from .readers.text import pages_from_text

        return [doc for page in pages_from_text(text, source=source, url=url) for doc in self.run(page)]
