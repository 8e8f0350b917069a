"""Cleaning an import's batches ahead of storing them, on every core.

Cleaning is pure Python (annotator.text) and most of an import's time; storing a batch
mostly waits on the database. One thread overlapped the two but used one core: with
`IMPORT_CLEANING_PROCESSES` above 1 (the default: the machine's cores), batches are
cleaned in forked worker processes, as many ahead as there are processes, and handed
back in order. The workers only clean and validate (no database: the connection the
parent holds is never touched in a child, and a fork child leaves with os._exit, so it
does not close it either); what they return is what the thread returned."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor


def cleaning_processes() -> int:
    setting = os.environ.get("IMPORT_CLEANING_PROCESSES", "")
    if setting.strip():
        return max(1, int(setting))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def cleaned_in_order(batches: Iterator, clean: Callable, *, processes: int | None = None) -> Iterator:
    """`clean(batch)` for each batch, in order, computed ahead: in a thread beside the
    caller (one process), or in forked processes (more)."""
    processes = cleaning_processes() if processes is None else processes
    executor: Executor
    if processes > 1 and "fork" in multiprocessing.get_all_start_methods():
        executor = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
        ahead = processes
    else:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-cleaning")
        ahead = 1
    with executor:
        pending: deque = deque()
        for batch in batches:
            pending.append(executor.submit(clean, batch))
            if len(pending) > ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
