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
