"""Database helpers shared by migrations, selectors and services."""

from contextlib import contextmanager

from django.db import connections, migrations


@contextmanager
def prepared(using: str = "default"):
    """Queries run inside are prepared on the connection (PostgreSQL with server-side
    parameters, see settings), and later runs of the same query skip parsing and
    planning. Use it only for lookups by a key, whose plan does not depend on the value
    looked up: PostgreSQL moves a prepared query to one generic plan after five runs,
    which is wrong for searches and skewed filters. Elsewhere it changes nothing."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("server_side_binding") is not True:
        yield
        return
    connection.ensure_connection()
    pg = connection.connection
    previous, pg.prepare_threshold = pg.prepare_threshold, 0
    try:
        yield
    finally:
        # The connection may have been closed (and dropped) by an error inside.
        if connection.connection is pg:
            pg.prepare_threshold = previous


class VendorSQL(migrations.RunSQL):
    """Raw SQL with one version per database vendor (triggers differ between them)."""

    def __init__(self, *, postgresql: list[str], sqlite: list[str], postgresql_reverse=(), sqlite_reverse=()):
        self.by_vendor = {
            "postgresql": (postgresql, list(postgresql_reverse)),
            "sqlite": (sqlite, list(sqlite_reverse)),
        }
        super().__init__(sql=migrations.RunSQL.noop, reverse_sql=migrations.RunSQL.noop)

    def deconstruct(self):
        postgresql, postgresql_reverse = self.by_vendor["postgresql"]
        sqlite, sqlite_reverse = self.by_vendor["sqlite"]
        return (
            self.__class__.__qualname__,
            [],
            {
                "postgresql": postgresql,
                "sqlite": sqlite,
                "postgresql_reverse": postgresql_reverse,
                "sqlite_reverse": sqlite_reverse,
            },
        )

    def _run(self, schema_editor, statements):
        for statement in statements:
            schema_editor.execute(statement, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        forwards, _ = self.by_vendor.get(schema_editor.connection.vendor, ([], []))
        self._run(schema_editor, forwards)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        _, backwards = self.by_vendor.get(schema_editor.connection.vendor, ([], []))
        self._run(schema_editor, backwards)


# A user id no user has, as a CompiledQuery marker: within the range of auth_user's 32-bit
# id, since Django compiles a lookup of an id out of its column's range to "no rows".
USER_MARK = 2_109_876_543
# An article id no article has (the column is a bigint).
ARTICLE_MARK = 8_765_432_109_876_543_215


class CompiledQuery:
    """A queryset turned into SQL once, then run many times with new values for the
    parameters it marks: what the API's hot paths (annotator/api/fast) and the token
    check do on every request, without building and compiling the ORM query each time.

    `build(**marks)` returns the queryset, written with the app's own selectors and
    FilterSets, ending in `.values_list(...)`; each keyword is a parameter, given at
    build time a sample value (the marker) that must not occur elsewhere in the query.
    `rows(**values)` runs it (prepared on PostgreSQL, see `prepared`) and returns the
    rows with Django's converters applied, as `values_list` would. The SQL is compiled
    for the database of the first call and kept for the process: build only queries
    whose SQL does not depend on the data (no `__in` lists of varying length)."""

    def __init__(self, build, **markers):
        self._build = build
        self._markers = markers
        self._compiled = None

    def _compile(self):
        queryset = self._build(**self._markers)
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        params = list(params)
        slots = {}
        for name, marker in self._markers.items():
            # A marker the query does not use (a filter that is not there yet) is ignored.
            slots[name] = [i for i, value in enumerate(params) if value == marker and type(value) is type(marker)]
        self._compiled = (queryset.db, compiler, sql, params, tuple(slots.items()))
        return self._compiled

    def rows(self, **values) -> list[tuple]:
        using, compiler, sql, params, slots = self._compiled or self._compile()
        params = list(params)
        for name, indexes in slots:
            for i in indexes:
                params[i] = values[name]
        with prepared(using), connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))
