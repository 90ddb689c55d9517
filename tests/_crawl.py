"""Crawl dumps made by the tests: WARC (written with fastwarc) and JSONL, from the
composed fixture pages. Nothing here is copied from a real crawl."""
from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path

from fastwarc import WarcRecord, WarcRecordType

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_pages() -> list[tuple[str, str, bytes]]:
    """(name, kind, content) for every composed fixture page, text and HTML."""
    out = []
    for case in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for name, kind in (("input.txt", "text"), ("input.html", "html")):
            if (case / name).exists():
                out.append((case.name, kind, (case / name).read_bytes()))
    return out


@dataclass
class Response:
    url: str
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: str = "200 OK"
    extra_headers: str = ""
    record_type: str = "response"  # or "request", "resource", "conversion", "revisit"


def warc_record(r: Response) -> bytes:
    rec = WarcRecord()
    rec.init_headers(getattr(WarcRecordType, r.record_type))
    rec.headers.append("WARC-Target-URI", r.url)
    if r.record_type == "response":
        head = f"HTTP/1.1 {r.status}\r\n"
        if r.content_type:
            head += f"Content-Type: {r.content_type}\r\n"
        head += r.extra_headers + "\r\n"
        rec.headers.append("Content-Type", "application/http; msgtype=response")
        rec.set_bytes_content(head.encode("latin-1") + r.body)
    elif r.record_type == "request":
        rec.headers.append("Content-Type", "application/http; msgtype=request")
        rec.set_bytes_content(b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n")
    else:
        if r.content_type:
            rec.headers.append("Content-Type", r.content_type)
        rec.set_bytes_content(r.body)
    buf = io.BytesIO()
    rec.write(buf)
    return buf.getvalue()


def warc_bytes(responses: list[Response], *, gz: bool = True) -> bytes:
    """A WARC file; gzipped per record as crawlers write them."""
    parts = [warc_record(r) for r in responses]
    return b"".join(gzip.compress(p, mtime=0) for p in parts) if gz else b"".join(parts)


def page_responses(host: str = "news.example.org") -> list[Response]:
    """One HTML response per fixture page (text fixtures as text/html would be wrong:
    they are served as resource records of text/plain)."""
    out = []
    for i, (name, kind, content) in enumerate(fixture_pages()):
        if kind == "html":
            out.append(Response(f"https://{host}/{name}", content, "text/html"))
        else:
            out.append(Response(f"https://{host}/{name}.txt", content, "text/plain",
                                record_type="resource"))
    return out


def jsonl_bytes(objs: list[dict]) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs).encode("utf-8")


def page_objects(prefix: str = "rec") -> list[dict]:
    """One JSONL object per fixture page: html or text field, id and url."""
    out = []
    for i, (name, kind, content) in enumerate(fixture_pages()):
        obj = {"id": f"{prefix}-{i}", "url": f"https://news.example.org/{name}"}
        obj["html" if kind == "html" else "text"] = content.decode("utf-8", errors="replace")
        out.append(obj)
    return out
