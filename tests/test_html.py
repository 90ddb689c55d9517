"""HTML reader: kind sniffing and what a page's documents count."""
from __future__ import annotations

import pytest

from newsclean import clean
from newsclean.readers.html import looks_like_html

PARA = ("The council voted on Tuesday to keep the old harbour bridge open to bicycles, "
        "after a year in which the crossing was closed twice for repairs to its deck. ")


@pytest.mark.parametrize("head", [
    b"<!DOCTYPE html><html><body>",
    b"\xef\xbb\xbf<html lang='en'>",
    b"  <!-- saved by a crawler --> <head><title>x</title>",
    # scripts and styles printed before the document tag
    b"<script src='/a.js'></script><style>p{}</style>\n<!doctype html><html>",
    # a server warning printed above the page
    b"<br />\n<b>Warning</b>: mysql_connect(): access denied in <b>/www/db.php</b>\n<!DOCTYPE html><html>",
])
def test_html_is_sniffed(head):
    assert looks_like_html(head + b"<p>text</p></body></html>")


@pytest.mark.parametrize("head", [
    b"Skip to content\nHome | News\n<p> is the paragraph tag, as every <html> guide says.",
    b"Plain text about the <body> of a letter.",
    b"<3 my new bike\nIt is red.",
    b"<br /> a tag, then prose that never names a document tag.",
])
def test_text_is_not_sniffed_as_html(head):
    assert not looks_like_html(head)


def test_page_opening_with_a_script_is_cleaned_as_html():
    page = ("<script>var a = 1;</script><!DOCTYPE html><html><body><article>"
            "<h1>Bridge stays open</h1>" + "".join(f"<p>{PARA}</p>" for _ in range(3))
            + "</article></body></html>")
    docs = clean(page)
    assert len(docs) == 1
    assert docs[0].title == "Bridge stays open"
    assert "var a" not in docs[0].text


def test_chinese_story_counts_characters_as_words():
    # 96 characters of Chinese prose: about 48 English words, a document (min 40)
    paras = ["市政府今天宣布，老港口大桥将继续向自行车开放。去年大桥因桥面维修两次关闭。",
             "议会在周二投票，决定保留自行车道。许多市民每天骑车经过这座大桥上班。",
             "工程师表示，新的桥面材料可以使用二十年，明年春天还将增加照明。"]
    page = ("<!DOCTYPE html><html lang='zh'><body><article><h1>大桥继续开放</h1>"
            + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>")
    docs = clean(page)
    assert len(docs) == 1 and docs[0].word_count >= 40
