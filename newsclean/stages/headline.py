"""headline: story heads — the headline and its repeats, section labels, date lines and
bylines — read as structure.

A *head* is the short run of lines above a story's first paragraph: a headline printed
one to three times, section labels around it ("Nation", "Climate"), a date line, a
byline — any subset, in any order. Heads are found bottom-up, from each stretch of such
lines that stands right before story text (see :func:`_read_head`); a head needs
evidence beyond one line of words (a date line, a byline, or the headline printed
twice), so a subhead inside a story is no head. Rules, each a reason in the trace:

* ``headline:date-line`` — a block that is (mostly) a date: "2025-09-05 09:25 Last
  Updated At:09:30", "Nov. 19, 2019 8:03 am ET", "Created 2019-02-14 · Modified
  2019-02-14", or a relative one ("8 mins ago", "Yesterday": a date line without a
  date; ``headline:relative-date`` when the chrome stage had taken it for a counter).
  The parsed dates go to ``block.data`` for assemble.
* ``headline:byline`` — "By JANE DOE and JOHN ROE", "Words by Jane Doe", "By Jane Doe •
  Data Reporter", "Author: Jane Doe", "Von Max Muster" (lead words and author roles
  are data: rules/bylines.txt); inside a head also without a lead word: "JANE DOE AND
  JOHN ROE", "Jane Doe | Reuters", "Jane Doe, Associated Press".
* ``headline:repeated`` — a head's headline printed more than once: the first copy is
  the title, the later ones ``headline:repeated-copy`` duplicates.
* ``headline:above-date`` / ``headline:above-byline`` — a head's headline printed once,
  above its date line or byline.
* ``headline:section-label`` — a short line (three words at most, no sentence) inside a
  head or right above it: a section or edition label, not story text.

The head's first block carries ``data["head"]``, the kinds of evidence it holds
("title", "repeat", "date", "byline"), for the stories stage, which weighs heads
against the end of the story before them.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from .. import rules
from ..dates import DATE_LINE_MAX_CHARS, find_dates, is_relative_date, parse_date_line
from ..model import (
    Block, Page, Role, CHROME, DATE, BYLINE, TITLE, CAPTION, CREDIT, DUPLICATE)
from ..textutil import (CLOSERS, dateline_of, ends_sentence, is_credit_line, norm_key, nwords, per_page,
                        stopword_density)


def name_split_re(lang: str | None = None) -> re.Pattern[str]:
    """Name separators in a byline: "Jane Doe, John Roe and Ann Poe", "X und Y", "X
    et Y". The word for "and" is the page language's, and English "and"; every
    language's when ``lang`` is not known (rules/bylines.txt). A one-letter word
    separates in lower case only: "JOHN A SMITH" is one name."""
    return _name_split_re(lang if lang in rules.name_joiners() else None)


@cache
def _name_split_re(lang: str | None = None) -> re.Pattern[str]:
    """name_split_re for a language with a word in rules/bylines.txt, or None.

    Split at: the white space before a separator is taken from where it starts, and
    read once (as SEPARATOR_RE in chrome.py); "\\s*" from each space of a run read the
    rest again."""
    long_words, short_words = _joiner_words(lang)
    long = "|".join(sorted((re.escape(w) for w in long_words), key=len, reverse=True))
    short = "".join(sorted(re.escape(w) for w in short_words))
    alts = [",", ";", "&", rf"(?i:\b(?:{long})\b)"] + ([rf"\b[{short}]\b"] if short else [])
    return re.compile(r"(?:(?<!\s)\s++)?(?:%s)\s*+" % "|".join(alts))


@cache
def _joiner_words(lang: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The words for "and" _name_split_re separates names at, for a language with a
    word in rules/bylines.txt (or None: every language's): (those of two letters or
    more, read in any case; those of one letter, in lower case only)."""
    joiners = rules.name_joiners()
    joined = set(joiners[lang]) | {"and"} if lang else {w for ws in joiners.values() for w in ws}
    return frozenset(w for w in joined if len(w) > 1), frozenset(w for w in joined if len(w) == 1)


def _one_name_part(text: str, lang: str | None) -> bool:
    """True when name_split_re(lang) cannot split ``text`` (most lines asked about):
    ASCII with no ",", ";" or "&", and each piece between spaces letters and digits
    only (the one word the pattern's "\\b…\\b" can see in it, "_" aside) that is no
    word for "and". In C but for the call: the pattern tries its alternatives at
    every character (3 us for a line of 60)."""
    if not text.isascii() or "," in text or ";" in text or "&" in text:
        return False
    toks = text.split()
    long_words, short_words = _joiner_words(lang if lang in rules.name_joiners() else None)
    return (all(map(str.isalnum, toks)) and short_words.isdisjoint(toks)
            and long_words.isdisjoint(map(str.lower, toks)))


# Where the names of a byline end and the authors' role or outlet begins: "By Jane Doe
# • Data Reporter", "Jane Doe | Reuters", "By Jane Doe for The Gazette", "Jane Doe
# (AP)", "Jane Doe - Staff". Must not cut a hyphenated name ("Jean-Pierre"): dashes
# count with spaces around them only.
# Searched: it starts where white space starts, never inside a run of it (where the
# leftmost match never starts), and reads each run once (possessive).
BYLINE_TAIL_RE = re.compile(r"(?<!\s)(?:\s++[•|·/—–]\s*+|\s++-\s++|\s++for\s++(?=[A-Z])|\s*+\()")
# Words after a name that are its outlet, not a name: "Jane Doe, Reuters".
NOT_NAME_WORDS = frozenset(
    "reuters ap afp dpa associated press the times post news journal herald tribune "
    "bloomberg cnn bbc efe staff".split()
)
# What a byline without a lead word needs besides capitals: a separator before an
# outlet or role ("Jane Doe | Reuters", "Jane Doe, Staff Writer", "Jane Doe -
# Correspondent"), or an agency's name at the end ("Tom Davies Associated Press";
# _trailing_agency tells which). A cheap test before the names are read.
BARE_HINT_RE = re.compile(r"[,|•·/—–(]| - ")
# Characters no name holds: "WHO IS THE FRONT-RUNNER?" in capitals is a subhead.
NOT_NAME_CHAR_RE = re.compile(r"[?!:;\"“”()\[\]#@]")
#: Name particles printed in lower case: "Ana de la Cruz", "Ludwig van Beethoven".
NAME_PARTICLES = frozenset("de van von da del la le der den du dos das di bin al".split())
#: A byline has at most this many words; a name at most NAME_MAX_WORDS.
BYLINE_MAX_WORDS = 16
NAME_MAX_WORDS = 4

#: A headline has at least this many words and at most ``HEADLINE_MAX_WORDS``.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
#: A repeated headline has at least this many words ("16 hours ago" is no headline).
REPEAT_MIN_WORDS = 3
#: How many blocks above a date line/byline the headline may stand.
HEADER_REACH = 6
#: A section label has at most this many words ("Nation", "Real Estate").
LABEL_MAX_WORDS = 3
#: A head holds at most this many lines (labels and copies included).
HEAD_MAX_LINES = 10
#: Story text must follow a head within this many blocks (captions and chrome not
#: counted): a headline and date with no text under them are a teaser.
HEAD_TEXT_REACH = 3
#: ... and this many paragraphs of it before the next date line or byline, each
#: within STORY_TEXT_REACH blocks of the one before (subheads, a carousel between).
STORY_PARAGRAPHS = 2
STORY_TEXT_REACH = 12


def headline_shaped(block: Block) -> bool:
    """A one-line block of 3–30 words not ending in a full stop (?, ! and quotes allowed),
    with no handle or link in it ("Tweets by @site" is no headline); on an HTML page,
    an <h1>…<h6>."""
    text = block.text
    if "\n" in text or "@" in text or "http" in text or "www." in text:
        return False
    if block.dom is not None and block.dom.heading_level is None:
        return False  # on an HTML page a headline is a heading element
    n = nwords(text)
    if not HEADLINE_MIN_WORDS <= n <= HEADLINE_MAX_WORDS:
        return False
    stripped = text.rstrip(CLOSERS + " ")
    # "…" ends a teaser's blurb cut short, not a headline.
    return not stripped.endswith((".", ":", ";", ",", "…"))


def _is_prose(block: Block, lang: str | None) -> bool:
    """A paragraph of sentences: 15+ words, a sentence end, the language's function
    words (a table row "DL Jane Roe 63 85% 1 tackle." has none)."""
    text = block.text.rstrip(CLOSERS + " ")
    return (nwords(block.text) >= 15 and text.endswith((".", "!", "?"))
            and (lang is None or stopword_density(block.text, lang) >= 0.1))


def _prose_follows(blocks: list[Block], i: int, lang: str | None) -> bool:
    """A headline is followed, within HEADER_REACH blocks, by its story's prose."""
    for b in blocks[i + 1:i + 1 + HEADER_REACH]:
        if b.role is None and _is_prose(b, lang):
            return True
    return False


# ------------------------------------------------------------------------- bylines

@cache
def _byline_lead_re() -> re.Pattern[str]:
    """A byline's lead words ("By", "Words by", "Author:"), from rules/bylines.txt."""
    leads, _ = rules.bylines()
    alts = []
    for lead in leads:
        if lead.endswith(":"):
            alts.append(re.escape(lead[:-1]).replace(r"\ ", r"\s+") + r"\s*:\s*")
        else:
            alts.append(re.escape(lead).replace(r"\ ", r"\s+") + r"\s*:?\s+")
    return re.compile(r"^(?:%s)(?=\S)" % "|".join(alts), re.IGNORECASE)


def parse_byline(text: str, *, bare: bool = False) -> list[str] | None:
    """Authors of a byline block, or None if the block is no byline.

    With ``bare``, a byline without a lead word is read too (as inside a story's head):
    names in capitals ("JANE DOE AND JOHN ROE"), or names before an outlet or role
    ("Jane Doe | Reuters", "Jane Doe, Associated Press").

    >>> parse_byline("By JANE DOE and JOHN ROE")
    ['Jane Doe', 'John Roe']
    >>> parse_byline("By Jane Doe • Data Reporter")
    ['Jane Doe']
    """
    if not bare and norm_key(text).partition(" ")[0] not in _lead_words():
        # Most lines: no lead word, and no bare byline asked for. Told by the text's
        # first word in its key, which the page remembers: a lead word ("By", "By:")
        # is letters, lower-cased ASCII, so a text opening with one has it as the
        # first word of its key too.
        return None
    text = text.strip()
    if not bare:
        first = text.split(None, 1)
        if not first or first[0].lower().rstrip(":") not in _lead_words():
            return None
    authors = _parse_byline(text, bare)
    return None if authors is None else list(authors)


def _is_bare_byline(text: str) -> bool:
    """``parse_byline(text, bare=True) is not None``, without the list it returns: with
    ``bare`` it asks _parse_byline of the stripped text and nothing else."""
    return _parse_byline(text.strip(), True) is not None


@per_page
def _parse_byline(text: str, bare: bool) -> tuple[str, ...] | None:
    """parse_byline on a stripped text, remembered for the page: heads, captions and labels ask about
    the same short lines (a tuple, so the answer can be shared)."""
    if not text or "\n" in text or not text[0].isalpha():
        return None
    # Cheap tests first: most lines open with no lead word, and a bare byline needs
    # capitals, a separator or an agency at the end.
    first = text.split(None, 1)[0].lower().rstrip(":")
    lead = first in _lead_words()
    if not (lead or (bare and _bare_hint(text))):
        return None
    if nwords(text) > BYLINE_MAX_WORDS or is_credit_line(text):
        return None
    m = _byline_lead_re().match(text) if lead else None
    if m:
        names = text[m.end():]
    elif bare and text[0].isupper():
        names = text
    else:
        return None
    tail = BYLINE_TAIL_RE.search(names)
    outlet = ""
    if tail:
        names, outlet = names[: tail.start()], names[tail.end():]
    if not m and len(names.split()) < 2:
        return None  # a bare byline names someone by two words at least ("Home | News")
    authors, dropped = _names(names)
    if tail and tail.group().strip() != "for" and _names(outlet)[1]:
        # "Jane Doe - Correspondent": a role after the names. ("Jane Doe for The
        # Gazette" without a lead word is no byline: "Council Pushes for Tax Cuts".)
        dropped = True
    if not authors:
        # "By JERUSALEM POST STAFF": a byline that names no author (the publisher's
        # staff); it is a byline all the same when a lead word opens it.
        return () if m and dropped else None
    if not m:
        # A bare byline must say so by its shape: names in capitals, or an outlet or
        # role after them ("| Reuters", ", Staff Writer").
        shaped = names.isupper() and any(len(a.split()) >= 2 for a in authors)
        if not (shaped or dropped or _is_outlet(outlet)):
            return None
        if any(len(a.split()) < 2 for a in authors):
            return None
    if len(authors) > 1 and any(len(a.split()) > 1 for a in authors):
        # "Von Jane Doe, Berlin": beside a full name, a word alone is the place the
        # author writes from (or a degree), not a second author.
        authors = [a for a in authors if len(a.split()) > 1]
    return tuple(authors)


@cache
def _lead_words() -> frozenset[str]:
    """The first words of the byline leads ("by", "words", "author"), lower case."""
    leads, _ = rules.bylines()
    return frozenset(lead.split()[0].rstrip(":") for lead in leads)


@cache
def _agency_names() -> frozenset[str]:
    """The agencies' names, lower case."""
    return frozenset(a.lower() for a in rules.agencies())


@cache
def _agency_tails() -> frozenset[str]:
    """The last words of the agencies' names, lower case ("press", "reuters")."""
    return frozenset(a.split()[-1].lower() for a in rules.agencies() if len(a) >= 3)


@cache
def _not_name_words() -> frozenset[str]:
    """Function words that no name holds ("the", "is"), name particles aside."""
    return rules.stopwords("en") - NAME_PARTICLES


@cache
def _agency_keys() -> dict[int, frozenset[str]]:
    """Agencies of three letters or more, lower case, by their number of words."""
    out: dict[int, set[str]] = {}
    for agency in rules.agencies():
        if len(agency) >= 3:
            out.setdefault(len(agency.split()), set()).add(agency.lower())
    return {n: frozenset(v) for n, v in out.items()}


def _names(text: str, lang: str | None = None, strict: bool = True) -> tuple[list[str] | None, bool]:
    """(the names in a byline's name part, whether a part was an outlet or role); the
    names are None when a part is no name (a word in lower case, a digit, five
    words). A degree after a name ("Jane Doe, MS, RDN") is left out, but is no
    outlet: "Kansas City, MO" is not a bare byline by it. ``lang``: the page's
    language, whose word for "and" separates names (name_split_re). Not ``strict``
    (the markup's author fields, which are names), a function word capitalised is a
    name's: "Will Knight"."""
    _, roles = rules.bylines()
    stop = _not_name_words()
    names, dropped = [], False
    for part in [text] if _one_name_part(text, lang) else name_split_re(lang).split(text):
        part = part.strip(" |-–—:").lstrip(".")
        if part.endswith(".") and len(part.split()[-1]) > 3:
            part = part.rstrip(".")  # a full stop, not an initial's or "Jr."'s
        toks = part.split()
        if not toks:
            continue
        if names and len(toks) == 1 and part.replace(".", "").lower() in rules.credentials():
            continue
        agency = _trailing_agency(part)
        if agency:
            # "Tom Davies Associated Press": the outlet printed after the name.
            part, dropped = part[: -len(agency)].strip(" ,"), True
            toks = part.split()
            if not toks:
                continue
        low = [t.lower().strip(".,") for t in toks]
        # (Set methods and map: the loops over the words and characters run in C.)
        if NOT_NAME_WORDS.issuperset(low) or not roles.isdisjoint(low) or _is_outlet(part) or _is_host(part):
            dropped = True
            continue
        # A capital alone is an initial ("JOHN A SMITH"), not the word "a".
        if (len(toks) > NAME_MAX_WORDS or NOT_NAME_CHAR_RE.search(part)
                or (strict and not stop.isdisjoint(low)
                    and any(t in stop and not (len(tok) == 1 and tok.isupper()) for t, tok in zip(low, toks)))):
            return None, dropped
        if not all(t[:1].isupper() or t.lower() in NAME_PARTICLES for t in toks):
            return None, dropped
        if not any(map(str.isalpha, part)) or any(map(str.isdigit, part)):
            return None, dropped
        names.append(_name_case(part))
    return names, dropped


def _is_host(part: str) -> bool:
    """A web site's host name printed as an outlet ("Cleveland.com", "www.dw.com"):
    one word with a dot, ending in letters."""
    if " " in part or "." not in part.strip("."):
        return False
    tld = part.rstrip("/").rsplit(".", 1)[1]
    return len(tld) >= 2 and tld.isascii() and tld.isalpha() and tld.islower()


def _trailing_agency(part: str) -> str | None:
    """The news agency a name part ends with, as printed ("… Associated Press")."""
    toks = part.split()
    if not toks or toks[-1].lower() not in _agency_key_tails():
        return None  # most parts: the last word ends no agency's name
    for n, keys in _agency_keys().items():
        if len(toks) > n and " ".join(toks[-n:]).lower() in keys:
            return " ".join(toks[-n:])
    return None


@cache
def _agency_key_tails() -> frozenset[str]:
    """The last words of _agency_keys (a part ending in one of them can end in an
    agency's name: the last word of its lower-cased words joined)."""
    return frozenset(k.rsplit(" ", 1)[-1] for keys in _agency_keys().values() for k in keys)


def _is_outlet(text: str) -> bool:
    """A news agency or outlet named after a byline's names ("Reuters", "The AP")."""
    t = text.strip(" .,()")
    if not t:
        return False
    low = t.lower()
    return low in _agency_names() or NOT_NAME_WORDS.issuperset(low.split())


# The first letter of a name part: at the start, after a space, hyphen or apostrophe
# ("JEAN-PIERRE O'NEIL" → "Jean-Pierre O'Neil").
NAME_PART_RE = re.compile(r"(^|[\s'’-])(\w)(\w*)")
# Scottish and Irish "Mc" names keep the capital after the prefix: "MCDONALD" → "McDonald".
MC_RE = re.compile(r"\bMc(\w)")


# An e-mail address given as an author or beside one: "d.doe@example.de", "Jane Doe
# <jane@example.com>". Starts only where a run of its characters starts, and reads
# each run once (possessive); must not take "@jdoe", a handle (HANDLE_RE).
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
# A social media handle printed as or beside a name: "@jdoe", "Jane Doe (@jdoe)".
HANDLE_RE = re.compile(r"(?<![\w@])@\w++")
# Brackets left empty once an address or handle is taken out: "Jane Doe <>", "()".
EMPTY_BRACKETS_RE = re.compile(r"[<(\[]\s*+[>)\]]")


def markup_authors(values: list[str], *, is_site=None, lang: str | None = None) -> list[str]:
    """The authors a page's markup names (JSON-LD ``author``, ``<meta name=author>``),
    each value read as a byline with its lead word implied, so that it says what a
    printed byline would: "By MEG KINNARD and ERRIN HAINES, Associated Press" → Meg
    Kinnard, Errin Haines; "Jane Doe, MS, RDN" → Jane Doe; "Max Muster und Eva
    Beispiel, dpa" → both names. An e-mail address, a handle or a link is no name
    ("Jane Doe <jane@example.com>" → Jane Doe); a name ``is_site`` takes for the
    site's (the publisher named as the author) is left out, and so is the site's
    part of a value ("Site - Jane Doe"). Beside other names, or printed in capitals,
    a name of one word is a place, a degree or an acronym ("Jane Doe, London",
    "NDR"); alone it is a pen name ("Kay", "kei_eno") and stays.

    A value whose names the byline tests do not all pass (a word in lower case, a
    digit, five words: "Harbour Media GmbH, Port Ellis") gives none, as a byline
    would: the text's byline, if any, is asked instead.

    >>> markup_authors(["Jane Doe | Harbour Media for HARBOUR.com", "jane@example.com"])
    ['Jane Doe']
    """
    out: dict[str, None] = {}  # names in order, each once (a set's lookup: a page may list thousands)
    nobody = rules.placeholder_names()
    for value in values:
        for name in _markup_names(value, lang, is_site):
            if (name not in out and sum(map(str.isalpha, name)) >= 2 and name.casefold() not in nobody
                    and not (is_site and is_site(name))):
                out[name] = None
    return list(out)


#: What is stripped from the ends of an author value: white space, separators, quotes.
VALUE_STRIP = " ,;|-–—'\"“”‘’„«»"


def _markup_names(text: str, lang: str | None, is_site) -> list[str]:
    """The names in one author value of the markup (see markup_authors)."""
    if "@" in text:
        text = EMPTY_BRACKETS_RE.sub(" ", HANDLE_RE.sub(" ", EMAIL_RE.sub(" ", text)))
    # Links are no names: "Jane Doe - https://janedoe.example", "facebook.com/jdoe".
    text = " ".join(w for w in text.split() if "://" not in w and not w.startswith("www.")
                    and not ("/" in w and "." in w)).strip(VALUE_STRIP)
    if not text:
        return []
    m = _byline_lead_re().match(text)
    names = text[m.end():] if m else text
    # "Site - Jane Doe", "Jane Doe | Site": the first part that is not the site's.
    while True:
        tail = BYLINE_TAIL_RE.search(names)
        if tail is None:
            break
        head, sep = names[: tail.start()], tail.group()
        if "(" in sep or "for" in sep or not (is_site and is_site(head.strip(VALUE_STRIP))):
            names = head
            break
        names = names[tail.end():]
    # "Harbour Verein e. V.": the legal form written as one word (a role word).
    names = names.strip(VALUE_STRIP).replace("e. V.", "e.V.")
    before, comma, after = names.partition(",")
    if comma and len(before.split()) == 1 and len(after.split()) == 1:
        # "Doe, Jane": one name, family name first, when "Jane Doe" reads as one
        # ("Staff, Reuters", "admin, editor", "AP, AFP" do not).
        one, _ = _names(f"{after.strip()} {before.strip()}", lang, strict=False)
        return [names] if one is not None and len(one) == 1 and len(one[0].split()) == 2 else []
    authors, _ = _names(names, lang, strict=False)
    alone = len([p for p in name_split_re(lang).split(names) if p.strip(VALUE_STRIP)]) <= 1
    if authors is None:
        # One name that fails only by its case ("kei_eno", "Mobasir hassan") is the
        # markup's author all the same; words no name holds make it none ("Catch
        # more fish", "Harbour Media GmbH").
        toks = names.lower().split()
        stop = _not_name_words() | rules.stopwords(lang or "")
        plain = (alone and len(toks) <= NAME_MAX_WORDS and not any(c.isdigit() for c in names)
                 and "/" not in names and not NOT_NAME_CHAR_RE.search(names)
                 and (len(toks) == 1 or (names[:1].isupper() and stop.isdisjoint(toks))))
        return [names] if plain else []
    if alone:
        return [a for a in authors if len(a.split()) > 1 or not names.isupper()]
    return [a for a in authors if len(a.split()) > 1]


def byline_before_date(text: str, lang: str | None = None) -> list[str] | None:
    """Authors of a byline printed with its date in one line: "By Jane Doe July 19,
    2024 6:42 PM" (the date taken out first)."""
    dates = find_dates(text, lang)
    if not dates:
        return None
    rest = text[: dates[0][0]].rstrip(" ,|-–—·")
    return parse_byline(rest) if rest else None


def _name_case(name: str) -> str:
    """Title-case a name printed in capitals; leave mixed case as printed."""
    if not name.isupper():
        return name
    cased = NAME_PART_RE.sub(lambda m: m.group(1) + m.group(2).upper() + m.group(3).lower(), name)
    return MC_RE.sub(lambda m: "Mc" + m.group(1).upper(), cased)


#: Roles a headline search walks over: the rest of a story's header and its pictures.
HEADER_SKIP = (DATE, BYLINE, CAPTION, CREDIT, DUPLICATE)


def headline_above(blocks: list[Block], i: int, *, reach: int = HEADER_REACH,
                   standfirst: bool = False) -> Block | None:
    """The headline of the header that ends above block ``i``, or None.

    Walking up, date lines, bylines, captions, credits, duplicates and chrome that a
    rule recognised are passed over (with ``standfirst``, also one sentence under the
    headline); the first other block within ``reach`` is the headline if it is
    headline-shaped and opens with no dateline. A title met first means the header
    already has one (None).
    """
    seen = standfirsts = 0
    for b in reversed(blocks[:i]):
        if b.role is TITLE:
            return None
        if b.role in HEADER_SKIP or (b.role is CHROME and not (b.reason or "").startswith("content:")):
            continue
        seen += 1
        if seen > reach:
            return None
        if standfirst and b.role is None and not standfirsts and ends_sentence(b.text):
            standfirsts += 1
            continue
        return b if headline_shaped(b) and not dateline_of(b.text) else None
    return None


# --------------------------------------------------------------------------- heads

def _is_label(block: Block) -> bool:
    """A section or edition label: an unlabelled line of at most LABEL_MAX_WORDS words
    that is no sentence ("Nation", "Real Estate", "Edition: International", "Puzzles
    Asia Climate"). A line of LABEL_MAX_WORDS words with a function word in it reads
    as a short headline ("The Impeachment Clock")."""
    if block.role is not None or "\n" in block.text:
        return False
    n = nwords(block.text)  # len(words(...)), remembered for the page
    if not 1 <= n <= LABEL_MAX_WORDS or ends_sentence(block.text) or dateline_of(block.text):
        return False
    if n > 1 and _is_bare_byline(block.text):
        return False  # "Jane Doe, Reuters"
    # The lower-cased words are those of the key (norm_key), remembered for the page.
    return n < LABEL_MAX_WORDS or rules.stopwords("en").isdisjoint(norm_key(block.text).split(" "))


def _relative_chrome(block: Block) -> bool:
    """A relative date the chrome stage took for a counter ("8 mins ago", "7H ago"):
    a date line when it stands in a head, chrome elsewhere (a teaser list's)."""
    return block.role is CHROME and block.reason == "chrome:pattern" and is_relative_date(block.text)


def _head_line(block: Block) -> bool:
    """A line that can stand in a head: unlabelled, one line, no paragraph of prose,
    no credit line."""
    if block.role is not None or "\n" in block.text:
        return False
    n = nwords(block.text)
    return 1 <= n <= HEADLINE_MAX_WORDS and not is_credit_line(block.text) and not dateline_of(block.text)


def _story_text_follows(blocks: list[Block], vis: list[int], k: int, lang: str | None,
                        brief: bool = False) -> bool:
    """Story text follows from ``vis[k]`` on: its first paragraph (a sentence, or a
    dateline paragraph) within HEAD_TEXT_REACH visible blocks, and a second one before
    the next date line or byline, within STORY_TEXT_REACH blocks of the first, unless
    the page ends first and the head is its first (``brief``: a page's only story may
    be one paragraph long); captions and their copies not counted. A teaser card has
    a headline, a date and one blurb; the next card's date comes next."""
    seen = found = 0
    for x in range(k, len(vis)):  # not vis[k:]: a copy of the page's rest per head
        b = blocks[vis[x]]
        if b.role in (CAPTION, DUPLICATE, CREDIT):
            continue
        if b.role in (DATE, BYLINE) or _relative_chrome(b):
            return False
        seen += 1
        if b.role is None and (nwords(b.text) >= 8 and ends_sentence(b.text) or dateline_of(b.text)):
            found += 1
            if found >= STORY_PARAGRAPHS:
                return True
            seen = 0
        elif seen >= (STORY_TEXT_REACH if found else HEAD_TEXT_REACH):
            return False
    return brief and found > 0  # the page ends: its only story may be a brief


def _read_head(blocks: list[Block], vis: list[int], end: int, lang: str | None,
               floor: int = 0) -> dict | None:
    """The head that ends at ``vis[end]`` (inclusive), read bottom-up, or None; it
    begins at ``vis[floor]`` at the earliest (below the head before it).

    Walking up: date lines and bylines, section labels, a bare byline, and the headline
    with its copies (printed again above with labels between); the walk stops at a
    second, different headline-like line (the story before's last line, a teaser), at
    prose, captions and credit lines. A head holds a date line, a byline or a repeated
    headline; a headline alone is a subhead.
    """
    dates: list[int] = []
    bylines: list[int] = []
    labels: list[int] = []
    copies: list[int] = []
    bare: list[tuple[int, list[str]]] = []
    headline_key = None
    standfirst = None
    # A headline-like line below every date line and byline seen so far: the headline
    # only if it is printed again above; else a line of the story ("jane says:", date,
    # "Great game!" in a comment section; a wire slug under the byline).
    pending: tuple[int, str] | None = None
    k, lines = end, 0
    while k >= floor and lines < HEAD_MAX_LINES:
        i = vis[k]
        b = blocks[i]
        if b.role in (DATE, BYLINE) or _relative_chrome(b):
            found = bylines if b.role is BYLINE else dates
            if headline_key is not None and (standfirst is not None or found):
                # Above a headline whose head has its date line (or byline) below it,
                # or its standfirst: another teaser's, not this head's.
                break
            found.append(i)
        elif not _head_line(b) or (_full_stop(b.text) and not _is_label(b) and headline_key is None
                                   and not _repeated_above(blocks, vis, k, norm_key(b.text))):
            # A standfirst: one sentence between the headline and the byline or date
            # line below it ("Headline / One-sentence summary. / By Jane Doe"). It
            # stays story text; the walk goes on to the headline above it.
            if (standfirst is None and headline_key is None and pending is None and (dates or bylines) and k > 0
                    and b.role is None and headline_shaped(blocks[vis[k - 1]])
                    and blocks[vis[k - 1]].role is None):
                standfirst = i
                k -= 1
                continue
            break
        else:
            key = norm_key(b.text)
            anchors = bool(dates or bylines or bare)
            if headline_key is not None:
                if key != headline_key and not _is_label(b):
                    break  # a second headline-like line: the head began below it
                if key == headline_key:
                    copies.append(i)
                else:
                    labels.append(i)
            elif pending is not None and key == pending[1]:
                headline_key = key
                copies += [pending[0], i]
            elif _is_label(b):
                labels.append(i)
            else:
                authors = None if bylines or bare else parse_byline(b.text, bare=True)
                if authors:
                    bare.append((i, authors))
                elif not (headline_shaped(b) or _repeated_above(blocks, vis, k, key)):
                    break
                elif anchors:
                    headline_key = key
                    copies.append(i)
                elif pending is None:
                    pending = (i, key)
                else:
                    break
        lines += 1
        k -= 1
    kinds = set()
    if dates:
        kinds.add("date")
    # A byline without a lead word is read as one only with other evidence of a head:
    # alone, a line of capitals may be a subhead.
    if bylines or (bare and (dates or copies)):
        kinds.add("byline")
    else:
        bare = []
    if len(copies) >= 2:
        kinds.add("repeat")
    if not kinds:
        return None
    if copies:
        kinds.add("title")
    # A label belongs to the head when it stands below the headline's first copy, or
    # right above it (a section label over the headline); farther up it is the page's.
    first = min(copies + dates + bylines + [i for i, _ in bare])
    above = [i for i in labels if i < first]
    labels = [i for i in labels if i > first] + above[:1]
    return {"copies": sorted(copies), "dates": dates, "bylines": bylines, "bare": bare,
            "labels": labels, "first": first, "kinds": kinds}


def _full_stop(text: str) -> bool:
    """The line ends in a full stop (a headline may end in "?" or "!", a standfirst is
    a sentence)."""
    return text.rstrip(CLOSERS + " ").endswith((".", "…"))


def _repeated_above(blocks: list[Block], vis: list[int], k: int, key: str) -> bool:
    """The line at ``vis[k]`` is printed again above it, labels between (a headline
    printed twice that ends like a sentence: "‘Meth. We’re on it.’ They just might be.")."""
    for j in range(k - 1, max(-1, k - 4), -1):
        b = blocks[vis[j]]
        if norm_key(b.text) == key:
            return True
        if not _is_label(b):
            return False
    return False


#: Two copies of a line this many visible blocks apart or closer are "printed again".
REPEAT_REACH = 4


def _prepare(blocks: list[Block]) -> tuple[list[int], list[str], list[bool], list[bool]]:
    """The blocks a head can hold, in one pass (it is asked of every block): their
    indexes (chrome left out, but for a relative date line it took for a counter),
    comparison keys, whether each can stand in a head (a date line, a byline, or a
    line that is a label, headline-shaped, a bare byline or printed again close by;
    _read_head asks the exact tests), and whether it anchors one (a date line, a
    byline, a line printed again close above)."""
    vis: list[int] = []
    keys: list[str] = []
    material: list[bool] = []
    anchor: list[bool] = []
    later: list[int] = []  # lines whose standing waits for the keys after them
    ends = (".", ":", ";", ",", "…")
    strip = CLOSERS + " "
    for i, b in enumerate(blocks):
        text = b.text
        if not text:
            continue
        role = b.role
        if role is not None:
            if role is CHROME:
                if b.reason != "chrome:pattern" or not is_relative_date(text):
                    continue
                yes = True
            else:
                yes = role is DATE or role is BYLINE
            vis.append(i)
            keys.append("")
            material.append(yes)
            anchor.append(yes)
            continue
        k = len(vis)
        vis.append(i)
        key = norm_key(text)
        keys.append(key)
        # 1 <= nwords(text) <= HEADLINE_MAX_WORDS, told by the key at hand (nwords
        # counts its words: its spaces and one, none when it is empty).
        if "\n" in text or not key or key.count(" ") >= HEADLINE_MAX_WORDS:
            material.append(False)
            anchor.append(False)
        elif not text.rstrip(strip).endswith(ends):
            material.append(True)  # a label or a headline, by its end
            # Printed again within REPEAT_REACH lines above (the key is not empty;
            # labelled lines have the key "", no line's key).
            anchor.append(key in keys[k - REPEAT_REACH if k > REPEAT_REACH else 0:k])
        else:
            material.append(False)
            anchor.append(False)
            later.append(k)
    n = len(vis)
    for k in later:
        key = keys[k]
        lo, hi = max(0, k - REPEAT_REACH), min(n, k + REPEAT_REACH + 1)
        repeated = key != "" and (key in keys[lo:k] or key in keys[k + 1:hi])
        text = blocks[vis[k]].text
        if repeated or (_bare_shape(text) and _is_bare_byline(text)):
            material[k] = True
            anchor[k] = key in keys[max(0, k - REPEAT_REACH):k]
    return vis, keys, material, anchor


def _heads(page: Page) -> None:
    """Find the page's heads and label their lines (see the module docstring)."""
    blocks = page.blocks
    lang = page.lang
    vis, keys, material, anchor = _prepare(blocks)
    n = len(vis)
    in_comments = False
    heads = []
    prose_seen = False
    floor = k = 0
    while k < n:
        if not material[k]:
            # Readers' comments ("34 Comments", "jane says:") carry names and dates
            # like heads: inside them only a headline printed twice opens a head.
            text = blocks[vis[k]].text
            if not prose_seen:  # comments come after a story: none to look for before
                prose_seen = blocks[vis[k]].role is None and nwords(text) >= 8 and ends_sentence(text)
            elif not in_comments and len(text) < 250:
                in_comments = _comment_start(text)
            k += 1
            continue
        end = k
        while end + 1 < n and material[end + 1]:
            end += 1
        # A head ends where story text begins; the run of head material before it may
        # hold the story before's last lines too: the head is read upwards from the
        # run's end, as far as it goes. It ends at the run's last anchor (with the
        # labels right after it): a story's first lines may be headline-like too.
        # The last True of anchor[k:end + 1] (bools only), found in C: a run of
        # material may be a long menu.
        seg = anchor[k:end + 1]
        last = end - seg[::-1].index(True) if True in seg else None
        if last is None:
            last = _bare_under_headline(blocks, vis, k, end)
        if last is None:
            k = end + 1  # no anchor, no head
            continue
        in_comments = in_comments or (prose_seen and any(
            len(text) < 250 and _comment_start(text) for text in [blocks[vis[j]].text for j in range(k, end + 1)]))
        if last < end:
            end = last
            while end + 1 < n and (_is_label(blocks[vis[end + 1]])
                                   or _is_bare_byline(blocks[vis[end + 1]].text)):
                end += 1
        if end + 1 < n and _story_text_follows(blocks, vis, end + 1, lang, brief=not heads and not prose_seen):
            head = _read_head(blocks, vis, end, lang, floor)
            if head is not None and (not in_comments or "repeat" in head["kinds"]):
                heads.append(head)
                in_comments = False
                floor = end + 1  # the next head begins below this one
        k = end + 1
    # A headline opens one story: a line that heads several places of the page is a
    # table's header or a recurring label ("Pos Player Plays % Stats" over each table).
    titles = Counter(norm_key(blocks[h["copies"][0]].text) for h in heads if h["copies"])
    for head in heads:
        copies = head["copies"]
        if copies and titles[norm_key(blocks[copies[0]].text)] > 1:
            # Its copies are copies and its labels chrome all the same, but it is no
            # title and marks no head.
            for i in copies[1:]:
                blocks[i].label(Role.DUPLICATE, "headline:repeated-copy")
            head["copies"] = []
            head["kinds"] -= {"title", "repeat"}
            if not head["kinds"]:
                for i in head["labels"]:
                    blocks[i].label(Role.CHROME, "headline:section-label")
                continue
            head["first"] = min(head["dates"] + head["bylines"] + [i for i, _ in head["bare"]])
        _label_head(blocks, head)


@per_page
def _comment_start(text: str) -> bool:
    """A readers' comment section starts at this line (rules/comments.txt), remembered
    for the page: a run of head material may be read again from its middle on."""
    return rules.comment_pattern().fullmatch(text.strip()) is not None


def _bare_under_headline(blocks: list[Block], vis: list[int], lo: int, hi: int) -> int | None:
    """The last position from ``lo`` to ``hi`` of a byline without a lead word right
    under a headline (labels between): "Headline / JANE DOE AND JOHN ROE"."""
    # Read downwards once, with the last line above that is no short label at hand:
    # walking up from each candidate would cost a menu of short lines its length
    # squared.
    # Whether the line at ``above`` is headline-shaped is asked once per line it
    # stands for (None: not asked yet), not once per bare-shaped line under it.
    found = None
    above = lo  # the last position above k that is no short line (else lo)
    shaped = None
    for k in range(lo + 1, hi + 1):
        b = blocks[vis[k]]
        if b.role is not None:
            above, shaped = k, None  # no short line (_short_line)
            continue
        text = b.text
        if _bare_shape(text):
            if shaped is None:
                shaped = headline_shaped(blocks[vis[above]])
            if shaped and _is_bare_byline(text):
                found = k
        if nwords(text) > LABEL_MAX_WORDS:  # _short_line, its role tested above
            above, shaped = k, None
    return found


def _short_line(block: Block) -> bool:
    """Could be a section label (_is_label's cheap half): three words at most."""
    return block.role is None and nwords(block.text) <= LABEL_MAX_WORDS


#: A byline without a lead word is this long at most ("A B, C D and E F | Reuters").
BARE_MAX_CHARS = 100


def _bare_shape(text: str) -> bool:
    """Cheap tests a byline without a lead word passes (parse_byline tells for sure):
    short, and _bare_hint (written out here: this is asked of many lines)."""
    return (len(text) <= BARE_MAX_CHARS and text[:1].isupper()
            and (text.isupper() or BARE_HINT_RE.search(text) is not None
                 or text.rsplit(None, 1)[-1].lower() in _agency_tails()))


def _bare_hint(text: str) -> bool:
    """A byline without a lead word says so by its shape: capitalised, and in capitals,
    or with a separator or an agency at its end."""
    return (text[:1].isupper()
            and (text.isupper() or BARE_HINT_RE.search(text) is not None
                 or text.rsplit(None, 1)[-1].lower() in _agency_tails()))


def _label_head(blocks: list[Block], head: dict) -> None:
    copies = head["copies"]
    if copies:
        title = blocks[copies[0]]
        if len(copies) >= 2:
            title.label(Role.TITLE, "headline:repeated")
            for i in copies[1:]:
                blocks[i].label(Role.DUPLICATE, "headline:repeated-copy")
        else:
            title.label(Role.TITLE, "headline:above-date" if head["dates"] else "headline:above-byline")
    for i, authors in head["bare"]:
        if blocks[i].label(Role.BYLINE, "headline:byline"):
            blocks[i].data["authors"] = authors
    for i in head["dates"]:
        if _relative_chrome(blocks[i]):
            # "8 mins ago" reads like a counter, but in a head it is the story's date
            # line: it tells no date, and it marks the head.
            blocks[i].label(Role.DATE, "headline:relative-date", overrule=True)
            blocks[i].data["published"] = blocks[i].data["updated"] = None
    for i in head["labels"]:
        blocks[i].label(Role.CHROME, "headline:section-label")
    blocks[head["first"]].data["head"] = "+".join(sorted(head["kinds"]))


# ----------------------------------------------------------------------------- run

def run(page: Page, config) -> None:
    """Story heads: headline (and its repeats), section labels, date lines and bylines."""
    blocks = page.blocks
    for b in blocks:
        if b.role is not None or len(b.text) > DATE_LINE_MAX_CHARS:
            continue  # a paragraph of text is no date line and no byline
        dl = parse_date_line(b.text, lang=page.lang)
        if dl is not None:
            b.label(Role.DATE, "headline:date-line")
            b.data["published"], b.data["updated"] = dl.published, dl.updated
            authors = byline_before_date(b.text, page.lang)
            if authors:
                b.data["authors"] = authors
            continue
        authors = parse_byline(b.text)
        if authors is not None:
            b.label(Role.BYLINE, "headline:byline")
            b.data["authors"] = authors

    if page.kind == "text":
        # A text dump's heads are read as structure; what follows is for HTML pages,
        # whose headlines are heading elements.
        _heads(page)
        return

    # Repeated headlines: the same headline-shaped block printed again within a few
    # blocks (chrome between the copies does not count), with no prose between.
    last_seen: dict[str, tuple[int, Block]] = {}
    kept_pos = 0
    for b in blocks:
        if b.role is CHROME:
            continue
        kept_pos += 1
        if b.role is None and _is_prose(b, page.lang):
            last_seen.clear()
            continue
        if b.role is not None or not headline_shaped(b) or nwords(b.text) < 4:
            continue
        key = norm_key(b.text)
        if (key in last_seen and kept_pos - last_seen[key][0] <= HEADER_REACH
                and _prose_follows(blocks, b.index, page.lang)):
            first = last_seen[key][1]
            if first.role is None:
                first.label(Role.TITLE, "headline:repeated")
            b.label(Role.DUPLICATE, "headline:repeated-copy")
            last_seen[key] = (kept_pos, first)
        else:
            last_seen[key] = (kept_pos, b)

    # A headline right above a date line or byline.
    for i, b in enumerate(blocks):
        if b.role in (DATE, BYLINE):
            cand = headline_above(blocks, i)
            if cand is not None and cand.role is None:
                cand.label(Role.TITLE, f"headline:above-{b.role.value}")
