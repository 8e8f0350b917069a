"""Pure text handling for ingest: decoding, mojibake repair, cleaning, HTML and JSONL
parsing, format sniffing. Nothing here imports Django, so it can be tested and
benchmarked on its own."""

from .cleaning import CleanResult, Dropped, clean_text
from .encoding import decode_bytes
from .formats import HTML, JSONL, TEXT, UnsupportedFormat, sniff_format
from .htmlpage import Extracted, extract_html, parse_datetime
from .jsonl import JsonlError, JsonlRecord, parse_jsonl
from .mojibake import fix_mojibake
from .titles import headline_from_body

__all__ = [
    "HTML",
    "JSONL",
    "TEXT",
    "CleanResult",
    "Dropped",
    "Extracted",
    "JsonlError",
    "JsonlRecord",
    "UnsupportedFormat",
    "clean_text",
    "decode_bytes",
    "extract_html",
    "fix_mojibake",
    "headline_from_body",
    "parse_datetime",
    "parse_jsonl",
    "sniff_format",
]
