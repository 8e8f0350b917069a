"""The floor under the peers' import (issue 16): what storing alone and cleaning alone
cost, beside the app's import of the same 2,000 documents, interleaved.

`python -m bench.import_floor [--rounds 3] [--seed 1616]` runs, in each round and in turn:

- app: `articles_import_batches` as `bench.import_peers` runs it (fast cleaning on every
  core, batches of 200), its rows deleted afterwards;
- clean only: the same cleaning and validation on every core (`cleaned_in_order`), no
  database: what the cleaning costs whatever the storing does;
- copy, full table: the already cleaned rows (body, raw, caption, report, hash) with one
  COPY into a scratch copy of the article table with all its indexes and its stored
  generated `search_document` (to_tsvector('english', title || body)), committed: the
  fastest honest way to store them, with no history rows and no Python per row;
- copy, no tsvector: the same into a copy without the generated column's expression;
- copy, bare: no indexes and no generated column.

Wall time, this process's CPU (and its forked cleaners'), and the CPU of the PostgreSQL
backend that did the work (from /proc, when the server is local)."""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import time
from functools import partial

from .import_peers import FAST, _backend_cpu, _once, _own_cpu

SCRATCH = "io16_import_floor"
TABLES = {
    "copy_full": "INCLUDING ALL",
    "copy_no_tsvector": "INCLUDING ALL EXCLUDING GENERATED",
    "copy_bare": "INCLUDING DEFAULTS INCLUDING IDENTITY",
}


def _cleaned_rows(texts) -> list[tuple]:
    from annotator.text import clean_text

    rows = []
    for title, raw in texts:
        cleaned = clean_text(raw)
        report = json.dumps([{"text": d.text, "reason": d.reason} for d in cleaned.dropped])
        digest = hashlib.sha256(cleaned.body.encode()).hexdigest()
        rows.append((title, cleaned.body, raw, cleaned.caption, report, digest, "en", "new"))
    return rows


def _copy_once(rows, like: str) -> dict:
    from django.db import connection, transaction

    from annotator.models import Article

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(f"CREATE TABLE {SCRATCH} (LIKE {Article._meta.db_table} {like})")
    columns = "title, body, raw, caption, cleaning_report, content_hash, language, status, created_at, updated_at"
    backend, cpu, started = _backend_cpu(), _own_cpu(), time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {SCRATCH} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, "now", "now"))
    seconds, cpu = time.perf_counter() - started, _own_cpu() - cpu
    database = _backend_cpu()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {SCRATCH}")
    return {"seconds": seconds, "cpu": cpu, "database_cpu": None if backend is None else database - backend}


def _clean_once(texts) -> dict:
    from annotator.management.commands.import_articles import BATCH_SIZE
    from annotator.services.articles import ImportItem, _validated
    from annotator.services.import_cleaning import cleaned_in_order

    batches = (
        [ImportItem(raw=raw, title=title) for title, raw in texts[i : i + BATCH_SIZE]]
        for i in range(0, len(texts), BATCH_SIZE)
    )
    cpu, started = _own_cpu(), time.perf_counter()
    count = sum(len(v.pending) for v in cleaned_in_order(batches, partial(_validated, user=None)))
    return {"seconds": time.perf_counter() - started, "cpu": _own_cpu() - cpu, "database_cpu": None, "cleaned": count}


def run(count: int = 2000, rounds: int = 3, seed: int = 1616) -> dict:
    from .corpus import import_texts

    texts = import_texts(count, seed=seed, min_chars=2700, max_chars=3300)
    rows = _cleaned_rows(texts)
    cores = len(os.sched_getaffinity(0))
    os.environ.setdefault("IMPORT_CLEANING_PROCESSES", str(cores))
    runs: dict[str, list[dict]] = {"app": [], "clean_only": [], **{name: [] for name in TABLES}}
    for _ in range(rounds):
        runs["app"].append(_once(texts, FAST, cores))
        runs["clean_only"].append(_clean_once(texts))
        for name, like in TABLES.items():
            runs[name].append(_copy_once(rows, like))

    def median(done, key):
        values = [r[key] for r in done if r.get(key) is not None]
        return round(statistics.median(values), 2) if values else None

    return {
        "documents": count,
        "created_by_app": runs["app"][-1]["created"],
        "cores": cores,
        "rounds": rounds,
        **{
            arm: {
                "seconds": median(done, "seconds"),
                "cpu_s": median(done, "cpu"),
                "database_cpu_s": median(done, "database_cpu"),
                "runs_s": [round(r["seconds"], 2) for r in done],
            }
            for arm, done in runs.items()
        },
    }


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.import_floor")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1616, help="of the generated texts (another if these are stored)")
    args = parser.parse_args(argv)
    from .env import setup

    setup()
    print(json.dumps(run(args.count, args.rounds, args.seed), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
