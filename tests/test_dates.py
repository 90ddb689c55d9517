"""Dates: printed date lines in the forms sites print, relative and ambiguous dates
(a date line, but no date), and markup dates normalised to ISO 8601."""
from __future__ import annotations

import re

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.dates import day_month, is_relative_date, normalize_date, parse_date_line


@pytest.mark.parametrize("text,published,updated", [
    ("15.09.2025 09:25", "2025-09-15T09:25", None),
    ("09/15/2025 9:25 PM", "2025-09-15T21:25", None),
    ("15-09-2025", "2025-09-15", None),
    ("Created 2019-02-14 · Modified 2019-02-14", "2019-02-14", "2019-02-14"),
    ("August 10, 2020 · 4 min read", "2020-08-10", None),
    ("12 Sep. 2025 — 11:25", "2025-09-12T11:25", None),
    ("11:25 AM, September 18, 2025", "2025-09-18T11:25", None),
    ("Fri, Mar 13, 2020, 6:55 PM ET", "2020-03-13T18:55", None),
    ("Updated: Friday 17 June 2022 19:43", None, "2022-06-17T19:43"),
    ("Last updated on 3 August 2020", None, "2020-08-03"),
    ("APRIL 17, 2019", "2019-04-17", None),
    # Day and month equal: either order gives the same date.
    ("02/02/2020 18:38", "2020-02-02T18:38", None),
])
def test_date_lines_in_the_forms_sites_print(text, published, updated):
    dl = parse_date_line(text, lang="en")
    assert dl is not None
    assert (dl.published, dl.updated) == (published, updated)


@pytest.mark.parametrize("text", [
    "01.12.2021 12:51",      # 1 December or 12 January: the line cannot tell
    "03/04/2021",
    "10-06-2020 06:39",
    "8 mins ago",
    "34 minutes ago",
    "an hour ago",
    "3 weeks ago",
    "Yesterday",
    "Published 2 hours ago",
    "Updated: yesterday at 5:12 PM",
    "vor 2 Stunden",
    "il y a 3 heures",
    "hace 5 minutos",
    "2 hours ago · 3 min read",
    "Updated 35 minutes ago | 12 min read",
])
def test_a_date_line_that_tells_no_date_gives_none_not_a_guess(text):
    dl = parse_date_line(text, lang="en")
    assert dl is not None, "still a date line: it is removed from the text"
    assert (dl.published, dl.updated) == (None, None)


@pytest.mark.parametrize("text", [
    "He left two days ago.",
    "Two days ago, the port reopened after the storm had passed.",
    "Yesterday's storm closed the port",
    "Today in history: the port opened in 1887",
    "3 min read",
    "He read it two days ago - 3 min read",
])
def test_relative_dates_are_whole_lines_only(text):
    assert not is_relative_date(text)
    assert parse_date_line(text) is None


@pytest.mark.parametrize("a,b,want", [
    (15, 9, (15, 9)), (9, 15, (15, 9)), (3, 3, (3, 3)), (3, 4, "ambiguous"), (13, 13, None),
    (0, 5, None),
])
def test_day_month(a, b, want):
    assert day_month(a, b) == want


@pytest.mark.parametrize("value,iso", [
    ("2024-05-14T08:30:00-04:00", "2024-05-14T08:30:00-04:00"),   # already ISO: unchanged
    ("2024-02-11T14:30:00", "2024-02-11T14:30:00"),
    ("2019-11-19T13:16:49+0000", "2019-11-19T13:16:49+00:00"),
    ("2019-11-19T13:03:00.000Z", "2019-11-19T13:03:00+00:00"),
    ("2019-11-20 06:09:25", "2019-11-20T06:09:25"),
    ("2023-10-26", "2023-10-26"),
    ("2022-5-5 22:17:36", "2022-05-05T22:17:36"),
    ("Mon, 18 Nov 2019 16:07:38 -0600", "2019-11-18T16:07:38-06:00"),
    ("Tue, 19 Nov 2019 12:05:00 GMT", "2019-11-19T12:05:00+00:00"),
    ("Tue Nov 19 2019 03:05:46 GMT+0100", "2019-11-19T03:05:46+01:00"),
    ("November 19, 2019, 07:47 PM EST", "2019-11-19T19:47"),   # EST is no fixed offset here
    ("Tue Jan 28 15:28:56 CET 2020", "2020-01-28T15:28:56"),
    ("14/01/2020", "2020-01-14"),
    ("November 19, 2019", "2019-11-19"),
])
def test_markup_dates_normalised_to_iso(value, iso):
    assert normalize_date(value) == iso


@pytest.mark.parametrize("value", [
    "0001-01-01T00:00:00Z",       # a placeholder
    "PT15M",                      # a duration
    "Mo-Su 08:00-20:00",          # opening hours
    "10/05/2022 05:22 pm",        # day and month could be swapped
    "March 2020",                 # no day
    "November 19, 2019 13:16-9999",  # an offset of 9999 hours (raised ValueError)
    "",
    None,
    12345,
    "x" * 500,
])
def test_markup_values_that_are_no_date_give_none(value):
    assert normalize_date(value) is None


#: ISO 8601 as the document schema allows it (newsclean/schema/document.schema.json).
ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?")
#: The pieces markup dates are made of, glued in any order: dateutil reads many of the
#: strings they make, some with impossible parts (a year 0001, hour 25, offset -9999).
DATE_PIECES = ["2019", "11", "19", "Nov", "November", "T", "13:16", "49", ":", ".", "-", "/", " ",
               ",", "PM", "EST", "+0530", "-05:00", "Z", "GMT+1", "UTC", "0001", "9999", "99",
               "24:00", "12", "a.m.", "Tue", "CET", "+14:00", "T25:61"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), min_size=1, max_size=9).map("".join))
def test_a_markup_date_is_iso_or_none_never_an_exception(value):
    out = normalize_date(value)
    assert out is None or ISO_RE.fullmatch(out), (value, out)


RELATIVE_EXAMPLES = ["8 mins ago", "34 minutes ago", "an hour ago", "3 weeks ago", "2h ago", "Yesterday",
                     "Today", "Just now", "Moments ago", "Earlier today", "vor 2 Stunden",
                     "vor einer Stunde", "Gestern", "Heute", "il y a 2 heures", "il y a une heure",
                     "Hier", "Aujourd'hui", "hace 2 horas", "hace una hora", "Ayer", "Hoy"]


@pytest.mark.parametrize("example", RELATIVE_EXAMPLES)
def test_relative_date_hints_cover_what_the_patterns_match(example):
    """is_relative_date skips lines holding none of the hint words: every line one of
    the patterns matches must hold one, or the hints would hide a match."""
    from newsclean.dates import _relative_rules

    pattern, hints, _ = _relative_rules()
    assert pattern.fullmatch(example)
    from newsclean.textutil import words
    assert not hints.isdisjoint(w.lower() for w in words(example))
    assert is_relative_date(example)


# The clock-time patterns, made linear for issue 15 (possessive white space, a
# lookbehind): they must still take the times sites print and nothing else.

@pytest.mark.parametrize("text,published,updated", [
    ("March 5, 2020 Updated at 5:36 PM", "2020-03-05", "2020-03-05T17:36"),
    ("5 March 2020, Last Updated At:09:30", "2020-03-05", "2020-03-05T09:30"),
    ("June 17, 2022 Updated: 10:09am", "2022-06-17", "2022-06-17T10:09"),
])
def test_a_clock_time_after_the_update_word_is_the_update_time(text, published, updated):
    dl = parse_date_line(text, lang="en")
    assert (dl.published, dl.updated) == (published, updated)


@pytest.mark.parametrize("text,groups", [
    (" at 5:36 PM", ("5", "36", "PM")),
    (": 10:09am", ("10", "09", "am")),
    ("21:22", ("21", "22", None)),
    (" um 12h05", ("12", "05", None)),
    (" a las 9.15 p. m.", ("9", "15", "p. m.")),
    ("   at   :  9:30", ("9", "30", None)),
    (" at noon", None),
    ("  2020", None),
    (" 5 PM", None),
])
def test_update_time_re(text, groups):
    from newsclean.dates import UPDATE_TIME_RE

    m = UPDATE_TIME_RE.match(text)
    assert (m and m.groups()) == groups


@pytest.mark.parametrize("text,rest", [
    ("Yesterday at 5:12 PM", "Yesterday"),
    ("Today, 10:32", "Today"),
    ("2 days ago at 07:54 am", "2 days ago"),
    ("Hier, 10:32 CET", "Hier"),
    ("Today ,  10:32", "Today "),
    ("Yesterday", "Yesterday"),
    ("Route 66", "Route 66"),
    ("Chapter 12:3", "Chapter 12:3"),
    ("in 12:30 minutes", "in 12:30 minutes"),
])
def test_relative_time_tail_re(text, rest):
    from newsclean.dates import RELATIVE_TIME_TAIL_RE

    assert RELATIVE_TIME_TAIL_RE.sub("", text) == rest
