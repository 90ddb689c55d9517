"""The template stage: blocks that a learnt site profile says recur on many of the
site's pages (menus, section lists, footers, the "most read" box) are chrome.

It does nothing without a profile (``clean --template``, ``batch --templates``); see
:mod:`newsclean.templates` for how profiles are learnt.
"""
from __future__ import annotations

from ..model import Page, Role
from ..templates import block_key


def run(page: Page, config) -> None:
    """Site templates: blocks that recur on many pages of the site (learnt profile)."""
    profile = getattr(config, "templates", None)
    if profile is None:
        return
    keys = profile.keys_for(page)
    if not keys:
        return
    for block in page.blocks:
        if block.role is None and block_key(block.text) in keys:
            block.label(Role.CHROME, "template:recurring")
