"""The peers' import: 2,000 documents of ~3,000 characters in one call, cleaning included
(`articles_import_batches`, what `import_articles` and an import job run).

Three arms, interleaved `rounds` times so the machine's load falls on each alike:
the cleaner's fast path on every core (what the app runs), the full cleaning on every
core (the path before the fast path; `clean_text(fast=False)`, the same result), and the
fast path in one thread (`IMPORT_CLEANING_PROCESSES=1`). Each reports wall time and CPU
time: this process, the cleaning processes it forked, and the PostgreSQL backend that
did the inserts (read from /proc when the server runs on this machine). The imported
rows are deleted after each run."""

from __future__ import annotations

import os
import resource
import statistics
import time
from contextlib import contextmanager
from functools import partial
from unittest import mock

from .corpus import import_texts

FAST, FULL, ONE_THREAD = "fast", "full", "one_thread"


def _backend_cpu() -> float | None:
    """CPU seconds the database backend of this connection has used, if it is local."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def _arm(arm: str, cores: int):
    """The settings of one arm. The forked cleaning processes inherit them."""
    from annotator.services import articles
    from annotator.text import clean_text

    os.environ["IMPORT_CLEANING_PROCESSES"] = str(1 if arm == ONE_THREAD else cores)
    if arm == FULL:
        with mock.patch.object(articles, "clean_text", partial(clean_text, fast=False)):
            yield
    else:
        yield


def _once(texts, arm: str, cores: int) -> dict:
    from annotator.management.commands.import_articles import BATCH_SIZE
    from annotator.services.articles import ImportItem, articles_import_batches

    from .measure_import import _delete

    batches = (
        [ImportItem(raw=raw, title=title) for title, raw in texts[i : i + BATCH_SIZE]]
        for i in range(0, len(texts), BATCH_SIZE)
    )
    created = []
    with _arm(arm, cores):
        backend = _backend_cpu()
        cpu = _own_cpu()
        started = time.perf_counter()
        for results in articles_import_batches(batches, suggest=False):
            created += [r.outcome.article.pk for r in results if r.outcome is not None and r.outcome.created]
        seconds = time.perf_counter() - started
        cpu = _own_cpu() - cpu
        backend_after = _backend_cpu()
    _delete(created)
    database = None if backend is None or backend_after is None else backend_after - backend
    return {"seconds": seconds, "cpu": cpu, "database_cpu": database, "created": len(created)}


def _median(runs: list[dict], key: str) -> float | None:
    values = [run[key] for run in runs if run[key] is not None]
    return round(statistics.median(values), 2) if values else None


def run(count: int = 2000, rounds: int = 3) -> dict:
    from .measure_import import _copy_rate

    texts = import_texts(count, seed=1616, min_chars=2700, max_chars=3300)
    cores = len(os.sched_getaffinity(0))
    previous = os.environ.get("IMPORT_CLEANING_PROCESSES")
    runs: dict[str, list[dict]] = {FAST: [], FULL: [], ONE_THREAD: []}
    try:
        for _ in range(rounds):
            for arm, done in runs.items():
                done.append(_once(texts, arm, cores))
    finally:
        if previous is None:
            os.environ.pop("IMPORT_CLEANING_PROCESSES", None)
        else:
            os.environ["IMPORT_CLEANING_PROCESSES"] = previous
    result = {
        "documents": count,
        "created": runs[FAST][-1]["created"],
        "rounds": rounds,
        "cores": cores,
        # The app's path: the fast cleaning on every core.
        "all_cores_s": _median(runs[FAST], "seconds"),
        "one_thread_s": _median(runs[ONE_THREAD], "seconds"),
        "full_cleaning_s": _median(runs[FULL], "seconds"),
        "arms": {
            arm: {
                "seconds": _median(done, "seconds"),
                "cpu_s": _median(done, "cpu"),
                "database_cpu_s": _median(done, "database_cpu"),
                "runs_s": [round(run["seconds"], 2) for run in done],
            }
            for arm, done in runs.items()
        },
    }
    from django.db import connection

    if connection.vendor == "postgresql":
        result["copy_s"] = _copy_rate(texts)["seconds"]
    return result


def main(argv=None) -> int:
    """`python -m bench.import_peers [--count N] [--rounds R]` against DATABASE_URL (migrated)."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m bench.import_peers")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from .env import setup
    from .peers import import_table

    setup()
    result = run(args.count, args.rounds)
    print(import_table(result))
    print(json.dumps(result["arms"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
