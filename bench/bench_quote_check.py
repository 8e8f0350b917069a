"""What the quote check per INSERT costs at archive size: statements inserted per second
with the check as migration 0013_trust17 wrote it (`before`: its articles found through a
hash join over the whole article table) and as 0017_bulk17c rewrote it (`after`: found
by primary key), the two functions swapped round by round on the loaded benchmark
database, with a third arm without the check (the floor), each arm first in turn, one
row per INSERT (an analyst's save) and many rows per INSERT.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        python -m bench.bench_quote_check [--rows 300] [--batch 5000] [--rounds 4]

The rows copy existing statements (as in `bench.bench_tallies`, whose inserts it uses:
the tally triggers stay on in both arms) and are deleted after each round. Besides the
wall time it prints the CPU time of the database backend (from /proc, the server being
on this machine): on a shared machine that is the steadier figure. The function in
force when it ends is the one of the latest migration."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from importlib import import_module
from pathlib import Path

from . import env, stats
from .bench_tallies import COLUMNS, _in_bulk, _one_by_one

ARMS = {
    "before": "annotator.migrations.0013_trust17_quote_check_per_insert",
    "after": "annotator.migrations.0017_bulk17c_quote_check_by_key",
}
TRIGGER = "annotator_statement_quotes_match_inserted"


def _arm_sql(arm: str) -> list[str]:
    """What puts `arm` in force: one of the functions, or (`no check`, the floor) none."""
    if arm == "no check":
        return [f"ALTER TABLE annotator_statement DISABLE TRIGGER {TRIGGER}"]
    function = import_module(ARMS[arm]).PG_INSERTED_FUNCTION
    return [f"ALTER TABLE annotator_statement ENABLE TRIGGER {TRIGGER}", function]


def _backend_cpu(connection) -> float | None:
    stat = Path(f"/proc/{connection.connection.info.backend_pid}/stat")
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(connection, action) -> tuple[float, float | None, list[int]]:
    """Wall seconds, backend CPU seconds and the ids made by `action()`."""
    cpu = _backend_cpu(connection)
    seconds, made = action()
    after = _backend_cpu(connection)
    return seconds, (None if cpu is None or after is None else after - cpu), made


def run(rows_n: int, batch: int, rounds: int) -> dict:
    env.setup(migrate=False)
    from django.db import connection

    connection.ensure_connection()
    connection.connection.autocommit = True
    arms = [*ARMS, "no check"]
    kinds = ("one row per INSERT", f"{batch:,} rows per INSERT")
    results = {kind: {arm: {"rate": [], "cpu_ms": []} for arm in arms} for kind in kinds}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM annotator_article")
        articles = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM annotator_statement")
        statements = cursor.fetchone()[0]
        # Spread over the archive, as saves are: every 3,000th statement.
        cursor.execute(f"SELECT {COLUMNS} FROM annotator_statement WHERE id %% 3000 = 0 ORDER BY id LIMIT %s", [rows_n])
        sample = cursor.fetchall()
        try:
            for n in range(rounds):
                for arm in arms[n % len(arms) :] + arms[: n % len(arms)]:  # each arm first in turn
                    for sql in _arm_sql(arm):
                        cursor.execute(sql)
                    for kind, action in zip(
                        kinds, (lambda: _one_by_one(cursor, sample), lambda: _in_bulk(cursor, batch)), strict=True
                    ):
                        seconds, cpu, made = _timed(connection, action)
                        results[kind][arm]["rate"].append(len(made) / seconds)
                        if cpu is not None:
                            results[kind][arm]["cpu_ms"].append(cpu * 1000 / len(made))
                        cursor.execute("DELETE FROM annotator_statement WHERE id = ANY(%s)", [made])
        finally:
            for sql in _arm_sql("after"):
                cursor.execute(sql)
    table = []
    for kind, arms in results.items():
        for arm, figures in arms.items():
            rate = statistics.median(figures["rate"])
            cpu = statistics.median(figures["cpu_ms"]) if figures["cpu_ms"] else None
            table.append(
                [
                    kind,
                    arm,
                    round(rate),
                    round(1000 / rate, 3),
                    "-" if cpu is None else round(cpu, 3),
                    ", ".join(f"{v:.0f}" for v in figures["rate"]),
                ]
            )
    print(
        stats.table(
            f"Quote check per INSERT, before / after 0017 ({articles:,} articles, {statements:,} statements, "
            f"{rounds} rounds, arms rotated, medians, load {os.getloadavg()[0]:.1f})",
            ["", "check", "rows/s", "wall ms a row", "server CPU ms a row", "rows/s, each round"],
            table,
        )
    )
    return {"articles": articles, "statements": statements, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    run(args.rows, args.batch, args.rounds)
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
