"""assemble: labelled blocks → documents, one per story.

A story runs from one story start to the next (the first from the top of the page).
Its ``text`` is its body blocks joined by blank lines; captions go once each into
``captions`` (in the story where they are first seen), and the title, dates, dateline
and authors come from the labelled blocks. A field the page does not tell stays None.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..dates import normalize_date
from ..model import STATS_KEYS, Block, Document, Page, Role
from ..textutil import dateline_of, norm_key, word_count
from .headline import HEADLINE_MAX_WORDS, markup_authors


def split_stories(blocks: list[Block], split: bool = True) -> list[list[Block]]:
    """Blocks grouped by story (a story start opens a new group)."""
    stories: list[list[Block]] = [[]]
    for b in blocks:
        if split and b.story_start and stories[-1]:
            stories.append([])
        stories[-1].append(b)
    return stories


def build(page: Page, blocks: list[Block], keep_captions: bool) -> tuple[Document, int]:
    """The document of one story's blocks, and its words (``Document.word_count``)."""
    title = published = updated = None
    head_dated = False
    authors: list[str] = []
    body: list[tuple[int, str]] = []
    first_body: str | None = None
    captions: list[str] = []
    seen_captions: set[str] = set()
    for b in blocks:
        if b.role is Role.CHROME:
            continue  # most blocks of a page: none of the tests below is for them
        if b.role is Role.TITLE and title is None:
            title = b.text
        elif b.role is Role.DATE:
            # The date lines of the story's head say when it was published; a date
            # line met later in its text does so only when the head had none ("8 mins
            # ago" or "01.12.2021" in the head: the date is not known, not guessed
            # from a date further down).
            if first_body is None:
                head_dated = True
            if first_body is None or not head_dated:
                published = published or b.data.get("published")
                updated = updated or b.data.get("updated")
            authors.extend(a for a in b.data.get("authors", []) if a not in authors)
        elif b.role is Role.BYLINE:
            authors.extend(a for a in b.data.get("authors", []) if a not in authors)
        elif b.role is Role.CAPTION:
            key = norm_key(b.text)
            if key not in seen_captions:
                seen_captions.add(key)
                captions.append(b.text)
                if keep_captions:
                    body.append((b.para, b.text))
        elif b.is_body and b.text:
            body.append((b.para, b.text))
            first_body = first_body or b.text
    # Roles counted first: str() of a role is a Python call, made once per role here.
    stats: Counter[str] = Counter()
    for role, n in Counter(b.role for b in blocks).items():
        stats[str(role or Role.BODY)] += n
    dateline = dateline_of(first_body) if first_body else None
    doc = Document(
        id="", source=page.source, url=page.url, title=title, published=published,
        updated=updated, dateline=dateline, authors=authors, text=join_paragraphs(body),
        captions=captions, lang=page.lang,
        stats={"blocks_in": len(blocks), **{k: stats[k] for k in STATS_KEYS[1:]}},
    )
    # The paragraphs' word counts (cached: the stages asked) add up to the text's: no
    # word spans the line breaks between them. Counting the joined text again would
    # take the longest single step of assembling.
    return doc, int(sum(word_count(text) for _, text in body))


def join_paragraphs(parts: list[tuple[int, str]]) -> str:
    """Join body blocks: a newline inside a printed paragraph, a blank line between."""
    out: list[str] = []
    prev = None
    for para, text in parts:
        if out:
            out.append("\n" if para == prev else "\n\n")
        out.append(text)
        prev = para
    return "".join(out)


#: A page with no story of min_words words still gives one document: its longest story,
#: when that has a headline and at least this share of min_words words (a news brief).
BRIEF_SHARE = 0.35


def assemble_stories(page: Page, config) -> list[tuple[list[Block], Document | None]]:
    """Each story's blocks with its document, or None where the story is too short
    (fewer than ``config.min_words`` words) to be one. A page with no story that long
    still gives its longest one when it has a headline and BRIEF_SHARE of those words:
    a news brief is a story too."""
    built, nwords = [], []
    for story in split_stories(page.blocks, config.split):
        doc, n = build(page, story, config.keep_captions)
        built.append((story, doc))
        nwords.append(n)
    keep = [n >= max(config.min_words, 1) for n in nwords]
    if not any(keep) and built:
        # A page whose only story is a short one (a brief, a teaser-length post): the
        # longest story with a headline still makes a document, when it has a few
        # sentences' worth of words.
        best = max(range(len(built)), key=lambda i: nwords[i])
        doc = built[best][1]
        if doc.title and nwords[best] >= max(config.min_words * BRIEF_SHARE, 1):
            keep[best] = True
    out: list[tuple[list[Block], Document | None]] = []
    n = 0
    # A page cut from a dump at a form feed line is numbered too: "dump.txt#2.1".
    part = page.meta.get("part")
    prefix = f"{page.id or page.source}#{part}." if part else f"{page.id or page.source}#"
    for (story, doc), kept in zip(built, keep):
        if kept:
            n += 1
            doc.id = f"{prefix}{n}"
            out.append((story, doc))
        else:
            out.append((story, None))
    if page.kind == "html":
        apply_markup(page, [doc for _, doc in out if doc is not None])
    return out


def apply_markup(page: Page, docs: list[Document]) -> None:
    """Metadata the markup states (JSON-LD, Open Graph, <meta>) wins over guesses from
    text: for a one-story page from the page's tags, for several stories from as many
    JSON-LD articles in the same order, else each story keeps what its text says.
    The markup's title loses the site's name (clean_title), and its authors are read
    as bylines, the site's own name left out (headline.markup_authors): JSON-LD's,
    else a <meta>'s; when neither names anyone, the story keeps those its text
    names."""
    info = page.meta.get("html") or {}
    items = info.get("articles") or []
    if len(docs) == 1:
        sources = [{"headline": info.get("title"), "datePublished": info.get("published"),
                    "dateModified": info.get("updated"), "authors": info.get("authors"),
                    "meta_authors": info.get("meta_authors")}]
    elif len(docs) == len(items):
        sources = items
    else:
        return
    site = SiteNames.of(info.get("site_names") or [info.get("site_name")], page.url)
    for doc, item in zip(docs, sources):
        title = clean_title(item.get("headline"), site, doc.title)
        doc.title = title or doc.title
        # Markup dates come in many shapes ("2019-11-19T13:16:49+0000", "Tue, 19 Nov
        # 2019 …"): written as ISO 8601 like the dates of printed date lines.
        doc.published = normalize_date(item.get("datePublished")) or doc.published
        doc.updated = normalize_date(item.get("dateModified")) or doc.updated
        # JSON-LD's authors, else a <meta>'s (JSON-LD's may be a login: "admin").
        authors = (markup_authors(list(item.get("authors") or []), is_site=site.named, lang=page.lang)
                   or markup_authors(list(item.get("meta_authors") or []), is_site=site.named, lang=page.lang))
        doc.authors = authors or doc.authors


# ----------------------------------------------------------------------- the site

#: Host name labels that name no site: "www.", "m.", and the second level of a
#: country's domain ("bbc.co.uk").
HOST_NOISE = frozenset("www www2 m mobile amp co com org net gov ac edu or ne".split())
#: Letters written out when a name is compared ("Börsen-Zeitung" is boersen-zeitung.de).
FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"})


@dataclass(frozen=True)
class SiteNames:
    """The names a page's site goes by, as comparison keys (see _keys): its
    og:site_name, JSON-LD publisher and web site, each part of them ("The Jerusalem
    Post | JPost.com"), and the name in its host ("www.cbsnews.com" → cbsnews). A
    title segment or an author that is one of them is the site's, not the story's."""

    names: tuple[str, ...]
    keys: frozenset[str]
    #: The keys of the names the page states (not its host's): initials are matched
    #: against these only.
    stated: frozenset[str] = frozenset()

    @classmethod
    def of(cls, names: list[str | None], url: str | None = None) -> SiteNames:
        names = [n.strip() for n in names if n and n.strip()]
        keys: set[str] = set()
        for name in names:
            keys |= _keys(name)
            for part in TITLE_SEPARATOR_RE.split(name):
                keys |= _keys(part)
        stated = frozenset(keys)
        host = _host_label(url or "")
        if host:
            keys |= _keys(host)
        return cls(tuple(names), frozenset(keys), stated)

    def named(self, text: str) -> bool:
        """``text`` names the site: "CBS News" on cbsnews.com, "Sportsnet.ca" for
        "Sportsnet.ca", "Deutsche Welle" when the page calls itself "DW", "Deutsches
        Rotes Kreuz" on drk.de (by its initials: against a host's label only when it
        has three letters or more, as two would take "David Walker" on dw.com for the
        site)."""
        if not self.keys:
            return False
        if not _keys(text).isdisjoint(self.keys):
            return True
        parts = text.replace("-", " ").split()
        if len(parts) < 2:
            return False
        initials = "".join(p[0] for p in parts).casefold()
        return initials in self.stated or (len(initials) >= 3 and initials in self.keys)


def _host_label(url: str) -> str | None:
    """The name in a URL's host: "https://www.dw.com/…" → "dw", "news.bbc.co.uk" → "bbc"."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    labels = [x for x in host.split(".")[:-1] if x not in HOST_NOISE]
    return labels[-1] if labels else None


#: What a comparison key leaves out: all but letters and digits (str.isalnum).
NOT_ALNUM_RE = re.compile(r"[\W_]+")


def _keys(text: str) -> set[str]:
    """Comparison keys of a name: lower case, letters and digits only, a leading "The"
    dropped, a host name's top level too ("JPost.com" → jpost); with umlauts written
    out and with accents dropped. Keys of fewer than two characters are none."""
    t = text.strip().casefold()
    if t.startswith("the "):
        t = t[4:]
    if " " not in t and "." in t.strip("."):  # a host name: "sportsnet.ca", "www.dw.com"
        labels = [x for x in t.strip("./").split(".")[:-1] if x not in HOST_NOISE]
        t = labels[-1] if labels else t
    out = set()
    for variant in (t.translate(FOLD), t):
        variant = NOT_ALNUM_RE.sub("", unicodedata.normalize("NFKD", variant))
        if len(variant) >= 2:
            out.add(variant)
    return out


# ----------------------------------------------------------------------- titles

# Where a title's parts meet: "Headline | Site", "Headline - Site | 28.04.2023",
# "Headline — Site", "Section » Headline". Dashes and bars count with white space on
# both sides only ("Jean-Pierre", "Left-right"). Searched: it starts where white
# space starts, never inside a run of it, and reads each run once (possessive).
TITLE_SEPARATOR_RE = re.compile(r"(?<!\s)\s++(?:[|–—·•»-]|::)\s++")
# ... and where a kicker meets its headline too: "Analysis: Headline".
KICKER_SEPARATOR_RE = re.compile(r"(?<!\s)(?:\s++(?:[|–—·•»-]|::)|:)\s++")
# A separator at the end of what stands before a site name ("Headline | ").
SEPARATOR_END_RE = re.compile(r"(?<!\s)\s++(?:[|–—·•»:-]|::)\s*+$")
# A separator at the start of what follows a site name (": Headline"). For .match at
# a position only: searched, it would try every run of white space from each start.
SEPARATOR_START_RE = re.compile(r"\s*+(?:[|–—·•»:-]|::)\s++")
#: A markup title longer than this is no headline and a kicker (see _display_heading).
TITLE_MAX_CHARS = 500
#: A kicker (the part of the markup's title around the page's heading: "Opinion",
#: "Afghanistan News | Al Jazeera") has at most this many words per part.
KICKER_MAX_WORDS = 6


def clean_title(title: str | None, site: SiteNames | None = None, heading: str | None = None) -> str | None:
    """The markup's title as the story's headline.

    * Without the site's name (``site``) before or after it, and what the site
      prints after its name (a date, a slogan, short): "Headline | DW |
      28.04.2023" → "Headline", "- Digg" on digg.com, "LinkNaija | …: Headline". A
      part that is not the site's stays: "Left-right politics | Other".
    * Then the page's own heading (``heading``, the headline it prints) when the
      title is that heading with short parts around it: a kicker or a section
      ("Opinion | Headline", "Analysis: Headline").
    """
    if not title:
        return None
    title = title.strip()
    if site is not None and site.keys:
        title = _without_site(title, site)
    if heading and heading.strip() != title:
        display = _display_heading(title, heading.strip())
        if display:
            return display
    return title


def _without_site(title: str, site: SiteNames) -> str:
    """``title`` without the site's name glued on before or after it (see clean_title)."""
    low = title.casefold()
    for name in site.names:  # the whole site name glued on: "Headline | AOC - Analyse Critique"
        n = name.casefold()
        if len(n) >= len(low) or len(low) != len(title) or len(n) != len(name):
            continue  # (casefold changed a length, "ß" → "ss": offsets would be wrong)
        rest = None
        if low.endswith(n):
            m = SEPARATOR_END_RE.search(title, 0, len(title) - len(n))
            if m and m.start() > 0:
                rest = title[: m.start()]
        if rest is None and low.startswith(n):
            m = SEPARATOR_START_RE.match(title, len(n))
            if m and m.end() < len(title):
                rest = title[m.end():]
        # What is left must not be the site's too: a page whose og:site_name is its
        # headline ("Headline | Site" with both "site names") keeps its title.
        if rest is not None and not site.named(rest):
            return _strip_site(rest, site)
    return _strip_site(title, site)


def _segments(title: str, separator: re.Pattern[str]) -> tuple[list[str], list[int]]:
    """The parts of a title between separators, and where each part starts and ends
    (bounds[2i], bounds[2i + 1])."""
    bounds = [0]
    for m in separator.finditer(title):
        bounds += m.span()
    bounds.append(len(title))
    return [title[bounds[2 * i]:bounds[2 * i + 1]] for i in range(len(bounds) // 2)], bounds


#: How many segments from a title's end its site's name may stand ("Headline | Site |
#: Slogan", "Headline | DW | 28.04.2023"), the ones after it short.
SITE_REACH = 3


def _strip_site(title: str, site: SiteNames) -> str:
    """``title`` without the segments at either end that name the site: one of the
    last SITE_REACH with what follows it when that is short (a date, a slogan:
    "Headline | DW | 28.04.2023", "Headline | site.ch | Your fishing magazine"),
    and those that open it ("DW | Headline")."""
    segs, bounds = _segments(title, TITLE_SEPARATOR_RE)
    start, end = 0, len(segs)
    for k in range(len(segs) - 1, max(0, len(segs) - SITE_REACH) - 1, -1):
        if k == 0 or len(segs[k].split()) > KICKER_MAX_WORDS and not site.named(segs[k]):
            break
        if site.named(segs[k]):
            end = k
            while end > 1 and site.named(segs[end - 1]):
                end -= 1
            break
    while end - start > 1 and site.named(segs[start]):
        start += 1
    kept = title[bounds[2 * start]:bounds[2 * end - 1]]
    return title if site.named(kept) else kept


def _display_heading(title: str, heading: str) -> str | None:
    """``heading`` when ``title`` is that heading with short parts before or after it,
    each set apart by a separator: a kicker ("Opinion | ", "Analysis: "), a section,
    the site, a date. Else None: also when a part beside the heading is longer than
    it (the heading is the kicker: "Kicker:" over "The headline proper"), and when
    a colon follows it ("Headline: the rest of it" is one headline)."""
    if heading.endswith(":"):
        return None  # a kicker printed as a heading of its own
    if len(title) > TITLE_MAX_CHARS or len(heading.split()) > HEADLINE_MAX_WORDS:
        return None  # no headline: the search over parts below grows with their number
    key = norm_key(heading)
    if not key or key not in norm_key(title):
        return None
    segs, bounds = _segments(title, KICKER_SEPARATOR_RE)
    size = len(heading.split())
    for i in range(len(segs)):
        for j in range(i, len(segs)):
            run = norm_key(title[bounds[2 * i]:bounds[2 * j + 1]])
            if run == key:
                if j + 1 < len(segs) and ":" in title[bounds[2 * j + 1]:bounds[2 * j + 2]]:
                    return None
                rest = segs[:i] + segs[j + 1:]
                if all(len(s.split()) <= min(KICKER_MAX_WORDS, size) for s in rest) and j - i + 1 < len(segs):
                    return heading
                return None
            if len(run) > len(key):
                break
    return None


def assemble(page: Page, config) -> list[Document]:
    """Documents of a labelled page, short ones (< config.min_words) left out but for
    a page's only brief (see assemble_stories)."""
    return [doc for _, doc in assemble_stories(page, config) if doc is not None]
