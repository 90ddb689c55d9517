"""Reading printed dates and date lines ("2025-09-05 09:25 Last Updated At:09:30").

Dates come out as ISO-8601 strings exactly as precise as the page says: a day
("2024-03-03"), or a day and minute ("2024-03-03T10:15"). No time zone is invented:
"8:03 am ET" gives "08:03" and the zone is dropped, because ET is no fixed offset.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache

from . import rules
from .textutil import words


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
        # ISO / numeric year-first: "2025-09-05 09:25", "2024-03-03T10:15:00Z".
        re.compile(r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[ T]+" + t(1).replace(r"\s*(?P<ap1>", r"(?::\d{2})?\s*(?P<ap1>") + r")?", re.I),
        # "Nov. 19, 2019 8:03 am", "March 3, 2024, at 10:15 a.m.", "Sept 4 2025".
        re.compile(r"\b(?P<mon>" + mon + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?:,?\s*(?:at\s+|-\s*)?" + t(1) + r"(?![\d/]))?", re.I),
        # "19 November 2019", "3. März 2024, 10:15 Uhr", "19 de noviembre de 2019".
        re.compile(r"\b(?P<d>\d{1,2})(?:er|\.)?\s+(?:de\s+)?(?P<mon>" + mon + r")\.?,?\s+(?:de\s+)?(?P<y>\d{4})(?:,?\s*(?:at|à|um|a las|-|,)?\s*" + t(1) + r"(?![\d/]))?", re.I),
        # "05.09.2025 09:25" (day first with dots, as German pages print it).
        re.compile(r"\b(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})(?:,?\s*(?:um\s*)?" + t(1) + r")?", re.I),
        # "14/03/2024 09:40", "11/19/2019": day or month first, see find_dates.
        re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?:,?\s*(?:-\s*)?" + t(1) + r")?", re.I),
    )


# Four digits in a row: every pattern of _date_res() needs them for the year. Most
# blocks have none and need no other pattern run on them.
YEAR_RE = re.compile(r"\d{4}")

# A clock time right before a date, with an optional zone: "4:47 PM EST, " (the time
# belongs to the date after it). Must not reach over other words.
TIME_BEFORE_RE = re.compile(r"\b(\d{1,2}):(\d{2})\s*([ap]\.?\s?m\.?)?\s*(?:[A-Z]{2,4})?\s*,?\s*$", re.I)

# Words that say the date after them is the update time, not publication.
UPDATED_RE = re.compile(r"\b(?:last\s+)?(?:updated|modified|aktualisiert|mis à jour|actualizado|atualizado|aggiornato)\b", re.I)
# A clock time alone after an update word: "Last Updated At:09:30" (same day as published).
UPDATE_TIME_RE = re.compile(r"\s*(?:at|à|um|a las)?\s*:?\s*(\d{1,2})[:h.](\d{2})\s*([ap]\.?\s?m\.?)?", re.I)

# Words a date line may hold besides the date: "Published", "Updated", weekdays, zones.
DATE_LINE_WORDS = frozenset(
    """published updated last at on am pm a m p et est edt ct cst cdt pt pst pdt mt gmt utc bst
    cet cest uhr posted publicado actualizado publié le mis à jour veröffentlicht aktualisiert
    am um stand de el and by posted
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun
    montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi
    samedi dimanche lunes martes miércoles jueves viernes sábado domingo""".split()
)


# The signature line of an embedded post: "— Josh Roe (@joshroe) November 3, 2019",
# "pic.twitter.com/…". Its date is the post's, not the story's.
EMBED_RE = re.compile(r"^\s*[—–-]\s|@\w|pic\.twitter\.com|https?://", re.I)


@dataclass(frozen=True, slots=True)
class DateLine:
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


def find_dates(text: str, lang: str | None = None) -> list[tuple[int, int, str]]:
    """Every date in ``text``: (start, end, iso), in order, non-overlapping.

    Slashed dates are read day first ("14/03/2024"), except on English pages where
    month first is the custom ("11/19/2019"); a number above 12 settles it either way.
    """
    found: list[tuple[int, int, str]] = []
    if not YEAR_RE.search(text):  # one scan instead of one per pattern
        return found
    for rx in _date_res():
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            g = m.groupdict()
            if g.get("a"):
                a, b = int(g["a"]), int(g["b"])
                month_first = b > 12 or (a <= 12 and lang == "en")
                g["d"], g["mo"] = (b, a) if month_first else (a, b)
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
                found.append((start, m.end(), iso))
    return sorted(found)


def parse_date_line(text: str, max_words: int = 20, lang: str | None = None) -> DateLine | None:
    """Read a block that is (mostly) a date line; None for anything else.

    >>> parse_date_line("2025-09-05 09:25 Last Updated At:09:30")
    DateLine(published='2025-09-05T09:25', updated='2025-09-05T09:30')
    >>> parse_date_line("The talks were held on Nov. 4, 2019, in Paris.") is None
    True
    """
    if "\n" in text.strip() or len(words(text)) > max_words:
        return None
    # Without four digits in a row find_dates finds nothing: most lines stop here,
    # before EMBED_RE, which is searched from every character.
    if not YEAR_RE.search(text) or EMBED_RE.search(text):
        return None
    dates = find_dates(text, lang)
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
    if published is None and updated is None:
        return None
    return DateLine(published, updated)
