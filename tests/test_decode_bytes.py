"""The decoder cleans UTF-8 pages on their bytes (see readers._utf8_clean): the same
text as strip_controls on the decoded text, and bytes that are that text's UTF-8."""
from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsclean.readers import decode, utf16_without_bom
from newsclean.readers.html import decode_html, page_from_html
from newsclean.textutil import strip_controls

# Text rich in what the cleaning touches: every C0 control, CRLF pairs, BOMs, and
# characters of two, three and four bytes around them.
CHARS = st.sampled_from([chr(c) for c in range(32)] + ["\r\n", "\ufeff", "a", " ", "é", "€", "字", "😀", "<p>"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CHARS, max_size=60).map("".join), st.sampled_from([None, "utf-8", "windows-1252"]))
def test_utf8_cleaned_on_bytes_as_on_text(text, declared):
    data = text.encode("utf-8")
    assume(utf16_without_bom(data) is None)  # NUL in every other byte: read as UTF-16
    decoded = decode(data, "blob", binary_check=False, declared=declared)
    body = text.removeprefix("\ufeff")
    assert decoded.text == strip_controls(body, keep_form_feed=True)
    assert decoded.utf8 == decoded.text.encode("utf-8")


def test_html_page_with_crlf_and_controls_reads_as_its_text():
    data = b"<html><body>\r\n<p>one\x00 two\x07three\r\nfour\x0bfive</p>\r\n</body></html>"
    page, _ = page_from_html(data, source="x")
    text, _ = decode_html(data, "x")
    assert page.content == text == strip_controls(data.decode(), keep_form_feed=True)
    assert [b.text for b in page.blocks] == ["one two three four five"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([chr(c) for c in range(32)] + ["\r\n", "a", "é", "ß", " "]), min_size=1, max_size=60).map("".join))
def test_legacy_charset_page_cleaned_as_strip_controls_does(text):
    data = ("é" + text).encode("cp1252")  # not valid UTF-8: read as declared
    assume(utf16_without_bom(data) is None)
    decoded = decode(data, "blob", binary_check=False, declared="windows-1252")
    assert decoded.text == strip_controls("é" + text, keep_form_feed=True)
    assert decoded.utf8 is None
