"""HTML pages → Page with blocks, on selectolax (lexbor): fast, and never raises on
broken markup.

* Charset: a BOM, else the caller's hint (an HTTP header), else ``<meta charset>`` /
  ``http-equiv``; a declared charset that does not decode the bytes is mis-declared
  (common: "utf-8" over windows-1252 bytes) and the detector decides, with a warning.
* Segmentation: script, style, noscript, template, svg, iframe, head and hidden
  elements are dropped; the rest is cut into blocks in reading order, one per
  paragraph-level element (``<p>``, headings, ``<li>``, ``<blockquote>``, ``<figcaption>``,
  text standing directly in a ``<div>`` …). Inline markup is flattened.
* Each block carries :class:`DomFacts` for the ``dom`` stage: its tag, the tags above
  it, class/id tokens, link density, the landmark elements it sits in, and which
  ``<article>`` it belongs to.
* Metadata from the markup (JSON-LD, Open Graph, ``<meta>``, ``<time>``, canonical link,
  ``<html lang>``) goes to ``page.meta["html"]`` for assemble, which prefers it over
  guesses from text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import Any, AnyStr, Iterator
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..model import Block, Page
from .._native import native
from ..textutil import strip_controls

#: Elements whose content is never text a reader sees, or only annotates it (the ruby
#: readings <rt> and fallback brackets <rp> printed above Japanese and Chinese words).
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head", "object",
             "embed", "canvas", "map", "button", "select", "input", "textarea", "link", "meta",
             "rt", "rp")
_DROP_TAG_SET = frozenset(DROP_TAGS)
#: Hidden elements, which the reader removes before cutting blocks. The DROP_TAGS
#: elements it skips as it walks the tree: a type selector costs lexbor a test of
#: every element, the walk a set lookup on the elements it meets anyway.
HIDDEN_SELECTOR = "[hidden], [aria-hidden=true]"
#: Elements that end a paragraph: text before and after them is in different blocks.
#: A table row is one block (its cells are read across, as a browser shows them).
BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table tbody tfoot thead tr ul br html caption center".split()
)
#: Heading elements and their levels.
HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}
#: Landmarks a block may sit in (the `inside` facts).
LANDMARKS = frozenset("figure figcaption nav header footer aside article form main menu".split())

# A blog post's class list (WordPress post_class(): "post-123 type-post hentry …") names
# the post's categories and tags: "category-social-media", "tag-popular" say what the
# post is about, not what the element is, and must not read as "social" or "popular".
POST_CLASS_RE = re.compile(r"(?:^|\s)(?:hentry|post-\d+|type-[a-z_]+)(?:\s|$)")
TAXONOMY_CLASS_RE = re.compile(r"(?:^|\s)(?:category|tag)-\S+")
# Inline style that hides an element: "display:none", "visibility: hidden".
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# The elements whose style can hide them: lexbor picks them by a substring of the
# attribute, so the regex reads only those, not every styled element.
HIDDEN_STYLE_SELECTOR = '[style*="none" i], [style*="hidden" i]'
# A tag left inside a metadata string: '<a href="/authors/jdoe">Jane Doe</a>'. Reads
# to the next "<" or ">" once (possessive); a lone "<" ("a < b") is no tag.
TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*+>")
# A whole character reference left after decoding once ("&#8220;", "&eacute;", "&#x2014;"
# from "&amp;#8220;"): a string escaped twice. Must not take "AT&T" or "Q&A" for one.
CHAR_REF_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# White space runs inside a paragraph (newlines in the source are not line breaks).
SPACE_RE = re.compile(r"\s+")
# The charset in <meta charset="…"> or <meta http-equiv="Content-Type" content="…; charset=…">.
# A tag's attributes stop at the next "<" too, and the white space around the quote is
# one run or two apart: else "<meta" repeated without ">", or spaces after "charset=",
# cost time quadratic in their number.
META_CHARSET_RE = re.compile(rb"""<meta[^<>]+charset\s*=\s*(?:["']\s*)?([a-zA-Z0-9_.:-]+)""", re.I)
# An HTML document: a doctype or <html>/<head>/<body> tag, matched where the content
# starts once white space and comments are skipped (_skip_comments). Must not take a
# text dump that quotes "<p>" in a sentence for HTML: the tag must open the content.
HTML_SNIFF_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I)
# Content that opens with some other tag: HTML when it is an element only HTML has
# (scripts and styles printed before <html>, a server's "<br /><b>Warning</b>"), or
# when a document tag follows ("<?xml …?><!DOCTYPE html …>").
ELEMENT_START_RE = re.compile(
    rb"^\s*<(?:script|style|link|meta|div|span|p|table|form|iframe|noscript|br|b|a|img|ul|"
    rb"section|article|header|nav|center|font|h[1-6])[\s/>]", re.I)
TAG_START_RE = re.compile(rb"^\s*<[a-z!/?]", re.I)
# Markup goes on after its first element: a closing tag. A text dump whose renderer left
# one stray tag on its first line (a tracking pixel's "<img …>") has none.
CLOSING_TAG_RE = re.compile(rb"</[a-z]", re.I)
DOCUMENT_TAG_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.I)


@dataclass(slots=True)
class DomFacts:
    """What the DOM tells about a block.

    ``ancestry`` lists (tag, class/id tokens) from the element holding the text up to
    ``<body>``, nearest first; ``inside`` the landmark elements among them.

    Read-only by convention, not frozen: a frozen dataclass pays an
    ``object.__setattr__`` call per field when made, and the reader makes one per block.
    """

    tag: str
    ancestry: tuple[tuple[str, frozenset[str]], ...]
    #: Identities of the same elements (for telling which blocks share a container).
    ancestor_ids: tuple[int, ...]
    link_density: float
    inside: frozenset[str]
    article: int | None = None
    heading_level: int | None = None
    datetime: str | None = None
    #: How many runs of text the block holds: more than one for a chrome landmark
    #: read whole (see _read_landmark), as many as the blocks it would have made.
    runs: int = 1

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(tag for tag, _ in reversed(self.ancestry))

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset().union(*(t for _, t in self.ancestry))


def looks_like_html(data: bytes) -> bool:
    """Kind sniffing: does this content start like an HTML document? A doctype or a
    document tag first; or an HTML element first (a script or style printed before
    <html>, a server's warning) with a closing tag after it; or any tag first and a
    document tag within the first 64 KB. A text dump starts with words, not a tag,
    or with one stray tag its renderer left."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    start = _skip_comments(head)
    if start is not None and HTML_SNIFF_RE.match(head, start):
        return True
    if ELEMENT_START_RE.match(head) and CLOSING_TAG_RE.search(data, 0, 65536):
        return True
    return bool(TAG_START_RE.match(head) and DOCUMENT_TAG_RE.search(data, 0, 65536))


def _skip_comments(head: bytes) -> int | None:
    """Where the content starts after leading white space and ``<!-- … -->`` comments;
    None when a comment does not end in ``head``. A loop of finds: the regex this
    replaces, ``(?:<!--.*?-->\\s*)*``, could end each comment at any later ``-->`` and
    tried them all, 2**n ways for n comments (40 one-line comments hung the sniffing)."""
    i = _skip_space(head, 0)
    while head.startswith(b"<!--", i):
        end = head.find(b"-->", i + 4)
        if end < 0:
            return None
        i = _skip_space(head, end + 3)
    return i


def _skip_space(data: bytes, i: int) -> int:
    """The first position at or after ``i`` that is not ASCII white space (``\\s``)."""
    while i < len(data) and data[i] in b" \t\n\r\x0b\x0c":
        i += 1
    return i


def declared_charset(data: bytes, hint: str | None = None) -> str | None:
    """The charset the page declares: the caller's hint (an HTTP header), else
    ``<meta charset>``. A BOM outranks both (see readers.decode)."""
    if hint:
        return hint
    m = META_CHARSET_RE.search(data[:8192])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode_html(data: bytes, name: str, hint: str | None = None) -> tuple[str, list[str]]:
    """Bytes → text: BOM, else the declared charset (``hint``, then <meta>) unless the
    bytes are valid UTF-8 or it does not fit them, else UTF-8 or the detector's guess;
    a declaration overruled comes with a warning. Never raises."""
    text, warnings, _ = _decode_html(data, name, hint)
    return text, warnings


def _decode_html(data: bytes, name: str, hint: str | None) -> tuple[str, list[str], bytes | None]:
    """decode_html, and the text's UTF-8 bytes when it was read from UTF-8 (most
    pages): the parser is given those rather than the text, which it would encode
    again (~0.15 ms a page)."""
    from . import decode  # the readers' one decoder

    decoded = decode(data, name, binary_check=False, declared=declared_charset(data, hint), from_meta=not hint)
    text = decoded.text
    stripped = text.lstrip("\ufeff")  # more BOMs after the first: no text
    if decoded.utf8 is None:
        return stripped, decoded.warnings, None
    # Each U+FEFF stripped was three bytes.
    return stripped, decoded.warnings, decoded.utf8[3 * (len(text) - len(stripped)):]


def page_from_html(data: bytes | str, *, source: str = "-", url: str | None = None,
                   encoding_hint: str | None = None, meta: dict | None = None) -> tuple[Page, list[str]]:
    """Parse an HTML page into a Page (kind "html") and the warnings met on the way."""
    warnings: list[str] = []
    utf8: bytes | None = None
    if isinstance(data, bytes):
        text, warnings, utf8 = _decode_html(data, source, encoding_hint)
    else:
        text = strip_controls(data)
    markup, flattened = _limit_nesting(text if utf8 is None else utf8)
    if flattened:
        warnings.append(f"{source}: markup nested more than {MAX_NESTING} block elements deep; "
                        f"{flattened} deeper element(s) read as if their tags were not there")
        if utf8 is not None:
            text = markup.decode("utf-8")
        else:
            text = markup
    tree = LexborHTMLParser(markup)
    picked = _pick(tree)
    info = read_metadata(tree, picked)
    _unwrap_page_noscript(tree, picked[4])
    _remove_hidden(tree)
    blocks = [Block(index=i, text=t, para=i, dom=facts)
              for i, (t, facts) in enumerate(_segment(tree.body or tree.root))]
    page = Page(source=source, content=text, kind="html", url=page_url(url, info.get("urls") or ()),
                meta={**(meta or {}), "html": info}, blocks=blocks, lang=info.get("lang"))
    return page, warnings


#: The elements _remove_hidden looks at, in one query: a query costs lexbor a walk over
#: every element, whatever it asks.
_HIDDEN_QUERY = f"{HIDDEN_SELECTOR}, {HIDDEN_STYLE_SELECTOR}"


def _remove_hidden(tree: LexborHTMLParser) -> None:
    """Remove the hidden elements: those of HIDDEN_SELECTOR, and those of
    HIDDEN_STYLE_SELECTOR whose style HIDDEN_STYLE_RE finds. The query matches both
    kinds; each is told by its attributes as the selectors read them (``hidden``
    there, ``aria-hidden`` exactly "true"). Removed last-first, so that a match
    inside another goes before the element holding it (never touched once removed),
    and an element two selectors match (listed twice) once. A hidden <html> or
    <body> stays: a script shows the page once it has loaded (an "anti-flicker"
    snippet), and the root cannot be removed anyway."""
    removed: set[int] = set()
    for node in reversed(tree.css(_HIDDEN_QUERY)):
        if node.tag_id in _PAGE_IDS or node.mem_id in removed:
            continue
        attrs = node.attributes
        if ("hidden" in attrs or attrs.get("aria-hidden") == "true"
                or HIDDEN_STYLE_RE.search(attrs.get("style") or "")):
            removed.add(node.mem_id)
            node.decompose()


#: Schemes a document's URL may have: a web page's.
WEB_SCHEMES = ("http", "https")


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host: not "/news/a", "//cdn.ex.org/a" (whose
    scheme is the page's, unknown here), "mailto:…" or "https:///a"."""
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)
    except ValueError:  # a broken IPv6 host ("http://[::1/x")
        return False


def page_url(container: str | None, markup: list[str] | tuple[str, ...]) -> str | None:
    """A page's URL: the container's (``container``: the JSONL record's url, the
    WARC-Target-URI, the caller's ``url``) when it is an absolute web URL; else the
    first of the markup's (canonical link, og:url) that is one; else the
    container's as the caller gave it (their key for the record, "example.com/a"
    included), else None.

    A relative markup URL ("/news/a", "//cdn.ex.org/a") is never the page's: the
    only URL to resolve it against is the container's, which wins when it is a web
    URL; without one it stays unknown (null), as a dataset's ``url`` column wants
    (it used to be output as printed).
    """
    if container and is_web_url(container):
        return container
    for href in markup:
        if is_web_url(href):
            return href.strip()
    return container or None


#: A <noscript> holding paragraphs of this many words is a copy of the story (see
#: _unwrap_page_noscript).
NOSCRIPT_PROSE_WORDS = 50
#: How many <noscript>s are looked into (pages hold a few: tracking pixels, a video).
MAX_NOSCRIPTS = 64


def _unwrap_page_noscript(tree: LexborHTMLParser, nodes: list[LexborNode]) -> None:
    """A <noscript> left open in the head swallows the whole page (browsers with
    scripts on never show it, so nobody notices): one holding most of the body's
    text is unwrapped, its content kept, before the <noscript>s are dropped. So is
    one holding paragraphs of NOSCRIPT_PROSE_WORDS words or more: blog engines that
    render the post with a script print it there for readers without scripts, and
    the page has no other copy (the script's template is dropped). ``nodes``: the
    <noscript>s in the body (see _pick). Past the first MAX_NOSCRIPTS, each a
    subtree read whole, the rest are dropped unread."""
    body = tree.body
    if body is None or not nodes:
        return
    total = None
    for node in nodes[:MAX_NOSCRIPTS]:
        text = node.text(deep=True)
        if not text:
            continue  # a tracking pixel's <img>: it can meet neither test
        if total is None:  # the body's text is long: taken only for a page that needs it
            total = len(body.text(deep=True))
        if len(text) > total / 2 or (node.css_first("p") is not None and len(text.split()) >= NOSCRIPT_PROSE_WORDS):
            node.unwrap()


# ---------------------------------------------------------------------------- nesting

#: How deep elements may nest before the deeper ones are read as if their tags were
#: not there. Real pages nest a few dozen deep (49 at most on the dev pages); the parser looks down its stack of open
#: elements at every block element's start tag, so a page of 100,000 nested <div>s (or
#: of 20,000 <span>s opened and 20,000 <div></div>s after them) took minutes.
MAX_NESTING = 256
#: Elements that never stand open under others: no end tag, or one the next sibling
#: implies (<p>, <li>, cells …), or the page's own.
_FLAT_TAGS = frozenset(
    b"area base br col embed hr img input link meta param source track wbr keygen frame basefont "
    b"bgsound image p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc "
    b"html head body".split())
#: The same as end tags, as the tag scan gives them ("/p").
_FLAT_NAMES = _FLAT_TAGS | frozenset(b"/" + t for t in _FLAT_TAGS)
#: Where the parser reads raw text (a tag inside is none): comments, and the content of
#: these elements, up to the end tag.
RAW_TEXT_TAGS = ("script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes")
_RAW_OPEN_RE = re.compile(rb"<(?:!--|(%s)(?=[\s/>]))" % "|".join(RAW_TEXT_TAGS).encode())
_TAG_NAME_RE = re.compile(rb"<(/?[a-z][a-z0-9]*)")
#: The tag names of lowercased markup outside raw text, for _limit_nesting's first
#: pass: what _TAG_NAME_RE finds in the spans _outside_raw_text gives, in one C pass
#: (and one list), a comment or raw text element matched whole (an empty name) up to
#: where its end is, or to the end of the markup. Possessive, so that a long one
#: leaves the regex engine nothing to remember.
_TAG_OR_RAW_RE = re.compile(
    rb"<(?:!--[^-]*+(?:-(?!->)[^-]*+)*+|"
    + b"|".join(rb"%s(?=[\s/>])[^<]*+(?:<(?!/%s)[^<]*+)*+" % (tag.encode(), tag.encode()) for tag in RAW_TEXT_TAGS)
    + rb"|(/?[a-z][a-z0-9]*))")


def _limit_nesting(markup: AnyStr) -> tuple[AnyStr, int]:
    """The markup with the start and end tags of elements nested deeper than
    MAX_NESTING taken out (their content stays, one level up), and how many were taken
    out. Depth is counted on the tags as written (see _nests_deeper): a pass over the
    tags (~1,500 on a news page), no recursion, and the parser's work stays linear in
    the page."""
    if isinstance(markup, str):  # a page given as text: scanned as its UTF-8
        data = markup.encode("utf-8", "surrogatepass")
        out, dropped = _limit_nesting(data)
        return (out.decode("utf-8", "surrogatepass"), dropped) if dropped else (markup, 0)
    if not nests_deeper(markup, MAX_NESTING, _FLAT_TAGS):
        return markup, 0
    lower = markup.lower()
    return _cut_deep_tags(markup, lower, _outside_raw_text(lower))


def _nests_deeper(markup: bytes, limit: int, flat_tags: frozenset[bytes]) -> bool:
    """Whether an element of ``markup`` is opened deeper than ``limit``. Depth is
    counted on the tags as written: an end tag closes the nearest open element of its
    name, tags in comments, scripts and styles are skipped, and the elements of
    ``flat_tags`` (they never stay open: <br>, <p>, <li> …) do not count.

    The rule as written; ``nests_deeper`` is its compiled form where newsclean was
    built with one (newsclean/_speedups.c, ten times faster: this pass was a tenth of
    an HTML page's time), else this function."""
    names = _TAG_OR_RAW_RE.findall(markup.lower())
    if len(names) <= limit:
        return False  # too few tags to nest that deep (a snippet)
    depth = 0
    open_count: dict[bytes, int] = {}
    get = open_count.get
    for name in names:
        if not name:
            continue  # a comment or raw text
        closing = name[0] == 47  # "/"
        if closing:
            name = name[1:]
        if name in flat_tags:
            continue
        if closing:
            n = get(name)
            if n:
                open_count[name] = n - 1
                depth -= 1
        else:
            open_count[name] = get(name, 0) + 1
            depth += 1
            if depth > limit:
                return True
    return False


nests_deeper = native("nests_deeper", _nests_deeper)


def _outside_raw_text(lower: bytes) -> list[tuple[int, int]]:
    """The spans of ``lower`` (lowercased markup) outside comments and raw text
    elements (<script>, <style> …): the few such places a page has are jumped over,
    and an unclosed one runs to the end, as for the parser."""
    search, find = _RAW_OPEN_RE.search, lower.find
    spans = []
    pos, end = 0, len(lower)
    while (m := search(lower, pos)) is not None:
        spans.append((pos, m.start()))
        name = m.group(1)
        close = find(b"</" + name if name else b"-->", m.end())
        if close < 0:
            return spans
        pos = close
    spans.append((pos, end))
    return spans


def _cut_deep_tags(markup: bytes, lower: bytes, parts: list[tuple[int, int]]) -> tuple[bytes, int]:
    """_limit_nesting's second pass, for a page nested too deep: the tags of elements
    opened past MAX_NESTING, and their end tags, cut out."""
    pieces = []
    kept: dict[bytes, list[bool]] = {}  # per name, per open element of it: is its tag kept?
    depth = dropped = 0
    start = 0
    for lo, hi in parts:
        for m in _TAG_NAME_RE.finditer(lower, lo, hi):
            if m.start() < start:
                continue  # inside a tag already cut out
            name = m.group(1)
            if name in _FLAT_NAMES:
                continue
            if name[0] == 47:
                stack = kept.get(name[1:])
                if not stack:
                    continue
                if stack.pop():
                    depth -= 1
                    continue
            else:
                keep = depth < MAX_NESTING
                kept.setdefault(name, []).append(keep)
                if keep:
                    depth += 1
                    continue
                dropped += 1
            pieces.append(markup[start:m.start()])
            start = _tag_end(markup, m.end())
    pieces.append(markup[start:])
    return b"".join(pieces), dropped


def _tag_end(markup: bytes, pos: int) -> int:
    """The position after the ``>`` that ends the tag going on at ``pos``."""
    end = markup.find(b">", pos)
    return len(markup) if end < 0 else end + 1


# ---------------------------------------------------------------------------- segmentation

@lru_cache(maxsize=4096)
def _tokens_of(cls: str | None, id_: str | None, role: str | None, itemprop: str | None) -> frozenset[str]:
    # Written out value by value, not looped over: a page meets ~80 new combinations,
    # and each costs its regex runs and little else.
    tokens: list[str] = []
    if cls:
        cls = cls.lower()
        # The substrings first: the regex costs more than the three tests.
        if ("hentry" in cls or "post-" in cls or "type-" in cls) and POST_CLASS_RE.search(cls):
            cls = TAXONOMY_CLASS_RE.sub(" ", cls)
        tokens = _words(cls)
    if id_:
        tokens += _words(id_.lower())
    if role:
        tokens += _words(role.lower())
    if itemprop:
        tokens += _words(itemprop.lower())
    return frozenset(tokens)


#: Every byte but a-z as a space, for _words.
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


def _words(value: str) -> list[str]:
    """The runs of a-z in a lowercased class or id value: "share-bar__item" -> "share",
    "bar", "item"; what ``re.findall("[a-z]+")`` finds, in half the time. Most values
    are new to the cache (CSS-module names: "style--hat-1vqyrZZ3j7vMCXYKbvaqKa"), so
    this runs ~100 times a page. Any other character, a non-ASCII one too ("?" after
    encoding), separates words."""
    return value.encode("ascii", "replace").translate(_LETTERS_ONLY).decode("ascii").split()


_NO_TOKENS: frozenset[str] = frozenset()

#: Landmarks whose content is chrome (the dom stage's dom:landmark), unless the story's
#: container sits inside them, or, for a <header>, around them (an article's own
#: header). The reader reads such a landmark whole (see _read_landmark).
CHROME_LANDMARKS = frozenset({"nav", "aside", "footer", "header"})
#: Story containers: met before any landmark when walking up, a block is story.
STORY_CONTAINERS = frozenset({"article", "main"})
#: What a chrome landmark's text is read with: its links, what is dropped, and the
#: elements that would make the dom stage see some of its blocks otherwise.
LANDMARK_KEEP = (*sorted(STORY_CONTAINERS), "figcaption", "h1")
# Of DROP_TAGS, those that can hold text (not the empty <input>, <embed>, <link>,
# <meta>, nor <head>).
_LANDMARK_PICKS = ("a",) + LANDMARK_KEEP + tuple(
    tag for tag in DROP_TAGS if tag not in ("input", "embed", "link", "meta", "head"))


# The walk tells nodes apart by ``tag_id``, lexbor's number for the tag name: an int read
# off the node, where ``tag`` decodes a new string each time (~1700 nodes a page). The
# numbers of the standard tags are fixed; a custom element's is not, and matches none
# of these.
_ID_PARSER = LexborHTMLParser("<p>x</p>")
_TEXT_ID = _ID_PARSER.css_first("p").child.tag_id


def _tag_id(name: str) -> int:
    return _ID_PARSER.create_node(name).tag_id


_DROP_IDS = frozenset(map(_tag_id, DROP_TAGS))
_BLOCK_NAMES = {_tag_id(tag): tag for tag in BLOCK_TAGS}
_BREAK_IDS = frozenset(map(_tag_id, ("br", "hr")))
_CELL_IDS = frozenset(map(_tag_id, ("td", "th")))
_LANDMARK_IDS = frozenset(map(_tag_id, LANDMARKS))
_HEADING_LEVELS = {_tag_id(tag): level for tag, level in HEADING_LEVELS.items()}
_A_ID, _TIME_ID, _ARTICLE_ID, _HEADER_ID = map(_tag_id, ("a", "time", "article", "header"))
_PAGE_IDS = frozenset(map(_tag_id, ("html", "body")))
#: lexbor numbers the kinds of node that are no element (text, comment, doctype …)
#: below its first tag, <a>: a tag_id under it is no element (for the walk, a comment).
_FIRST_TAG_ID = _A_ID
_CHROME_LANDMARK_IDS = frozenset(map(_tag_id, CHROME_LANDMARKS))
_LANDMARK_KEEP_IDS = frozenset(map(_tag_id, LANDMARK_KEEP))
_LANDMARK_PICK_IDS = frozenset(map(_tag_id, _LANDMARK_PICKS))

#: What _resolve_one reads off a block element's tag, in one lookup: its name, the
#: landmark it is (or None), whether it is an <article>, its heading level, and its
#: ancestry entry when it has no attributes.
_BLOCK_INFO = {tid: (tag, tag if tag in LANDMARKS else None, tag == "article", HEADING_LEVELS.get(tag),
                     (tag, _NO_TOKENS))
               for tid, tag in _BLOCK_NAMES.items()}

# A block element as the walk meets it is a list ``[node, tag_id, parent]``: a list,
# not an object, because one is made for each of ~380 block elements a page and a
# class's __init__ costs more than the rest of the walk spends on it. What its blocks'
# DomFacts need is worked out on the first block emitted under it (many block
# elements hold no text at all): _resolve appends it as a fifth item.
_FACTS = 3


def _resolve(ctx: list) -> tuple:
    """(tag, ancestry, ancestor ids, inside, article, heading level) of a block element,
    worked out for it and for the elements above it that have not been (from the top
    down, in a loop: pages nest deeper than Python recurses)."""
    parent = ctx[2]
    if parent is None or len(parent) > _FACTS:  # most: the parent's are known
        return _resolve_one(ctx)
    chain = []
    while len(ctx) <= _FACTS:
        chain.append(ctx)
        ctx = ctx[2]
        if ctx is None:
            break
    for ctx in reversed(chain):
        _resolve_one(ctx)
    return chain[0][_FACTS]


def _resolve_one(ctx: list) -> tuple:
    """_resolve for a block element whose parent's facts are known."""
    node, tid, parent = ctx
    if parent is None:
        return _resolve_root(ctx)
    tag, landmark, is_article, level, bare = _BLOCK_INFO[tid]
    attrs = node.attributes
    if attrs:
        get = attrs.get
        link = (tag, _tokens_of(get("class"), get("id"), get("role"), get("itemprop")))
    else:
        link = bare
    mem_id = node.mem_id
    _, ancestry, ids, inside, article, _ = parent[_FACTS]
    if landmark is not None and landmark not in inside:
        inside = inside | {landmark}
    facts = (tag, (link,) + ancestry, (mem_id,) + ids, inside, mem_id if is_article else article, level)
    ctx[0] = None  # the node is not needed any more
    ctx.append(facts)
    return facts


def _resolve_root(ctx: list) -> tuple:
    """_resolve_one for the element the walk starts at (<body>, or <html> when there is none)."""
    node, tid, _ = ctx
    tag = node.tag or ""
    attrs = node.attributes
    if attrs:
        get = attrs.get
        link = (tag, _tokens_of(get("class"), get("id"), get("role"), get("itemprop")))
    else:
        link = (tag, _NO_TOKENS)
    mem_id = node.mem_id
    facts = (tag, (link,), (mem_id,), frozenset((tag,)) if tid in _LANDMARK_IDS else _NO_TOKENS,
             mem_id if tid == _ARTICLE_ID else None, _HEADING_LEVELS.get(tid))
    ctx[0] = None
    ctx.append(facts)
    return facts


#: A chrome landmark inside this many others, none of them read whole, is walked like
#: any element: reading one costs a look at all its content, and landmarks nested
#: thousands deep would cost that once each.
MAX_LANDMARK_READS = 8


def _read_landmark(node: LexborNode, tid: int, parent: list) -> tuple[str, int, int] | None:
    """A chrome landmark's text as one block, its characters in links and its runs of
    text (its text nodes: a menu's items, a footer's lines); None for
    a landmark whose blocks are not all chrome to the dom stage (dom:landmark): one
    holding a story container (<article>, <main>), a caption (<figcaption>) or a
    headline (<h1>), one in a <figcaption>, and a <header> in a story container (an
    article's own header holds its headline and byline).

    Menus, sidebars and footers hold a third of a page's blocks. Walking them node
    by node cost a sixth of the time spent on a page, for blocks that all end up
    chrome; lexbor reads their text in one call. The block still shows in the trace,
    with its words, as what the landmark held."""
    inside = (parent[_FACTS] if len(parent) > _FACTS else _resolve(parent))[3]
    if "figcaption" in inside or (tid == _HEADER_ID and not STORY_CONTAINERS.isdisjoint(inside)):
        return None
    # Its elements of _LANDMARK_PICKS in document order, as node.css() would find
    # them: lexbor's C walk, the tag test in Python, in under half the time of
    # lexbor trying the 19 selectors on every element.
    pick, keep = _LANDMARK_PICK_IDS, _LANDMARK_KEEP_IDS
    found = []
    for el in node.traverse():
        tid = el.tag_id
        if tid in pick:
            if tid in keep:
                return None
            found.append((el, tid))
    links = 0
    for el, tid in found:
        if tid == _A_ID:
            links += len(el.text(deep=True, strip=True))  # as the walk counts: text nodes stripped
        else:
            el.decompose()  # script, style, …: not text a reader sees
    runs = node.text(deep=True, separator="\n", skip_empty=True)
    return " ".join(runs.split()), links, runs.count("\n") + 1


def _is_spaced(text: str) -> bool:
    """Whether ``text`` is what ``" ".join(text.split())`` makes of it: its only white
    space single spaces between words. Tested in C, where the split and join make a
    string per word: a character str.split takes for white space is, but for the
    space, no printable one (each is a control character or a Unicode separator)."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _segment(root: LexborNode) -> list[tuple[str, DomFacts]]:
    out: list[tuple[str, DomFacts]] = []
    articles: dict[int, int] = {}
    parts: list[str] = []
    # The pending text's link characters, block element and <time datetime>: closure
    # variables, not a list's items or attributes, which cost an index or a lookup
    # once per text node.
    link_chars = 0
    owner: list | None = None
    datetime: str | None = None

    def flush(runs: int = 1) -> None:
        nonlocal link_chars, owner, datetime
        if parts:
            text = "".join(parts)
            if not _is_spaced(text):
                text = " ".join(text.split())
            if text and owner is not None:
                tag, ancestry, ids, inside, art, level = (owner[_FACTS] if len(owner) > _FACTS
                                                          else _resolve(owner))
                if art is not None:
                    art = articles.setdefault(art, len(articles))
                # Positional: keyword arguments cost more, once per block.
                out.append((text, DomFacts(tag, ancestry, ids,
                                           link_chars / len(text) if link_chars < len(text) else 1.0, inside,
                                           art, level, datetime, runs)))
            parts.clear()
            link_chars = 0
            owner = None
        datetime = None

    # The tree is walked in a loop, not by recursion: pages nest deeper than Python
    # recurses. ``stack`` holds, per element the walk is inside, where to go on after
    # it: its next sibling, the block element and link state there, and whether a block
    # ends with it.
    stack: list[tuple[LexborNode | None, list, bool, bool, int]] = []
    push, pop = stack.append, stack.pop
    ctx: list = [root, root.tag_id, None]
    in_link = False
    landmarks = 0  # chrome landmarks the walk is inside (each not read whole)
    # The module's tables as local names: each is read once per node (~1700 a page).
    text_id, first_tag, a_id, time_id = _TEXT_ID, _FIRST_TAG_ID, _A_ID, _TIME_ID
    block_ids, drop_ids, cell_ids = _BLOCK_NAMES, _DROP_IDS, _CELL_IDS
    chrome_ids, break_ids = _CHROME_LANDMARK_IDS, _BREAK_IDS
    child = root.first_child
    while True:
        if child is None:
            if not stack:
                break
            child, ctx, in_link, block_ends, landmarks = pop()
            if block_ends:
                if parts:
                    flush()
                else:
                    datetime = None
            continue
        tid = child.tag_id
        if tid == text_id:
            if parts:
                text = child.text_content
                if text:
                    parts.append(text)
                    if in_link:
                        link_chars += len(text.strip())
            # White space before a block's first text changes nothing: skipping it
            # spares a flush at most block boundaries. Most text nodes there are
            # line breaks and indents, which lexbor tells without making a string.
            elif not child.is_empty_text_node:
                text = child.text_content
                if text and not text.isspace():
                    owner = ctx
                    parts.append(text)
                    if in_link:
                        link_chars += len(text.strip())
        elif tid in block_ids:
            if parts:
                flush()
            else:
                datetime = None
            read = None
            if tid in chrome_ids and landmarks < MAX_LANDMARK_READS:
                read = _read_landmark(child, tid, ctx)
            if read is not None:  # one block: the dom stage labels it chrome
                text, links, runs = read
                if text:
                    parts.append(text)
                    owner = [child, tid, ctx]
                    link_chars = len(text) if in_link else links
                    flush(runs)
            elif tid not in break_ids:
                push((child.next, ctx, in_link, True, landmarks))
                if tid in chrome_ids:
                    landmarks += 1
                ctx = [child, tid, ctx]
                child = child.first_child
                continue
        elif tid in drop_ids or tid < first_tag:
            pass  # read as removed (nothing in it is text a reader sees), or a comment
        else:  # inline markup
            if parts and tid in cell_ids:
                parts.append(" ")  # cells of a row stay apart
            if tid == time_id and datetime is None:
                datetime = child.attributes.get("datetime")
            push((child.next, ctx, in_link, False, landmarks))
            in_link = in_link or tid == a_id
            child = child.first_child
            continue
        child = child.next

    flush()
    return out


# ---------------------------------------------------------------------------- metadata

#: What the reader picks off the tree before the walk, in one query: a query costs
#: lexbor a walk over every element whatever it asks (~0.05 ms a page), and this one
#: stands for four (five on a page whose date is in a <time> only). The metadata
#: elements, and <body> with the <noscript>s after it in document order, which are
#: the body's (a descendant selector, "body noscript", looks up every match's
#: ancestors: <noscript>s nested 20,000 deep cost seconds).
_PICK_SELECTOR = 'meta, script[type="application/ld+json"], link[rel="canonical"], time[datetime], body, noscript'
_META_ID, _SCRIPT_ID, _LINK_ID, _BODY_ID = map(_tag_id, ("meta", "script", "link", "body"))

#: _pick's answer: the <meta>s and JSON-LD <script>s, the first canonical <link> and
#: <time datetime> (or None), and the body's <noscript>s.
Picked = tuple[list[LexborNode], list[LexborNode], "LexborNode | None", "LexborNode | None", list[LexborNode]]


def _pick(tree: LexborHTMLParser) -> Picked:
    """The elements of _PICK_SELECTOR, each kind in document order (told apart by their
    tags: no element matches two of the selectors)."""
    metas: list[LexborNode] = []
    scripts: list[LexborNode] = []
    noscripts: list[LexborNode] = []
    canonical = time = None
    in_body = False
    for node in tree.css(_PICK_SELECTOR):
        tid = node.tag_id
        if tid == _META_ID:
            metas.append(node)
        elif tid == _SCRIPT_ID:
            scripts.append(node)
        elif tid == _LINK_ID:
            if canonical is None:
                canonical = node
        elif tid == _TIME_ID:
            if time is None:
                time = node
        elif tid == _BODY_ID:
            in_body = True
        elif in_body:
            noscripts.append(node)
    return metas, scripts, canonical, time, noscripts


def read_metadata(tree: LexborHTMLParser, picked: Picked | None = None) -> dict[str, Any]:
    """Title, dates, authors, URL, language and site names as the markup states them
    (``picked``: _pick(tree), when the caller has it). Strings as printed, their
    character references decoded (a headline escaped twice reads "&#8211;" in its
    tag); authors as the markup gives them ("By JANE DOE, Associated Press",
    "Name, MS, RDN"): assemble reads them as bylines and decides, with the site
    names (``site_names``: og:site_name, the JSON-LD publisher and web site), what
    of the title and authors is the site's."""
    meta_nodes, scripts, canonical, time, _ = picked or _pick(tree)
    info: dict[str, Any] = {}
    metas = _meta_index(meta_nodes)
    ld = _json_ld(scripts)
    items = ld.articles
    info["articles"] = items
    first = items[0] if items else ld.page or {}
    info["title"] = first.get("headline") or _meta(metas, "og:title") or _h1(tree)
    info["published"] = first.get("datePublished") or _meta(metas, "article:published_time")
    info["updated"] = first.get("dateModified") or _meta(metas, "article:modified_time")
    if not info["published"]:  # the first <time datetime>
        info["published"] = time.attributes.get("datetime") if time is not None else None
    info["authors"] = first.get("authors") or []
    info["meta_authors"] = _meta_authors(metas)
    # The page's own URL as the markup states it, perhaps relative ("/news/a"):
    # page_url resolves it against the container's.
    info["urls"] = [u for u in ((canonical.attributes.get("href") if canonical is not None else None),
                                _meta(metas, "og:url")) if u]
    html = tree.css_first("html")
    lang = html.attributes.get("lang") if html is not None else None
    info["lang"] = lang.split("-")[0].split("_")[0].lower().strip() or None if lang else None
    info["site_name"] = _meta(metas, "og:site_name")
    site_names = [info["site_name"], *first.get("publishers", ()), *ld.sites]
    info["site_names"] = list(dict.fromkeys(n for n in site_names if n))
    return info


#: <meta> names that give a story's authors, in the order they are asked: the
#: first that is there (and is no link to a profile page: "article:author" often is)
#: is read.
AUTHOR_METAS = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator")


def _meta_authors(metas: dict[tuple[str, str], str]) -> list[str]:
    """The authors a <meta> names, as printed (one string: assemble splits it)."""
    for name in AUTHOR_METAS:
        value = _meta(metas, name)
        if value and not value.startswith(("http://", "https://", "www.")):
            return [value]
    return []


def _meta_index(nodes: list[LexborNode]) -> dict[tuple[str, str], str]:
    """("property" or "name", its value) -> the content of the first <meta> with it:
    what ``meta[property="…"]`` / ``meta[name="…"]`` would find, for one query over
    the tree instead of two per name looked up."""
    index: dict[tuple[str, str], str] = {}
    for node in nodes:
        attrs = node.attributes
        for key in ("property", "name"):
            value = attrs.get(key)
            if value is not None:
                index.setdefault((key, value), attrs.get("content") or "")
    return index


def _meta(metas: dict[tuple[str, str], str], name: str) -> str | None:
    """The content of <meta property=name>, else of <meta name=name> (see _meta_index)."""
    for key in ("property", "name"):
        value = _clean(metas.get((key, name), ""))
        if value:
            return value
    return None


def _clean(value: str) -> str | None:
    """A metadata string as a reader sees it: character references decoded (what
    the parser leaves of a headline escaped twice: "zerst&ouml;ren", "&#8220;"; in
    JSON-LD, which no parser decodes, a headline escaped twice reads
    "&amp;#8220;": decoded again while whole references are left), tags taken out,
    white space runs made one space; None when nothing is left."""
    if "&" in value:
        value = unescape(value)
        if "&" in value and CHAR_REF_RE.search(value):
            value = unescape(value)
    if "<" in value:  # markup inside the value: '<a href="/authors/jdoe">Jane Doe</a>'
        value = TAG_RE.sub(" ", value)
    return SPACE_RE.sub(" ", value).strip() or None


def _h1(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("h1")
    text = SPACE_RE.sub(" ", node.text(deep=True)).strip() if node is not None else ""
    return text or None


#: JSON-LD types that describe a story.
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
                           "AnalysisNewsArticle", "OpinionNewsArticle", "LiveBlogPosting",
                           "BackgroundNewsArticle", "ReviewNewsArticle", "Report"})


@dataclass(slots=True)
class JsonLd:
    """What a page's JSON-LD says: its story items (``articles``, each a dict of
    headline, dates, authors, url and publishers), else the page's own item when it
    has a headline but no story type ("MedicalWebPage", "WebPage"), and the names of
    the web site and publisher it describes (``sites``)."""

    articles: list[dict[str, Any]]
    page: dict[str, Any] | None
    sites: list[str]


#: JSON-LD types that name the site: its WebSite item, its publisher.
SITE_TYPES = frozenset({"WebSite", "NewsMediaOrganization"})


def _json_ld(nodes: list[LexborNode]) -> JsonLd:
    objects: list[dict[str, Any]] = []
    for node in nodes:
        try:
            data = json.loads(node.text(deep=True) or "")
        except (ValueError, TypeError, RecursionError):  # nested past what json reads
            continue
        objects.extend(_flatten(data))
    # Items named by "@id" (Yoast's graph gives an article's author and publisher as
    # {"@id": "…/#/schema/person/…"} and the Person apart).
    by_id = {}
    for item in objects:
        ref = item.get("@id")
        if isinstance(ref, str) and "name" in item:
            by_id.setdefault(ref, item)
    articles, page, sites = [], None, []
    for item in objects:
        types = item.get("@type")
        # Names only: a page may give {"@type": {"a": 1}} or [["NewsArticle"]].
        types = {t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
        if types & SITE_TYPES:
            name = _str(item.get("name"))
            if name:
                sites.append(name)
        story = bool(types & ARTICLE_TYPES)
        if not story and (page is not None or not _str(item.get("headline"))):
            continue
        read = {
            "headline": _str(item.get("headline")),
            "datePublished": _str(item.get("datePublished")),
            "dateModified": _str(item.get("dateModified")),
            "authors": _authors(item.get("author"), by_id) or _authors(item.get("creator"), by_id),
            "url": _str(item.get("url")),
            "publishers": _authors(item.get("publisher"), by_id),
        }
        if story:
            articles.append(read)
        else:
            page = read
    return JsonLd(articles, page, sites)


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    """The objects in a JSON-LD value, its lists and "@graph"s opened, in document
    order (a loop with a stack: the nesting is the page's to choose)."""
    stack = [data]
    while stack:
        data = stack.pop()
        if isinstance(data, list):
            stack.extend(reversed(data))
        elif isinstance(data, dict):
            yield data
            if "@graph" in data:
                stack.append(data["@graph"])


def _authors(value: Any, by_id: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """The names in a JSON-LD author value: a name, a Person or Organization (its
    "name", or the item its "@id" names elsewhere on the page), or lists of them
    (read one list deep into another at most: nobody nests authors further)."""
    names = []
    for v in (value if isinstance(value, list) else [value]):
        for w in (v if isinstance(v, list) else [v]):
            if isinstance(w, dict):
                name = _str(w.get("name"))
                if name is None and by_id and isinstance(w.get("@id"), str):
                    name = _str(by_id.get(w["@id"], {}).get("name"))
                if name:
                    names.append(name)
            elif isinstance(w, str):
                name = _clean(w)
                if name:
                    names.append(name)
    return names


def _str(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    return _clean(value) if isinstance(value, str) else None


__all__ = ["DomFacts", "looks_like_html", "page_from_html", "decode_html", "read_metadata"]
