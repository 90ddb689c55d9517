"""captions: photo captions and photo credits, recognised by their credit lines.

* ``captions:credit`` — a block ending in a photo credit: "… (AP Photo/Evan Vucci)",
  "… (Ludovic Marin/Pool Photo via AP)", "… REUTERS/Kevin Lamarque", "… Photo: X/Y";
* ``captions:file-photo`` — a block opening as an archive caption: "FILE - …";
* ``captions:credit-only`` — a block that is only a credit ("Getty Images",
  "Credit... Doug Mills/The New York Times"): labelled ``credit``, kept out of both
  ``text`` and ``captions``.

Captions stay in the trace; assemble puts each distinct one once into ``captions``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import rules
from ..model import Block, Page, Role
from ..textutil import words

#: Words that hint at a photo credit ("AP Photo", "… via Getty", "(Symbolbild)"),
#: lower case.
CREDIT_HINT_WORDS = frozenset(
    "photo photograph picture image foto bild credit credits crédit crédits getty afp ap reuters "
    "epa shutterstock istock alamy bloomberg via symbolbild symbolfoto archivbild archivfoto".split())
# A cheap test before the credit patterns: every credit they know holds a slash, a
# "©" or "(C)", or a hint word. Must stay a superset of rules/captions.txt's credit
# patterns. It tries its alternatives at every character (35 us for a tail of 160
# characters): _may_credit first asks the block's words, which the stages have
# counted already, whether it can match at all.
CREDIT_HINT_RE = re.compile(r"[/©]|\(C\)|\b(?:%s)\b" % "|".join(sorted(CREDIT_HINT_WORDS)), re.I)

#: A caption is a paragraph, not a page: longer blocks are never captions.
CAPTION_MAX_WORDS = 90
#: A photo credit is looked for in this many characters at the end of a block.
CREDIT_TAIL_CHARS = 160
#: A block that is only a credit has at most this many words.
CREDIT_MAX_WORDS = 10


def caption_rule(block: Block) -> str | None:
    """The caption rule a block matches ("credit", "file-photo", "credit-only") or None."""
    text = block.text.strip()
    n = len(words(text))
    if not text or n > CAPTION_MAX_WORDS:
        return None
    pats = rules.caption_patterns()
    if n <= CREDIT_MAX_WORDS and any(rx.search(text) for rx in pats["whole"]):
        return "credit-only"
    # Credits stand at the end: searching only the tail keeps long blocks cheap.
    tail = text[-CREDIT_TAIL_CHARS:]
    if (n >= 4 and _may_credit(text, tail) and CREDIT_HINT_RE.search(tail)
            and any(rx.search(tail) for rx in pats["credit"])):
        return "credit"
    if any(rx.search(text) for rx in pats["prefix"]):
        return "file-photo"
    return None


APOSTROPHE_RE = re.compile("['’]")
LEADING_WORD_RE = re.compile(r"\w+")


def _may_credit(text: str, tail: str) -> bool:
    """False when CREDIT_HINT_RE cannot match ``tail``, the end of ``text``: no "/",
    "©" or "(C)" in it, and none of the text's words is a hint word, nor a part of
    one joined by an apostrophe ("AP's"), nor the part of a word the tail starts
    with ("Vorbild" cut to "bild")."""
    if "/" in tail or "©" in tail or "(c)" in tail.lower():
        return True
    cut = LEADING_WORD_RE.match(tail)  # the tail may start inside a word
    if cut and cut.group().lower() in CREDIT_HINT_WORDS:
        return True
    ws = words(text)
    if not CREDIT_HINT_WORDS.isdisjoint(map(str.lower, ws)):
        return True
    if "'" not in text and "’" not in text:
        return False
    # "AP's": the regex sees "AP" between word boundaries.
    return any(not CREDIT_HINT_WORDS.isdisjoint(APOSTROPHE_RE.split(w.lower()))
               for w in ws if "'" in w or "’" in w)


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def run(page: Page, config) -> None:
    """Photo captions ("(AP Photo/…)", "REUTERS/…", "FILE - …") and bare credits."""
    extra = _compiled(config.caption_patterns) if config is not None and config.caption_patterns else ()
    for block in page.blocks:
        if block.role is not None:
            continue
        if extra and len(words(block.text)) <= CAPTION_MAX_WORDS and any(rx.search(block.text) for rx in extra):
            block.label(Role.CAPTION, "captions:config-pattern")
            continue
        rule = caption_rule(block)
        if rule == "credit-only":
            block.label(Role.CREDIT, "captions:credit-only")
        elif rule:
            block.label(Role.CAPTION, f"captions:{rule}")
