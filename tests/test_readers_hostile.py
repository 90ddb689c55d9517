"""Hostile input to the readers (issue 15): charsets that lie, UTF-16, NUL and other
control bytes. A decodable oddity is a warning, never a lost page; nothing that leaves
newsclean holds a NUL or another C0 control character but tab and newline."""
from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

import newsclean
from newsclean.cli import main
from newsclean.errors import InputError
from newsclean.readers import decode, page_from_bytes, read_pages
from newsclean.readers.html import decode_html
from newsclean.textutil import strip_controls

from _pages import SWELL_TITLE, story_page

#: Any C0 control character but tab and newline.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")

GERMAN = ("Die Straßenbahn fährt wieder über die Brücke, nachdem die Reparaturen am "
          "Überbau früher als geplant abgeschlossen wurden. ") * 4


def html_page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head>{head}<title>Brücke</title></head><body><article>"
            f"<h1>Die Brücke ist wieder offen</h1><p>{body}</p><p>{body}</p></article></body></html>")


def docs_of(data: bytes, **kw):
    return newsclean.clean(data, **kw)


# --- charsets: BOM, then transport, then meta; valid UTF-8 wins over a legacy label ---------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_with_or_without_bom_is_decoded(codec):
    data = story_page().encode(codec)  # "utf-16" writes a BOM, the others none
    (doc,) = docs_of(data)
    assert doc.title == SWELL_TITLE
    assert "\x00" not in doc.text and "\ufeff" not in doc.text


def test_utf16_html_with_a_bom_is_read_as_html():
    data = html_page(GERMAN).encode("utf-16")
    (doc,) = docs_of(data)
    assert doc.title == "Die Brücke ist wieder offen"
    assert "Straßenbahn" in doc.text


def test_utf16_page_through_the_cli_is_not_binary(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(story_page().encode("utf-16"))
    result = CliRunner().invoke(main, ["clean", "-f", "jsonl", str(path)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["title"] == SWELL_TITLE


@pytest.mark.parametrize("label", ["iso-8859-1", "latin-1", "windows-1252", "shift_jis"])
def test_valid_utf8_declared_as_a_legacy_charset_is_read_as_utf8(label):
    data = html_page(GERMAN, f'<meta charset="{label}">').encode("utf-8")
    text, warnings = decode_html(data, "p.html")
    assert "Straßenbahn" in text and "StraÃŸenbahn" not in text
    assert len(warnings) == 1 and "overruled" in warnings[0] and label in warnings[0]
    (doc,) = docs_of(data)
    assert "Straßenbahn" in doc.text


def test_transport_charset_outranks_meta_and_is_overruled_by_valid_utf8():
    data = html_page(GERMAN, '<meta charset="utf-8">').encode("utf-8")
    text, warnings = decode_html(data, "p.html", hint="ISO-8859-1")
    assert "Straßenbahn" in text
    assert any("'ISO-8859-1' overruled" in w for w in warnings)


def test_a_true_legacy_page_is_read_in_its_charset_without_warning():
    data = html_page(GERMAN, '<meta charset="iso-8859-1">').encode("cp1252")
    text, warnings = decode_html(data, "p.html")
    assert "Straßenbahn" in text and warnings == []


def test_pure_ascii_under_any_label_gives_no_warning():
    data = html_page("The bridge is open again.", '<meta charset="shift_jis">').replace("ü", "u").encode("ascii")
    text, warnings = decode_html(data, "p.html")
    assert "bridge is open" in text and warnings == []


def test_bom_outranks_a_declaration_with_a_warning():
    data = "\ufeff".encode("utf-8") + html_page(GERMAN, '<meta charset="windows-1252">').encode("utf-8")
    text, warnings = decode_html(data, "p.html", hint="windows-1252")
    assert "Straßenbahn" in text and not text.startswith("\ufeff")
    assert any("byte order mark" in w for w in warnings)


@pytest.mark.parametrize("label", ["x-user-defined", "no-such-charset", "utf-8;", "\x00\x01", "a" * 200])
def test_unknown_charset_labels_do_not_crash(label):
    data = html_page(GERMAN, f'<meta charset="{label}">').encode("utf-8")
    text, warnings = decode_html(data, "p.html")
    assert "Straßenbahn" in text
    text, warnings = decode_html(data, "p.html", hint=label)
    assert "Straßenbahn" in text
    assert docs_of(data)


def test_warc_header_charset_over_utf8_bytes(tmp_path):
    from _crawl import Response, warc_bytes

    body = html_page(GERMAN).encode("utf-8")
    path = tmp_path / "c.warc.gz"
    path.write_bytes(warc_bytes([Response("https://ex.de/a", body, "text/html; charset=iso-8859-1")]))
    pages, warnings = read_pages(str(path))
    assert "Straßenbahn" in pages[0].blocks[1].text
    assert any("overruled" in w for w in warnings)


# --- NUL and other control bytes: by their share, and never in the output ------------------


def test_a_nul_in_the_first_8kb_of_a_text_page_is_dropped_not_fatal():
    data = story_page().encode("utf-8")
    data = data[:300] + b"\x00" + data[300:]
    (doc,) = docs_of(data)
    assert doc.title == SWELL_TITLE and "\x00" not in doc.text


def test_a_nul_after_8kb_never_reaches_the_output(tmp_path):
    page = story_page() + "\n\n" + "\n\n".join(
        f"Paragraph {i} of the long story about the harbour bridge and its repairs." for i in range(200))
    data = page.encode("utf-8")
    assert len(data) > 9000
    data = data[:9000] + b"\x00\x01\x0b" + data[9000:]
    path = tmp_path / "long.txt"
    path.write_bytes(data)
    for fmt in ("jsonl", "text"):
        result = CliRunner().invoke(main, ["clean", "-f", fmt, str(path)])
        assert result.exit_code == 0, result.stderr
        out = result.stdout.replace("\f", "") if fmt == "text" else result.stdout
        assert not CONTROL.search(out.replace("\t", ""))
        assert "\\u0000" not in out


def test_html_with_control_bytes_keeps_its_text():
    data = html_page("Die Brücke\x00 ist\x01 offen, sagte\x0b der Bürgermeister am Dienstag. "
                     + GERMAN).encode("utf-8")
    (doc,) = docs_of(data)
    assert "Die Brücke ist offen" in doc.text
    assert not CONTROL.search(doc.text)


@pytest.mark.parametrize("blob", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    os.urandom(4096) + b"\x00" * 16,
    b"\x00" * 64,
    b"abc\x00def",
], ids=["png", "random", "nuls", "short"])
def test_real_binary_is_still_rejected(blob):
    with pytest.raises(InputError, match="binary"):
        page_from_bytes(blob, source="blob.bin")
    with pytest.raises(InputError, match="blob: looks binary"):
        decode(blob, "blob")


def test_records_with_controls_in_metadata_give_clean_documents():
    from newsclean.readers.record import Record
    from newsclean.readers import page_from_record

    html = html_page(GERMAN, '<script type="application/ld+json">{"@type": "NewsArticle", '
                     '"headline": "Die Br\\u0000\\u0001\\u00fccke", "author": {"name": "Jane\\u0000 Roe"}}'
                     "</script>")
    rec = Record(source="d.jsonl:1", index=0, content=html, kind="html", url="https://ex.de/\x00a", id="x\x01")
    pages, _ = page_from_record(rec)
    docs = [d for p in pages for d in newsclean.Pipeline().run(p)]
    for doc in docs:
        blob = json.dumps(doc.to_dict(), ensure_ascii=False)
        assert not CONTROL.search(json.loads(blob)["title"] or "")
        assert "\\u0000" not in blob and "\\u0001" not in blob


def test_text_records_of_a_dump_lose_their_controls():
    from newsclean.readers.record import Record
    from newsclean.readers import page_from_record

    rec = Record(source="d.jsonl:1", index=0, content=story_page().replace("\n", "\x00\n", 3), kind="text")
    (page,), _ = page_from_record(rec)
    assert not any(CONTROL.search(b.text) for b in page.blocks)


def test_strip_controls():
    assert strip_controls("a\x00b\r\nc\rd\x0ce\x0bf\x1fg\th\x07i") == "ab\nc\nd\ne\nf g\th i"
    text = "nothing to take out\n\tat all"
    assert strip_controls(text) is text
