"""Where the database's time goes when a suggester run is stored with COPY: the issue's
22,222 suggestions on a 1,000,000-character article stored by `suggestions_store` (the
COPY path), with one part of the schema taken away at a time (a trigger disabled, indexes
dropped), each inside a transaction that is rolled back, so the schema and the tables are
as they were after every run.

    python bench/bench_store_floor.py --postgres postgres://postgres@127.0.0.1:5432/SCRATCH [--rounds 3]

SCRATCH is dropped, made again and migrated. The foreign keys are deferred to the commit:
each run ends with `SET CONSTRAINTS ALL IMMEDIATE`, which runs them (the `no foreign-key
checks` arm skips it). Printed: medians of the wall time, this process's CPU time and the
database backend's (read from /proc: the server must run on this machine), the variants
taking turns, each first in turn."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_suggestion_store import _fresh_postgres, _server_cpu, article_body, suggestions_for  # noqa: E402

QUOTE_CHECK = "annotator_statement_quotes_match_inserted"
TALLIES = "annotator_tally_statements_inserted"
KEYS = {"annotator_statement_pkey", "annotator_historicalstatement_pkey"}


def _secondary_indexes(cursor, table: str) -> list[str]:
    """Indexes of `table` that back no constraint (primary keys and unique ones stay)."""
    cursor.execute(
        "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_class t ON t.oid = x.indrelid LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid "
        "WHERE t.relname = %s AND c.oid IS NULL ORDER BY 1",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def variants(cursor) -> dict[str, list[str]]:
    """Each variant's DDL, run inside the measured run's transaction (and rolled back)."""
    statement = _secondary_indexes(cursor, "annotator_statement")
    history = _secondary_indexes(cursor, "annotator_historicalstatement")
    drop = lambda names: [f'DROP INDEX "{name}"' for name in names]  # noqa: E731
    no_triggers = [f"ALTER TABLE annotator_statement DISABLE TRIGGER {name}" for name in (QUOTE_CHECK, TALLIES)]
    return {
        "as migrated": [],
        "no quote check": no_triggers[:1],
        "no tally triggers": no_triggers[1:],
        "no foreign-key checks": [],
        "no quote full-text index": drop(["statement_quote_search"]),
        f"no statement indexes but the key ({len(statement)} dropped)": drop(statement),
        f"no history indexes but the key ({len(history)} dropped)": drop(history),
        "heap and keys alone": no_triggers + drop(statement) + drop(history),
    }


def run(url: str, suggestions: int, chars: int, rounds: int) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "annotator.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0, interactive=False)
    from annotator.models import Article
    from annotator.services.suggestion_store import suggestions_store

    text = article_body(chars)
    with connection.cursor() as cursor:
        arms = variants(cursor)
    names = list(arms)
    results = {name: {"wall": [], "python": [], "server": []} for name in names}
    for turn in range(rounds):
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            with transaction.atomic():
                tag = f"[{turn} {name}] "
                body = tag + text[: chars - len(tag)]
                article = Article.objects.create(title="A very long article", body=body, raw=body)
                statements = suggestions_for(article, suggestions)
                with connection.cursor() as cursor:
                    for sql in arms[name]:
                        cursor.execute(sql)
                server, started, cpu = _server_cpu(connection), time.perf_counter(), time.process_time()
                suggestions_store(article=article, statements=statements, user=None, use_copy=True)
                if name != "no foreign-key checks":
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                results[name]["wall"].append(time.perf_counter() - started)
                results[name]["python"].append(time.process_time() - cpu)
                results[name]["server"].append(_server_cpu(connection) - server)
                transaction.set_rollback(True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", required=True, help="a scratch database (dropped and made again)")
    parser.add_argument("--suggestions", type=int, default=22_222)
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    _fresh_postgres(args.postgres)
    results = run(args.postgres, args.suggestions, args.chars, args.rounds)
    base = statistics.median(results["as migrated"]["server"])
    print(
        f"{'variant':<44} {'wall s':>7} {'python CPU s':>12} {'server CPU s':>12} {'server saved s':>14}"
        f"  server CPU s, each run   (load {os.getloadavg()[0]:.1f})"
    )
    for name, figures in results.items():
        server = statistics.median(figures["server"])
        print(
            f"{name:<44} {statistics.median(figures['wall']):>7.2f} {statistics.median(figures['python']):>12.2f} "
            f"{server:>12.2f} {base - server:>14.2f}  {', '.join(f'{v:.2f}' for v in figures['server'])}"
        )
    print(f"({args.suggestions:,} suggestions on {args.chars:,} characters; medians of {args.rounds} runs a variant)")


if __name__ == "__main__":
    main()
