"""Loading of the rule data files that live beside this module (see README.md here)."""
from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def available(folder: str) -> list[str]:
    """Languages with a data file in ``folder`` (``"chrome"``, ``"stopwords"``)."""
    base = resources.files(__name__).joinpath(folder)
    return sorted(p.name[:-4] for p in base.iterdir() if p.name.endswith(".txt") and p.name != "lists.txt")


def stopwords(lang: str) -> frozenset[str]:
    """Function words of ``lang`` (empty set for a language without a list). ``lang``
    comes from the page (``<html lang>``): only the names of the shipped lists are
    looked up, so it names no other file and grows no cache."""
    return _stopwords(lang) if lang in _stopword_langs() else frozenset()


@cache
def _stopword_langs() -> frozenset[str]:
    return frozenset(available("stopwords"))


@cache
def _stopwords(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for ln in _lines(f"stopwords/{lang}.txt") for w in ln.split())


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
    return _alternation(tuple(_lines("chrome_patterns.txt")))


@lru_cache(maxsize=1024)
def chrome_pattern_for(first: str) -> re.Pattern[str]:
    """The chrome patterns a line whose first character is ``first`` (see first_key)
    can match in full, as one alternation. A whole-line match tries every
    alternative at the line's start, and with IGNORECASE the regex engine cannot
    skip one by its first character: asking only those that can start with it
    (first_chars) costs a fraction of asking all, for the same answer."""
    return _alternation(tuple(p for p, starts in _chrome_pattern_starts()
                              if starts is None or first in starts))


def first_key(line: str) -> str:
    """How a line's first character is looked up in chrome_pattern_for: case-folded,
    and every decimal digit as "0" (what ``\\d`` matches)."""
    ch = line[:1]
    return "0" if ch.isdecimal() else ch.casefold()[:1]


@cache
def _chrome_pattern_starts() -> tuple[tuple[str, frozenset[str] | None], ...]:
    """Each chrome pattern with the case-folded characters a match can start with
    (None: any)."""
    return tuple((p, first_chars(p)) for p in _lines("chrome_patterns.txt"))


@cache
def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.IGNORECASE)


#: Character classes larger than this are taken as "any first character".
_MAX_CLASS = 256


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters, case-folded, that a match of ``pattern`` (IGNORECASE) can start
    with, or None when that is not known: any character, or a pattern that matches
    the empty string. Read off the parse tree of Python's own regex parser; a
    pattern it cannot read is taken as able to start with anything."""
    try:
        from re import _constants, _parser

        chars, empty = _starts(list(_parser.parse(pattern, re.IGNORECASE)), _constants)
    except Exception:  # another Python's parser: no shortcut, same result
        return None
    return None if chars is None or empty else frozenset(chars)


def _starts(items: list, c) -> tuple[set[str] | None, bool]:
    """(first characters or None for any, whether it can match nothing) of a sequence
    of parsed regex items."""
    out: set[str] = set()
    for op, av in items:
        if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
            continue  # zero width: the next item holds the first character
        if op is c.LITERAL:
            first, empty = _folded(chr(av)), False
        elif op is c.IN:
            first, empty = _class(av, c), False
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            first, empty = {"0"}, False
        elif op is c.SUBPATTERN:
            first, empty = _starts(list(av[-1]), c)
        elif op is c.BRANCH:
            first, empty = set(), False
            for alt in av[1]:
                f, e = _starts(list(alt), c)
                if f is None:
                    return None, False
                first |= f
                empty = empty or e
        elif op is c.MAX_REPEAT or op is c.MIN_REPEAT:
            lo, _, sub = av
            first, empty = _starts(list(sub), c)
            empty = empty or lo == 0
        else:  # any character, a category but \d, a back reference…
            return None, False
        if first is None:
            return None, False
        out |= first
        if not empty:
            return out, False
    return out, True


def _class(items: list, c) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out |= _folded(chr(av))
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            out.add("0")
        elif op is c.RANGE and av[1] - av[0] < _MAX_CLASS:
            for code in range(av[0], av[1] + 1):
                out |= _folded(chr(code))
        else:  # a negated class, a category, a wide range
            return None
    return out


def _folded(ch: str) -> set[str]:
    """The keys (first_key) of the characters IGNORECASE matches to ``ch``."""
    return {first_key(ch), first_key(ch.lower()), first_key(ch.upper())}


@cache
def caption_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Caption regexes by kind: ``credit``, ``prefix``, ``whole``, ``hint``, ``describe``."""
    out: dict[str, list[re.Pattern[str]]] = {"credit": [], "prefix": [], "whole": [], "hint": [],
                                             "describe": []}
    for ln in _lines("captions.txt"):
        kind, _, rx = ln.partition("\t")
        out[kind].append(re.compile(rx))
    return {k: tuple(v) for k, v in out.items()}


@cache
def bylines() -> tuple[tuple[str, ...], frozenset[str]]:
    """(byline leads, longest first; author role words), from bylines.txt."""
    leads = [value.lower() for kind, value in _byline_entries() if kind == "lead"]
    roles = {w for kind, value in _byline_entries() if kind == "role" for w in value.lower().split()}
    return tuple(sorted(leads, key=len, reverse=True)), frozenset(roles)


@cache
def credentials() -> frozenset[str]:
    """Degrees and licences printed after a name ("MS", "RDN", "PhD"), lower case and
    without dots, from bylines.txt."""
    return frozenset(w for kind, value in _byline_entries() if kind == "credential" for w in value.lower().split())


@cache
def placeholder_names() -> frozenset[str]:
    """What CMSs write in an author field that names nobody ("null", "unknown",
    "Anonymous"), lower case, from bylines.txt."""
    return frozenset(w for kind, value in _byline_entries() if kind == "placeholder" for w in value.lower().split())


@cache
def name_joiners() -> dict[str, tuple[str, ...]]:
    """The word(s) for "and" between two names, by language ("de": ("und",)), from
    bylines.txt."""
    out: dict[str, list[str]] = {}
    for kind, value in _byline_entries():
        if kind == "and":
            lang, *joiners = value.split()
            out.setdefault(lang, []).extend(joiners)
    return {lang: tuple(ws) for lang, ws in out.items()}


@cache
def _byline_entries() -> tuple[tuple[str, str], ...]:
    """(kind, value) of each line of bylines.txt."""
    out = []
    for ln in _lines("bylines.txt"):
        kind, _, value = ln.partition("\t")
        out.append((kind, value.strip()))
    return tuple(out)


@cache
def agencies() -> tuple[str, ...]:
    return tuple(_lines("agencies.txt"))


@cache
def comment_pattern() -> re.Pattern[str]:
    """Blocks where a readers' comment section starts, as one alternation: one match
    call per block, not one per pattern."""
    return _alternation(tuple(_lines("comments.txt")))


@cache
def dateline_non_places() -> frozenset[str]:
    """Capitalised openers that look like a dateline place but are labels ("FILE -")."""
    return frozenset(w.upper() for w in _lines("dateline_non_places.txt"))


@cache
def html_tokens() -> tuple[frozenset[str], frozenset[str]]:
    """(boilerplate, content) class/id tokens for HTML containers."""
    return frozenset(_lines("html_boilerplate.txt")), frozenset(_lines("html_content.txt"))
