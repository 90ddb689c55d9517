"""Readers for crawl dumps: JSONL (plain, gz, zstd) and WARC, streamed record by record,
with broken records reported and the rest kept."""
from __future__ import annotations

import gzip
import io
import json

import pytest
import zstandard

import newsclean
from newsclean.errors import InputError
from newsclean.readers import Fields, iter_records, page_from_record, read_pages

from _crawl import Response, fixture_pages, jsonl_bytes, page_objects, warc_bytes, warc_record
from _pages import SWELL_TITLE, story_page


def records(tmp_path, data: bytes, name: str = "dump", fields: Fields = Fields()):
    path = tmp_path / name
    path.write_bytes(data)
    return list(iter_records(str(path), fields=fields))


def article_html(title: str = SWELL_TITLE) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in story_page().split("\n") if len(line) > 80)
    return f"<!doctype html><html><head><title>{title}</title></head><body><article>" \
           f"<h1>{title}</h1>{body}</article></body></html>".encode()


# --- JSONL -----------------------------------------------------------------------------


@pytest.mark.parametrize("compress", [None, "gz", "zst"])
def test_jsonl_records_in_order_with_ids_and_urls(tmp_path, compress):
    data = jsonl_bytes(page_objects())
    if compress == "gz":
        data = gzip.compress(data)
    elif compress == "zst":
        data = zstandard.ZstdCompressor().compress(data)
    recs = records(tmp_path, data, "pages.jsonl" + (f".{compress}" if compress else ""))
    objs = page_objects()
    assert [r.id for r in recs] == [o["id"] for o in objs]
    assert [r.url for r in recs] == [o["url"] for o in objs]
    assert [r.kind for r in recs] == ["html" if "html" in o else "text" for o in objs]
    assert [r.index for r in recs] == list(range(len(objs)))
    assert all(r.error is None for r in recs)


def test_jsonl_record_cleans_like_the_library(tmp_path):
    """A record's documents are what newsclean.clean makes of its page, named after its id."""
    for rec, obj in zip(records(tmp_path, jsonl_bytes(page_objects()), "p.jsonl"), page_objects()):
        kind = "html" if "html" in obj else "text"
        want = newsclean.clean(obj[kind], kind=kind, source=rec.source, url=obj["url"])
        pages, _ = page_from_record(rec)
        got = [d for p in pages for d in newsclean.Pipeline().run(p)]
        assert [d.text for d in got] == [d.text for d in want]
        assert [d.id for d in got] == [f"{obj['id']}#{n}" for n in range(1, len(want) + 1)]


def test_jsonl_sniffed_without_extension_and_custom_fields(tmp_path):
    data = jsonl_bytes([{"key": 7, "link": "https://a.example/x", "body": story_page()}])
    (rec,) = records(tmp_path, data, "dump.data", Fields(text="body", url="link", id="key"))
    assert (rec.id, rec.url, rec.kind) == ("7", "https://a.example/x", "text")
    (doc,) = [d for p in page_from_record(rec)[0] for d in newsclean.Pipeline().run(p)]
    assert doc.title == SWELL_TITLE and doc.id == "7#1"


def test_jsonl_bad_lines_are_error_records_and_reading_goes_on(tmp_path):
    good = {"id": "a", "text": story_page()}
    lines = [json.dumps(good), "{not json", "", "[1, 2]", json.dumps({"id": "b", "body": "x"}),
             json.dumps({"id": "c", "html": "<p>\x00\x00binary</p>"}), json.dumps(dict(good, id="d"))]
    recs = records(tmp_path, ("\n".join(lines) + "\n").encode(), "d.jsonl")
    assert [r.index for r in recs] == [0, 1, 2, 3, 4, 5]  # the blank line is no record
    assert [r.error is None for r in recs] == [True, False, False, False, False, True]
    assert "not valid JSON" in recs[1].error
    assert "not an object" in recs[2].error
    assert "'html' or 'text'" in recs[3].error and "body" in recs[3].error
    assert "binary" in recs[4].error
    assert recs[1].source.endswith("d.jsonl:2") and recs[1].offset == len(lines[0]) + 1
    assert recs[5].id == "d"


@pytest.mark.parametrize("compress", ["gz", "zst"])
def test_truncated_compressed_jsonl_keeps_the_records_before_the_cut(tmp_path, compress):
    objs = [{"id": str(i), "text": f"line {i} " * 50} for i in range(2000)]
    data = jsonl_bytes(objs)
    packed = gzip.compress(data) if compress == "gz" else zstandard.ZstdCompressor().compress(data)
    recs = records(tmp_path, packed[: len(packed) * 3 // 4], f"d.jsonl.{compress}")
    good, last = recs[:-1], recs[-1]
    assert "ends early" in last.error
    assert len(good) > 100
    assert [r.id for r in good] == [str(i) for i in range(len(good))]  # none lost before the cut
    assert all(r.error is None for r in good)


def test_zero_byte_and_blank_jsonl_have_no_records(tmp_path):
    assert records(tmp_path, b"\n\n", "e.jsonl") == []


# --- WARC ------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False])
def test_warc_responses_become_pages_others_are_skipped(tmp_path, gz):
    html = article_html()
    data = warc_bytes([
        Response("https://ex.org/a", html),
        Response("https://ex.org/req", b"", record_type="request"),
        Response("https://ex.org/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        Response("https://ex.org/gone", b"<html>gone</html>", status="404 Not Found"),
        Response("https://ex.org/moved", b"", status="301 Moved Permanently"),
        Response("https://ex.org/b", html, "text/html"),
    ], gz=gz)
    recs = records(tmp_path, data, "crawl.warc" + (".gz" if gz else ""))
    assert [r.url for r in recs] == ["https://ex.org/a", "https://ex.org/logo.png", "https://ex.org/gone",
                                     "https://ex.org/moved", "https://ex.org/b"]
    assert [r.skip for r in recs] == [None, "not HTML: image/png", "HTTP status 404", "HTTP status 301", None]
    assert recs[0].kind == "html" and recs[0].content == html
    assert recs[0].id.startswith("urn:uuid:") and "<" not in recs[0].id
    assert recs[0].source.endswith("@0")
    (doc,) = [d for p in page_from_record(recs[0])[0] for d in newsclean.Pipeline().run(p)]
    assert doc.title == SWELL_TITLE and doc.url == "https://ex.org/a" and doc.id == recs[0].id + "#1"


def test_warc_http_charset_decodes_the_body(tmp_path):
    body = "<html><body><article><h1>Café</h1><p>{}</p></article></body></html>".format(
        " ".join(["Le café du port a rouvert ses portes après deux ans de travaux."] * 6))
    data = warc_bytes([Response("https://ex.fr/", body.encode("cp1252"), "text/html; charset=windows-1252")])
    (rec,) = records(tmp_path, data, "c.warc.gz")
    assert rec.encoding_hint == "windows-1252"
    pages, warnings = page_from_record(rec)
    assert "café du port" in pages[0].content and "\ufffd" not in pages[0].content


def test_warc_chunked_and_gzip_encoded_bodies_are_decoded(tmp_path):
    html = article_html()
    packed = gzip.compress(html)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(packed[i:i + 100]), packed[i:i + 100])
                       for i in range(0, len(packed), 100)) + b"0\r\n\r\n"
    data = warc_bytes([Response("https://ex.org/z", chunked, "text/html",
                                extra_headers="Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n")])
    (rec,) = records(tmp_path, data, "z.warc.gz")
    assert rec.content == html


def test_warc_resource_and_conversion_text_records_are_text_pages(tmp_path):
    data = warc_bytes([Response("https://ex.org/t", story_page().encode(), "text/plain", record_type="conversion")])
    (rec,) = records(tmp_path, data, "t.warc.wet.gz")
    assert rec.kind == "text"
    (doc,) = [d for p in page_from_record(rec)[0] for d in newsclean.Pipeline().run(p)]
    assert doc.title == SWELL_TITLE


def test_warc_binary_body_is_an_error(tmp_path):
    data = warc_bytes([Response("https://ex.org/x", b"\x00\x01\x02" * 100, "text/html")])
    (rec,) = records(tmp_path, data, "b.warc.gz")
    assert "binary" in rec.error


@pytest.mark.parametrize("gz", [True, False])
def test_warc_broken_header_is_an_error_and_later_records_are_read(tmp_path, gz):
    parts = [warc_record(Response(f"https://ex.org/{i}", article_html())) for i in range(4)]
    parts[1] = parts[1].replace(b"Content-Length: ", b"Content-Lnegth: ", 1)
    data = b"".join(gzip.compress(p, mtime=0) for p in parts) if gz else b"".join(parts)
    recs = records(tmp_path, data, "h.warc" + (".gz" if gz else ""))
    assert [r.url for r in recs if r.content] == ["https://ex.org/0", "https://ex.org/2", "https://ex.org/3"]
    assert sum(r.error is not None for r in recs) == 1


def test_warc_garbage_warc_type_is_an_error(tmp_path):
    parts = [warc_record(Response(f"https://ex.org/{i}", article_html())) for i in range(3)]
    parts[1] = parts[1].replace(b"WARC-Type: response", b"WARC-Type response", 1)
    recs = records(tmp_path, b"".join(gzip.compress(p) for p in parts), "g.warc.gz")
    assert [r.url for r in recs if r.content] == ["https://ex.org/0", "https://ex.org/2"]
    assert "broken WARC header" in recs[1].error


def test_warc_corrupt_gzip_member_is_skipped_and_reading_resumes(tmp_path):
    members = [gzip.compress(warc_record(Response(f"https://ex.org/{i}", article_html())), mtime=0)
               for i in range(4)]
    bad = bytearray(members[1])
    bad[40:60] = b"\xff" * 20
    recs = records(tmp_path, members[0] + bytes(bad) + members[2] + members[3], "x.warc.gz")
    assert [r.url for r in recs if r.content] == ["https://ex.org/0", "https://ex.org/2", "https://ex.org/3"]
    assert sum(r.error is not None for r in recs) == 1


def test_warc_truncated_last_record_is_an_error(tmp_path):
    data = warc_bytes([Response(f"https://ex.org/{i}", article_html()) for i in range(3)], gz=False)
    recs = records(tmp_path, data[:-200], "t.warc")
    assert [r.content is not None for r in recs] == [True, True, False]
    assert "truncated" in recs[2].error


def test_warc_on_stdin_streams(tmp_path):
    data = warc_bytes([Response(f"https://ex.org/{i}", article_html()) for i in range(3)])
    recs = list(iter_records("-", stdin=io.BytesIO(data)))
    assert [r.url for r in recs] == [f"https://ex.org/{i}" for i in range(3)]
    assert recs[0].source == "-@0"


def test_a_warc_is_recognised_whatever_its_name(tmp_path):
    data = warc_bytes([Response("https://ex.org/a", article_html())])
    (rec,) = records(tmp_path, data, "download.txt")
    assert rec.url == "https://ex.org/a"


# --- single pages still read as before ----------------------------------------------------


def test_plain_pages_are_one_record(tmp_path):
    for name, kind, content in fixture_pages()[:6]:
        (rec,) = records(tmp_path, content, f"{name}.page")
        assert rec.index == 0 and rec.content == content and rec.kind is None
        (gz,) = records(tmp_path, gzip.compress(content), f"{name}.page.gz")
        assert gz.content == content


def test_read_pages_reads_every_record_of_a_dump(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(jsonl_bytes(page_objects()[:3]) + b"{oops\n")
    pages, warnings = read_pages(str(path))
    assert len(pages) == 3
    assert len(warnings) == 1 and "d.jsonl:4" in warnings[0]


# --- damage found in review ---------------------------------------------------------------


def test_zstd_of_several_frames_is_read_whole(tmp_path):
    objs = [{"id": str(i), "text": f"story {i} " * 40} for i in range(3000)]
    z = zstandard.ZstdCompressor()
    data = b"".join(z.compress(jsonl_bytes(objs[i:i + 1000])) for i in range(0, 3000, 1000))  # cat a b c
    recs = records(tmp_path, data, "d.jsonl.zst")
    assert [r.id for r in recs] == [str(i) for i in range(3000)]


def test_corrupt_gzip_keeps_the_records_before_the_damage(tmp_path):
    objs = [{"id": str(i), "text": f"line {i} " * 20} for i in range(6000)]
    packed = bytearray(gzip.compress(jsonl_bytes(objs)))
    packed[-300:-250] = b"\x00" * 50
    recs = records(tmp_path, bytes(packed), "d.jsonl.gz")
    assert "corrupt gzip" in recs[-1].error and not recs[-1].incomplete
    assert len(recs) - 1 > 5900  # only the last few records, inside the damage, are lost


def test_jsonl_with_a_huge_first_line_is_recognised_by_content(tmp_path):
    big = {"id": "big", "html": "<html><body>" + "<p>word</p>" * 20000 + "</body></html>"}
    recs = records(tmp_path, jsonl_bytes([big, {"id": "small", "text": "x"}]), "dump.json.gz.txt")
    assert [r.id for r in recs] == ["big", "small"]


def test_a_cut_off_last_line_is_incomplete(tmp_path):
    data = jsonl_bytes([{"id": "a", "text": "x"}]) + b'{"id": "b", "te'
    recs = records(tmp_path, data, "d.jsonl")
    assert recs[1].error and recs[1].incomplete and not recs[0].incomplete


def test_a_last_line_without_its_newline_that_parses_is_a_record(tmp_path):
    """Many files simply lack the final newline: their last record is whole."""
    data = jsonl_bytes([{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]).rstrip(b"\n")
    recs = records(tmp_path, data, "d.jsonl")
    assert [(r.id, r.error, r.incomplete) for r in recs] == [("a", None, False), ("b", None, False)]


def test_a_broken_line_in_the_middle_is_an_error_not_incomplete(tmp_path):
    data = b'{"id": "a", "te\n' + jsonl_bytes([{"id": "b", "text": "y"}])
    recs = records(tmp_path, data, "d.jsonl")
    assert "not valid JSON" in recs[0].error and not recs[0].incomplete and recs[1].id == "b"
    (null,) = records(tmp_path, b"null\n", "n.jsonl")
    assert "not an object" in null.error


def test_a_line_with_a_latin1_byte_is_read_with_a_warning(tmp_path):
    """One Latin-1 byte dropped the whole line ("not valid JSON … utf-8 codec"): the
    page field is decoded as a page file is (here: replacement), with a warning."""
    page = story_page().replace("Nazaré", "NAZARE")
    line = json.dumps({"id": "caf\u00e9", "url": "https://news.example/a", "text": page},
                      ensure_ascii=False).encode("utf-8")
    line = line.replace(b"Portugal's", b"Portugal\xb4s").replace("café".encode(), b"caf\xe9")
    good = jsonl_bytes([{"id": "ok", "text": "x"}])
    recs = records(tmp_path, good + line + b"\n" + good, "d.jsonl")
    assert [r.error for r in recs] == [None, None, None]
    rec = recs[1]
    assert rec.id == "caf\ufffd" and rec.url == "https://news.example/a"
    (page_out,), warnings = page_from_record(rec)
    assert warnings and "d.jsonl:2: not valid UTF-8" in warnings[0]
    text = "\n".join(b.text for b in page_out.blocks)
    assert "Portugal\ufffds coastal towns" in text or "Portugal´s coastal towns" in text


def test_a_latin1_byte_in_an_html_field(tmp_path):
    html = "<html><head><title>Caf\u00e9</title></head><body><p>Caf\u00e9 news</p></body></html>"
    line = json.dumps({"id": "h", "html": html}, ensure_ascii=False).encode("utf-8").replace(
        "é".encode(), b"\xe9")
    (rec,) = records(tmp_path, line + b"\n", "d.jsonl")
    assert rec.error is None and rec.kind == "html" and isinstance(rec.content, bytes)
    (page_out,), _ = page_from_record(rec)
    assert "Caf" in " ".join(b.text for b in page_out.blocks)


def test_warc_record_with_an_inflated_content_length_does_not_swallow_the_rest(tmp_path):
    import re

    parts = [warc_record(Response(f"https://ex.org/{i}", article_html())) for i in range(6)]
    parts[2] = re.sub(rb"Content-Length: (\d+)", lambda m: b"Content-Length: " + m.group(1) + b"0",
                      parts[2], count=1)
    recs = records(tmp_path, b"".join(gzip.compress(p) for p in parts), "cl.warc.gz")
    assert [r.url for r in recs if r.content] == [f"https://ex.org/{i}" for i in (0, 1, 3, 4, 5)]
    assert "truncated" in recs[2].error


# --- a WARC gzipped whole (issue 15) ----------------------------------------------------


@pytest.mark.parametrize("whole", [True, False])
def test_every_record_of_a_gzipped_warc_can_be_opened_by_its_source(tmp_path, whole):
    """``gzip crawl.warc`` makes one member of all records: no file offset starts a
    record, and the offsets fastwarc reports were shared by several. Such records are
    named by their number, and read_pages (hence explain) opens each by its source."""
    responses = [Response(f"https://ex.org/{i}", article_html(f"Story {i} of the day")) for i in range(4)]
    responses.insert(2, Response("https://ex.org/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png"))
    data = gzip.compress(warc_bytes(responses, gz=False), mtime=0) if whole else warc_bytes(responses)
    recs = records(tmp_path, data, "crawl.warc.gz")
    sources = [r.source for r in recs]
    assert len(set(sources)) == len(sources) == 5
    if whole:
        assert [s.rsplit("#", 1)[1] for s in sources] == ["0", "1", "2", "3", "4"]
    else:
        assert all("@" in s for s in sources)
    for rec in recs:
        if rec.skip:
            with pytest.raises(InputError):
                read_pages(rec.source)
            continue
        (page,), _ = read_pages(rec.source)
        assert page.url == rec.url and page.source == rec.source


def test_explain_opens_a_record_of_a_warc_gzipped_whole(tmp_path):
    from click.testing import CliRunner

    from newsclean.cli import main

    responses = [Response(f"https://ex.org/{i}", article_html(f"Story {i} of the day")) for i in range(3)]
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(warc_bytes(responses, gz=False)))
    result = CliRunner().invoke(main, ["clean", "-f", "jsonl", str(path)])
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == [f"{path}#{i}" for i in range(3)]
    result = CliRunner().invoke(main, ["explain", docs[1]["source"]])
    assert result.exit_code == 0, result.stderr
    assert "Story 1 of the day" in result.stdout and "Story 2 of the day" not in result.stdout
