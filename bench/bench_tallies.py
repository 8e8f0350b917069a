"""What the statement tallies (migrations 0015 and 0017) cost a write: statements inserted per
second with the tally triggers enabled and disabled, interleaved round by round on the
loaded benchmark database, one row per INSERT (an analyst's save, the API's create: the
triggers fire once per SQL statement) and many rows per INSERT (COPY, a suggester run
stored in bulk).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        python -m bench.bench_tallies [--rows 300] [--batch 5000] [--rounds 3]

The rows copy existing statements' columns (so the quote trigger, which stays on in both
arms, checks real spans); they are deleted after each round, with the triggers as they
were for the round, so the tallies end as they began (checked at the end against the
counts of one article)."""

from __future__ import annotations

import argparse
import statistics
import time

from . import env, stats

TRIGGERS = ("annotator_tally_statements_inserted", "annotator_tally_statements_deleted")
# The per-project tallies' (migration 0017_tally16): `--project-tallies` turns only these
# off in the "off" arm, the tallies of 0015 staying on in both, to see their own cost.
PROJECT_TRIGGERS = ("annotator_project_tally_statements_inserted", "annotator_project_tally_statements_deleted")
COLUMNS = (
    'article_id, start, "end", quote, speaker_id, speaker_text, stance, proposition_id, via_id, cue, direct, '
    "independent, origin, review_status, note, created_at, updated_at, version"
)


# The quote check per INSERT (migration 0013_trust17) costs far more than the tallies on
# this data (it splits each article's body into blocks): `--no-quote-check` turns it off
# in both arms, to see the tallies' own cost.
QUOTE_CHECK = ("annotator_statement_quotes_match_inserted",)


def _set_triggers(cursor, enabled: bool, names=TRIGGERS) -> None:
    action = "ENABLE" if enabled else "DISABLE"
    for name in names:
        cursor.execute(f"ALTER TABLE annotator_statement {action} TRIGGER {name}")


def _one_by_one(cursor, rows: list[tuple]) -> tuple[float, list[int]]:
    marks = ", ".join(["%s"] * len(rows[0]))
    made = []
    started = time.perf_counter()
    # One transaction around them: committing each row measured the disk's fsync (150 ms
    # a commit on the shared machine), not the triggers, which fire per INSERT.
    cursor.execute("BEGIN")
    for row in rows:
        cursor.execute(f"INSERT INTO annotator_statement ({COLUMNS}) VALUES ({marks}) RETURNING id", row)
        made.append(cursor.fetchone()[0])
    cursor.execute("COMMIT")
    return time.perf_counter() - started, made


def _in_bulk(cursor, batch: int) -> tuple[float, int]:
    started = time.perf_counter()
    cursor.execute("BEGIN")
    cursor.execute(
        f"INSERT INTO annotator_statement ({COLUMNS}) SELECT {COLUMNS} FROM annotator_statement "
        "WHERE id IN (SELECT id FROM annotator_statement ORDER BY id LIMIT %s) RETURNING id",
        [batch],
    )
    made = [row[0] for row in cursor.fetchall()]
    cursor.execute("COMMIT")
    return time.perf_counter() - started, made


def run(rows_n: int, batch: int, rounds: int, quote_check: bool = True, project_tallies: bool = False) -> dict:
    toggled = PROJECT_TRIGGERS if project_tallies else (*TRIGGERS, *PROJECT_TRIGGERS)
    env.setup(migrate=False)
    from django.db import connection

    connection.ensure_connection()
    connection.connection.autocommit = True
    results = {"one row per INSERT": {True: [], False: []}, f"{batch:,} rows per INSERT": {True: [], False: []}}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT claims, denials, live_claims, live_denials FROM annotator_articletally WHERE article_id = 1"
        )
        before = cursor.fetchone()
        # Spread over the archive, as saves are: every 3,000th statement.
        cursor.execute(f"SELECT {COLUMNS} FROM annotator_statement WHERE id %% 3000 = 0 ORDER BY id LIMIT %s", [rows_n])
        sample = cursor.fetchall()
        try:
            _set_triggers(cursor, quote_check, QUOTE_CHECK)
            for n in range(rounds):
                # Interleaved, the order alternating: neither arm always runs on a warmer cache.
                for enabled in (True, False) if n % 2 == 0 else (False, True):
                    _set_triggers(cursor, enabled, toggled)
                    seconds, made = _one_by_one(cursor, sample)
                    results["one row per INSERT"][enabled].append(len(made) / seconds)
                    cursor.execute("DELETE FROM annotator_statement WHERE id = ANY(%s)", [made])
                    seconds, made = _in_bulk(cursor, batch)
                    results[f"{batch:,} rows per INSERT"][enabled].append(len(made) / seconds)
                    cursor.execute("DELETE FROM annotator_statement WHERE id = ANY(%s)", [made])
        finally:
            _set_triggers(cursor, True, (*TRIGGERS, *PROJECT_TRIGGERS))
            _set_triggers(cursor, True, QUOTE_CHECK)
        cursor.execute(
            "SELECT claims, denials, live_claims, live_denials FROM annotator_articletally WHERE article_id = 1"
        )
        after = cursor.fetchone()
    assert before == after, f"the tallies of article 1 moved: {before} -> {after}"
    table = []
    for label, arms in results.items():
        on, off = statistics.median(arms[True]), statistics.median(arms[False])
        table.append([label, round(off), round(on), round(on / off, 3), ", ".join(f"{v:.0f}" for v in arms[True])])
    print(
        stats.table(
            f"Statement inserts per second, {'per-project ' if project_tallies else ''}tally triggers off / on "
            f"({rounds} interleaved rounds, medians; "
            f"quote check per INSERT {'on' if quote_check else 'off'})",
            ["", "triggers off", "triggers on", "on / off", "on, each round"],
            table,
        )
    )
    return {label: {("on" if k else "off"): v for k, v in arms.items()} for label, arms in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-quote-check", action="store_true", help="turn the quote check off in both arms")
    parser.add_argument(
        "--project-tallies", action="store_true", help="toggle only the per-project tallies' triggers (0017)"
    )
    args = parser.parse_args()
    run(args.rows, args.batch, args.rounds, quote_check=not args.no_quote_check, project_tallies=args.project_tallies)


if __name__ == "__main__":
    main()
