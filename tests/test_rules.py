"""Rules added while measuring on real pages: each with a case that must fire and a
neighbouring case that must not."""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from newsclean import Config, Pipeline, rules
from newsclean.model import Role
from newsclean.readers.text import page_from_text
from newsclean.stages import stories
from newsclean.textutil import word_count

STORY = [
    "OAKRIDGE, Tenn. (AP) — The county school board voted Tuesday to move the start of the "
    "high school day to 8:45 a.m., siding with parents and doctors who said teenagers were "
    "losing sleep.",
    "Board members said the change would take effect next fall and would cost about "
    "$300,000 a year in extra bus routes, which the district plans to pay from its reserves.",
    "Several students spoke at the meeting, describing mornings that began before six and "
    "classes where half the room struggled to stay awake through first period.",
    "The superintendent said the district would study grades and attendance for two years "
    "before deciding whether to keep the later schedule for good.",
]


def labelled(lines, **config):
    page = page_from_text("\n\n".join(lines), source="t.txt")
    return Pipeline(Config(**config)).label(page)


def role_of(page, text):
    return next(b for b in page.blocks if b.text == text)


def test_short_label_repeated_is_duplicate_but_sentence_refrain_is_kept():
    page = labelled(["Company Town", *STORY[:2], "Vote.", STORY[2], "Vote.", STORY[3], "Company Town"])
    labels = [b.reason for b in page.blocks if b.text == "Company Town"]
    assert labels[1] == "dedup:label-repeat"
    assert [b.role for b in page.blocks if b.text == "Vote."] == [None, None]


def test_comment_section_is_cut_from_the_region():
    comment = ("I have lived here for thirty years and this is the first time the board has "
               "listened to anyone, which says a lot about this county and its priorities.")
    page = labelled([*STORY, "12 Comments", "roadrunner says:", comment])
    assert role_of(page, comment).reason == "content:comments"
    assert role_of(page, STORY[-1]).role is None


def test_comments_button_in_a_share_bar_does_not_cut():
    page = labelled([STORY[0], STORY[1], "Facebook", "Twitter", "Comments", "Email", STORY[2], STORY[3]])
    assert role_of(page, STORY[3]).role is None


GLUED = [
    "Harbour bridge reopens to cyclists after deck repairs OAKRIDGE: The harbour bridge "
    "reopened to cyclists on Monday after engineers replaced the deck boards.",
    "Council approves new tram line to the university NEW DELHI: The council approved on "
    "Tuesday a tram line that will link the old town with the university campus.",
    "Ferry fares will rise by twenty cents in March LONDON (Reuters) — The harbour board "
    "voted to raise ferry fares for the first time in six years.",
]


def test_teasers_glued_into_one_line_each_are_chrome():
    # headline + dateline + lead on one line, three in a row: a ticker of other stories
    page = labelled([*GLUED, *STORY])
    assert [role_of(page, t).reason for t in GLUED] == ["content:teaser-run"] * 3
    assert all(role_of(page, t).role is None for t in STORY)


def test_two_glued_lines_or_a_dateline_paragraph_are_kept():
    page = labelled([*STORY[:2], *GLUED[:2], *STORY[2:]])
    assert all(role_of(page, t).role is None for t in GLUED[:2])
    assert role_of(page, STORY[0]).role is None  # its dateline opens the paragraph


def test_an_embedded_post_at_the_end_of_the_story_stays():
    tweet = ("Who decides when the school day starts, if not the parents who wake the "
             "children? pic.twitter.com/AbC123xyz")
    signature = "— Jane Roe (@janeroe) November 19, 2024"
    page = labelled([*STORY, tweet, signature, "Updated at 1:23 p.m.", "Tags school board sleep"])
    assert role_of(page, tweet).role is None
    assert role_of(page, signature).role is None
    assert role_of(page, "Tags school board sleep").role is Role.CHROME


def test_no_story_starts_right_after_a_teaser_list_heading():
    teaser = ("Sponsored feature: a long promotional paragraph about holiday travel deals that "
              "reads like prose and goes on for quite a while about beaches, hotels and flights.")
    page = labelled([*STORY, "Most Read", teaser, teaser.replace("holiday", "winter")])
    assert not any(b.story_start for b in page.blocks)


def test_word_count_weighs_unspaced_scripts():
    assert word_count("Kindle書籍を読む場合は") == pytest.approx(1 + 8 / 2)
    assert word_count("three plain words") == 3


def test_prose_density_counts_chrome_in_the_span():
    page = labelled([*STORY, "32M ago", "Teaser headline here", "17H ago"], skip=frozenset({"stories"}))
    vocab = stories.Vocabulary(page.blocks, page.lang)
    assert stories._prose_density(vocab, 0, len(page.blocks)) > 0.9


def _pattern_files():
    base = resources.files("newsclean.rules")
    return [base.joinpath(name) for name in ("chrome_patterns.txt", "comments.txt", "captions.txt")]


@pytest.mark.parametrize("path", _pattern_files(), ids=lambda p: p.name)
def test_every_rule_pattern_compiles_and_is_explained(path):
    """Each regular expression in the rule files compiles and has a comment above it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        rx = line.split("\t", 1)[1] if "\t" in line else line
        re.compile(rx)
        assert n > 0 and lines[n - 1].startswith("#"), f"{path.name}:{n + 1} has no comment above it"


def test_teaser_list_labels_follow_heading():
    page = labelled([*STORY, "More in Science", "Why the moon looks bigger at the horizon",
                     "A new look at an old comet"])
    assert role_of(page, "More in Science").reason == "chrome:list-heading"
    assert role_of(page, "A new look at an old comet").role is Role.CHROME


def test_a_language_without_a_stopword_list_reads_as_prose():
    from newsclean.model import Block
    from newsclean.stages.content import score
    from newsclean.textutil import stopword_density
    polish = ("Stopa bezrobocia w Polsce wyniosła w marcu trzy procent i nadal jest "
              "najniższa w całej Unii Europejskiej, podał urząd statystyczny.")
    assert stopword_density(polish, "pl") == 1.0
    assert score(Block(index=0, text=polish, para=0), "pl") == word_count(polish)


# --- chrome patterns grouped by first character -----------------------------------

@pytest.mark.parametrize("pattern, chars", [
    (r"(skip|jump) to (main )?content", {"s", "j"}),
    (r"(updated )?\d+ min", {"u", "0"}),
    (r"(©|\(c\)) \d{4}", {"©", "("}),
    (r"\*?these statements", {"*", "t"}),
    (r"[A-C]\w+", {"a", "b", "c"}),
    (r"\bby clicking", {"b"}),
])
def test_first_chars_of_a_chrome_pattern(pattern, chars):
    assert rules.first_chars(pattern) == chars


@pytest.mark.parametrize("pattern", [r"[^.!?]{1,80} here", r"\w+ ago", r".*cookies", r"(share)?"])
def test_first_chars_unknown_or_empty_match_is_none(pattern):
    assert rules.first_chars(pattern) is None


def _fixture_lines() -> list[str]:
    lines = []
    for path in sorted(FIXTURES.glob("*/input.*")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    return [ln for ln in lines if ln]


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_chrome_patterns_by_first_character_answer_as_all_of_them():
    """Asking only the patterns that can start with a line's first character gives
    the answer all of them give, on every line of the fixtures (chrome among them)
    and on lines that open with digits, case variants and "©"."""
    lines = _fixture_lines() + ["12 Comments", "3 MIN READ", "Updated 5 hours ago", "© 2024 Site",
                                "(C) 2023 Example Media", "SKIP TO CONTENT", "ＳＨＡＲＥ", "Share",
                                "@newsdesk", "5 of 12", "Photos 3 of 9"]
    every = rules.chrome_pattern()
    matched = 0
    for line in lines:
        expected = every.fullmatch(line) is not None
        assert (rules.chrome_pattern_for(rules.first_key(line)).fullmatch(line) is not None) == expected, line
        matched += expected
    assert matched >= 10  # the fixtures do hold chrome
