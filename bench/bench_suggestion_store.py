"""Storing suggestions: suggestions per second written for one large article, as a
suggester run stores them (`annotator.services.suggestion_store.suggestions_store`:
validation against the body, then the statements and their history rows, the database's
quote trigger on every row), by both paths: `insert` (the ORM's bulk INSERT, what SQLite
uses) and `copy` (PostgreSQL's COPY), timed through the commit.

    python bench/bench_suggestion_store.py [--suggestions 22222] [--chars 1000000]
        [--rounds 3] [--postgres postgres://postgres@127.0.0.1:5432/SCRATCH] [--no-sqlite]
        [--before MIGRATION]

On PostgreSQL each path stores a new article `--rounds` times, the two taking turns
(A B B A ...); the table prints the medians, with this process's CPU time beside the
wall time. SQLite (unless --no-sqlite) runs once, by the INSERT path: it has no COPY.
Each database is a fresh scratch one, migrated here (the PostgreSQL one is dropped and
made again: give a name of its own). The target is 20,000 suggestions a second; the
tester's 1,000,000-character article held 22,222, stored one by one in 154 s.

With `--before MIGRATION` it compares schemas instead: the COPY path on SCRATCH held at
the latest migration and on SCRATCH_before held at MIGRATION, one run each in turn.
With `--baseline DIR` it compares code and schema: the COPY path of another checkout
(DIR, e.g. a scratch worktree of main) on SCRATCH_before, migrated by that checkout,
against this one's on SCRATCH, one run each in turn."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]

# About 45 characters a suggestion, as in the tester's article (22,222 in 1,000,000).
SENTENCE = '{name} said that talks {n} went well. "Nothing {n}," Li told AFP. '


def article_body(chars: int) -> str:
    """Sentence pairs (a claim, then a denial answering it) up to `chars` characters, with
    a non-ASCII name now and then so offsets are code points, not bytes."""
    parts, size, n = [], 0, 0
    while size < chars:
        part = SENTENCE.format(name="Núñez" if n % 7 == 0 else "Kirby", n=n)
        parts.append(part)
        size += len(part)
        n += 1
    return "".join(parts)[:chars]


def suggestions_for(article, suggestions: int) -> list:
    """Claim and denial pairs along the body, each denial answering its claim (as the
    suggester links them), with a note naming an unknown outlet."""
    from annotator.models import Origin, ReviewStatus, Stance, Statement

    body, statements, start = article.body, [], 0
    pending = {"article": article, "origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING}
    while len(statements) < suggestions:
        claim_at = body.find("said that", start)
        denial_at = body.find('"Nothing', claim_at)
        if claim_at < 0 or denial_at < 0:
            raise SystemExit(f"{len(body):,} characters hold fewer than {suggestions:,} suggestions: raise --chars")
        claim_end = body.index(".", claim_at)
        denial_end = body.index('"', denial_at + 1) + 1
        claim = Statement(start=claim_at, end=claim_end, quote=body[claim_at:claim_end], stance=Stance.CLAIM, **pending)
        denial = Statement(
            start=denial_at,
            end=denial_end,
            quote=body[denial_at:denial_end],
            stance=Stance.DENIAL,
            responds_to=claim,
            note="Relayed via Reuters (not a known source)",
            **pending,
        )
        statements += [claim, denial]
        start = denial_end
    return statements[:suggestions]


def _server_cpu(connection):
    """CPU seconds the database's backend for this connection has used, when it runs on
    this machine (read from /proc), else None: the server's share of the work, which the
    wall time on a shared machine hides."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    stat = Path(f"/proc/{connection.connection.info.backend_pid}/stat")
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def one(
    database_url: str, suggestions: int, chars: int, rounds: int, paths=("insert", "copy"), migrate_to=None
) -> list[dict]:
    """Store `suggestions` for a new article `rounds` times per path, the paths taking
    turns (A B B A ...) so that neither gets the quieter moments of a shared machine.
    `migrate_to`: the annotator migration to hold the schema at (else the latest)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "annotator.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    if migrate_to:
        call_command("migrate", "annotator", migrate_to, verbosity=0, interactive=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)
    from annotator.models import Article, Statement
    from annotator.services.suggestion_copy import copy_available
    from annotator.services.suggestion_store import suggestions_store

    text = article_body(chars)
    paths = [p for p in paths if p != "copy" or copy_available()]
    runs = []
    for turn in range(rounds):
        for path in paths if turn % 2 == 0 else paths[::-1]:
            tag = f"[{turn} {path} {time.time_ns()}] "  # articles are unique by their text, runs by process
            body = tag + text[: chars - len(tag)]
            article = Article.objects.create(title="A very long article", body=body, raw=body)
            statements = suggestions_for(article, suggestions)
            server = _server_cpu(connection)
            started, cpu = time.perf_counter(), time.process_time()
            with transaction.atomic():  # timed through the commit (the deferred key checks)
                suggestions_store(article=article, statements=statements, user=None, use_copy=path == "copy")
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            server = None if server is None else _server_cpu(connection) - server
            stored = Statement.objects.filter(article=article).count()
            history = Statement.history.filter(article_id=article.pk).count()
            assert stored == history == suggestions, (stored, history)
            runs.append(
                {
                    "database": connection.vendor,
                    "path": path,
                    "chars": len(body),
                    "suggestions": stored,
                    "history_rows": history,
                    "seconds": seconds,
                    # This process's CPU time (Python, Django, the driver): on a loaded
                    # machine the wall time says more about the neighbours than the code.
                    "python_cpu_seconds": cpu,
                    "server_cpu_seconds": server,
                    "load_average": os.getloadavg()[0],
                }
            )
    return runs


def _fresh_postgres(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    if name in ("", "postgres", "test", "root"):
        raise SystemExit(f"Give a scratch database of its own, not {name!r}: it is dropped and made again.")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def _child(url: str, args, rounds: int, extra=(), script: str = __file__) -> list[dict]:
    done = subprocess.run(
        [sys.executable, script, "--one", url, f"--suggestions={args.suggestions}"]
        + [f"--chars={args.chars}", f"--rounds={rounds}", *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare_schemas(args) -> None:
    """The COPY path on two scratch databases, one held at the migration `--before` (or
    migrated and stored by the checkout `--baseline`), the other at the latest, one run
    each in turn (A B B A ...), each in a process of its own (Django's start and the
    migration check are not timed)."""
    before_url = args.postgres.rstrip("/") + "_before"
    if args.baseline:
        baseline = str(Path(args.baseline).resolve() / "bench" / "bench_suggestion_store.py")
        before = (before_url, ["--paths=copy"], baseline)
    else:
        before = (before_url, ["--paths=copy", f"--migrate-to={args.before}"], __file__)
    arms = {"before": before, "after": (args.postgres, ["--paths=copy"], __file__)}
    for url, extra, script in arms.values():
        _fresh_postgres(url)
        _child(url, args, 0, extra, script)  # migrated before the first timed run
    runs = {arm: [] for arm in arms}
    for turn in range(args.rounds):
        for arm in ("before", "after") if turn % 2 == 0 else ("after", "before"):
            url, extra, script = arms[arm]
            runs[arm] += _child(url, args, 1, extra, script)
    print(
        f"{'schema':<8} {'runs':>4} {'seconds':>8} {'per second':>10} {'python CPU s':>12} {'server CPU s':>12} "
        f"{'per CPU second':>14} {'load':>5}  per second, each run"
    )
    for arm, mine in runs.items():
        seconds = statistics.median(r["seconds"] for r in mine)
        cpu = statistics.median(r["python_cpu_seconds"] for r in mine)
        server = statistics.median(r["server_cpu_seconds"] for r in mine)
        n = mine[0]["suggestions"]
        each = ", ".join(f"{n / r['seconds']:,.0f}" for r in mine)
        print(
            f"{arm:<8} {len(mine):>4} {seconds:>8.2f} {round(n / seconds):>10,} {cpu:>12.2f} {server:>12.2f} "
            f"{round(n / (cpu + server)):>14,} {statistics.mean(r['load_average'] for r in mine):>5.1f}  {each}"
        )
    before = f"the code and schema of {args.baseline}" if args.baseline else f"the schema at {args.before}"
    print(f"(medians; before = {before}, after = the latest here; {n:,} suggestions a run)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suggestions", type=int, default=22_222)
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each path (interleaved)")
    parser.add_argument("--postgres", help="a scratch PostgreSQL database (dropped and made again)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL alone (SQLite's one run takes a minute)")
    parser.add_argument(
        "--before",
        metavar="MIGRATION",
        help="compare the COPY path on the schema at this annotator migration (a second database, the"
        " --postgres name + _before) with the latest schema",
    )
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="compare the COPY path of the checkout in DIR (its code and schema, on the --postgres name +"
        " _before) with this one's",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: one database
    parser.add_argument("--paths", default="insert,copy", help=argparse.SUPPRESS)
    parser.add_argument("--migrate-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        paths = args.paths.split(",")
        print(json.dumps(one(args.one, args.suggestions, args.chars, args.rounds, paths, args.migrate_to)))
        return
    if args.before or args.baseline:
        if not args.postgres:
            raise SystemExit("--before and --baseline need --postgres")
        compare_schemas(args)
        return
    with tempfile.TemporaryDirectory() as scratch:
        urls = [] if args.no_sqlite else [f"sqlite:///{scratch}/store.sqlite3"]
        if args.postgres:
            _fresh_postgres(args.postgres)
            urls.append(args.postgres)
        runs = []
        for url in urls:
            rounds = 1 if url.startswith("sqlite") else args.rounds  # one path there, and slow
            runs += _child(url, args, rounds)
    print(
        f"{'database':<11} {'path':<7} {'characters':>10} {'suggestions':>11} {'history rows':>12} "
        f"{'runs':>4} {'seconds':>8} {'per second':>10} {'python CPU s':>12} {'server CPU s':>12} "
        f"{'per CPU second':>14} {'load':>5}"
    )
    for database, path in dict.fromkeys((r["database"], r["path"]) for r in runs):
        mine = [r for r in runs if (r["database"], r["path"]) == (database, path)]
        seconds = statistics.median(r["seconds"] for r in mine)
        cpu = statistics.median(r["python_cpu_seconds"] for r in mine)
        load = statistics.mean(r["load_average"] for r in mine)
        row = mine[0]
        if row["server_cpu_seconds"] is None:
            server, per_cpu = f"{'-':>12}", f"{'-':>14}"
        else:
            server_cpu = statistics.median(r["server_cpu_seconds"] for r in mine)
            server = f"{server_cpu:>12.2f}"
            per_cpu = f"{round(row['suggestions'] / (cpu + server_cpu)):>14,}"
        print(
            f"{database:<11} {path:<7} {row['chars']:>10,} {row['suggestions']:>11,} {row['history_rows']:>12,} "
            f"{len(mine):>4} {seconds:>8.2f} {round(row['suggestions'] / seconds):>10,} {cpu:>12.2f} {server} "
            f"{per_cpu} {load:>5.1f}"
        )
    print(
        "(medians of the runs; each path's runs alternate with the other's: A B B A ...; 'per CPU second':"
        " suggestions over this process's CPU plus its database backend's, as if neither waited for the other"
        " or for the machine)"
    )


if __name__ == "__main__":
    main()
