"""Rendering of a trace (see :mod:`newsclean.trace`) for people, with rich.

One line per block: its index, role, the stage:rule that labelled it and its text;
removed blocks (chrome, duplicates, credits) are dimmed, each role has its colour, and
a rule line opens each story. On a terminal that is colour; piped, plain text.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

#: Style per role. Removed roles are dim; metadata roles are coloured.
ROLE_STYLES = {
    "body": "",
    "title": "bold cyan",
    "date": "cyan",
    "byline": "cyan",
    "caption": "magenta",
    "credit": "dim magenta",
    "chrome": "dim",
    "duplicate": "dim yellow",
}


def render_trace(trace: dict[str, Any], console: Console) -> None:
    """Print a trace: a rule per story, then one line per block."""
    stories = {s["story"]: s for s in trace["stories"]}
    current = None
    for b in trace["blocks"]:
        if b["story"] != current:
            current = b["story"]
            s = stories[current]
            label = f"story {current}"
            if s["document"]:
                label += f" → {s['document']}"
                if s["title"]:
                    label += f" · {s['title']}"
            else:
                label += " (no document: too short)"
            console.rule(label, style="bold" if s["document"] else "dim")
        style = ROLE_STYLES.get(b["role"], "")
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{b['index']:>4} ", style="dim")
        line.append(f"{b['role']:<9} ", style=style or "bold")
        reason = f"{b['stage']}:{b['rule']}" if b["stage"] else ""
        if b["story_start"]:
            reason = (reason + " " if reason else "") + f"▶ {b['story_reason']}"
        line.append(f"{reason:<30} ", style="dim")
        line.append(b["text"].replace("\n", " ⏎ "), style=style)
        console.print(line, no_wrap=True, overflow="ellipsis")


def render_stats(counts: Counter, console: Console) -> None:
    """A table of block counts by role and stage:rule (``clean --stats``)."""
    table = Table(title="blocks by role and rule", show_edge=False)
    table.add_column("role")
    table.add_column("stage:rule")
    table.add_column("blocks", justify="right")
    for (role, reason), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(role, reason, str(n))
    table.add_section()
    table.add_row("all", "", str(sum(counts.values())))
    console.print(table)
