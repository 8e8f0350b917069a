"""Everything a new statement links to, read in one prepared query.

The DRF create reads the article, the speaker, the proposition, the via-source and the
statement responded to with a query each (PrimaryKeyRelatedField). Here one statement
joins them all to a one-row table, each by the id given (NULL when none was given, and
then no row joins), and builds the same model instances from the row, with Django's
own converters for each column: whichever the client sent, one round trip."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections

from annotator.db import prepared
from annotator.models import Actor, Article, ProjectArticle, Proposition, Source, Statement


@dataclass(frozen=True)
class _Link:
    name: str  # the serializer field
    model: type
    alias: str
    join: str  # what the joined row's id must equal: a parameter, or another alias's column
    fields: tuple  # concrete fields read


def _fields(model, leave_out=()):
    return tuple(f for f in model._meta.concrete_fields if f.attname not in leave_out)


LINKS = (
    # The article without `raw` (the input as imported: large, and not needed here).
    _Link("article", Article, "a", "%s", _fields(Article, ("raw",))),
    _Link("article.source", Source, "s", "a.source_id", _fields(Source)),
    _Link("speaker", Actor, "sp", "%s", _fields(Actor)),
    _Link("proposition", Proposition, "p", "%s", _fields(Proposition)),
    _Link("via", Source, "v", "%s", _fields(Source)),
    # What the rule on answers needs (annotator.double.answer_error): whose, and where.
    _Link(
        "responds_to",
        Statement,
        "r",
        "%s",
        tuple(Statement._meta.get_field(name) for name in ("id", "article", "independent", "annotator")),
    ),
)
PARAMETERS = [link.name for link in LINKS if link.join == "%s"]


def _sql(connection) -> tuple[str, list]:
    quote = connection.ops.quote_name
    columns, joins, converters = [], [], []
    for link in LINKS:
        table = quote(link.model._meta.db_table)
        joins.append(f"LEFT JOIN {table} {link.alias} ON {link.alias}.{quote('id')} = {link.join}")
        for field in link.fields:
            columns.append(f"{link.alias}.{quote(field.column)}")
            col = field.get_col(link.alias)
            converters.append(
                [(c, col) for c in connection.ops.get_db_converters(col) + col.get_db_converters(connection)]
            )
    # Whether the article is doubly annotated (annotator.double.is_double): the create needs
    # to know, and asking here spares it a query.
    double = (
        f"EXISTS (SELECT 1 FROM {quote(ProjectArticle._meta.db_table)} pa "
        f"WHERE pa.{quote('article_id')} = a.{quote('id')} AND pa.{quote('double')})"
    )
    select = f"SELECT {', '.join(columns)}, {double} FROM (SELECT 1 AS one) one {' '.join(joins)}"
    return select, converters


_compiled: dict[str, tuple] = {}


def load_links(ids: dict, using: str = "default") -> dict:
    """{name: instance or None} for the ids given by serializer field name. A name whose
    id was given but matched no row maps to None, as one never given does."""
    connection = connections[using]
    if using not in _compiled:
        _compiled[using] = _sql(connection)
    sql, converters = _compiled[using]
    with prepared(using), connection.cursor() as cursor:
        cursor.execute(sql, [ids.get(name) for name in PARAMETERS])
        *row, double = cursor.fetchone()
    for i, chain in enumerate(converters):
        for convert, col in chain:
            row[i] = convert(row[i], col, connection)
    found, at = {}, 0
    for link in LINKS:
        values = row[at : at + len(link.fields)]
        at += len(link.fields)
        if values[0] is None:  # the id column: nothing joined
            found[link.name] = None
            continue
        found[link.name] = link.model.from_db(using, [f.attname for f in link.fields], values)
    if found["article"] is not None:
        found["article"].source = found.pop("article.source")
        found["article"].is_double = bool(double)
    else:
        found.pop("article.source")
    return found
