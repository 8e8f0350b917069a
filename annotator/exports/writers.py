"""Writers turn rows into encoded chunks as the rows arrive: nothing waits for the
whole result, and at most one chunk is held at a time. No Django here."""

import csv
import json
from collections.abc import Callable, Iterable, Iterator

from .cells import as_cell, as_json_value, row_converter
from .w3c import ANNO_CONTEXT

CHUNK_BYTES = 64 * 1024
BOM = "\ufeff"


class _Line:
    """csv.writer writes into this and gets the formatted line back."""

    def write(self, line: str) -> str:
        return line


def _chunked(pieces: Iterable[str], first: str = "") -> Iterator[bytes]:
    # The header goes out at once, so the download starts before the query ends.
    if first:
        yield first.encode("utf-8")
    buffer, size = [], 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def csv_chunks(
    rows: Iterable[tuple], columns: tuple[str, ...], *, bom: bool = False, kinds: tuple[str, ...] | None = None
) -> Iterator[bytes]:
    """RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line
    breaks quoted, quotes doubled. UTF-8, with a byte-order mark on request (Excel
    needs one to read UTF-8). `kinds`: the type of each column, when known, for a
    faster conversion to cells (the same cells)."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    header = (BOM if bom else "") + writer.writerow(columns)
    if kinds is not None:
        convert = row_converter(kinds)
        return _chunked(map(writer.writerow, map(convert, rows)), header)
    return _chunked((writer.writerow([as_cell(value) for value in row]) for row in rows), header)


def jsonl_chunks(rows: Iterable[tuple], columns: tuple[str, ...]) -> Iterator[bytes]:
    """One JSON object per line, keyed by the CSV's column names, values typed."""
    lines = (
        json.dumps({key: as_json_value(value) for key, value in zip(columns, row, strict=True)}, ensure_ascii=False)
        + "\n"
        for row in rows
    )
    return _chunked(lines)


def w3c_chunks(items: Iterable, to_annotation: Callable[[object], dict], *, label: str) -> Iterator[bytes]:
    """One AnnotationCollection whose first page holds every annotation, written item by item."""
    head = json.dumps(
        {"@context": ANNO_CONTEXT, "type": "AnnotationCollection", "label": label}, ensure_ascii=False
    ).removesuffix("}")
    head += ', "first": {"type": "AnnotationPage", "startIndex": 0, "items": [\n'

    def pieces():
        separator = ""
        for item in items:
            yield separator + json.dumps(to_annotation(item), ensure_ascii=False)
            separator = ",\n"
        yield "\n]}}\n"

    return _chunked(pieces(), head)
