"""Database helpers shared by migrations and services."""

from django.db import migrations


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
