"""assemble: labelled blocks → documents, one per story.

A story runs from one story start to the next (the first from the top of the page).
Its ``text`` is its body blocks joined by blank lines; captions go once each into
``captions`` (in the story where they are first seen), and the title, dates, dateline
and authors come from the labelled blocks. A field the page does not tell stays None.
"""
from __future__ import annotations

import re
from collections import Counter

from ..dates import normalize_date
from ..model import Block, Document, Page, Role
from ..textutil import dateline_of, norm_key, word_count


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
        stats={"blocks_in": len(blocks), **{k: stats[k] for k in sorted(stats)}},
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
    JSON-LD articles in the same order, else each story keeps what its text says."""
    info = page.meta.get("html") or {}
    items = info.get("articles") or []
    if len(docs) == 1:
        sources = [{"headline": info.get("title"), "datePublished": info.get("published"),
                    "dateModified": info.get("updated"), "authors": info.get("authors")}]
    elif len(docs) == len(items):
        sources = items
    else:
        return
    for doc, item in zip(docs, sources):
        title = clean_title(item.get("headline"), info.get("site_name"), doc.title)
        doc.title = title or doc.title
        # Markup dates come in many shapes ("2019-11-19T13:16:49+0000", "Tue, 19 Nov
        # 2019 …"): written as ISO 8601 like the dates of printed date lines.
        doc.published = normalize_date(item.get("datePublished")) or doc.published
        doc.updated = normalize_date(item.get("dateModified")) or doc.updated
        doc.authors = list(item.get("authors") or []) or doc.authors


# A site name glued to a headline in <title>/og:title: "Headline | Site", "Headline - Site".
# Searched: it starts where white space starts, never inside a run of it (where the
# leftmost match never starts), and reads the run before the bar once (possessive).
# The \s+ after the bar may give a space back: "Headline |  " has the suffix " ".
TITLE_SUFFIX_RE = re.compile(r"(?<!\s)\s++[|–—-]\s+([^|–—-]{1,60})$")


def clean_title(title: str | None, site_name: str | None, heading: str | None = None) -> str | None:
    """A headline without the site name the page appended to it: the suffix goes when
    it is the site's name, or when what stands before it is the page's own heading."""
    if not title:
        return None
    m = TITLE_SUFFIX_RE.search(title)
    if m:
        head = title[: m.start()].strip()
        if site_name and m.group(1).strip().lower() == site_name.strip().lower():
            return head
        if heading and head == heading.strip():
            return head
    return title.strip()


def assemble(page: Page, config) -> list[Document]:
    """Documents of a labelled page, short ones (< config.min_words) left out but for
    a page's only brief (see assemble_stories)."""
    return [doc for _, doc in assemble_stories(page, config) if doc is not None]
