"""Storing suggestions: suggestions per second written for one large article, as a
suggester run stores them (`annotator.services.suggestion_store.suggestions_store`:
validation against the body, bulk INSERT of the statements and of their history rows,
the database's quote trigger on every row), on SQLite and on PostgreSQL.

    python bench/bench_suggestion_store.py [--suggestions 22000] [--chars 1000000]
        [--postgres postgres://postgres@127.0.0.1:5432/SCRATCH]

Each database is a fresh scratch one, migrated here (the PostgreSQL one is dropped and
made again: give a name of its own). The target is 20,000 suggestions a second; the
tester's 1,000,000-character article held 22,222, stored one by one in 154 s."""

import argparse
import json
import os
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


def one(database_url: str, suggestions: int, chars: int) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "annotator.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0, interactive=False)
    from annotator.models import Article, Origin, ReviewStatus, Stance, Statement
    from annotator.services.suggestion_store import suggestions_store

    body = article_body(chars)
    article = Article.objects.create(title="A very long article", body=body, raw=body, content_hash="bench-store")
    statements, start = [], 0
    while len(statements) < suggestions:
        claim_at = body.find("said that", start)
        denial_at = body.find('"Nothing', claim_at)
        if claim_at < 0 or denial_at < 0:
            raise SystemExit(f"{chars:,} characters hold fewer than {suggestions:,} suggestions: raise --chars")
        claim_end = body.index(".", claim_at)
        denial_end = body.index('"', denial_at + 1) + 1
        pending = {"article": article, "origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING}
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
    statements = statements[:suggestions]
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        suggestions_store(article=article, statements=statements, user=None)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    stored = Statement.objects.filter(article=article).count()
    history = Statement.history.filter(article_id=article.pk).count()
    assert stored == history == suggestions, (stored, history)
    return {
        "database": connection.vendor,
        "chars": len(body),
        "suggestions": stored,
        "history_rows": history,
        "seconds": round(seconds, 2),
        "per_second": round(stored / seconds),
        # This process's CPU time (Python, Django, the driver): on a loaded machine the
        # wall time says more about the neighbours than about the code.
        "python_cpu_seconds": round(cpu, 2),
        "load_average": round(os.getloadavg()[0], 1),
    }


def _fresh_postgres(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    if name in ("", "postgres", "test", "root"):
        raise SystemExit(f"Give a scratch database of its own, not {name!r}: it is dropped and made again.")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suggestions", type=int, default=22_000)
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="a scratch PostgreSQL database (dropped and made again)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: one database
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.suggestions, args.chars)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        urls = [f"sqlite:///{scratch}/store.sqlite3"]
        if args.postgres:
            _fresh_postgres(args.postgres)
            urls.append(args.postgres)
        rows = []
        for url in urls:
            done = subprocess.run(
                [sys.executable, __file__, "--one", url, f"--suggestions={args.suggestions}", f"--chars={args.chars}"],
                check=True,
                capture_output=True,
                text=True,
            )
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(
        f"{'database':<11} {'characters':>10} {'suggestions':>11} {'history rows':>12} {'seconds':>8} "
        f"{'per second':>10} {'python CPU s':>12} {'load':>5}"
    )
    for row in rows:
        print(
            f"{row['database']:<11} {row['chars']:>10,} {row['suggestions']:>11,} {row['history_rows']:>12,} "
            f"{row['seconds']:>8} {row['per_second']:>10,} {row['python_cpu_seconds']:>12} {row['load_average']:>5}"
        )


if __name__ == "__main__":
    main()
