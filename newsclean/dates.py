"""Reading printed dates and date lines ("2025-09-05 09:25 Last Updated At:09:30"),
and the dates markup states ("2019-11-19T13:16:49+0000", "Tue, 19 Nov 2019 …").

Dates come out as ISO-8601 strings exactly as precise as the page says: a day
("2024-03-03"), or a day and minute ("2024-03-03T10:15"). No time zone is invented:
"8:03 am ET" gives "08:03" and the zone is dropped, because ET is no fixed offset.
A date the page does not tell gives None, never a guess:

* a relative date line ("8 mins ago", "Yesterday") is a date line with no date;
* a numeric date whose day and month could be swapped ("03/04/2021", "01.12.2021":
  both at most 12 and not equal) tells no date either — which order a site uses is
  not something one line says, and the two readings are a month apart.

Two readers, one job each:

* printed date lines (:func:`parse_date_line`, :func:`find_dates`): spans found by the
  patterns below, with month names of several languages from ``rules/months.txt``;
* markup dates (:func:`normalize_date`): JSON-LD, ``<meta>`` and ``<time datetime>``
  values, in whatever shape the server wrote them (ISO with or without offset,
  RFC 2822, ctime), read with python-dateutil and written back as ISO 8601, the
  offset kept when the markup states one. Placeholders ("0001-01-01T00:00:00Z") and
  values that are no date ("PT15M") give None.
"""
from __future__ import annotations

import datetime
import re
import warnings
from dataclasses import dataclass
from functools import cache

from . import rules
from .textutil import norm_key, nwords, per_page, words


@cache
def _months() -> dict[str, int]:
    out: dict[str, int] = {}
    for ln in rules._lines("months.txt"):
        num, _, names = ln.partition("\t")
        for name in names.split():
            out[name] = int(num)
    return out


def _month_alt() -> str:
    return "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))


# A clock time: "09:25", "9:02 AM", "10:31 pm", "8 a.m.", "10.15 Uhr", "14h30".
# Must not read a score "2-1" or a ratio "3:1 odds"? ("3:1" is read; short lines only).
_TIME = r"(?P<h{n}>\d{{1,2}})(?:[:h.](?P<m{n}>\d{{2}}))?\s*(?P<ap{n}>[ap]\.?\s?m\.?)?(?:\s*uhr)?"


@cache
def _date_res() -> tuple[re.Pattern[str], ...]:
    mon = _month_alt()
    t = lambda n: _TIME.format(n=n)  # noqa: E731
    return (
        # ISO / numeric year-first: "2025-09-05 09:25", "2024-03-03T10:15:00Z",
        # "2025/09/18 11:25".
        re.compile(r"(?P<y>\d{4})(?P<ysep>[-/])(?P<mo>\d{1,2})(?P=ysep)(?P<d>\d{1,2})(?:[ T]+" + t(1).replace(r"\s*(?P<ap1>", r"(?::\d{2})?\s*(?P<ap1>") + r")?", re.I),
        # "Nov. 19, 2019 8:03 am", "March 3, 2024, at 10:15 a.m.", "Sept 4 2025",
        # "Fri, Mar 13, 2020, 6:55 PM ET". Second: find_dates tries it only where
        # DAY_YEAR_RE finds something.
        re.compile(r"\b(?P<mon>" + mon + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?:,?\s*(?:at\s+|[-—–|·]\s*)?" + t(1) + r"(?![\d/]))?", re.I),
        # "19 November 2019", "3. März 2024, 10:15 Uhr", "19 de noviembre de 2019",
        # "12 Sep. 2025 — 11:25", "18th September 2025".
        re.compile(r"\b(?P<d>\d{1,2})(?:er|st|nd|rd|th|\.)?\s+(?:de\s+)?(?P<mon>" + mon + r")\.?,?\s+(?:de\s+)?(?P<y>\d{4})(?:,?\s*(?:at|à|um|a las|[-—–|·]|,)?\s*" + t(1) + r"(?![\d/]))?", re.I),
        # "05.09.2025 09:25", "14/03/2024 09:40", "11/19/2019", "14-03-2024": day or
        # month first, see find_dates.
        re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?:,?\s*(?:um\s*|[-—–]\s*)?" + t(1) + r"(?![\d/]))?", re.I),
    )


# Four digits in a row: every pattern of _date_res() needs them for the year. Most
# blocks have none and need no other pattern run on them. Spelt out, not \d{4}: the
# same matches, but a pattern that starts with a plain digit class is scanned for its
# first digit in C's fast loop (a repeat at the start is tried at every character),
# 0.6 -> 0.4 us for the average 35-character line.
YEAR_RE = re.compile(r"\d\d\d\d")
# What every match of the month-first pattern ("Nov. 19, 2019") holds: white space, the
# day, its ending, the year. That pattern tries its ninety month names (re.I) at every
# word, 14 us for a 44-character line; this search is twenty times cheaper, and most
# lines with a year ("2025-09-05 09:25", "19 November 2019") fail it.
DAY_YEAR_RE = re.compile(r"\s\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}", re.I)

# A clock time right before a date, with an optional zone: "4:47 PM EST, " or
# "11:25 AM, " (the time belongs to the date after it). Must not reach over other words.
TIME_BEFORE_RE = re.compile(r"\b(\d{1,2}):(\d{2})\s*([ap]\.?\s?m\.?)?\s*(?:[A-Z]{2,4})?\s*,?\s*$", re.I)

# Words that say the date after them is the update time, not publication.
UPDATED_RE = re.compile(r"\b(?:last\s+)?(?:updated|modified|aktualisiert|mis à jour|actualizado|atualizado|aggiornato)\b", re.I)
# A clock time alone after an update word: "Last Updated At:09:30" (same day as published).
# Possessive white space (\s*+): each run is read once, as the match is the same when
# all of it is taken (no part after it starts with a space); three \s* over one run of
# spaces were tried every way to split it.
UPDATE_TIME_RE = re.compile(r"\s*+(?:at|à|um|a las)?\s*+:?\s*+(\d{1,2})[:h.](\d{2})\s*+([ap]\.?\s?m\.?)?", re.I)

# Words a date line may hold besides the date: "Published", "Updated", weekdays, zones,
# "Created … · Modified …", "· 4 min read".
DATE_LINE_WORDS = frozenset(
    """published updated last at on am pm a m p et est edt ct cst cdt pt pst pdt mt gmt utc bst
    cet cest uhr posted publicado actualizado publié le mis à jour veröffentlicht aktualisiert
    am um stand de el and by posted created modified min mins read reading time
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun
    montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi
    samedi dimanche lunes martes miércoles jueves viernes sábado domingo""".split()
)


# The signature line of an embedded post: "— Josh Roe (@joshroe) November 3, 2019",
# "pic.twitter.com/…". Its date is the post's, not the story's.
EMBED_RE = re.compile(r"^\s*[—–-]\s|@\w|pic\.twitter\.com|https?://", re.I)

# What may stand around a relative date on its line: "Published 2 hours ago",
# "Updated: Yesterday", "Yesterday at 5:12 PM", "Today, 10:32". Taken off before the
# relative patterns (rules/relative_dates.txt) are matched against the whole rest.
RELATIVE_LEAD_RE = re.compile(r"^(?:(?:last\s+)?(?:published|updated|posted|modified)\s*:?\s*)", re.I)
# The tail is searched: it starts at a comma or where white space starts, never inside
# a run of it (the lookbehind; the match starting at the run's first space is the
# leftmost anyway), and its white space is possessive, so a run of spaces is read once,
# not once per start.
RELATIVE_TIME_TAIL_RE = re.compile(
    r"(?:(?:,|(?<![\s,]))\s*+(?:at\s++)?\d{1,2}[:.]\d{2}\s*+(?:[ap]\.?\s?m\.?)?(?:\s*+[A-Z]{2,4})?)$", re.I)
# A reading time after the date, behind a separator: "2 hours ago · 4 min read".
READ_TIME_TAIL_RE = re.compile(r"[·|•–—-]\s*\d{1,3}[\s-]?(?:min|mins|minutes?)\.?\s+read$", re.I)
#: A relative date line is short: "Published 3 hours ago" has four words, "Updated:
#: yesterday at 5:12 PM" six.
RELATIVE_MAX_CHARS = 40
RELATIVE_MAX_WORDS = 7
#: ... and a reading time after it ("· 12 min read") adds at most this much.
READ_TIME_MAX_CHARS = 20
READ_TIME_MAX_WORDS = 3
#: A date line is at most this long (twenty words of date, zone and names).
DATE_LINE_MAX_CHARS = 300


@cache
def _relative_rules() -> tuple[re.Pattern[str], frozenset[str], re.Pattern[str]]:
    """(the relative-date patterns as one alternation, the hint words, one of which
    every match holds as a word, lower case, and a search for them), from
    rules/relative_dates.txt."""
    patterns, hints = [], []
    for ln in rules._lines("relative_dates.txt"):
        if ln.startswith("hint\t"):
            hints += ln.split("\t", 1)[1].split()
        else:
            patterns.append(ln)
    # The hints as one search of the lower-cased line (inside words too): a line none
    # of them is in holds none of them as a word either, and most lines are read this
    # way in C. A word's lower case is the line's lower case at that word (only a
    # final sigma depends on what surrounds it, and no hint holds one). Searched
    # with re.I instead, the alternation was tried letter by letter at every
    # character, six times slower than lower-casing the line first.
    hint_re = re.compile("|".join(map(re.escape, sorted(hints))))
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I), frozenset(hints), hint_re


def is_relative_date(text: str) -> bool:
    """A whole line that says how long ago, not when: "8 mins ago", "Yesterday".

    >>> is_relative_date("Published 2 hours ago"), is_relative_date("He left two days ago.")
    (True, False)
    """
    pattern, hints, hint_re = _relative_rules()
    # norm_key's words are words(text) lower-cased (see norm_key), and the page
    # remembers it: the line is not cut into words again.
    if not hint_re.search(text.lower()) or hints.isdisjoint(norm_key(text).split(" ")):
        # Most lines: no word it needs.
        return False
    line = text.strip()
    if len(line) > RELATIVE_MAX_CHARS + READ_TIME_MAX_CHARS:
        return False
    if "read" in line[-5:].lower():
        line = READ_TIME_TAIL_RE.sub("", line)
    line = line.rstrip("·|•-–— ")
    if not line or len(line) > RELATIVE_MAX_CHARS or "\n" in line:
        return False
    line = RELATIVE_LEAD_RE.sub("", line)
    line = RELATIVE_TIME_TAIL_RE.sub("", line).strip()
    return pattern.fullmatch(line) is not None


@dataclass(frozen=True, slots=True)
class DateLine:
    """A date line's dates. Both None when the line tells none that can be trusted (a
    relative date, an ambiguous numeric one): it is still a date line."""

    published: str | None
    updated: str | None


def _iso(y: int, mo: int, d: int, h: str | None, mi: str | None, ap: str | None) -> str | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        datetime.date(y, mo, d)
    except ValueError:  # 30 February, month 13
        return None
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if h is not None and (mi is not None or ap):
        hour = int(h)
        if ap:
            ap0 = ap.lower()[0]
            if hour == 12:
                hour = 0 if ap0 == "a" else 12
            elif ap0 == "p":
                hour += 12
        if hour > 23 or int(mi or 0) > 59:
            return out
        out += f"T{hour:02d}:{int(mi or 0):02d}"
    return out


#: A numeric date's parts as printed, (first, second): which is the day is told only
#: when they differ and one is above 12.
AMBIGUOUS = "ambiguous"


def day_month(a: int, b: int) -> tuple[int, int] | str | None:
    """(day, month) of a numeric date printed "a/b/yyyy": day first when ``a`` is above
    12, month first when ``b`` is; AMBIGUOUS when either reading is a date (both at
    most 12 and not equal); None when neither is."""
    if a == b and 1 <= a <= 12:
        return a, b
    if a > 12 and 1 <= b <= 12:
        return a, b
    if b > 12 and 1 <= a <= 12:
        return b, a
    if 1 <= a <= 12 and 1 <= b <= 12:
        return AMBIGUOUS
    return None


def find_dates(text: str, lang: str | None = None) -> list[tuple[int, int, str | None]]:
    """Every date in ``text``: (start, end, iso), in order, non-overlapping. ``iso`` is
    None for a numeric date whose day and month could be swapped (see day_month).

    ``lang`` is accepted for callers that know the page language; numeric dates are
    read the same in every language, since one line cannot tell a site's order.
    """
    found: list[tuple[int, int, str | None]] = []
    if not YEAR_RE.search(text):  # one scan instead of one per pattern
        return found
    for k, rx in enumerate(_date_res()):
        if k == 1 and not DAY_YEAR_RE.search(text):
            continue  # the month-first pattern, which would find nothing
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            g = m.groupdict()
            ambiguous = False
            if g.get("a"):
                dm = day_month(int(g["a"]), int(g["b"]))
                if dm is None:
                    continue
                if dm == AMBIGUOUS:
                    ambiguous = True
                    dm = (1, 1)
                g["d"], g["mo"] = dm
            mo = int(g["mo"]) if g.get("mo") else _months().get(g["mon"].lower().rstrip("."))
            if mo is None:
                continue
            h, mi, ap, start = g.get("h1"), g.get("m1"), g.get("ap1"), m.start()
            if h is None:
                # A clock time printed before the date: "Updated 4:47 PM EST, March 3, 2024".
                before = TIME_BEFORE_RE.search(text, max(0, start - 24), start)
                if before:
                    h, mi, ap, start = before.group(1), before.group(2), before.group(3), before.start()
            iso = _iso(int(g["y"]), mo, int(g["d"]), h, mi, ap)
            if iso:
                found.append((start, m.end(), None if ambiguous else iso))
    return sorted(found)


def parse_date_line(text: str, max_words: int = 20, lang: str | None = None) -> DateLine | None:
    """Read a block that is (mostly) a date line; None for anything else.

    >>> parse_date_line("2025-09-05 09:25 Last Updated At:09:30")
    DateLine(published='2025-09-05T09:25', updated='2025-09-05T09:30')
    >>> parse_date_line("8 mins ago")
    DateLine(published=None, updated=None)
    >>> parse_date_line("The talks were held on Nov. 4, 2019, in Paris.") is None
    True

    Remembered for the page, as words() is: the headline, captions and content
    stages ask about the same lines (a DateLine is immutable). Only short lines are
    remembered.
    """
    if len(text) > DATE_LINE_MAX_CHARS:
        return None
    # Without four digits in a row find_dates finds nothing: most lines stop here,
    # before the cache and EMBED_RE, which is searched from every character.
    if not YEAR_RE.search(text):
        # Only a relative date then: a short line with one of its hints as a word,
        # which is_relative_date asks too, asked first here (most short lines hold
        # none) of the remembered norm_key: its words are the line's, lower-cased
        # (cheaper than searching the lower-cased line for the hints).
        return (DateLine(None, None) if len(text) <= RELATIVE_MAX_CHARS + READ_TIME_MAX_CHARS
                and not _relative_rules()[1].isdisjoint(norm_key(text).split(" "))
                and "\n" not in text.strip()
                and nwords(text) <= min(max_words, RELATIVE_MAX_WORDS + READ_TIME_MAX_WORDS)
                and is_relative_date(text) else None)
    # Remembered without ``lang``, which find_dates does not read: the content stage
    # asks with the page's language, the captions stage without, about the same lines.
    return _parse_date_line(text, max_words)


@per_page
def _parse_date_line(text: str, max_words: int) -> DateLine | None:
    if "\n" in text.strip() or nwords(text) > max_words:
        return None
    if EMBED_RE.search(text):
        return None
    dates = find_dates(text)
    if not dates:
        return None
    # What is left once dates, clock times and date words are taken out must be at most
    # a short name ("Chris Davies - Nov 19, 2019"): no sentence, no function words.
    rest = text
    for s, e, _ in reversed(dates):
        rest = rest[:s] + " " + rest[e:]
    rest = re.sub(r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?", " ", rest, flags=re.I)
    leftover = [w for w in words(rest) if w.lower() not in DATE_LINE_WORDS and not w.isdigit()]
    if len(leftover) > 4 or any(w.lower() in rules.stopwords("en") for w in leftover):
        return None
    upd = UPDATED_RE.search(text)
    published = updated = None
    for s, _, iso in dates:
        if upd and s >= upd.start():
            updated = updated or iso
        else:
            published = published or iso
    if upd and updated is None and published:
        m = UPDATE_TIME_RE.match(text, upd.end())
        if m:
            day = published[:10]
            updated = _iso(int(day[:4]), int(day[5:7]), int(day[8:10]), m.group(1), m.group(2), m.group(3))
    return DateLine(published, updated)


# ---------------------------------------------------------------------------- markup

# An ISO 8601 date as markup writes it: "2019-11-19", "2019-11-19T13:16",
# "2019-11-19T13:16:49.893Z", "2019-11-19 13:16:49+0000". Read without dateutil.
ISO_RE = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?")
# A numeric day-month-year date in markup: "14/01/2020", "10.12.2022, 07:00:03".
NUMERIC_DMY_RE = re.compile(r"\s*(\d{1,2})([./-])(\d{1,2})\2(\d{4})\b")
#: Dates outside these years are placeholders ("0001-01-01") or typos.
MIN_YEAR, MAX_YEAR = 1900, 2100
#: Markup dates longer than this are no dates (a whole sentence in a <meta>).
MARKUP_DATE_MAX_CHARS = 64


def normalize_date(value: object) -> str | None:
    """A date from markup as ISO 8601, as precise as the markup says, or None.

    >>> normalize_date("2019-11-19T13:16:49+0000")
    '2019-11-19T13:16:49+00:00'
    >>> normalize_date("Tue, 19 Nov 2019 12:05:00 GMT")
    '2019-11-19T12:05:00+00:00'
    >>> normalize_date("November 19, 2019, 07:47 PM EST")
    '2019-11-19T19:47'
    >>> normalize_date("0001-01-01T00:00:00Z") is None, normalize_date("03/04/2021") is None
    (True, True)
    """
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > MARKUP_DATE_MAX_CHARS or not any(c.isdigit() for c in s):
        return None
    m = ISO_RE.fullmatch(s)
    if m:
        tz = m.group("tz")
        return _format(int(m.group("y")), int(m.group("mo")), int(m.group("d")), m.group("h"),
                       m.group("mi"), m.group("s"), _offset(tz) if tz else None)
    m = NUMERIC_DMY_RE.match(s)
    if m:
        dm = day_month(int(m.group(1)), int(m.group(3)))
        if dm is None or dm == AMBIGUOUS:
            return None
        # Written year first for dateutil, which would otherwise guess the order.
        s = f"{m.group(4)}-{dm[1]:02d}-{dm[0]:02d}" + s[m.end():]
    return _parse_free(s)


def _offset(tz: str) -> str:
    """An offset as ISO writes it: "Z", "UTC" and "GMT" as "+00:00", "+0200" as "+02:00"."""
    if tz in ("Z", "UTC", "GMT"):
        return "+00:00"
    digits = tz[1:].replace(":", "")
    return f"{tz[0]}{digits[:2]}:{digits[2:]}"


def _format(y: int, mo: int, d: int, h: str | None, mi: str | None, sec: str | None,
            offset: str | None) -> str | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        datetime.date(y, mo, d)
    except ValueError:
        return None
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if h is None:
        return out
    if int(h) > 23 or int(mi) > 59 or (sec is not None and int(sec) > 59):
        return out
    out += f"T{int(h):02d}:{mi}" + (f":{sec}" if sec is not None else "")
    return out + (offset or "")


# "GMT+0100", "UTC-5" as servers write them: dateutil would read the sign the POSIX
# way (GMT+1 is one hour *behind*); with the zone name taken off it reads the offset
# as ISO writes it.
GMT_OFFSET_RE = re.compile(r"\b(?:GMT|UTC)(?=[+-]\d)")

# Two stand-ins for the parts a date leaves out: a part that comes out the same under
# both was printed; one that differs was filled in (dateutil fills in from ``default``).
_DEFAULTS = (datetime.datetime(2001, 1, 1, 0, 0, 0), datetime.datetime(2002, 2, 2, 1, 1, 1))


def _parse_free(s: str) -> str | None:
    """A markup date in another shape ("Tue Jan 28 15:28:56 CET 2020",
    "Mon, 18 Nov 2019 16:07:38 -0600"), read by dateutil. Zone names that are no fixed
    offset (EST, CET) are dropped, as on printed date lines."""
    from dateutil import parser  # imported on first use: most pages never need it

    s = GMT_OFFSET_RE.sub("", s)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # UnknownTimezoneWarning for "EST"
            a, b = (parser.parse(s, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.year != b.year or a.month != b.month or a.day != b.day:
        return None  # no whole date printed ("10:30", "March 2020")
    timed = a.hour == b.hour and a.minute == b.minute
    offset = None
    if a.tzinfo is not None:
        try:
            delta = a.utcoffset()
        except ValueError:  # "13:16-9999": an offset of a day or more is no time zone
            return None
        if delta is not None:
            minutes = int(delta.total_seconds() // 60)
            sign = "-" if minutes < 0 else "+"
            offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return _format(a.year, a.month, a.day,
                   str(a.hour) if timed else None, f"{a.minute:02d}" if timed else None,
                   f"{a.second:02d}" if timed and a.second == b.second else None, offset)
