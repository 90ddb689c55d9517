"""Site templates: blocks recurring on many pages of a site are chrome; every story
survives intact."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

import newsclean
from newsclean.cli import main
from newsclean.errors import InputError
from newsclean.pipeline import Config, Pipeline
from newsclean.readers.text import page_from_text
from newsclean.stages import normalize
from newsclean.templates import Learner, Profile, site_of
from newsclean.trace import trace

from _crawl import jsonl_bytes
from _site import HOST, PROMO, PROMO_BUTTON, TEMPLATE_LINES, page, pages, story


def learnt(site_pages) -> Profile:
    learner = Learner()
    for url, text, _ in site_pages:
        page = page_from_text(text, source=url, url=url)
        normalize.run(page, None)
        learner.add(page)
    return learner.profile()


def test_learnt_templates_remove_the_site_chrome_and_keep_every_story():
    site = pages(24)
    profile = learnt(site)
    pipeline = Pipeline(Config(templates=profile))
    for i, (url, text, paragraphs) in enumerate(site):
        docs = pipeline.run(page_from_text(text, source=url, url=url))
        assert len(docs) == 1
        (doc,) = docs
        assert doc.title == story(i)[0]
        assert doc.text == "\n\n".join(paragraphs)  # intact: nothing lost, nothing left
        assert not any(line in doc.text for line in TEMPLATE_LINES)
    # Without the profile the newsletter promo inside the article stays: templates do it.
    url, text, _ = site[0]
    assert PROMO in newsclean.clean(text, url=url)[0].text


def test_template_blocks_are_labelled_with_their_rule():
    site = pages(20)
    url, text, _ = site[3]
    t = trace(page_from_text(text, source=url, url=url), Pipeline(Config(templates=learnt(site))))
    labelled = {b["text"]: (b["role"], b["stage"], b["rule"]) for b in t["blocks"]}
    assert labelled[PROMO] == ("chrome", "template", "recurring")
    assert labelled[PROMO_BUTTON] == ("chrome", "template", "recurring")
    assert "template" in t["stages"]


def test_a_story_repeated_on_some_pages_is_not_template():
    """Infinite-scroll pages repeat the next story on several pages: prose recurring on
    fewer than most of the pages stays."""
    site = pages(20)
    _, extra = story(999)
    mixed = [(url, text + ("\n".join(extra) + "\n" if i % 2 == 0 else ""), paras)
             for i, (url, text, paras) in enumerate(site)]  # on half the pages
    keys = learnt(mixed).keys_for(page_from_text("", url=site[0][0]))
    from newsclean.templates import block_key

    assert all(block_key(p) not in keys for p in extra)
    assert block_key(PROMO) in keys


def test_too_few_pages_learn_nothing_and_sites_stay_apart():
    assert len(learnt(pages(2))) == 0
    site = pages(10)
    other = [(url.replace(HOST, "other.example"), text, paras) for url, text, paras in pages(1)]
    profile = learnt(site + other)
    assert profile.keys_for(page_from_text("", url="https://other.example/x")) == frozenset()
    assert profile.keys_for(page_from_text("", url=site[0][0]))


def test_site_without_url_is_its_container():
    p = page_from_text("x", source="dump.jsonl:3")
    p.meta["container"] = "dump.jsonl"
    assert site_of(p) == f"file:{os.path.realpath('dump.jsonl')}"  # however the path was typed
    assert site_of(page_from_text("x", source="pages/a.txt")) == f"dir:{os.path.realpath('pages')}"
    assert site_of(page_from_text("x", url="https://www.example.com/a")) == "example.com"
    assert site_of(page_from_text("x", url="https://example.com./b")) == "example.com"


def test_profile_round_trip_and_bad_files(tmp_path):
    profile = learnt(pages(6))
    assert Profile.from_json(profile.to_json()) == profile
    bad = tmp_path / "bad.json"
    bad.write_text('{"sites": []}')
    with pytest.raises(InputError, match="not a template profile"):
        Profile.load(str(bad))


# --- CLI ---------------------------------------------------------------------------------


@pytest.fixture
def dump(tmp_path):
    path = tmp_path / "site.jsonl"
    path.write_bytes(jsonl_bytes([{"id": f"p{i}", "url": url, "text": text}
                                  for i, (url, text, _) in enumerate(pages(24))]))
    return path


def test_learn_then_clean_with_the_template(dump, tmp_path):
    runner = CliRunner()
    profile = tmp_path / "sites.json"
    result = runner.invoke(main, ["learn", str(dump), "-o", str(profile)])
    assert result.exit_code == 0, result.stderr
    assert f"for 1 sites -> {profile}" in result.stderr
    assert HOST.removeprefix("www.") in json.loads(profile.read_text())["sites"]
    cleaned = runner.invoke(main, ["clean", "-f", "jsonl", "--template", str(profile), str(dump)])
    assert cleaned.exit_code == 0, cleaned.stderr
    docs = [json.loads(line) for line in cleaned.stdout.splitlines()]
    assert [d["text"] for d in docs] == ["\n\n".join(paras) for _, _, paras in pages(24)]


def test_batch_learns_templates_first_and_keeps_them_for_reruns(dump, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(dump), "-o", str(out), "-j", "1", "--learn-templates"])
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in (out / "part-000001.jsonl").read_text().splitlines()]
    assert all(PROMO not in d["text"] for d in docs) and len(docs) == 24
    saved = (out / "templates.json").read_text()
    again = runner.invoke(main, ["batch", str(dump), "-o", str(out), "-j", "1", "--learn-templates"])
    assert again.exit_code == 0 and (out / "templates.json").read_text() == saved


def test_a_bad_template_file_is_a_usage_error(tmp_path, dump):
    bad = tmp_path / "nope.json"
    bad.write_text("not json")
    result = CliRunner().invoke(main, ["clean", "--template", str(bad), str(dump)])
    assert result.exit_code == 2 and "not a template profile" in result.stderr


# --- the page's own story is never template ---------------------------------------------


def clean_all(site_pages, profile):
    pipeline = Pipeline(Config(templates=profile))
    return [pipeline.run(page_from_text(text, source=url, url=url)) for url, text, _ in site_pages]


def test_a_most_read_box_quoting_a_story_leaves_that_story_whole():
    """Story 0's headline and lede stand in the "Most read" box of every page: on page 0
    they are its own headline and first paragraph."""
    title0, paras0 = story(0)
    box = ["Most read", title0, paras0[0], "Lifeboat crew honoured at town hall"]
    site = [(f"https://{HOST}/n/{i}", page(i) + "\n".join(box) + "\n", story(i)[1]) for i in range(24)]
    docs = clean_all(site, learnt(site))
    assert docs[0][0].title == title0
    assert docs[0][0].text == "\n\n".join(paras0)


def test_a_story_repeated_on_a_small_site_is_not_template():
    """Three pages; story A is appended to the other two (infinite scroll)."""
    title_a, paras_a = story(500)
    site = []
    for i in range(3):
        text = page(i) + ("" if i == 0 else title_a + "\n" + "\n".join(paras_a) + "\n")
        site.append((f"https://{HOST}/n/{i}", text, story(i)[1]))
    site[0] = (site[0][0], "\n".join([title_a, "Published 2026-03-01 09:00", *paras_a]) + "\n", paras_a)
    docs = clean_all(site, learnt(site))
    assert docs[0] and docs[0][0].text == "\n\n".join(paras_a)


def test_a_stock_sentence_of_a_sites_stories_stays():
    stock = "Officials did not immediately respond to a request for comment."
    site = []
    for url, text, paras in pages(10):
        if url.endswith(("/1", "/3", "/5", "/7")):
            text = text.replace(paras[2], paras[2] + "\n" + stock)
        site.append((url, text, paras))
    for (url, _, _), docs in zip(site, clean_all(site, learnt(site))):
        if url.endswith(("/1", "/3", "/5", "/7")):
            assert stock in docs[0].text
