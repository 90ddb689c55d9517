"""Loading of the rule data files that live beside this module (see README.md here)."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def available(folder: str) -> list[str]:
    """Languages with a data file in ``folder`` (``"chrome"``, ``"stopwords"``)."""
    base = resources.files(__name__).joinpath(folder)
    return sorted(p.name[:-4] for p in base.iterdir() if p.name.endswith(".txt") and p.name != "lists.txt")


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Function words of ``lang`` (empty set for a language without a list)."""
    try:
        return frozenset(w.lower() for ln in _lines(f"stopwords/{lang}.txt") for w in ln.split())
    except FileNotFoundError:
        return frozenset()


@cache
def chrome_phrases() -> frozenset[str]:
    """Whole-line chrome phrases of every language (a menu line is chrome in any)."""
    return frozenset(p.lower() for lang in available("chrome") for p in _lines(f"chrome/{lang}.txt"))


@cache
def list_headings() -> tuple[frozenset[str], tuple[str, ...]]:
    """Teaser-list headings: (exact phrases, prefixes from entries ending in ``*``)."""
    exact, prefixes = set(), []
    for entry in _lines("chrome/lists.txt"):
        entry = entry.lower()
        if entry.endswith("*"):
            prefixes.append(entry[:-1].strip())
        else:
            exact.add(entry)
    return frozenset(exact), tuple(prefixes)


@cache
def chrome_pattern() -> re.Pattern[str]:
    """All chrome patterns as one alternation: one match call per block, not one per
    pattern."""
    return re.compile("|".join(f"(?:{p})" for p in _lines("chrome_patterns.txt")), re.IGNORECASE)


@cache
def caption_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Caption regexes by kind: ``credit``, ``prefix``, ``whole``."""
    out: dict[str, list[re.Pattern[str]]] = {"credit": [], "prefix": [], "whole": []}
    for ln in _lines("captions.txt"):
        kind, _, rx = ln.partition("\t")
        out[kind].append(re.compile(rx))
    return {k: tuple(v) for k, v in out.items()}


@cache
def agencies() -> tuple[str, ...]:
    return tuple(_lines("agencies.txt"))


@cache
def comment_patterns() -> tuple[re.Pattern[str], ...]:
    """Blocks where a readers' comment section starts."""
    return tuple(re.compile(p, re.IGNORECASE) for p in _lines("comments.txt"))


@cache
def dateline_non_places() -> frozenset[str]:
    """Capitalised openers that look like a dateline place but are labels ("FILE -")."""
    return frozenset(w.upper() for w in _lines("dateline_non_places.txt"))


@cache
def html_tokens() -> tuple[frozenset[str], frozenset[str]]:
    """(boilerplate, content) class/id tokens for HTML containers."""
    return frozenset(_lines("html_boilerplate.txt")), frozenset(_lines("html_content.txt"))
