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
from typing import Any, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..model import Block, Page

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

# Tokens of class and id values: "share-bar__item" -> "share", "bar", "item".
TOKEN_RE = re.compile(r"[a-z]+")
# A blog post's class list (WordPress post_class(): "post-123 type-post hentry …") names
# the post's categories and tags: "category-social-media", "tag-popular" say what the
# post is about, not what the element is, and must not read as "social" or "popular".
POST_CLASS_RE = re.compile(r"(?:^|\s)(?:hentry|post-\d+|type-[a-z_]+)(?:\s|$)")
TAXONOMY_CLASS_RE = re.compile(r"(?:^|\s)(?:category|tag)-\S+")
# Inline style that hides an element: "display:none", "visibility: hidden".
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# White space runs inside a paragraph (newlines in the source are not line breaks).
SPACE_RE = re.compile(r"\s+")
# The charset in <meta charset="…"> or <meta http-equiv="Content-Type" content="…; charset=…">.
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
# An HTML document: a doctype or <html>/<head>/<body> tag near the start. Must not take a
# text dump that quotes "<p>" in a sentence for HTML: the tag must open the content.
HTML_SNIFF_RE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                           re.I | re.S)
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
    if HTML_SNIFF_RE.match(head):
        return True
    if ELEMENT_START_RE.match(head) and CLOSING_TAG_RE.search(data, 0, 65536):
        return True
    return bool(TAG_START_RE.match(head) and DOCUMENT_TAG_RE.search(data, 0, 65536))


def declared_charset(data: bytes, hint: str | None = None) -> str | None:
    """The charset the bytes say they are in: BOM, caller hint, then <meta>."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if hint:
        return hint
    m = META_CHARSET_RE.search(data[:8192])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode_html(data: bytes, name: str, hint: str | None = None) -> tuple[str, list[str]]:
    """Bytes → text: the declared charset if it decodes the bytes cleanly, else the
    detector's guess (with a warning); never raises."""
    from . import decode  # the text reader's detector fallback

    declared = declared_charset(data, hint)
    if declared:
        try:
            text = data.decode(_codec(declared))
            return text.lstrip("\ufeff"), []
        except (LookupError, UnicodeDecodeError):
            decoded = decode(data, name, binary_check=False)
            return decoded.text, [f"{name}: declared charset {declared!r} does not fit the bytes",
                                  *decoded.warnings]
    decoded = decode(data, name, binary_check=False)  # page_from_bytes judged it
    return decoded.text, decoded.warnings


def _codec(name: str) -> str:
    name = name.strip().lower()
    # Browsers read latin-1 and ascii labels as windows-1252 (WHATWG encoding standard).
    return {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "x-sjis": "shift_jis"}.get(name, name)


def page_from_html(data: bytes | str, *, source: str = "-", url: str | None = None,
                   encoding_hint: str | None = None, meta: dict | None = None) -> tuple[Page, list[str]]:
    """Parse an HTML page into a Page (kind "html") and the warnings met on the way."""
    warnings: list[str] = []
    if isinstance(data, bytes):
        text, warnings = decode_html(data, source, encoding_hint)
    else:
        text = data
    tree = LexborHTMLParser(text)
    info = read_metadata(tree)
    _unwrap_page_noscript(tree)
    # Removed last-first, so that a match inside another goes before the element
    # holding it.
    for node in reversed(tree.css(HIDDEN_SELECTOR)):
        node.decompose()
    for node in tree.css("[style]"):
        if HIDDEN_STYLE_RE.search(node.attributes.get("style") or ""):
            node.decompose()
    blocks = [Block(index=i, text=t, para=i, dom=facts)
              for i, (t, facts) in enumerate(_segment(tree.body or tree.root))]
    page = Page(source=source, content=text, kind="html", url=url or info.get("url"),
                meta={**(meta or {}), "html": info}, blocks=blocks, lang=info.get("lang"))
    return page, warnings


#: A <noscript> holding paragraphs of this many words is a copy of the story (see
#: _unwrap_page_noscript).
NOSCRIPT_PROSE_WORDS = 50


def _unwrap_page_noscript(tree: LexborHTMLParser) -> None:
    """A <noscript> left open in the head swallows the whole page (browsers with
    scripts on never show it, so nobody notices): one holding most of the body's
    text is unwrapped, its content kept, before the <noscript>s are dropped. So is
    one holding paragraphs of NOSCRIPT_PROSE_WORDS words or more: blog engines that
    render the post with a script print it there for readers without scripts, and
    the page has no other copy (the script's template is dropped)."""
    body = tree.body
    if body is None:
        return
    nodes = tree.css("body noscript")
    if not nodes:
        return
    total = None
    for node in nodes:
        text = node.text(deep=True)
        if not text:
            continue  # a tracking pixel's <img>: it can meet neither test
        if total is None:  # the body's text is long: taken only for a page that needs it
            total = len(body.text(deep=True))
        if len(text) > total / 2 or (node.css_first("p") is not None and len(text.split()) >= NOSCRIPT_PROSE_WORDS):
            node.unwrap()


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
        tokens = TOKEN_RE.findall(cls)
    if id_:
        tokens += TOKEN_RE.findall(id_.lower())
    if role:
        tokens += TOKEN_RE.findall(role.lower())
    if itemprop:
        tokens += TOKEN_RE.findall(itemprop.lower())
    return frozenset(tokens)


_NO_TOKENS: frozenset[str] = frozenset()


def _tokens(node: LexborNode) -> frozenset[str]:
    attrs = node.attributes
    if not attrs:
        return _NO_TOKENS
    get = attrs.get
    return _tokens_of(get("class"), get("id"), get("role"), get("itemprop"))


class _Ctx:
    """A block element; what its blocks' DomFacts need is worked out on the first
    block emitted under it (many block elements hold no text at all)."""

    __slots__ = ("node", "tag", "parent", "ancestry", "ids", "inside", "article", "level")

    def __init__(self, node: LexborNode, tag: str, parent: "_Ctx | None") -> None:
        self.node = node
        self.tag = tag
        self.parent = parent
        self.ancestry = None

    def resolve(self) -> "_Ctx":
        if self.ancestry is not None:
            return self
        node, tag, parent = self.node, self.tag, self.parent
        link = (tag, _tokens(node))
        mem_id = node.mem_id
        if parent is None:
            self.ancestry = (link,)
            self.ids = (mem_id,)
            self.inside = frozenset((tag,)) if tag in LANDMARKS else _NO_TOKENS
            self.article = mem_id if tag == "article" else None
        else:
            parent.resolve()
            self.ancestry = (link,) + parent.ancestry
            self.ids = (mem_id,) + parent.ids
            self.inside = parent.inside | {tag} if tag in LANDMARKS and tag not in parent.inside else parent.inside
            self.article = mem_id if tag == "article" else parent.article
        self.level = HEADING_LEVELS.get(tag)
        self.node = None
        return self


def _segment(root: LexborNode) -> list[tuple[str, DomFacts]]:
    out: list[tuple[str, DomFacts]] = []
    articles: dict[int, int] = {}
    parts: list[str] = []
    # state: [link_chars, owner ctx of the pending text, datetime]
    state: list = [0, None, None]

    def flush() -> None:
        if parts:
            text = " ".join("".join(parts).split())
            ctx = state[1]
            if text and ctx is not None:
                ctx.resolve()
                art = ctx.article
                if art is not None:
                    art = articles.setdefault(art, len(articles))
                # Positional: keyword arguments cost more, once per block.
                out.append((text, DomFacts(ctx.tag, ctx.ancestry, ctx.ids,
                                           min(1.0, state[0] / max(1, len(text))), ctx.inside,
                                           art, ctx.level, state[2])))
            parts.clear()
            state[0] = 0
            state[1] = None
        state[2] = None

    def walk(node: LexborNode, owner: _Ctx, in_link: bool) -> None:
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                text = child.text_content
                # White space before a block's first text changes nothing: skipping
                # it spares a flush at most block boundaries.
                if text and (parts or not text.isspace()):
                    if not parts:
                        state[1] = owner
                    parts.append(text)
                    if in_link:
                        state[0] += len(text.strip())
            elif tag != "-comment" and child.is_element_node:
                if tag in _DROP_TAG_SET:
                    pass  # read as removed: nothing in it is text a reader sees
                elif tag in BLOCK_TAGS:
                    if parts:
                        flush()
                    else:
                        state[2] = None
                    if tag != "br" and tag != "hr":
                        walk(child, _Ctx(child, tag, owner), in_link)
                        if parts:
                            flush()
                        else:
                            state[2] = None
                else:
                    if parts and (tag == "td" or tag == "th"):
                        parts.append(" ")  # cells of a row stay apart
                    if tag == "time" and state[2] is None:
                        state[2] = child.attributes.get("datetime")
                    walk(child, owner, in_link or tag == "a")
            child = child.next

    walk(root, _Ctx(root, root.tag or "", None), False)
    flush()
    return out


# ---------------------------------------------------------------------------- metadata

def read_metadata(tree: LexborHTMLParser) -> dict[str, Any]:
    """Title, dates, authors, URL, language and site name as the markup states them."""
    info: dict[str, Any] = {}
    metas = _meta_index(tree)
    items = list(_json_ld_articles(tree))
    info["articles"] = items
    first = items[0] if items else {}
    info["title"] = first.get("headline") or _meta(metas, "og:title") or _h1(tree)
    info["published"] = first.get("datePublished") or _meta(metas, "article:published_time")
    info["updated"] = first.get("dateModified") or _meta(metas, "article:modified_time")
    if not info["published"]:
        t = tree.css_first("article time[datetime], time[datetime]")
        info["published"] = t.attributes.get("datetime") if t is not None else None
    authors = first.get("authors") or []
    if not authors:
        author = _meta(metas, "author")
        authors = [a.strip() for a in re.split(r",| and ", author) if a.strip()] if author else []
    info["authors"] = authors
    canonical = tree.css_first('link[rel="canonical"]')
    info["url"] = (canonical.attributes.get("href") if canonical is not None else None) or _meta(metas, "og:url")
    html = tree.css_first("html")
    lang = html.attributes.get("lang") if html is not None else None
    info["lang"] = lang.split("-")[0].split("_")[0].lower().strip() or None if lang else None
    info["site_name"] = _meta(metas, "og:site_name")
    return info


def _meta_index(tree: LexborHTMLParser) -> dict[tuple[str, str], str]:
    """("property" or "name", its value) -> the content of the first <meta> with it:
    what ``meta[property="…"]`` / ``meta[name="…"]`` would find, for one query over
    the tree instead of two per name looked up."""
    index: dict[tuple[str, str], str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        for key in ("property", "name"):
            value = attrs.get(key)
            if value is not None:
                index.setdefault((key, value), attrs.get("content") or "")
    return index


def _meta(metas: dict[tuple[str, str], str], name: str) -> str | None:
    """The content of <meta property=name>, else of <meta name=name> (see _meta_index)."""
    for key in ("property", "name"):
        value = metas.get((key, name), "").strip()
        if value:
            return SPACE_RE.sub(" ", value)
    return None


def _h1(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("h1")
    text = SPACE_RE.sub(" ", node.text(deep=True)).strip() if node is not None else ""
    return text or None


#: JSON-LD types that describe a story.
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
                           "AnalysisNewsArticle", "OpinionNewsArticle", "LiveBlogPosting",
                           "BackgroundNewsArticle", "ReviewNewsArticle", "Report"})


def _json_ld_articles(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text(deep=True) or "")
        except (ValueError, TypeError):
            continue
        for item in _flatten(data):
            types = item.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if not types & ARTICLE_TYPES:
                continue
            yield {
                "headline": _str(item.get("headline")),
                "datePublished": _str(item.get("datePublished")),
                "dateModified": _str(item.get("dateModified")),
                "authors": _authors(item.get("author")),
                "url": _str(item.get("url")),
            }


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for x in data:
            yield from _flatten(x)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def _authors(value: Any) -> list[str]:
    if isinstance(value, list):
        return [a for v in value for a in _authors(v)]
    if isinstance(value, dict):
        name = _str(value.get("name"))
        return [name] if name else []
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    return []


def _str(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    return SPACE_RE.sub(" ", value).strip() or None if isinstance(value, str) else None


__all__ = ["DomFacts", "looks_like_html", "page_from_html", "decode_html", "read_metadata"]
