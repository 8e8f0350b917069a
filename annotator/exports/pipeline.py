"""The export pipeline: a selector yields rows, a formatter flattens each, a writer
encodes them. The HTTP views and `manage.py export_statements` both run it, so a file
from either has the same bytes for the same filters."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from annotator.selectors import exports as selectors

from . import copy_out, formatters, writers
from .w3c import annotation

# Rows fetched per round trip. On PostgreSQL the iterator uses a server-side cursor,
# on SQLite fetchmany: either way one chunk of rows is in memory at a time.
CHUNK_SIZE = 500


@dataclass(frozen=True)
class Resource:
    name: str
    rows: Callable
    columns: tuple[str, ...]
    row: Callable
    # The type of each column, when every row has the same (see cells.row_converter).
    kinds: tuple[str, ...] | None = None


def _statement_tuples(params, user=None):
    # Tuples straight from the database, already in column order: building a model
    # instance with six related objects per row made the export ten times slower than COPY.
    return selectors.statement_export_rows(params, user=user).values_list(*formatters.STATEMENT_VALUES)


RESOURCES = {
    "statements": Resource(
        "statements", _statement_tuples, formatters.STATEMENT_COLUMNS, tuple, kinds=formatters.STATEMENT_KINDS
    ),
    "articles": Resource("articles", selectors.article_export_rows, formatters.ARTICLE_COLUMNS, formatters.article_row),
    "actors": Resource("actors", selectors.actor_export_rows, formatters.ACTOR_COLUMNS, formatters.actor_row),
    "propositions": Resource(
        "propositions", selectors.proposition_export_rows, formatters.PROPOSITION_COLUMNS, formatters.proposition_row
    ),
    "sources": Resource("sources", selectors.source_export_rows, formatters.SOURCE_COLUMNS, formatters.source_row),
}

FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
W3C_CONTENT_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def export_chunks(resource: str, fmt: str, params, *, user=None, bom: bool = False) -> Iterator[bytes]:
    """The encoded file, chunk by chunk. Filters are checked here, before anything is
    written (ExportFilterError), so a bad request never yields half a file. Rows are those
    `user` may read (annotator.projects_access); None, for a command run by the operator, reads all."""
    if fmt == "w3c":
        if resource != "statements":
            raise ValueError("Only statements export as W3C annotations.")
        statements = selectors.statement_export_rows(params, user=user, with_context=True).iterator(
            chunk_size=CHUNK_SIZE
        )
        return writers.w3c_chunks(
            statements,
            lambda s: annotation(s, prefix=s.quote_prefix, suffix=s.quote_suffix),
            label="annotator statements",
        )
    spec = RESOURCES[resource]
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    queryset = spec.rows(params, user=user)
    if fmt == "csv" and spec.kinds is not None and copy_out.available():
        return copy_out.csv_chunks(queryset, spec.columns, spec.kinds, bom=bom)
    rows = map(spec.row, queryset.iterator(chunk_size=CHUNK_SIZE))
    if fmt == "csv":
        return writers.csv_chunks(rows, spec.columns, bom=bom, kinds=spec.kinds)
    return writers.jsonl_chunks(rows, spec.columns)
