"""What kind of file an upload is, judged by its content before its name."""

import re
from pathlib import PurePath

TEXT, HTML, JSONL = "text", "html", "jsonl"

_HTML_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|main|section|div|p|span|br|h[1-6]|a|script|style|table|ul"
    rb"|ol|li|img|figure|figcaption|header|footer|nav)[\s/>]",
    re.IGNORECASE,
)
# Files that are clearly not text, by their first bytes.
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a Word/OpenDocument file)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}
_SNIFF_BYTES = 8192


class UnsupportedFormat(ValueError):
    """The file is not text, HTML or JSON Lines."""


def sniff_format(filename: str, data: bytes) -> str:
    """ "jsonl", "html" or "text". A file that starts with a JSON object is JSON Lines, one
    with HTML tags near its start is HTML, whatever it is called; the extension decides
    only when the content does not (a .jsonl with no JSON in it is still read as JSON
    Lines, so its lines are reported as invalid rather than imported as prose).
    Raises UnsupportedFormat for binary files such as PDFs and images."""
    head = bytes(data[:_SNIFF_BYTES])
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedFormat(f"{PurePath(filename).name or 'the file'} is {kind}, not text, HTML or JSON Lines.")
    if _looks_binary(head):
        raise UnsupportedFormat(f"{PurePath(filename).name or 'the file'} is binary, not text, HTML or JSON Lines.")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return JSONL
    if _HTML_MARKERS.search(head):
        return HTML
    if PurePath(filename).suffix.lower() in {".jsonl", ".ndjson"}:
        return JSONL
    return TEXT


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text with its BOM
        return False
    # Text has NULs only as an accident; many of them mean binary data or BOM-less UTF-16.
    return head.count(b"\x00") > max(8, len(head) // 10)
