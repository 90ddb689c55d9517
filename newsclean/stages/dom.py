"""dom: what the markup of an HTML page tells (nothing on text pages).

The text stages that follow see the same blocks as for a text dump; this stage first
labels what only the DOM shows:

* ``dom:config-selector`` — a block inside an element that a site rule's
  ``drop_selectors`` names;
* ``dom:h1`` — the page's headline element (an ``<h1>``, the one inside the story's
  ``<article>`` when there is one) is the title;
* ``dom:figcaption`` — a ``<figcaption>`` is a caption, credit or not;
* ``dom:time`` — a short block around a ``<time datetime>`` is the date line (the
  attribute's value is the date, exactly as the markup gives it);
* ``dom:comments`` — a block anywhere inside a container named as comments (not one
  named as live coverage, nor one holding the page's headline);
* ``dom:landmark`` — a block inside ``<nav>``, ``<aside>``, ``<menu>``, ``<header>`` or
  ``<footer>`` that stands nearer to it than to the story's ``<article>``/``<main>``
  (an article's own header is the story's);
* ``dom:boilerplate-class`` — the nearest container whose class/id names a role names
  chrome ("share-bar", "related-posts", "cookie-consent"; rules/html_boilerplate.txt)
  rather than the story ("article-body", "entry-content"; rules/html_content.txt);
  ``dom:prose-over-names`` (no role) where such names would take the page's story
  with them: the prose wins (see _names_overruled);
* ``dom:link-list`` — a short block that is mostly link text (menus, tag lists), but
  not a <p> or <li> sentence that happens to be a link;
* ``dom:teaser-card`` — beside an <article> holding a story, a short <article> with a
  linked heading (a feed's or a "more stories" grid's card);
* ``dom:outside-main`` — a block outside the element holding most of the page's prose
  (or the one under the page's headline, when that stands apart: _headline_container),
  but for the standfirst and paragraphs between the headline and that element, and
  prose <p>s beside it or in a sibling named as it is (readability's sibling step);
  those kept above the element get ``data["lead"]`` (the content stage then trusts
  the story to start there);
* ``dom:article`` — a story start at each further ``<article>`` that holds a story of
  its own (``ARTICLE_MIN_WORDS`` words of paragraphs): pages that print several.
"""
from __future__ import annotations

from collections import Counter

from .. import rules
from ..model import Block, Page, CHROME, CAPTION, DATE, TITLE
from ..readers.html import CHROME_LANDMARKS, STORY_CONTAINERS
from ..dates import normalize_date, parse_date_line
from ..textutil import ends_sentence, norm_key, nwords
from .headline import byline_before_date, parse_byline


# CHROME_LANDMARKS (whose content is chrome, unless the story's <article>/<main> sits
# inside them: some sites wrap the whole page in one) and STORY_CONTAINERS come from
# the reader, which reads such landmarks whole. A <form> is not one: ASP.NET pages
# wrap everything in a form; search boxes are caught by their phrases and links.

#: A block with at least this share of link text, and fewer than LINK_LIST_WORDS
#: words, is a link list entry.
LINK_DENSITY = 0.5
LINK_LIST_WORDS = 30
#: An <article> with this many words in paragraphs is a story of its own.
ARTICLE_MIN_WORDS = 150
#: Beside such a story, an <article> with fewer words in paragraphs is a teaser card.
TEASER_MAX_WORDS = 60
#: How many ancestors are searched for role-naming class/id tokens.
TOKEN_REACH = 6
#: Class/id tokens of a comment section.
COMMENT_SECTION_TOKENS = frozenset({"comments", "comment", "disqus", "replies", "commentlist"})
#: Class/id tokens of live coverage: "live-comments" are a reporter's, not readers'.
LIVE_TOKENS = frozenset({"live", "liveblog", "liveticker", "ticker", "commentary"})
#: Class/id tokens that make an <article> element a reader's comment.
COMMENT_TOKENS = frozenset({"comment", "comments", "reply", "replies"})
#: The main container holds this share of the page's prose (paragraphs of at least
#: MAIN_PARAGRAPH_WORDS words ending like a sentence), and the page holds at least
#: MAIN_MIN_WORDS of it.
MAIN_SHARE = 0.7
MAIN_PARAGRAPH_WORDS = 8
MAIN_MIN_WORDS = 80
#: How many blocks above the main container the headline may stand for the prose
#: between them to be the story's (see _lead_paragraphs).
LEAD_REACH = 50
#: The standfirst is the first block of STANDFIRST_WORDS words or more within
#: STANDFIRST_REACH blocks under the headline, passing over lines of under 4 words
#: (see _standfirst).
STANDFIRST_REACH = 4
STANDFIRST_WORDS = 10
#: Elements a standfirst or lead paragraph is written in when it is prose (not list
#: items: "Key points" bullets). A heading of a full sentence is a lead too.
LEAD_TAGS = frozenset({"p", "h2", "h3", "h4"})
#: Class/id tokens that name a standfirst, in any element.
LEAD_TOKENS = frozenset({"lead", "intro", "introtext", "summary", "standfirst", "dek", "deck",
                         "teaser", "excerpt", "abstract", "chapo", "bajada", "subtitle",
                         "subheadline", "description"})
#: The <p>s must hold this share of a page's prose for only them to count (see
#: _prose_weight).
PARAGRAPH_SHARE = 0.3
#: Elements a story's paragraphs are written in.
PARAGRAPH_TAGS = frozenset({"p", "blockquote"})
#: A date block is short: the <time> and a few words around it.
TIME_BLOCK_WORDS = 16


def run(page: Page, config) -> None:
    """DOM evidence on HTML pages: headline, figcaptions, <time>, landmarks, chrome classes."""
    if page.kind != "html":
        return
    blocks = [b for b in page.blocks if b.dom is not None]
    if not blocks:
        return
    if config is not None and config.drop_selectors:
        _drop_selected(page, blocks, config.drop_selectors)
    _teaser_cards(blocks)
    head = _headline(page, blocks)
    boilerplate, content = rules.html_tokens()
    # Whether a block is a prose paragraph does not change with its label: found once.
    paragraphs = [b for b in blocks if _prose_paragraph(b, 0.3)]
    weight, total = _prose_weight(paragraphs)
    story_nodes = frozenset(n for n, w in weight.items()
                            if total >= MAIN_MIN_WORDS and w >= MAIN_SHARE * total)
    comment_sections = _comment_sections(blocks, head)
    names = _NameVerdicts(boilerplate, content, story_nodes)
    region = _names_overruled(paragraphs, names, comment_sections)
    for b in blocks:
        if b.role is not None:
            continue
        facts = b.dom
        # Most pages have no comment section: then no block is in one, and the
        # block's ancestry is not searched for it.
        in_comments = bool(comment_sections) and not comment_sections.isdisjoint(facts.ancestor_ids)
        if region is not None and region in facts.ancestor_ids:
            # The prose says this is the story, whatever the containers are named.
            if not in_comments and names.chrome(facts):
                b.reason = "dom:prose-over-names"  # no role: explain shows why it stayed
                continue
        if in_comments:
            b.label(CHROME, "dom:comments")
        elif "figcaption" in facts.inside:
            b.label(CAPTION, "dom:figcaption")
        elif _in_landmark(facts):
            b.label(CHROME, "dom:landmark")
        elif facts.datetime and nwords(b.text) <= TIME_BLOCK_WORDS:
            b.label(DATE, "dom:time")
            b.data["published"] = normalize_date(facts.datetime)
            authors = byline_before_date(b.text, page.lang)
            if authors:
                b.data["authors"] = authors
        elif names.chrome(facts):
            b.label(CHROME, "dom:boilerplate-class")
        elif (facts.link_density >= LINK_DENSITY and nwords(b.text) < LINK_LIST_WORDS
              and parse_byline(b.text) is None  # bylines link their names
              and not _linked_sentence(b)):
            b.label(CHROME, "dom:link-list")
    _main_container(page, blocks, paragraphs, head)
    _article_starts(blocks)
    _jsonld_starts(page, blocks)


def _names_overruled(paragraphs: list[Block], names: _NameVerdicts,
                     comment_sections: frozenset[int]) -> int | None:
    """The element holding the page's prose (the deepest holding MAIN_SHARE of it)
    when chrome-naming classes and ids would take the story with them, else None.
    Names may take side boxes off a page, never its story: when the blocks
    ``dom:boilerplate-class`` would label hold MAIN_SHARE of the prose outside comment
    sections and landmarks, and leave less than MAIN_MIN_WORDS words of it, the names
    inside that element are not believed ("section testreport ads" around every part
    of a review). ``dom:prose-over-names`` in explain. (Comment sections are told by
    their own evidence: see _comment_sections.)"""
    story_nodes = names.story_nodes
    if not story_nodes:
        return None
    named = left = 0
    for b in paragraphs:
        facts = b.dom
        if b.role is not None or not comment_sections.isdisjoint(facts.ancestor_ids) or _in_landmark(facts):
            continue
        if names.chrome(facts):
            named += nwords(b.text)
        else:
            left += nwords(b.text)
    if left >= MAIN_MIN_WORDS or named < MAIN_SHARE * (named + left):
        return None
    # story_nodes are nested (each holds over half the prose): the deepest is the
    # nearest one above a block under all of them.
    chain = next((b.dom.ancestor_ids for b in paragraphs if story_nodes.issubset(b.dom.ancestor_ids)), ())
    return next((n for n in chain if n in story_nodes), None)


def _linked_sentence(b: Block) -> bool:
    """A paragraph (<p>) written as a sentence whose words are mostly a link ("She
    replaced Jane Doe, who led the press office for eight months."): the story's text,
    not a list of links, whose entries are headlines and names without a full stop."""
    return b.dom.tag in ("p", "li") and nwords(b.text) >= MAIN_PARAGRAPH_WORDS and ends_sentence(b.text)


def _prose_paragraph(b: Block, max_links: float) -> bool:
    """A paragraph of prose: MAIN_PARAGRAPH_WORDS words or more, ending like a sentence,
    with at most ``max_links`` of its text in links."""
    return (b.dom.link_density <= max_links and nwords(b.text) >= MAIN_PARAGRAPH_WORDS
            and ends_sentence(b.text))


def _prose_weight(paragraphs: list[Block]) -> tuple[dict[int, int], int]:
    """Words of unlabelled prose paragraphs (``paragraphs``: at least
    MAIN_PARAGRAPH_WORDS words ending like a sentence, little link text) under each
    element, and on the whole page. Where the page writes its story in <p> elements,
    only those count: teaser blurbs and link descriptions sit in <div>s and <li>s. Div
    soup counts every block, and so does a page whose <p>s hold under PARAGRAPH_SHARE
    of its prose (a story written in <div>s beside a promo box of <p>s)."""
    prose = [b for b in paragraphs if b.role is None]
    paragraphs = [b for b in prose if b.dom.tag in PARAGRAPH_TAGS]
    in_paragraphs = sum(nwords(b.text) for b in paragraphs)
    if in_paragraphs >= MAIN_MIN_WORDS and in_paragraphs >= PARAGRAPH_SHARE * sum(
            nwords(b.text) for b in prose):
        prose = paragraphs
    weight: dict[int, int] = {}
    get = weight.get  # a plain dict: Counter's += calls back into Python for a new key
    total = 0
    for b in prose:
        n = nwords(b.text)
        total += n
        for node_id in b.dom.ancestor_ids:
            weight[node_id] = get(node_id, 0) + n
    return weight, total


def _main_container(page: Page, blocks: list[Block], paragraphs: list[Block], head: Block | None) -> None:
    """``dom:outside-main``: find the element that holds the story's prose — the
    deepest one holding MAIN_SHARE of the page's prose paragraphs (the idea of
    readability's top candidate) — and label what stands outside it chrome.
    ``paragraphs``: the blocks that are prose paragraphs (see _prose_weight)."""
    weight, total = _prose_weight(paragraphs)
    if total < MAIN_MIN_WORDS:
        return
    candidates = frozenset(n for n, w in weight.items() if w >= MAIN_SHARE * total)
    # The elements holding MAIN_SHARE of the prose are nested (it is over half: two
    # apart cannot both hold it), so the deepest is the nearest one above a block
    # under all of them, and some prose block is.
    under_all = next((b.dom.ancestor_ids for b in blocks if candidates.issubset(b.dom.ancestor_ids)), None)
    if not candidates or under_all is None:
        return
    main_id = next(node_id for node_id in under_all if node_id in candidates)
    main_id, under_all = _headline_container(head, weight, main_id, under_all)
    best_depth = len(under_all) - 1 - under_all.index(main_id)
    if best_depth == 0:
        return  # only <body> holds that much: the markup does not say where the story is
    page.meta["dom_main"] = True
    first = next(i for i, b in enumerate(blocks) if main_id in b.dom.ancestor_ids)
    lead = _lead_paragraphs(blocks, first)
    siblings = _story_siblings(blocks, first, main_id)
    for i in lead:
        blocks[i].data["lead"] = True
    for i, b in enumerate(blocks):
        if (b.role is None and main_id not in b.dom.ancestor_ids and i not in lead
                and i not in siblings
                and not _header_line(b.text, page.lang)):
            b.label(CHROME, "dom:outside-main")


def _headline_container(head: Block | None, weight: dict[int, int], main_id: int,
                        chain: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    """The story's container when the page's headline (``head``, ``dom:h1``) stands apart from
    the element holding most of its prose (``main_id``, ``chain`` its ancestry from a
    block under it): the nearest element above the headline holding ARTICLE_MIN_WORDS
    words of prose, when that element is not one holding ``main_id`` too. A readers'
    discussion that the markup does not name as comments can hold more prose than the
    story; the headline says which one the page is about."""
    if head is None or main_id in head.dom.ancestor_ids:
        return main_id, chain
    ids = head.dom.ancestor_ids
    for k, node_id in enumerate(ids[:-1]):  # not <body>/the root: that holds everything
        if weight.get(node_id, 0) >= ARTICLE_MIN_WORDS:
            if node_id in chain:
                break  # it holds the main element as well: the markup's choice stands
            return node_id, ids[k:]
    return main_id, chain


def _story_siblings(blocks: list[Block], first: int, main_id: int) -> set[int]:
    """Indexes of the paragraphs beside the main container (children of its parent)
    that are the story's too — readability's sibling step: a <p> of prose with little
    link text next to the element holding the rest (a story split around an ad), and
    the prose paragraphs of a sibling element named as the container is (same tag,
    same class and id words): the rest of a story the site prints in two or more
    "article-body" parts (before and after an ad, a newsletter box, a paywall cut).
    ``first`` is the index of the container's first block."""
    facts = blocks[first].dom
    chain = facts.ancestor_ids
    k = chain.index(main_id)
    if k + 1 >= len(chain):
        return set()
    parent = chain[k + 1]
    name = facts.ancestry[k]
    out = set()
    for i, b in enumerate(blocks):
        ids = b.dom.ancestor_ids
        if b.role is not None or parent not in ids or main_id in ids:
            continue
        j = ids.index(parent)
        if j == 1:
            if b.dom.tag in PARAGRAPH_TAGS and _prose_paragraph(b, 0.25):
                out.add(i)
        elif j > 1 and name[1] and b.dom.ancestry[j - 1] == name and _prose_paragraph(b, 0.25):
            out.add(i)
    return out


def _lead_paragraphs(blocks: list[Block], first: int) -> set[int]:
    """Indexes of the paragraphs (LEAD_TAGS) between the headline and the main
    container: the standfirst, and the first paragraphs that sites cut off for a
    paywall or an ad and print in an element of their own. Only when the headline
    stands within LEAD_REACH blocks above the container; short lines between (the date
    line, "3 min read", a share bar, a "Read also" link) are passed over. ``first`` is
    the index of the container's first block."""
    lead = set()
    named = _named_standfirst(blocks, first)
    if named is not None:
        lead.add(named)
    title = next((j for j in range(first - 1, max(-1, first - 1 - LEAD_REACH), -1)
                  if blocks[j].role is TITLE), None)
    if title is None:
        return lead
    lead.update(j for j in range(title + 1, first)
                if blocks[j].role is None and _lead_element(blocks[j]) and _prose_paragraph(blocks[j], 0.3))
    standfirst = _standfirst(blocks, title, first)
    if standfirst is not None:
        lead.add(standfirst)
    return lead


def _named_standfirst(blocks: list[Block], first: int) -> int | None:
    """Index of the block right above the main container (the nearest unlabelled one
    within STANDFIRST_REACH blocks) when its element or its parent is named as a
    standfirst ("intro", "teaser", "vorspann") and it has STANDFIRST_WORDS words and
    little link text: however far the headline, or when the page has none that the
    headline stage trusts."""
    for j in range(first - 1, max(-1, first - 1 - STANDFIRST_REACH), -1):
        b = blocks[j]
        if b.role is not None:
            continue
        if (_named_lead(b) and b.dom.link_density <= 0.3 and nwords(b.text) >= STANDFIRST_WORDS):
            return j
        return None
    return None


def _standfirst(blocks: list[Block], title: int, first: int) -> int | None:
    """Index of the standfirst right under the headline, in whatever element a site
    writes it (an <h2>, a <div>, a <p> without a class): the first block of
    STANDFIRST_WORDS words or more within STANDFIRST_REACH blocks, after short lines
    (a kicker, "3 min read"), that is a heading, a sentence, or named as a standfirst.
    Not a list item ("Key points" bullets) nor a link (a teaser)."""
    for j in range(title + 1, min(first, title + 1 + STANDFIRST_REACH)):
        b = blocks[j]
        n = nwords(b.text)
        if b.role is not None or n < 4:
            continue
        if (n >= STANDFIRST_WORDS and b.dom.tag != "li" and b.dom.link_density <= 0.3
                and (b.dom.heading_level or ends_sentence(b.text) or _lead_element(b))):
            return j
        return None
    return None


def _lead_element(b: Block) -> bool:
    """A <p>, or an element (or its parent) named as a standfirst ("lead", "intro",
    "summary", "teaser", "dek", "chapo", "bajada")."""
    return b.dom.tag in LEAD_TAGS or _named_lead(b)


def _named_lead(b: Block) -> bool:
    """The block's element or its parent is named as a standfirst."""
    return any(tokens & LEAD_TOKENS for _, tokens in b.dom.ancestry[:2])


def _drop_selected(page: Page, blocks: list[Block], selectors: tuple[str, ...]) -> None:
    """``dom:config-selector``: blocks inside elements a site rule names by CSS selector
    (``drop_selectors`` in the configuration file) are chrome."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page.content)
    texts = []
    for selector in selectors:
        try:
            nodes = tree.css(selector)
        except Exception:  # a selector lexbor cannot read matches nothing
            continue
        texts.extend(" ".join(n.text(deep=True, separator=" ").split()) for n in nodes)
    if not texts:
        return
    for b in blocks:
        if b.role is None and any(b.text in t for t in texts):
            b.label(CHROME, "dom:config-selector")


def _comment_sections(blocks: list[Block], headline: Block | None) -> frozenset[int]:
    """Ids of the containers below <body> named as readers' comments ("comments",
    "comment-list", "disqus_thread"): a block inside one, however deep, is no story.
    Not one: a container also named as live coverage ("match-live-comments": a
    reporter's running commentary), nor one holding the page's headline (a wrapper
    around the story and its comments, named after the comments). Blocks share most
    of their ancestors, so each element is looked at once: walking up from a block
    stops at the first element seen before (its ancestors were seen with it)."""
    seen: set[int] = set()
    sections: set[int] = set()
    for b in blocks:
        for (tag, tokens), node_id in zip(b.dom.ancestry, b.dom.ancestor_ids):
            if node_id in seen:
                break
            seen.add(node_id)
            if (tokens and not COMMENT_SECTION_TOKENS.isdisjoint(tokens) and LIVE_TOKENS.isdisjoint(tokens)
                    and tag != "body" and tag != "html"):
                sections.add(node_id)
    if headline is not None:
        sections.difference_update(headline.dom.ancestor_ids)
    return frozenset(sections)


def _in_landmark(facts) -> bool:
    """True if, walking up, a chrome landmark comes before the story's container. An
    <article>'s own <header> (headline, byline, date) is the story's, not chrome."""
    if facts.inside.isdisjoint(CHROME_LANDMARKS):
        return False  # most blocks: no landmark above them to find on the way up
    ancestry = facts.ancestry
    for i, (tag, _) in enumerate(ancestry):
        if tag in STORY_CONTAINERS:
            return False
        if tag in CHROME_LANDMARKS:
            if tag == "header" and any(t in STORY_CONTAINERS for t, _ in ancestry[i + 1:]):
                return False
            return True
    return False


class _NameVerdicts:
    """Whether the class/id names above a block name chrome, for the blocks of one page.

    ``chrome(facts)`` is True if, walking up (TOKEN_REACH elements at most), a
    chrome-naming container comes before a story-naming one (on one element the chrome
    name wins: "comment-body", "content-ad"). A container that holds most of the page's
    prose (``story_nodes``) is the story whatever its name ("section testreport ads": a
    review whose section carries ads among its paragraphs).

    Whether an element settles the walk, and which way, depends on that element alone
    (its tag, its tokens, whether it is one of ``story_nodes``), never on the block the
    walk started from: so each element's verdict is worked out once for the page and
    remembered (blocks share most of their ancestors; an element's id names it, tag and
    tokens included, for the page), and a block's answer is the first verdict found
    walking up, as the walk itself would find it."""

    __slots__ = ("boilerplate", "content", "story_nodes", "verdicts")

    def __init__(self, boilerplate: frozenset[str], content: frozenset[str],
                 story_nodes: frozenset[int]) -> None:
        self.boilerplate = boilerplate
        self.content = content
        self.story_nodes = story_nodes
        #: Element id -> True (chrome), False (story) or None (walk on).
        self.verdicts: dict[int, bool | None] = {}

    def chrome(self, facts) -> bool:
        verdicts = self.verdicts
        for link, node_id in zip(facts.ancestry[:TOKEN_REACH], facts.ancestor_ids):
            verdict = verdicts.get(node_id, _UNSEEN)
            if verdict is _UNSEEN:
                verdict = verdicts[node_id] = self._verdict(link, node_id)
            if verdict is not None:
                return verdict
        return False

    def _verdict(self, link: tuple[str, frozenset[str]], node_id: int) -> bool | None:
        """What one element on the way up says: chrome, story, or nothing."""
        tag, tokens = link
        if tag in ("body", "main", "article"):
            # A story container's own classes list its tags and categories
            # ("tag-software"); only a comment is told apart there.
            return not tokens.isdisjoint(COMMENT_TOKENS)
        if node_id in self.story_nodes:
            return False
        if not tokens.isdisjoint(self.boilerplate):
            return True
        if not tokens.isdisjoint(self.content):
            return False
        return None


_UNSEEN = object()


def _headline(page: Page, blocks: list[Block]) -> Block | None:
    """Label the headline element: the <h1> in the first story <article>, else the
    first <h1> on the page, preferring the one whose text is the markup's title.
    Returns it (None when there is none, or an earlier rule labelled it)."""
    h1s = [b for b in blocks if b.dom.heading_level == 1]
    if not h1s:
        return None
    title = (page.meta.get("html") or {}).get("title") or ""
    chosen = next((b for b in h1s if b.text.strip() and b.text.strip() in title), None)
    chosen = chosen or next((b for b in h1s if "article" in b.dom.inside), h1s[0])
    return chosen if chosen.label(TITLE, "dom:h1") else None


def _header_line(text: str, lang: str | None) -> bool:
    """A byline or date line: the story's header often stands outside the element
    holding its paragraphs; the headline stage reads it."""
    return parse_byline(text) is not None or parse_date_line(text, lang=lang) is not None


def _article_prose(blocks: list[Block]) -> tuple[Counter[int], dict[int, Block]]:
    """Words of unlabelled <p>s in each <article>, and each article's first block. An
    <article> named as comments ("comments", "comment-reply") is no story of its own."""
    prose: Counter[int] = Counter()
    first_block: dict[int, Block] = {}
    comments: set[int] = set()
    for b in blocks:
        art = b.dom.article
        if art is None or art in comments:
            continue
        if art not in first_block:
            tokens = next((t for tag, t in b.dom.ancestry if tag == "article"), frozenset())  # the nearest
            if tokens & COMMENT_TOKENS:
                comments.add(art)
                continue
        first_block.setdefault(art, b)
        if b.dom.tag == "p" and b.role is None:
            prose[art] += nwords(b.text)
    return prose, first_block


def _teaser_cards(blocks: list[Block]) -> None:
    """``dom:teaser-card``: on a page where one <article> holds a story (ARTICLE_MIN_WORDS
    words of paragraphs), an <article> with a linked heading and fewer than
    TEASER_MAX_WORDS words of paragraphs is a card of a feed or a "more stories" grid:
    a headline pointing elsewhere, a line of description. (Sites that print a story's
    sections or a recipe's parts as <article>s do not link their headings.)"""
    prose, first_block = _article_prose(blocks)
    if len(first_block) < 2 or max(prose.values(), default=0) < ARTICLE_MIN_WORDS:
        return
    linked = {b.dom.article for b in blocks
              if b.dom.heading_level is not None and b.dom.link_density >= LINK_DENSITY}
    cards = {a for a in first_block if prose[a] < TEASER_MAX_WORDS and a in linked}
    for b in blocks:
        if b.dom.article in cards and b.role is None:
            b.label(CHROME, "dom:teaser-card")


def _article_starts(blocks: list[Block]) -> None:
    """Mark a story start at each <article> after the first that holds a story."""
    prose, first_block = _article_prose(blocks)
    stories = [a for a in sorted(first_block) if prose[a] >= ARTICLE_MIN_WORDS]
    for art in stories[1:]:
        b = first_block[art]
        b.story_start = True
        b.story_reason = "dom:article"


#: A JSON-LD item's headline opens a story only when a paragraph of this many words
#: follows it within JSONLD_REACH blocks.
JSONLD_PROSE_WORDS = 20
JSONLD_REACH = 6


def _jsonld_starts(page: Page, blocks: list[Block]) -> None:
    """Mark a story start at the headline of each JSON-LD article after the first, when
    the page prints those headlines in order, each followed by a paragraph: an
    infinite-scroll page that describes its stories in JSON-LD but puts them in plain
    <div>s. The headline blocks are labelled titles. Headlines in link lists and teaser
    boxes (chrome) do not count."""
    items = (page.meta.get("html") or {}).get("articles") or []
    if len(items) < 2:
        return
    pos = 0
    for n, item in enumerate(items):
        key = norm_key(item.get("headline") or "")
        if not key:
            continue
        at = next((i for i in range(pos, len(blocks))
                   if blocks[i].role in (None, TITLE) and norm_key(blocks[i].text) == key
                   and _prose_follows(blocks, i)), None)
        if at is None:
            continue
        pos = at + 1
        blocks[at].label(TITLE, "dom:jsonld-headline")  # unless already labelled
        if n > 0 and not blocks[at].story_start:
            blocks[at].story_start = True
            blocks[at].story_reason = "dom:jsonld-item"


def _prose_follows(blocks: list[Block], i: int) -> bool:
    return any(b.role is None and b.dom.tag in PARAGRAPH_TAGS and nwords(b.text) >= JSONLD_PROSE_WORDS
               for b in blocks[i + 1:i + 1 + JSONLD_REACH])
