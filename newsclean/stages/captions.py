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

# A cheap test before the credit patterns: every credit they know holds a slash, a
# "©" or "(C)", or one of these words ("AP Photo", "REUTERS/…", "Photo: …", "… via
# Getty", "(Symbolbild)").
# Must stay a superset of rules/captions.txt's credit patterns.
CREDIT_HINT_RE = re.compile(r"[/©]|\(C\)|\b(?:Photo|Photograph|Picture|Image|Foto|Bild|Cr[ée]dits?|Getty|AFP|AP|Reuters|EPA|Shutterstock|iStock|Alamy|Bloomberg|via|Symbolbild|Symbolfoto|Archivbild|Archivfoto)\b", re.I)

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
    if n >= 4 and CREDIT_HINT_RE.search(tail) and any(rx.search(tail) for rx in pats["credit"]):
        return "credit"
    if any(rx.search(text) for rx in pats["prefix"]):
        return "file-photo"
    return None


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
