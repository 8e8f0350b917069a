"""The peers' import: 2,000 documents of ~3,000 characters in one call, cleaning included
(`articles_import_batches`, what `import_articles` and an import job run), with the
cleaning in one thread (`IMPORT_CLEANING_PROCESSES=1`, as before issue 16) and on every
core, alternately, `rounds` times each; the imported rows are deleted after each run."""

from __future__ import annotations

import os
import statistics
import time

from .corpus import import_texts


def _once(texts, processes: int) -> tuple[float, int]:
    from annotator.management.commands.import_articles import BATCH_SIZE
    from annotator.services.articles import ImportItem, articles_import_batches

    from .measure_import import _delete

    os.environ["IMPORT_CLEANING_PROCESSES"] = str(processes)
    batches = (
        [ImportItem(raw=raw, title=title) for title, raw in texts[i : i + BATCH_SIZE]]
        for i in range(0, len(texts), BATCH_SIZE)
    )
    created = []
    started = time.perf_counter()
    for results in articles_import_batches(batches, suggest=False):
        created += [r.outcome.article.pk for r in results if r.outcome is not None and r.outcome.created]
    seconds = time.perf_counter() - started
    _delete(created)
    return seconds, len(created)


def run(count: int = 2000, rounds: int = 3) -> dict:
    from .measure_import import _copy_rate

    texts = import_texts(count, seed=1616, min_chars=2700, max_chars=3300)
    cores = len(os.sched_getaffinity(0))
    previous = os.environ.get("IMPORT_CLEANING_PROCESSES")
    times: dict[int, list[float]] = {1: [], cores: []}
    created = 0
    try:
        for _ in range(rounds):
            for processes in times:
                seconds, created = _once(texts, processes)
                times[processes].append(seconds)
    finally:
        if previous is None:
            os.environ.pop("IMPORT_CLEANING_PROCESSES", None)
        else:
            os.environ["IMPORT_CLEANING_PROCESSES"] = previous
    result = {
        "documents": count,
        "created": created,
        "rounds": rounds,
        "one_thread_s": round(statistics.median(times[1]), 2),
        "all_cores_s": round(statistics.median(times[cores]), 2),
        "cores": cores,
    }
    from django.db import connection

    if connection.vendor == "postgresql":
        result["copy_s"] = _copy_rate(texts)["seconds"]
    return result
