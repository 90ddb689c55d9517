"""The parts newsclean takes from the field's libraries rather than its own code:
charset labels by the WHATWG table (webencodings), URLs by urllib.parse, the language
fallback (py3langid), the batch lock (filelock), brotli-encoded WARC bodies. Every
page here is composed for the test."""
from __future__ import annotations

import json

import pytest

import newsclean
from newsclean.config import host_of
from newsclean.readers import codec_of, page_from_bytes
from newsclean.readers.html import decode_html, page_from_html

from _pages import SWELL_BODY, SWELL_TITLE


def _html(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}<title>t</title></head><body><article>{body}</article></body></html>"


def _swell(head: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in SWELL_BODY)
    return _html(f"<h1>{SWELL_TITLE}</h1>{paras}", head)


# ---------------------------------------------------------------------------- entities

# A whole character reference, as it would leak: "&#8220;", "&eacute;", "&#x2014;".
CHAR_REF = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"


@pytest.mark.parametrize("head", [
    # og:title escaped twice (the parser decodes once), JSON-LD escaped once and
    # twice (no parser decodes JSON-LD), <meta name=author> escaped twice.
    '<meta property="og:title" content="&amp;#8220;We needed to win this&amp;nbsp;game&amp;#8221;">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
    '"&#8220;We needed to win this&nbsp;game&#8221;", "author": "Jos&eacute; P&eacute;rez"}</script>',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
    '"&amp;#8220;We needed to win this&amp;nbsp;game&amp;#8221;", "author": {"name": "Jos&amp;eacute; P&amp;eacute;rez"}}</script>',
])
def test_no_character_reference_leaks_into_any_field(head):
    import re

    head += '<meta name="author" content="Jos&amp;eacute; P&amp;eacute;rez">'
    body = ("<figure><img src=a.jpg><figcaption>Fans at the Est&aacute;dio &amp; the pier. (AP Photo/Jane Roe)"
            "</figcaption></figure><p>LISBON (AP) &mdash; Authorities ordered &ldquo;the evacuation&rdquo; of "
            "several beachfront streets on Saturday as forecasters warned of an unusually powerful swell.</p>"
            + "".join(f"<p>{p}</p>" for p in SWELL_BODY[1:]))
    (doc,) = newsclean.clean(_html(body, head).encode(), source="p.html")
    out = doc.to_dict()
    assert out["title"].replace("\xa0", " ") == "“We needed to win this game”"
    assert out["authors"] == ["José Pérez"]
    assert out["captions"] == ["Fans at the Estádio & the pier. (AP Photo/Jane Roe)"]
    assert out["dateline"] == "LISBON (AP)"
    assert "“the evacuation”" in out["text"]
    strings = [v for k in ("title", "dateline", "text") for v in [out[k]]] + out["authors"] + out["captions"]
    assert not [s for s in strings if re.search(CHAR_REF, s)]


# ---------------------------------------------------------------------------- charsets

# Turkish text with the punctuation windows-1254 has and ISO-8859-9 has not (the
# bytes 0x80-0x9F, control characters in ISO-8859-9): pages labelled iso-8859-9
# are written in windows-1254, and browsers read them so.
TURKISH = "İzmir’de ‘deniz’ festivali – bilet 5 € oldu; şarkılar ve çiçekler"


def test_iso_8859_9_label_reads_windows_1254_bytes_as_browsers_do():
    data = _html(f"<p>{TURKISH}</p>", '<meta charset="iso-8859-9">').encode("cp1254")
    assert b"\x91deniz\x92" in data and b"\x80" in data and b"\x96" in data  # the test's premise
    text, warnings = decode_html(data, "p.html")
    assert TURKISH in text
    assert warnings == []


def test_transport_label_goes_through_the_same_table():
    data = _html(f"<p>{TURKISH}</p>").encode("cp1254")
    (page,), _ = page_from_bytes(data, source="p.html", kind="html", encoding_hint="ISO_8859-9")
    assert TURKISH in page.content


@pytest.mark.parametrize("label", ["latin1", "ISO-8859-1", "us-ascii", "ascii", "iso_8859-1:1987", "cp819"])
def test_latin1_and_ascii_labels_are_windows_1252(label):
    line = "“Quotes” – and €5 … café"
    data = _html(f"<p>{line}</p>", f'<meta charset="{label}">').encode("cp1252")
    text, warnings = decode_html(data, "p.html")
    assert line in text and warnings == []


@pytest.mark.parametrize("label, codec", [
    ("iso-8859-9", "cp1254"), ("latin5", "cp1254"), ("tis-620", "cp874"), ("euc-kr", "cp949"),
    ("shift_jis", "cp932"), ("gb2312", "gb18030"), ("big5", "big5hkscs"), ("koi8-ru", "koi8-u"),
    ("x-mac-cyrillic", "mac-cyrillic"), ("unicode-1-1-utf-8", "utf-8"), ("csisolatin9", "iso8859-15"),
])
def test_whatwg_labels(label, codec):
    assert codec_of(label) == codec
    assert codec_of(f' "{label.upper()}" ') == codec


@pytest.mark.parametrize("label", ["base64", "rot13", "zlib", "x-user-defined", "iso-2022-kr", "no-such-charset"])
def test_labels_browsers_ignore_are_ignored_without_a_traceback(label):
    # Python codecs that are no text encoding ("base64") raised LookupError from
    # bytes.decode: an internal error for the whole page.
    data = _html("<p>Caf\xe9 ol\xe9, 5 \x80.</p>", f'<meta charset="{label}">').encode("latin-1")
    text, warnings = decode_html(data, "p.html")
    assert codec_of(label) is None
    assert "Café olé, 5 €." in text
    assert any(f"unknown charset {label!r}" in w for w in warnings)


# -------------------------------------------------------------------------------- URLs

@pytest.mark.parametrize("url, host", [
    ("http://[::1]:8000/x", "::1"),
    ("//cdn.example.com/a", "cdn.example.com"),
    ("mailto:jane@example.com", None),
    ("javascript:void(0)", None),
    ("tel:5551234", None),
    ("https://User@www.Example.com:8080/x?y", "www.example.com"),
    ("example.com/news", "example.com"),
    ("example.com:8080/news", "example.com"),
    ("http://[::1/x", None),
    ("https:///x", None),
    ("", None),
])
def test_host_of(url, host):
    assert host_of(url) == host


def _url_of(head: str, container: str | None = None) -> str | None:
    page, _ = page_from_html(_swell(head).encode(), source="p.html", url=container)
    (doc,) = newsclean.Pipeline().run(page)
    return json.loads(json.dumps(doc.to_dict()))["url"]


def test_relative_canonical_is_no_url():
    assert _url_of('<link rel="canonical" href="/news/swell">') is None
    assert _url_of('<link rel="canonical" href="//news.example/swell">') is None


def test_relative_canonical_falls_through_to_an_absolute_og_url():
    head = '<link rel="canonical" href="/news/swell"><meta property="og:url" content=" https://news.example/swell ">'
    assert _url_of(head) == "https://news.example/swell"


def test_absolute_canonical_is_the_url_when_the_container_has_none():
    assert _url_of('<link rel="canonical" href="https://news.example/swell">') == "https://news.example/swell"


def test_the_containers_web_url_wins():
    head = '<link rel="canonical" href="/news/swell">'
    assert _url_of(head, "https://news.example/a?utm=1") == "https://news.example/a?utm=1"
    # A container URL without its scheme is the caller's key: kept, unless the
    # markup gives a web URL.
    assert _url_of(head, "news.example/a") == "news.example/a"
    assert _url_of('<link rel="canonical" href="https://news.example/swell">', "news.example/a") == \
        "https://news.example/swell"


# --------------------------------------------------------------------------- languages

# Composed paragraphs in languages without a stop-word list.
POLISH = [
    "Rząd przyjął w czwartek projekt ustawy o ochronie ludności, który trafi teraz do Sejmu "
    "oraz powinien wejść w życie jeszcze przed końcem roku, jak zapowiedział minister.",
    "Samorządy dostaną pieniądze na remonty schronów, zaś szkoły mają przygotować plany "
    "ewakuacji uczniów do połowy przyszłego roku szkolnego.",
    "Opozycja krytykuje tempo prac nad ustawą i domaga się szerszych konsultacji z "
    "mieszkańcami małych miejscowości, gdzie brakuje strażaków.",
]
JAPANESE = [
    "東京都は十日、新しい防災計画を発表した。住民の避難経路を見直し、学校の耐震工事を急ぐという。",
    "計画では、川沿いの地域に住む高齢者のために、避難所までの送迎を自治体が手配する。",
    "都の担当者は「大きな地震はいつ起きてもおかしくない」と話し、備蓄の確認を呼びかけた。",
]
RUSSIAN = (
    "Городской совет утвердил в четверг новый план ремонта старых мостов через реку, и первые "
    "работы начнутся уже весной, сообщил глава комиссии по транспорту. По его словам, "
    "движение на центральном мосту будет закрыто на два месяца, а для пешеходов построят "
    "временный переход рядом с набережной. Жители соседних районов попросили продлить "
    "маршруты автобусов и добавить ночные рейсы, пока идут работы. В мэрии обещали "
    "рассмотреть эти просьбы до конца месяца и опубликовать новое расписание на сайте города. "
)


@pytest.mark.parametrize("paras, lang", [(POLISH, "pl"), (JAPANESE, "ja")])
def test_language_without_stop_words_is_guessed_by_the_model(paras, lang):
    from newsclean.textutil import detect_lang, stopword_lang

    assert stopword_lang(paras) is None  # the premise: the stop words cannot tell
    assert detect_lang(paras) == lang
    page, _ = page_from_html(_html("".join(f"<p>{p}</p>" for p in paras)).encode(), source="p.html")
    docs = newsclean.Pipeline(newsclean.Config(min_words=5)).run(page)
    assert docs and {d.lang for d in docs} == {lang}


def test_a_template_lang_the_text_does_not_bear_out_gives_way_to_the_model():
    paras = "".join(f"<p>{RUSSIAN}</p>" for _ in range(3))
    html = f'<html lang="en"><head><title>t</title></head><body><article>{paras}</article></body></html>'
    (doc,) = newsclean.clean(html.encode(), source="p.html")
    assert doc.lang == "ru"


def test_the_model_is_asked_only_when_the_stop_words_cannot_tell(monkeypatch):
    from newsclean import textutil

    def no_model():
        raise AssertionError("the model was asked")

    monkeypatch.setattr(textutil, "_langid_model", no_model)
    assert textutil.detect_lang(SWELL_BODY) == "en"
    assert textutil.detect_lang(["12 - 3", "Home", ""]) is None  # too little text to ask


def test_without_py3langid_the_stop_word_guess_stands_alone(monkeypatch):
    import sys

    from newsclean import textutil

    monkeypatch.setitem(sys.modules, "py3langid.langid", None)  # import fails
    textutil._langid_model.cache_clear()
    try:
        assert textutil.detect_lang(POLISH) is None
        assert textutil.detect_lang(SWELL_BODY) == "en"
    finally:
        textutil._langid_model.cache_clear()


# ----------------------------------------------------------------------------- locking

def _batch(tmp_path, out):
    from click.testing import CliRunner

    from newsclean.cli import main

    from _pages import story_page

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": story_page()}) + "\n")
    return CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "-j", "1"])


@pytest.fixture
def no_fcntl(monkeypatch):
    """A system without fcntl, as Windows is: newsclean's `import fcntl` fails, while
    filelock, imported first, keeps the OS lock it found (msvcrt on Windows, flock
    here), not the soft lock it would settle for without one."""
    import importlib
    import sys

    importlib.import_module("filelock")
    monkeypatch.setitem(sys.modules, "fcntl", None)


def test_batch_runs_without_fcntl(no_fcntl, tmp_path):
    out = tmp_path / "out"
    result = _batch(tmp_path, out)
    assert result.exit_code == 0, result.stderr
    assert "ImportError" not in result.stderr
    assert len(list(out.glob("part-*"))) == 1


def test_without_fcntl_a_second_run_still_finds_the_outdir_locked(no_fcntl, tmp_path):
    from filelock import FileLock

    from newsclean.batch import EXIT_LOCKED

    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / ".lock"), timeout=0):  # another run's lock
        result = _batch(tmp_path, out)
    assert result.exit_code == EXIT_LOCKED == 3
    assert "another newsclean batch" in result.stderr and "Traceback" not in result.stderr
    assert not list(out.glob("part-*"))
    assert _batch(tmp_path, out).exit_code == 0  # released: the next run goes ahead


def test_without_fcntl_nor_filelock_batch_says_what_is_missing(no_fcntl, monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "filelock", None)
    result = _batch(tmp_path, tmp_path / "out")
    assert result.exit_code == 1
    assert "no fcntl" in result.stderr and "pip install filelock" in result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------------------ brotli

def _br_warc(tmp_path):
    """A WARC of two pages: the story with its body brotli-compressed, and a plain one."""
    import brotli

    from _crawl import Response, warc_bytes

    html = _swell().encode()
    plain = _html("".join(f"<p>{p}</p>" for p in POLISH)).encode()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes([
        Response("https://news.example/swell", brotli.compress(html), "text/html; charset=utf-8",
                 extra_headers="Content-Encoding: br\r\n"),
        Response("https://news.example/pl", plain, "text/html; charset=utf-8"),
    ]))
    return path


def _clean_cli(*args):
    from click.testing import CliRunner

    from newsclean.cli import main

    return CliRunner().invoke(main, ["clean", "--format", "jsonl", "--min-words", "5", *map(str, args)])


def test_a_brotli_encoded_warc_body_is_read(tmp_path):
    result = _clean_cli(_br_warc(tmp_path))
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["url"] for d in docs] == ["https://news.example/swell", "https://news.example/pl"]
    assert docs[0]["title"] == SWELL_TITLE and SWELL_BODY[1] in docs[0]["text"]


def test_without_brotli_the_record_is_named_and_skipped_with_the_reason(tmp_path, monkeypatch):
    import sys

    path = _br_warc(tmp_path)
    monkeypatch.setitem(sys.modules, "brotli", None)
    result = _clean_cli(path)
    assert result.exit_code == 1  # a record could not be read; the others are cleaned
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["url"] for d in docs] == ["https://news.example/pl"]
    (line,) = [ln for ln in result.stderr.splitlines() if "brotli" in ln]
    assert f"{path}@0" in line and "Content-Encoding: br" in line and "pip install brotli" in line
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("encoding", ["br", "gzip", "deflate"])
def test_a_compressed_body_that_unpacks_past_the_cap_is_not_read(tmp_path, encoding):
    # A "bomb": a few hundred bytes that unpack to 64 MB. The output is capped as it
    # is made (--max-page-size), so the record is named and skipped at once.
    import gzip
    import zlib

    import brotli

    from _crawl import Response, warc_bytes

    pack = {"br": brotli.compress, "gzip": gzip.compress, "deflate": zlib.compress}[encoding]
    bomb = pack(b"<p>" + b" " * (64 << 20) + b"</p>")
    plain = _html("".join(f"<p>{p}</p>" for p in POLISH)).encode()
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(warc_bytes([
        Response("https://news.example/bomb", bomb, "text/html", extra_headers=f"Content-Encoding: {encoding}\r\n"),
        Response("https://news.example/pl", plain, "text/html; charset=utf-8"),
    ]))
    result = _clean_cli(path, "--max-page-size", "1M")
    assert result.exit_code == 1
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == ["https://news.example/pl"]
    (line,) = [ln for ln in result.stderr.splitlines() if "page size cap" in ln]
    assert f"{path}@0" in line and "unpacks to more than" in line


@pytest.mark.parametrize("url,host", [("intranet:8080/x", "intranet"), ("my-host:8080", "my-host"),
                                      ("tel:5551234", None)])
def test_a_host_without_a_dot_and_its_port(url, host):
    assert host_of(url) == host


def test_a_charset_label_that_is_no_text_is_no_codec():
    # a lone surrogate cannot be looked up (a library caller's encoding_hint)
    assert codec_of("utf-8\udc80") is None and codec_of("ütf-8") is None


@pytest.mark.parametrize("types", ['{"a": 1}', '[["NewsArticle"]]', '[{"x": 1}, "NewsArticle"]'])
def test_json_ld_types_that_are_no_names_do_not_lose_the_page(types):
    body = "".join(f"<p>{p}</p>" for p in SWELL_BODY)
    page = (f"<html><head><script type='application/ld+json'>{{\"@type\": {types}, \"headline\": \"H\"}}"
            f"</script></head><body><h1>{SWELL_TITLE}</h1>{body}</body></html>")
    docs = newsclean.clean(page)
    assert len(docs) == 1 and SWELL_BODY[0] in docs[0].text
