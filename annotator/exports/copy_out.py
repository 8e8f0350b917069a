"""CSV written by PostgreSQL itself: `COPY (the export's query) TO STDOUT WITH CSV`.

Reading a million rows into Python and writing them back out as CSV took three times
as long as PostgreSQL's own COPY of the same query. Here the database writes the CSV and
Python only passes it on: spreadsheet neutralisation, dates, flags and empty strings are
spelled in SQL exactly as `cells.as_cell` and the csv module spell them, and each row's
line end becomes CRLF. The bytes are the same as the Python writer's (a PostgreSQL test
compares them on hostile values).

The COPY runs on a connection of its own: it is one statement, so the file is one
consistent snapshot whoever writes meanwhile, its rows stream as PostgreSQL finds them
(the header goes out before), and whatever the consumer does between chunks (a
background job records its progress) or if it stops reading, the request's connection
is untouched. That connection cannot see the uncommitted rows of a transaction in
progress, so inside one (`available()` is false) the Python writer is used.
"""

import contextlib
import csv
import io
import queue
import threading
from collections.abc import Iterator

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import QuerySet

from .cells import FORMULA_PATTERN, KINDS, is_formula_risk
from .writers import BOM, CHUNK_BYTES

CRLF = b"\r\n"


def available() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def csv_chunks(queryset: QuerySet, columns: tuple[str, ...], kinds: tuple[str, ...], *, bom: bool = False):
    """The CSV of `queryset` (a values_list whose columns hold `kinds`), header first."""
    unknown = set(kinds) - KINDS
    if unknown:
        raise ValueError(f"Unknown column kinds: {', '.join(sorted(unknown))}")
    sql, params = queryset.query.sql_with_params()
    names = [f"c{i}" for i in range(len(kinds))]
    cells = ", ".join(_cell(kind, name) for kind, name in zip(kinds, names, strict=True))
    # Each date's text output, once per row: OFFSET 0 keeps PostgreSQL from folding this
    # query into the outer one, which would compute it again wherever a cell names it.
    texts = "".join(
        f", {name}::text AS {name}_text" for kind, name in zip(kinds, names, strict=True) if kind == "datetime"
    )
    rows = f"(SELECT *{texts} FROM ({sql}) AS export_rows ({', '.join(names)}) OFFSET 0) AS export_rows"
    copy_sql = f"COPY (SELECT {cells} FROM {rows}) TO STDOUT WITH (FORMAT csv)"
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(columns)
    return _stream(copy_sql, params, ((BOM if bom else "") + header.getvalue()).encode("utf-8"))


# Chunks read ahead of the one being sent: 8 x 64 KB.
READ_AHEAD = 8
_DONE = object()


def _stream(sql: str, params, header: bytes) -> Iterator[bytes]:
    """The header, then the COPY's rows in chunks. A thread reads the COPY while this
    generator's consumer sends the chunk before (gunicorn writes to the client): the two
    waits overlap. Stopping early (the client went away) cancels the COPY."""
    yield header
    chunks: queue.Queue = queue.Queue(maxsize=READ_AHEAD)
    stop = threading.Event()
    reader = threading.Thread(target=_read, args=(sql, tuple(params), chunks, stop), name="export-copy", daemon=True)
    reader.start()
    try:
        while (chunk := chunks.get()) is not _DONE:
            if isinstance(chunk, BaseException):
                raise chunk
            yield chunk
    finally:
        stop.set()
        while reader.is_alive():
            with contextlib.suppress(queue.Empty):
                chunks.get_nowait()  # a reader waiting on a full queue sees the stop
            reader.join(timeout=0.05)


def _read(sql: str, params: tuple, chunks: queue.Queue, stop: threading.Event) -> None:
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with own.cursor() as cursor:
            # How dates are written as text, which the date cells rely on (_cell).
            cursor.execute("SELECT set_config('DateStyle', 'ISO', false), set_config('TimeZone', 'UTC', false)")
        with own.cursor() as cursor, cursor.cursor.copy(sql, params) as copy:
            rows, size = [], 0
            # libpq hands over COPY data one row at a time, each ending with "\n"; a "\n"
            # inside a row is inside a quoted field, and is data. Rows are joined without
            # their "\n" (slices of the buffers, not copies) by "\r\n".
            for row in copy:
                rows.append(row[:-1])
                size += len(row)
                if size >= CHUNK_BYTES:
                    if not _put(chunks, CRLF.join(rows) + CRLF, stop):
                        # Abandoned: ask the server to stop rather than read every row left.
                        own.connection.cancel()
                        return
                    rows, size = [], 0
            if rows and not _put(chunks, CRLF.join(rows) + CRLF, stop):
                return
        _put(chunks, _DONE, stop)
    except BaseException as error:  # noqa: BLE001 - handed to the consumer, which raises it
        if not stop.is_set():
            _put(chunks, error, stop)
    finally:
        own.close()


def _put(chunks: queue.Queue, item, stop: threading.Event) -> bool:
    """Hand `item` over unless the consumer stopped; False when it did."""
    while not stop.is_set():
        with contextlib.suppress(queue.Full):
            chunks.put(item, timeout=0.1)
            return True
    return False


# The rule of `cells.neutralise`, as the same pattern: every character in it is written as
# an escape (\UXXXXXXXX), which PostgreSQL's regular expressions read as Python's do. An
# E'' literal, so its backslashes mean the same whatever standard_conforming_strings says.
if "'" in FORMULA_PATTERN or "%" in FORMULA_PATTERN:
    raise ImproperlyConfigured("The formula pattern must be a plain SQL literal (no quote, no %).")
_FORMULA_SQL = "E'" + FORMULA_PATTERN.replace("\\", "\\\\") + "'"

# Matching that pattern costs PostgreSQL a conversion of the whole value to wide
# characters: with 13 text columns it took more CPU than the rest of the COPY. A cell
# whose first character is an ASCII capital or small letter, or one of the marks among
# and after them ([\]^_`{|}~, DEL), cannot be a risk, and comparing bytes (collation
# "C") looks at the first only: most cells skip the pattern. The values from "A" up to,
# not including, chr(128) are those starting with such a character, in UTF-8 (no lead
# byte is below 0xC2) as in any single-byte encoding.
SAFE_FIRST = ("A", "\x7f")
if any(is_formula_risk(chr(code)) for code in range(ord(SAFE_FIRST[0]), ord(SAFE_FIRST[1]) + 1)):
    raise ImproperlyConfigured("A character of SAFE_FIRST can start a formula.")


def _cell(kind: str, name: str) -> str:
    """The SQL for one column's cell, as `cells.as_cell` would write the value."""
    if kind == "text":
        # An empty string as NULL: PostgreSQL quotes "" (to tell it from NULL), the csv
        # module writes nothing for both. (The first branch is never an empty string.)
        safe = f"""{name} COLLATE "C" >= 'A' AND {name} COLLATE "C" < chr(128)"""
        return (
            f"CASE WHEN {safe} THEN {name} WHEN {name} ~ {_FORMULA_SQL} THEN '''' || {name} ELSE NULLIF({name}, '') END"
        )
    if kind == "datetime":
        # datetime.isoformat() in UTC: microseconds only when there are some. to_char costs
        # three times the plain text output, which the session (DateStyle ISO, UTC: see
        # _read) spells "2024-01-02 03:04:05.123456+00" or "2024-01-02 03:04:05+00", the
        # same but for a space and the offset's minutes. It drops the fraction's trailing
        # zeros, though (".12+00"), and a year past 9999 or before 1 is longer: other
        # lengths take to_char.
        text, utc = f"{name}_text", f"({name} AT TIME ZONE 'UTC')"
        spelled = (
            f"""to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS')"""
            f" || CASE WHEN mod(date_part('microseconds', {name})::bigint, 1000000) = 0 THEN ''"
            f" ELSE to_char({utc}, '.US') END || '+00:00'"
        )
        return (
            f"CASE WHEN octet_length({text}) = 29 OR octet_length({text}) = 22"
            f" THEN replace({text}, ' ', 'T') || ':00' ELSE {spelled} END"
        )
    if kind == "bool":
        return f"CASE WHEN {name} THEN 'true' WHEN NOT {name} THEN 'false' END"
    return name
