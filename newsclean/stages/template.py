"""The template stage: blocks that a learnt site profile says recur on many of the
site's pages (menus, section lists, footers, the "most read" box) are chrome.

It runs after the headline stage, so the page's own headline, date line and byline
are never template; a template sentence is labelled only next to other template or
chrome blocks (see :mod:`newsclean.templates`). It does nothing without a profile (``clean --template``, ``batch --templates``); see
:mod:`newsclean.templates` for how profiles are learnt.
"""
from __future__ import annotations

from ..model import Page, Role
from ..templates import block_key, is_prose


def run(page: Page, config) -> None:
    """Site templates: blocks that recur on many pages of the site (learnt profile)."""
    profile = getattr(config, "templates", None)
    if profile is None:
        return
    keys = profile.keys_for(page)
    if not keys:
        return
    blocks = [b for b in page.blocks if b.text.strip()]
    hit = [b.role is None and block_key(b.text) in keys for b in blocks]
    for i, b in enumerate(blocks):
        if not hit[i]:
            continue
        if is_prose(b.text) and not any(_in_run(blocks, hit, j) for j in (i - 1, i + 1)):
            continue  # a lone sentence between the page's own paragraphs is its story's
        b.label(Role.CHROME, "template:recurring")


def _in_run(blocks, hit, j: int) -> bool:
    return 0 <= j < len(blocks) and (hit[j] or blocks[j].role is Role.CHROME)
