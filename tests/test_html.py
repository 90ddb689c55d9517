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
    b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\">\n<html>",
    # a style sheet, then the page
    b"<style>\n  .grid { opacity: 1; }\n</style>\n" + b"\n" * 60000 + b"<!DOCTYPE html><html>",
    # a server warning printed above the page
    b"<br />\n<b>Warning</b>: mysql_connect(): access denied in <b>/www/db.php</b>\n<!DOCTYPE html><html>",
], ids=["doctype", "bom", "comment", "script", "xml", "style", "warning"])
def test_html_is_sniffed(head):
    assert looks_like_html(head + b"<p>text</p></body></html>")


@pytest.mark.parametrize("head", [
    b"Skip to content\nHome | News\n<p> is the paragraph tag, as every <html> guide says.",
    b"Plain text about the <body> of a letter.",
    b"<3 my new bike\nIt is red.",
    b"<3 hearts and <> brackets, then prose that never names a document tag.",
    # one stray tag a renderer left on a dump's first line
    b'<img height="1" width="1" style="display:none" src="http://example.com/p?c=2">\n\n'
    b"Politics\n\nWhite House\n\nWhy the harbour bridge stays open\n\nThe council voted.",
])
def test_text_is_not_sniffed_as_html(head):
    assert not looks_like_html(head)


def _article(title: str, paragraphs: list[str], lang: str | None = None) -> str:
    """A page holding one <article>: the headline and these paragraphs."""
    html = f"<html lang='{lang}'>" if lang else "<html>"
    return (f"<!DOCTYPE html>{html}<body><article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")


def _above_story(head: str) -> str:
    """A page: ``head`` (the headline and what stands under it), then an element
    holding the paragraphs of STORY and MORE."""
    return ("<!DOCTYPE html><html><body>" + head + "<div class='body'>"
            + "".join(f"<p>{p}</p>" for p in STORY + MORE) + "</div></body></html>")


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
    docs = clean(_article("大桥继续开放", paras, lang="zh"))
    assert len(docs) == 1 and docs[0].word_count >= 40


def _page(article_attrs: str, paragraphs: list[str], wrapper: str = "div") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
            f"<h1>Bridge stays open</h1><{wrapper} {article_attrs}>{body}</{wrapper}>"
            "<footer><p>© 2026 Harbour Gazette. All rights reserved.</p></footer></body></html>")


STORY = [
    "The council voted on Tuesday to keep the old harbour bridge open to bicycles, after a "
    "year in which the crossing was closed twice for repairs to its deck.",
    "Engineers told the meeting that the new deck boards would last twenty years, and that "
    "lights would be fitted along the railings before next winter.",
    "Cyclists who use the bridge each morning had written more than four hundred letters "
    "asking the council to keep the lane, the mayor said after the vote.",
]


def test_blog_post_taxonomy_classes_do_not_name_chrome():
    # WordPress prints the post's tags and categories as classes of its container
    attrs = "class='post-41 post type-post status-publish hentry category-social tag-popular tag-share'"
    docs = clean(_page(attrs, STORY))
    assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY)


def test_taxonomy_like_class_without_post_markers_still_names_chrome():
    page = _page("class='entry'", STORY).replace(
        "</div><footer>", "</div><div class='tag-share share-bar'><p>Share this story with "
        "your friends on every network you use today.</p></div><footer>")
    docs = clean(page)
    assert len(docs) == 1 and "Share this story" not in docs[0].text


def test_container_holding_the_story_is_not_chrome_by_its_class():
    # "ads" names the section because ad slots sit among its paragraphs
    docs = clean(_page("class='section testreport ads'", STORY, wrapper="section"))
    assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY)


def test_paragraphs_ending_in_emoji_are_prose():
    story = [p[:-1] + " 🌉" for p in STORY]  # informal writing: the emoji ends the sentence
    page = _page("class='entry'", story).replace("<p>", "<div class='slide'>1/3</div><p>", 1)
    docs = clean(page)
    assert len(docs) == 1 and docs[0].text == "\n\n".join(story)


MORE = [
    "The bridge was built in 1911 for the tram, and bicycles have crossed it since the "
    "trams stopped running half a century later, the city archive says.",
    "A survey last spring counted more than two thousand crossings on a dry weekday, most "
    "of them between seven and nine in the morning.",
    "The next council meeting will decide how the repairs are paid for, and whether the "
    "lane is widened when the railings are replaced.",
]


def test_paragraphs_above_the_story_container_are_kept():
    # The standfirst and the first paragraph stand outside the element holding the
    # rest (a paywall cut), with the date line, a reading time and a share bar between.
    standfirst = "Closed crossings and checks at the border recall a time that seemed long gone."
    page = ("<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav><article>"
            "<h1>Bridge stays open</h1>"
            f"<div class='intro'><p>{standfirst}</p></div>"
            "<div class='meta'>12 May 2026, 18:50</div><div>3 min read</div>"
            "<div class='share'><a href='#'>Share</a></div>"
            f"<div class='lead'><p>{STORY[0]}</p></div>"
            "<div class='paid'>" + "".join(f"<p>{p}</p>" for p in STORY[1:] + MORE) + "</div>"
            "</article><footer><p>© 2026 Harbour Gazette.</p></footer></body></html>")
    docs = clean(page)
    assert len(docs) == 1
    assert docs[0].text == "\n\n".join([standfirst, *STORY, *MORE])


@pytest.mark.parametrize("text", [
    "Der Bürgermeister sagte: „Wir bleiben Freunde, was auch geschieht.“",
    "Elle a dit : « Nous restons amis. »",
    "Er schrieb: ‚Das bleibt so.‘",
    "Der Hafen rechnet mit einer weiteren Steigerung des Bahnumschlags. (cm)",
    "The ferry will resume on Monday. (dpa)",
])
def test_sentences_end_inside_any_closing_quote(text):
    from newsclean.stages.content import _ends_sentence
    from newsclean.textutil import ends_sentence
    assert ends_sentence(text) and _ends_sentence(text)


def test_a_linked_sentence_in_the_story_is_text_but_a_linked_headline_is_not():
    linked = ("<a href='/people/jane-doe'>She replaced Jane Doe, who led the press office "
              "for eight months.</a>")
    teaser = "<a href='/news/other'>Council approves the new tram line</a>"
    page = _page("class='entry'", [*STORY, linked, teaser])
    docs = clean(page)
    assert len(docs) == 1
    assert "She replaced Jane Doe" in docs[0].text
    assert "tram line" not in docs[0].text


def test_a_paragraph_beside_the_story_container_is_the_story_s():
    # The story's last paragraph sits after a video box, beside the element holding
    # the rest (readability's sibling step)
    last = ("The mayor said the lane would stay for as long as people used it, and that "
            "the council would count crossings again next spring.")
    page = ("<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav><div class='wrap'>"
            "<h1>Bridge stays open</h1><div class='text'>"
            + "".join(f"<p>{p}</p>" for p in STORY + MORE) + "</div>"
            "<div class='video'>Video: the bridge at dawn</div>"
            f"<p>{last}</p><div class='related'><a href='/x'>More news</a></div></div>"
            "</body></html>")
    docs = clean(page)
    assert len(docs) == 1 and docs[0].text.endswith(last)


def test_a_noscript_that_swallowed_the_page_is_unwrapped():
    page = ("<!DOCTYPE html><html><body><noscript><img src='/pixel.gif'>"
            "<h1>Bridge stays open</h1><article>" + "".join(f"<p>{p}</p>" for p in STORY)
            + "</article></noscript><noscript>Please turn on JavaScript.</noscript></body></html>")
    docs = clean(page)
    assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY)
    assert "JavaScript" not in docs[0].text


def test_a_story_printed_only_in_noscript_is_kept():
    """Blog engines that render the post with a script print it again in a
    <noscript> for readers without scripts: that copy is the only text there is."""
    page = ("<!DOCTYPE html><html><body><header><a href='/'>Home</a></header>"
            "<script type='text/template'><p>{{body}}</p></script><noscript>"
            "<h1>Bridge stays open</h1>" + "".join(f"<p>{p}</p>" for p in STORY)
            + "</noscript><noscript>Please turn on JavaScript.</noscript>"
            "<aside><h2>More from the blog</h2><ul>"
            + "".join(f"<li><a href='/p{i}'>{p[:60]}</a></li>" for i, p in enumerate(HARBOUR * 3))
            + "</ul></aside><footer><p>All rights reserved by the publisher.</p></footer>"
            "</body></html>")
    docs = clean(page)
    assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY)


HARBOUR = [
    "The harbour bridge reopened to cyclists on Monday after engineers replaced the "
    "rotten deck boards that had closed the crossing twice during the winter storms.",
    "Engineers said the oak boards came from a sawmill upriver, and that the railings, "
    "rusted by salt spray, would be painted before the tourist season begins in May.",
    "Cyclists crossing the bridge at dawn praised the smooth deck, although several "
    "complained that the ramp on the northern bank was still too steep for cargo bikes.",
    "The harbour master said ferries would keep their timetable while the last railing "
    "sections are bolted in place, since the work happens above the shipping lane.",
    "Fishermen mooring under the bridge asked the engineers to keep the old iron rings "
    "in the harbour wall, which their boats have used since the quay was built.",
    "The crossing will close again for one night in June, when a crane lifts the "
    "lamp posts onto the deck and the electricians connect them to the harbour grid.",
]
ORCHESTRA = [
    "Meanwhile the municipal orchestra announced its autumn programme, pairing Brahms "
    "symphonies with new compositions by students from the conservatory.",
    "The conductor, who arrived from Vienna last year, wants violinists and cellists "
    "from local schools to rehearse alongside professionals every Saturday afternoon.",
    "Tickets for the opening concert sold out within hours, and the concert hall will "
    "stream the performance for listeners who could not find a seat this season.",
    "Donors funding the scholarship promised instruments for twenty pupils, including "
    "two harps and a bassoon that the woodwind teacher had requested for years.",
    "The choir will join the orchestra in December for an oratorio, and auditions for "
    "sopranos and tenors open next month in the rehearsal rooms behind the opera.",
    "Critics who heard the summer rehearsals praised the brass section, which the "
    "conductor rebuilt after three trumpeters retired with the previous music director.",
]


def test_an_html_story_is_not_split_by_a_change_of_topic():
    # A text dump would be cut where the vocabulary changes; on an HTML page the markup
    # (one <article>, no heading between) says it is one story.
    docs = clean(_article("Town news this week", HARBOUR + ORCHESTRA))
    assert len(docs) == 1 and docs[0].text == "\n\n".join(HARBOUR + ORCHESTRA)


def _card(title: str, blurb: str, linked: bool = True) -> str:
    head = f"<a href='/{len(title)}'>{title}</a>" if linked else title
    return f"<article class='card'><h2>{head}</h2><p>{blurb}</p></article>"


def test_teaser_cards_beside_the_story_are_chrome():
    cards = [_card("Orchestra names its new conductor", "The Vienna-trained conductor starts in "
                   "September and wants pupils from the town's schools to sit in on every "
                   "rehearsal of the autumn programme."),
             _card("Tram line approved", "Work on the eastern tram line begins next year, the "
                   "council decided after a debate that went on until well past midnight on "
                   "Thursday."),
             _card("Harbour festival dates", "The festival returns in August with boat races, "
                   "a night market on the quay and, for the first time, a swimming race "
                   "across the bay."),
             _card("Library opens on Sundays", "The central library will open on Sunday "
                   "afternoons from March, after readers asked for longer hours in a survey "
                   "last autumn.")]
    page = ("<!DOCTYPE html><html><body><article><h1>Bridge stays open</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY + MORE) + "</article>"
            "<section class='feed'>" + "".join(cards) + "</section></body></html>")
    docs = clean(page)
    assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY + MORE)
    assert docs[0].title == "Bridge stays open"


def test_story_sections_printed_as_articles_are_kept():
    # Some sites print a story's sections as <article>s; their headings are no links.
    section = _card("What the engineers found", "Rot had reached the beams under the "
                    "northern ramp, and two of them were replaced in March.", linked=False)
    page = ("<!DOCTYPE html><html><body><div class='story'><h1>Bridge stays open</h1>"
            "<article>" + "".join(f"<p>{p}</p>" for p in STORY + MORE) + "</article>"
            + section + "<article>" + "".join(f"<p>{p}</p>" for p in HARBOUR[:3])
            + "</article></div></body></html>")
    docs = clean(page)
    assert len(docs) == 1 and "Rot had reached the beams" in docs[0].text


def test_a_short_story_keeps_the_details_list_in_its_element():
    # Too little prose for the main-container rule; the line before the prose and the
    # details after it are in the same element as the story, the footer links are not.
    prose = ["Last night the sky was clear enough to photograph the Pleiades from the hill "
             "above the village, with the new telephoto lens on a simple tripod.",
             "The stars show long spikes from the lens, which I rather like, and the faint "
             "nebula around them came out after twenty exposures were stacked."]
    details = ["Camera: compact digital", "Lens: 300 mm telephoto", "Place: the hill above the village"]
    page = ("<!DOCTYPE html><html><body><nav><a href='/'>Home</a> <a href='/p'>Photos</a></nav>"
            "<h1>The Pleiades from the hill</h1><div class='entry'><div>Category: first attempts</div>"
            + "".join(f"<p>{p}</p>" for p in prose) + "<h3>Details</h3><ul>"
            + "".join(f"<li>{d}</li>" for d in details) + "</ul></div>"
            "<div class='links'><p>Older posts</p><p>Archive 2019</p><p>Contact us today</p>"
            "<p>Imprint and privacy</p></div></body></html>")
    docs = clean(page)
    assert len(docs) == 1
    assert docs[0].text == "\n\n".join(["Category: first attempts"] + prose + ["Details"] + details)


def test_a_post_of_one_paragraph_keeps_the_short_lines_of_its_element():
    # The region is one paragraph: it still widens to the element holding it (the
    # post's closing details), not the paragraph alone; the footer stays out.
    prose = ("Last night the sky was clear enough to photograph the Pleiades from the hill "
             "above the village, with the new telephoto lens on a simple tripod, and the "
             "faint nebula around them came out after twenty exposures were stacked.")
    lines = ["Lens: 300 mm telephoto", "Place: the hill above the village"]
    page = ("<!DOCTYPE html><html><body><nav><a href='/'>Home</a> <a href='/p'>Photos</a></nav>"
            "<h1>The Pleiades from the hill</h1><div class='post'>"
            f"<p>{prose}</p>" + "".join(f"<p>{x}</p>" for x in lines) + "</div>"
            "<div class='links'><p>Older posts</p><p>Archive 2019</p><p>Contact us today</p>"
            "<p>Imprint and privacy</p></div></body></html>")
    docs = clean(page)
    assert len(docs) == 1
    assert docs[0].text == "\n\n".join([prose] + lines)


def test_a_heading_left_at_the_end_of_the_story_is_chrome():
    # The links under it are chrome; the heading heads nothing of the story. A
    # subhead with story text after it stays.
    page = ("<!DOCTYPE html><html><body><article><h1>Bridge stays open</h1><div class='body'>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "<h2>What comes next</h2>"
            + "".join(f"<p>{p}</p>" for p in MORE)
            + "<h3>Further information:</h3><ul><li><a href='/a'>Tram vote</a></li>"
            "<li><a href='/b'>Ferry timetable</a></li></ul></div></article></body></html>")
    docs = clean(page)
    assert len(docs) == 1
    assert docs[0].text == "\n\n".join([*STORY, "What comes next", *MORE])


def test_a_standfirst_named_by_its_class_is_kept_whatever_its_tag():
    standfirst = "Engineers replaced the rotten deck boards, and the lane stays for cyclists."
    page = ("<!DOCTYPE html><html><body><article><h1>Bridge stays open</h1>"
            f"<h2 class='sub-description'>{standfirst}</h2>"
            "<div class='teaser-box'><div>Read also: the tram line vote in full.</div></div>"
            "<div class='body'>" + "".join(f"<p>{p}</p>" for p in STORY + MORE)
            + "</div></article></body></html>")
    docs = clean(page)
    assert len(docs) == 1
    assert docs[0].text == "\n\n".join([standfirst, *STORY, *MORE])


def test_an_unnamed_standfirst_under_the_headline_is_kept():
    # An <h2> without a class, under the headline and a kicker, outside the element
    # holding the paragraphs; the "Key points" bullets and the teaser link are not.
    standfirst = "Engineers replaced the rotten deck boards and the lane stays open for cyclists"
    page = _above_story(
        f"<div class='top'><h1>Bridge stays open</h1><div>Transport</div><h2>{standfirst}</h2></div>"
        "<div class='points'><ul><li>The deck boards were rotten after two winters of storms.</li>"
        "<li>Cyclists get the northern lane back from Monday onwards.</li></ul></div>")
    docs = clean(page)
    assert len(docs) == 1
    assert docs[0].text == "\n\n".join([standfirst, *STORY, *MORE])


def test_a_link_or_a_list_under_the_headline_is_no_standfirst():
    for under in ("<p><a href='/tram'>Read also: the tram line vote, and what it means for "
                  "the harbour district</a></p>",
                  "<ul><li>The deck boards were rotten after two winters of storms.</li></ul>"):
        docs = clean(_above_story(f"<div class='top'><h1>Bridge stays open</h1>{under}</div>"))
        assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY + MORE), under


def test_a_lead_sentence_written_as_a_heading_is_kept():
    # Past the share bar, an <h2> of a full sentence opens the story above the
    # element holding its paragraphs; a short section heading there does not.
    lead = "The harbour bridge reopened on Monday, two weeks earlier than the city had promised."
    share = "".join(f"<li><a href='/s{i}'>{n}</a></li>" for i, n in
                    enumerate(["Facebook", "Twitter", "Email", "Print", "Copy link"]))
    docs = clean(_above_story(f"<div class='top'><h1>Bridge stays open</h1><ul>{share}</ul>"
                              f"<h2>{lead}</h2><h3>Latest news</h3></div>"))
    assert len(docs) == 1
    assert docs[0].text == "\n\n".join([lead, *STORY, *MORE])


def test_a_standfirst_named_by_its_class_is_kept_however_far_the_headline():
    # The headline stands above a long menu of links; the element right above the
    # story's paragraphs is named as its teaser text.
    standfirst = "Engineers replaced the rotten deck boards, and the lane stays for cyclists"
    menu = "".join(f"<div class='m'><a href='/s{i}'>Section {i}</a></div>" for i in range(60))
    page = ("<!DOCTYPE html><html><body><h1>Bridge stays open</h1>" + menu
            + f"<div class='news-single'><div class='teaser-text'><p>{standfirst}</p></div>"
            "<div class='news-text'>" + "".join(f"<p>{p}</p>" for p in STORY + MORE)
            + "</div></div></body></html>")
    docs = clean(page)
    assert len(docs) == 1
    assert docs[0].text == "\n\n".join([standfirst, *STORY, *MORE])


def test_a_link_to_the_comments_does_not_end_the_story():
    page = ("<!DOCTYPE html><html><body><article><h1>Bridge stays open</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY[:3])
            + "<div><a href='#comments'>Comments</a></div>"
            "<div class='body'>" + "".join(f"<p>{p}</p>" for p in STORY[3:] + MORE)
            + "</div></article></body></html>")
    docs = clean(page)
    assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY + MORE)


def test_the_standfirst_stays_when_a_gallery_stands_between_it_and_the_story():
    standfirst = "Engineers replaced the rotten deck boards, and the lane stays for cyclists."
    gallery = "".join(f"<div class='slide'><div>{n}/20</div><div>Photo {n}: the bridge</div></div>"
                      for n in range(1, 21))
    docs = clean(_above_story(f"<div class='head'><h1>Bridge stays open</h1><p>{standfirst}</p>"
                              f"</div><div class='gallery'>{gallery}</div>"))
    assert len(docs) == 1
    assert docs[0].text == "\n\n".join([standfirst, *STORY, *MORE])


def test_a_teaser_rail_inside_the_article_is_chrome():
    rail = ("<div class='rail'><div class='swiper-wrapper'>"
            + "".join(f"<div class='swiper-slide rail__item'><div class='rail__item-content'>"
                      f"<div>{k}</div><h3>{h}</h3></div></div>"
                      for k, h in [("TIME TRAVELLER", "Readers spot a bicycle in a painting from 1890"),
                                   ("NIGHT OWLS", "Why the harbour ferries now run after midnight")])
            + "</div></div>")
    page = ("<!DOCTYPE html><html><body><article><h1>Bridge stays open</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY[:2]) + rail
            + "".join(f"<p>{p}</p>" for p in STORY[2:] + MORE) + "</article></body></html>")
    docs = clean(page)
    assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY + MORE)


def test_ruby_readings_are_not_read_into_the_text():
    # Furigana: "<ruby>子<rt>こ</rt></ruby>" shows こ above 子; the text is 子.
    paras = ["<ruby>市<rt>し</rt></ruby>は<ruby>今日<rt>きょう</rt></ruby>、古い港の橋を自転車のために開けておくと発表しました。去年は橋の床の修理のために二回閉まりました。",
             "議会は火曜日に投票して、自転車の道を残すことを決めました。毎朝たくさんの人が自転車でこの橋を渡って仕事に行きます。",
             "技術者によると、新しい床の板は二十年使うことができます。来年の春には明かりも付けます。"]
    docs = clean(_article("橋は開いたまま", paras, lang="ja"))
    assert len(docs) == 1
    assert docs[0].text.startswith("市は今日、古い港の橋を")


def test_a_story_written_in_divs_beside_a_promo_box_of_paragraphs_is_found():
    promo = ["Read the digital edition before the print one reaches the shops, every Friday "
             "from six in the evening, on every device you own.",
             "Subscribe for a year and get the first three months free, with the archive "
             "of every issue since 1947 included at no extra cost.",
             "Older issues can be ordered as printed copies from our shop, and each article "
             "is also available as a PDF to download.",
             "Our newsletter brings the week's best stories to your inbox on Sunday morning, "
             "and you can leave it with one click whenever you like."]
    story = STORY + MORE + HARBOUR
    page = ("<!DOCTYPE html><html><body><h1>Bridge stays open</h1><div class='text'>"
            + "".join(f"<div class='para'>{p}</div>" for p in story) + "</div>"
            "<div class='shop'>" + "".join(f"<p>{p}</p>" for p in promo) + "</div></body></html>")
    docs = clean(page)
    assert len(docs) == 1
    assert docs[0].text.startswith(STORY[0]) and HARBOUR[-1] in docs[0].text


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf<html><head><meta charset='utf-8'></head><body><p>Caf\xc3\xa9 \xef\xbc\x81</p></body></html>",
    b"\xef\xbb\xbf\xef\xbb\xbf<html><body><p>Caf\xc3\xa9</p></body></html>",
    b"<html><body><p>Caf\xc3\xa9</p></body></html>",  # no charset: read as UTF-8
    b"<html><head><meta charset='windows-1252'></head><body><p>Caf\xe9</p></body></html>",
], ids=["declared-bom", "two-boms", "undeclared", "cp1252"])
def test_blocks_are_the_same_whether_the_parser_gets_the_bytes_or_the_text(data):
    # UTF-8 pages are parsed from their bytes (the text would be encoded again);
    # the blocks must be what the decoded text gives.
    from newsclean.readers.html import decode_html, page_from_html

    text, _ = decode_html(data, "t.html")
    from_bytes, _ = page_from_html(data, source="t.html")
    from_text, _ = page_from_html(text, source="t.html")
    assert from_bytes.content == text
    assert [b.text for b in from_bytes.blocks] == [b.text for b in from_text.blocks]
    assert "Caf\u00e9" in from_bytes.blocks[0].text


def _trace(html: str) -> list[tuple[str, str | None, str]]:
    """(block text, reason, element tag) of each block after the stages."""
    from newsclean import Pipeline
    from newsclean.readers.html import page_from_html

    page, _ = page_from_html(html, source="t.html")
    Pipeline().label(page)
    return [(b.text, b.reason, b.dom.tag) for b in page.blocks]


MENU = ("<ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
        "<li><a href='/sport'>Sport</a></li></ul><script>var menu = 1;</script>")


def test_a_menu_landmark_is_read_as_one_chrome_block():
    page = ("<html><body><nav>" + MENU + "</nav><article><h1>Bridge stays open</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</article>"
            + "<footer><p>About us</p><p>Contact</p></footer></body></html>")
    trace = _trace(page)
    assert trace[0] == ("Home World Sport", "dom:landmark", "nav")
    assert trace[-1] == ("About us Contact", "dom:landmark", "footer")
    assert not any("menu = 1" in text for text, _, _ in trace)
    assert [d.text for d in clean(page, kind="html")] == ["\n\n".join(STORY)]


def test_a_landmark_holding_a_story_is_read_block_by_block():
    page = ("<html><body><aside>" + MENU + "<article><h2>Side story</h2>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</article></aside></body></html>")
    assert ("Home", "dom:landmark", "li") in _trace(page)
    assert [d.text for d in clean(page, kind="html")] == ["\n\n".join(STORY)]


def test_a_caption_in_a_landmark_is_still_a_caption():
    page = ("<html><body><nav><figure><img src='a.jpg'><figcaption>The old bridge at dawn."
            "</figcaption></figure>" + MENU + "</nav><div>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</div></body></html>")
    (doc,) = clean(page, kind="html")
    assert doc.captions == ["The old bridge at dawn."]


def test_the_headline_in_the_page_header_is_still_the_title():
    page = ("<html><body><header>" + MENU + "<h1>Bridge stays open</h1></header><div>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</div></body></html>")
    (doc,) = clean(page, kind="html")
    assert doc.title == "Bridge stays open"


def test_an_article_s_own_header_is_read_block_by_block():
    page = ("<html><body><article><header><h2>Bridge stays open</h2><p>By Ana Ferrer</p>"
            "</header>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>")
    (doc,) = clean(page, kind="html")
    assert doc.authors == ["Ana Ferrer"]


def test_a_menu_read_whole_weighs_as_its_items_between_regions():
    # No container holds the story: the content stage finds the region by prose
    # density, and the 40 menu items between an appeal and the story keep the
    # appeal out of it, read as one block or not.
    notice = ("Our newsroom is funded by readers like you, and every gift helps the reporters "
              "keep covering the council, the schools and the harbour for another year.")
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(40))
    page = ("<html><body><p>" + notice + "</p><nav><ul>" + menu + "</ul></nav><h1>Bridge stays open</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</body></html>")
    trace = _trace(page)
    assert trace[1][1:] == ("dom:landmark", "nav")
    assert trace[0][1] == "content:outside-region"
    (doc,) = clean(page, kind="html")
    assert doc.text == "\n\n".join(STORY)


@pytest.mark.parametrize("style", ["display:none", "DISPLAY : None;", "color:red; visibility: hidden"])
def test_an_element_hidden_by_its_style_is_not_read(style):
    page = (f"<html><body><div style='{style}'><p>Subscribe to read the rest of this story now.</p></div>"
            "<div style='color: navy'>" + "".join(f"<p>{p}</p>" for p in STORY) + "</div></body></html>")
    texts = [t for t, _, _ in _trace(page)]
    assert "Subscribe to read the rest of this story now." not in texts
    assert texts == STORY


# --- names against prose (dom:prose-over-names, comment sections) -------------------

def test_a_comment_named_article_is_no_story_that_makes_steps_teaser_cards():
    # A recipe prints its steps as short <article>s with linked headings; the readers'
    # comments below are an <article class="comments"> with the most prose on the page.
    # The comments are no story beside which the steps would be teaser cards.
    steps = [_card(f"Step {n}", text) for n, text in enumerate(
        ["Whisk the eggs with the sugar until the mixture is pale and thick, about five minutes.",
         "Fold in the flour in three parts, then pour the batter into the lined tin.",
         "Bake for forty minutes, until a skewer pushed into the middle comes out clean."], 1)]
    comments = "".join(f"<p>{p}</p>" for p in STORY + MORE)
    page = ("<!DOCTYPE html><html><body><h1>Plain sponge cake</h1>" + "".join(steps)
            + f"<article class='comments'><h2>Comments</h2>{comments}</article></body></html>")
    from newsclean.pipeline import Config

    docs = clean(page, config=Config(min_words=10))
    assert docs and "Whisk the eggs with the sugar" in docs[0].text
    assert STORY[0] not in docs[0].text


def test_chrome_names_that_would_take_the_whole_story_are_not_believed():
    # Every part of the story sits in an element named "ads-allowed"; the related box
    # beside it, named as such, still goes.
    parts = "".join(f"<section class='part ads-allowed'><p>{p}</p></section>" for p in STORY + MORE)
    page = ("<!DOCTYPE html><html><body><article><h1>Bridge stays open</h1>" + parts + "</article>"
            "<div class='related-posts'><p>Tram line approved after a long night of debate in the "
            "council chamber.</p></div></body></html>")
    docs = clean(page)
    assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY + MORE)


def test_chrome_names_beside_a_story_are_still_believed():
    # The same names around a side box, with the story outside them, still take the box.
    page = ("<!DOCTYPE html><html><body><article><h1>Bridge stays open</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY + MORE) + "</article>"
            "<section class='ads-allowed'><p>" + HARBOUR[0] + "</p></section></body></html>")
    docs = clean(page)
    assert len(docs) == 1 and HARBOUR[0] not in docs[0].text


def test_prose_over_names_is_explained():
    from newsclean import Pipeline
    from newsclean.readers.html import page_from_html
    from newsclean.trace import trace

    parts = "".join(f"<section class='promo-slot'><p>{p}</p></section>" for p in STORY + MORE)
    page, _ = page_from_html("<!DOCTYPE html><html><body><article><h1>Bridge stays open</h1>"
                             + parts + "</article></body></html>")
    rules = {(b["stage"], b["rule"]) for b in trace(page, Pipeline())["blocks"] if b["in_text"]}
    assert ("dom", "prose-over-names") in rules


def test_the_headline_says_which_prose_the_page_is_about():
    # A discussion the markup does not name as comments ("community", "message") holds
    # more prose than the story; the story is the prose under the page's headline.
    talk = "".join(f"<li class='member message'><time datetime='2024-03-{n:02}'>{n} March</time>"
                   f"<div class='msg'><p>{p}</p></div></li>" for n, p in enumerate(HARBOUR + ORCHESTRA + HARBOUR, 1))
    page = ("<!DOCTYPE html><html><body><div class='page'><article class='story'>"
            "<h1>Bridge stays open</h1>" + "".join(f"<p>{p}</p>" for p in STORY + MORE) + "</article>"
            "<div class='community'><ul class='thread'>" + talk + "</ul></div></div></body></html>")
    docs = clean(page)
    assert len(docs) == 1 and docs[0].text == "\n\n".join(STORY + MORE)


# ---------------------------------------------------------------------- metadata

def _metadata(head: str) -> dict:
    from newsclean.readers.html import page_from_html

    page, _ = page_from_html(f"<html><head>{head}</head><body><p>{PARA}</p></body></html>")
    return page.meta["html"]


def test_metadata_strings_escaped_twice_are_decoded():
    info = _metadata('<meta property="og:title" content="Bridge stays open &amp;#8211; for now&amp;nbsp;">'
                     '<meta name="author" content="Ana &amp;Oacute;rla">')
    assert info["title"] == "Bridge stays open – for now"
    assert info["meta_authors"] == ["Ana Órla"]


def test_json_ld_authors_named_by_id_elsewhere_in_the_graph():
    info = _metadata('<script type="application/ld+json">{"@graph": ['
                     '{"@type": "NewsArticle", "headline": "Bridge stays open", "author": {"@id": "#jd"},'
                     ' "publisher": {"@id": "#org"}},'
                     '{"@type": "Person", "@id": "#jd", "name": "Jane Doe"},'
                     '{"@type": "Organization", "@id": "#org", "name": "Harbour Gazette"},'
                     '{"@type": "WebSite", "name": "The Gazette Online"}]}</script>')
    assert info["authors"] == ["Jane Doe"]
    assert info["site_names"] == ["Harbour Gazette", "The Gazette Online"]


def test_json_ld_creator_stands_in_for_a_missing_author():
    info = _metadata('<script type="application/ld+json">{"@type": "Article", "headline": "Bridge",'
                     ' "creator": ["Jane Doe", "John Roe"]}</script>')
    assert info["authors"] == ["Jane Doe", "John Roe"]


def test_json_ld_page_item_with_a_headline_is_read_without_a_story_item():
    info = _metadata('<meta property="og:title" content="Short title">'
                     '<script type="application/ld+json">{"@type": "MedicalWebPage", "headline": "Long title",'
                     ' "author": {"@type": "Person", "name": "Jane Doe"}}</script>')
    assert (info["title"], info["authors"], info["articles"]) == ("Long title", ["Jane Doe"], [])


def test_tags_inside_an_author_value_are_taken_out():
    info = _metadata('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge",'
                     ' "author": "<a href=\\"/authors/jd\\">Jane Doe</a>"}</script>')
    assert info["authors"] == ["Jane Doe"]


def test_a_profile_link_is_no_author_meta():
    info = _metadata('<meta property="article:author" content="https://www.facebook.com/janedoe">'
                     '<meta name="byl" content="By Jane Doe">')
    assert info["meta_authors"] == ["By Jane Doe"]


def _cleaned(head: str, h1: str, url: str = "https://www.harbourgazette.example/a") -> dict:
    import json as _json

    body = f"<h1>{h1}</h1><p>By Jane Doe</p>" + f"<p>{PARA}</p>" * 6
    html = f'<html><head><link rel="canonical" href="{url}">{head}</head><body><article>{body}</article></body></html>'
    docs = clean(html.encode(), source="t.html")
    assert len(docs) == 1
    return _json.loads(_json.dumps({"title": docs[0].title, "authors": docs[0].authors}))


def test_publisher_as_author_leaves_the_printed_byline():
    out = _cleaned('<meta property="og:site_name" content="Harbour Gazette">'
                   '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge stays open",'
                   ' "author": {"@type": "Organization", "name": "Harbour Gazette"}}</script>',
                   "Bridge stays open")
    assert out == {"title": "Bridge stays open", "authors": ["Jane Doe"]}


def test_a_login_as_json_ld_author_gives_way_to_the_meta_author():
    out = _cleaned('<meta name="author" content="John Roe">'
                   '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge stays open",'
                   ' "author": "admin"}</script>', "Bridge stays open")
    assert out["authors"] == ["John Roe"]


def test_og_title_with_a_kicker_gives_the_display_headline():
    out = _cleaned('<meta property="og:title" content="Opinion | Bridge stays open for bicycles">',
                   "Bridge stays open for bicycles")
    assert out["title"] == "Bridge stays open for bicycles"


def test_og_title_with_the_host_as_suffix_loses_it():
    out = _cleaned('<meta property="og:title" content="Bridge stays open - and shut - Harbour Gazette">',
                   "Headline of another kind entirely")
    assert out["title"] == "Bridge stays open - and shut"
