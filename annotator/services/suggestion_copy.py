"""Storing a suggester run on PostgreSQL with COPY: the statements and their history rows
streamed into their tables, not sent as INSERTs.

The ORM's bulk INSERT (`bulk_create_with_history`) builds a model instance per history
row, converts every value field by field, and binds 60,000 parameters per 2,000 rows:
about 3,400 suggestions a second, 5 s of Python CPU for the issue's 22,222. Here, in one
transaction (a savepoint of its own inside the caller's):

1. the statement ids come from the table's sequence in one query, in the order the
   INSERT path would draw them (a claim before the denial answering it), so a denial's
   `responds_to` (a suggestion of the same run) is known before anything is written;
2. the statements are streamed with one binary `COPY annotator_statement FROM STDIN`
   (each value in its column's type: nothing to escape here, nothing to parse there),
   the database taking the first rows while the last are being made;
3. their history rows (django-simple-history's table) with one more COPY: each the
   statement's values with `history_type` "+", and `history_date`, `history_user` and
   `history_change_reason` found as `bulk_history_create` finds them.

COPY fires the table's triggers as an INSERT does: the quote check (a statement trigger
over the inserted rows, migration 0013) and the foreign keys (constraint triggers, at
commit) run on what COPY wrote, and so will any trigger added to the table later.

The one difference: a run's rows share one instant (`created_at`, `updated_at`,
`history_date`), where the INSERT path takes a new one per row, microseconds apart.

A field whose type this module does not know how to pass straight through is converted
by Django (`pre_save`, `get_db_prep_save`), as the ORM would."""

from operator import itemgetter

from django.conf import settings
from django.db import DataError, connection, models, transaction
from django.utils import timezone

from annotator.models import Statement

# Field classes (exactly these, not subclasses that may convert values their own way)
# whose attribute value PostgreSQL reads as the ORM would send it (an int, a str, a bool,
# None): passed to COPY as they are, without Django's conversion value by value.
_PLAIN = {
    *(models.IntegerField, models.BigIntegerField, models.SmallIntegerField),
    *(models.PositiveIntegerField, models.PositiveBigIntegerField, models.PositiveSmallIntegerField),
    *(models.CharField, models.TextField, models.BooleanField),
}
_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.IntegerField)


def copy_available() -> bool:
    """Whether the default database can take the COPY path: PostgreSQL through psycopg 3."""
    if connection.vendor != "postgresql":
        return False
    import psycopg

    return hasattr(psycopg.Cursor, "copy")


def _is_plain(field) -> bool:
    if type(field) is models.ForeignKey:
        return type(field.target_field) in _INTEGER_KEYS
    return type(field) in _PLAIN


def _is_stamp(field) -> bool:
    return isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add)


def _wave_order(statements: list[Statement]) -> list[Statement]:
    """The statements in the order the ORM path inserts them (in waves: a statement after
    the one of the run it answers), so ids come out in the same order on both paths."""
    answers = Statement.responds_to.field.cache_name
    ordered, remaining = [], statements
    placed: set[int] = set()  # the statements of the waves before this one
    while remaining:
        wave, later = [], []
        for statement in remaining:
            answered = statement._state.fields_cache.get(answers)
            if answered is None or id(answered) in placed or answered.pk is not None:
                wave.append(statement)
            else:
                later.append(statement)
        if not wave:
            raise ValueError("Suggestions answer each other in a circle.")
        placed.update(map(id, wave))
        ordered += wave
        remaining = later
    return ordered


class _Layout:
    """Where each value goes: the statement table's columns (the id first, then the fields
    passed as they are, the timestamps, the fields Django converts) and the history
    table's (the statement's tracked values, then its own)."""

    def __init__(self):
        fields = [f for f in Statement._meta.concrete_fields if not f.primary_key]
        self.stamps = [f for f in fields if _is_stamp(f)]
        self.plain = [f for f in fields if _is_plain(f)]
        self.other = [f for f in fields if f not in self.stamps and f not in self.plain]
        order = [Statement._meta.pk, *self.plain, *self.stamps, *self.other]
        self.columns = [f.column for f in order]
        self.attnames = [f.attname for f in order]
        self.read = itemgetter(*(f.attname for f in self.plain))
        self.history = Statement.history.model
        tracked = [f.attname for f in self.history.tracked_fields]
        self.pick = itemgetter(*(self.attnames.index(name) for name in tracked))
        self.history_columns = [self.history._meta.get_field(name).column for name in tracked]
        self.history_columns += ["history_date", "history_change_reason", "history_type", "history_user_id"]


def statements_copy(statements: list[Statement], *, user=None, check=None) -> None:
    """Insert `statements` (new, validated) and their history rows by `user` with COPY, in
    one transaction, then set each one's id, timestamps and links as a save would. On an
    error nothing is stored and the statements are left as they came (new, retriable).

    `check(statement)`, when given, is called on each statement as its row is made (the
    database taking the rows before it meanwhile): what it raises abandons the COPY."""
    if not statements:
        return
    layout = _Layout()
    ordered = _wave_order(statements)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        ids = _next_ids(cursor, len(ordered))
        id_of = {id(s): pk for s, pk in zip(ordered, ids, strict=True)}
        links = _links(ordered, id_of, layout.attnames)
        # Streamed: the database takes the first rows while the last are being made.
        rows: list[tuple] = []
        _copy(
            cursor,
            Statement._meta.db_table,
            layout.columns,
            _statement_rows(ordered, ids, id_of, links, layout, now, rows, check),
        )
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            history_rows = _history_rows(ordered, rows, layout, now, user)
            _copy(cursor, layout.history._meta.db_table, layout.history_columns, history_rows)
    # Stored: the statements become what a save makes of them.
    pk_name = Statement._meta.pk.attname
    for statement, pk in zip(ordered, ids, strict=True):
        values = statement.__dict__
        values[pk_name] = pk
        for field in layout.stamps:
            values[field.attname] = now
        for _position, field, target in links.get(id(statement), ()):
            # The related object is cached already: only its id is new (setattr through
            # the field's descriptor would drop the cache when the id changes).
            values[field.attname] = target.pk
        statement._state.adding = False
        statement._state.db = connection.alias


def _next_ids(cursor, count: int) -> list[int]:
    """`count` ids from the statement table's sequence, ascending, in one query: what
    INSERTs would have drawn, so concurrent writers never collide."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id FROM generate_series(1, %s) ORDER BY id",
        [Statement._meta.db_table, Statement._meta.pk.column, count],
    )
    return [row[0] for row in cursor.fetchall()]


def _statement_rows(ordered, ids, id_of, links, layout: _Layout, now, rows: list[tuple], check=None):
    """Each statement's row (`check`ed first), yielded as it is made and kept in `rows`
    (its history row repeats it)."""
    stamps = (now,) * len(layout.stamps)
    for statement, pk in zip(ordered, ids, strict=True):
        if check is not None:
            check(statement)
        try:
            values = layout.read(statement.__dict__)  # fields set on a new instance
        except KeyError:  # a deferred field: through its descriptor
            values = tuple(getattr(statement, f.attname) for f in layout.plain)
        row = (pk, *values, *stamps)
        if layout.other:
            row += tuple(f.get_db_prep_save(f.pre_save(statement, True), connection) for f in layout.other)
        if id(statement) in links:
            row = list(row)
            for position, _field, target in links[id(statement)]:
                row[position] = target.pk if target.pk is not None else id_of[id(target)]
            row = tuple(row)
        rows.append(row)
        yield row


def _links(ordered, id_of, attnames) -> dict[int, list]:
    """The related objects to take ids from, by statement: (row position, field, object).

    As bulk_create, an unsaved related object is refused (its link would be lost), unless
    it is a statement of this run (a denial's claim): its id is the one it is getting."""
    relations = {f.cache_name: (attnames.index(f.attname), f) for f in Statement._meta.concrete_fields if f.is_relation}
    links: dict[int, list] = {}
    for statement in ordered:
        cache = statement._state.fields_cache
        if not cache:
            continue
        values = statement.__dict__
        for name, target in cache.items():
            relation = relations.get(name)
            if relation is None or target is None:
                continue
            position, field = relation
            if target.pk is None and id(target) not in id_of:
                raise ValueError(f"A suggestion's {field.name} is not saved: storing it would lose the link.")
            if values.get(field.attname) is None:
                links.setdefault(id(statement), []).append((position, field, target))
    return links


def _history_rows(ordered, rows, layout: _Layout, now, user):
    """The history rows `bulk_history_create` would make: the statement's values, "+",
    the instant (an instance's own `_history_date` first), its `_change_reason` or NULL,
    and its user: the instance's `_history_user`, else `user`, else the historical
    model's default (the request's user, set by simple-history's middleware). Yielded as
    they are made, the database taking the first while the last are made."""
    history = layout.history
    default_user = user or history.get_default_history_user(Statement())
    default_user_id = _user_id(default_user, history)
    for statement, row in zip(ordered, rows, strict=True):
        own = statement.__dict__
        user_id = _user_id(own["_history_user"], history) if "_history_user" in own else default_user_id
        yield (*layout.pick(row), own.get("_history_date", now), own.get("_change_reason") or None, "+", user_id)


def _user_id(user, history) -> int | None:
    if user is None:
        return None
    user_model = history._meta.get_field("history_user").related_model
    if not isinstance(user, user_model):
        raise ValueError(f"A history row's user must be a {user_model.__name__}, not {user!r}.")
    return user.pk


def _column_types(cursor, table: str, columns: list[str]) -> list[int]:
    """The type (oid) of each of `table`'s `columns`, as the database has them."""
    cursor.execute(
        "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
        [connection.ops.quote_name(table)],
    )
    types = dict(cursor.fetchall())
    return [types[column] for column in columns]


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    quote = connection.ops.quote_name
    # Binary: each value goes as the column's own type, which the database takes as it is
    # instead of parsing text (three timestamps and a dozen numbers a row), and the
    # driver writes it without escaping.
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN (FORMAT BINARY)"
    types = _column_types(cursor, table, columns)
    # The driver's own cursor (Django's has no copy()): its errors raised as Django's
    # (IntegrityError, OperationalError, ...), as an INSERT's would be, for the callers
    # that tell a broken rule from a lost connection.
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        copy.set_types(types)
        for row in rows:
            try:
                copy.write_row(row)
            except TypeError as error:
                # A value the column's type cannot hold (the text format's driver refused it as
                # a DatabaseError too): the COPY is abandoned whole, as for a broken rule.
                raise DataError(f"A row for {table} holds a value its column cannot: {error}") from error
