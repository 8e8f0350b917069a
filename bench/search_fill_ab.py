"""Is filling the search document after the import worth it? An A/B of the peers' import
with the stored generated column (what migration 0005 makes) against the same import
into a column filled later.

`python -m bench.search_fill_ab [--rounds 3]` (DATABASE_URL: a migrated PostgreSQL
database on this machine, with no other sessions) copies the database (CREATE DATABASE
… TEMPLATE) into a scratch one where `search_document` is a plain tsvector column, NULL
when a row is written, with the same GIN index. Then, in each round and in turn:

- `generated`: the peers' import (bench/import_peers.py's fast arm) into the database;
- `null`: the same import into the scratch database, the document left NULL;
- `fill`: the one UPDATE that fills the documents the `null` import left NULL, as a
  follow-up would (`to_tsvector` of title and body, as the generated column computes it).

Each import reports its wall time and the CPU time of the app (with the cleaners it
forked) and of the PostgreSQL backend; the fill its wall time and backend CPU. The
scratch database is dropped at the end."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

_IMPORT = """
import json, os, sys, time
sys.path.insert(0, ".")
from bench.env import setup
setup(migrate=False)
from bench import import_peers, measure_import
from bench.corpus import import_texts
from django.db import connection
texts = import_texts(2000, seed=1616, min_chars=2700, max_chars=3300)
fill = os.environ.get("BENCH_FILL") == "1"
delete, kept = measure_import._delete, []
if fill:  # keep the rows for the fill, then delete them
    measure_import._delete = kept.extend
result = import_peers._once(texts, import_peers.FAST, len(os.sched_getaffinity(0)))
if fill:
    cpu, started = import_peers._backend_cpu(), time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(FILL)
        filled = cursor.rowcount
    result = {
        "fill_seconds": time.perf_counter() - started,
        "fill_database_cpu": import_peers._backend_cpu() - cpu,
        "filled": filled,
    }
    delete(kept)
print(json.dumps(result))
"""

FILL = (
    "UPDATE annotator_article SET search_document = to_tsvector('english'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(body, '')) WHERE search_document IS NULL"
)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, capture_output=True)


def _import(url: str, *, fill: bool = False) -> dict:
    env = os.environ | {"DATABASE_URL": url, "BENCH_FILL": "1" if fill else "0"}
    program = f"FILL = {FILL!r}\n" + _IMPORT
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(rounds: int = 3) -> dict:
    url = os.environ["DATABASE_URL"]
    source = urlsplit(url).path.lstrip("/")
    scratch = f"{source}_search_fill"
    admin = _with_database(url, "postgres")
    _psql(admin, f'DROP DATABASE IF EXISTS "{scratch}"')
    _psql(admin, f'CREATE DATABASE "{scratch}" TEMPLATE "{source}"')
    scratch_url = _with_database(url, scratch)
    try:
        _psql(
            scratch_url,
            "ALTER TABLE annotator_article DROP COLUMN search_document; "
            "ALTER TABLE annotator_article ADD COLUMN search_document tsvector; "
            "CREATE INDEX article_search_document ON annotator_article USING gin (search_document)",
        )
        arms: dict[str, list[dict]] = {"generated": [], "null": [], "fill": []}
        loads = []
        for _ in range(rounds):
            loads.append(round(os.getloadavg()[0], 1))
            arms["generated"].append(_import(url))
            arms["null"].append(_import(scratch_url))
            arms["fill"].append(_import(scratch_url, fill=True))
    finally:
        _psql(admin, f'DROP DATABASE IF EXISTS "{scratch}"')
    keys = ("seconds", "cpu", "database_cpu", "fill_seconds", "fill_database_cpu")
    return {
        "rounds": rounds,
        "load_average_at_each_round": loads,
        **{
            arm: {key: round(statistics.median(r[key] for r in done), 2) for key in keys if key in done[0]}
            | {"runs": done}
            for arm, done in arms.items()
        },
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_fill_ab")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.rounds), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
