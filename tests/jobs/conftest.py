"""Jobs run as they do in development: the immediate backend runs a job's task once the
transaction that queued it commits. Inside a test's transaction nothing commits, so
`run_jobs()` runs what was queued when its block ends."""

import json
import signal
from contextlib import contextmanager

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    """Export files go to a fresh private directory per test, never into the project."""
    settings.ANNOTATOR_EXPORT_DIR = tmp_path / "exports"
    return settings.ANNOTATOR_EXPORT_DIR


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def report(n: int, **extra) -> dict:
    """A JSON Lines record whose text survives cleaning, distinct for each `n`."""
    return {
        "title": f"Report {n}",
        "text": f"Officials in province {n} denied that jets struck targets near the river on day {n}, "
        "a senior official told Reuters.",
        **extra,
    }


def jsonl(*lines) -> str:
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"


@contextmanager
def _own_signal_handlers():
    """The worker installs its shutdown handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def run_worker(queues: str = "*"):
    """One pass of `manage.py worker` (db_worker, database task backend, that first
    resumes stalled jobs) over `queues`: every task that is ready, then exit."""
    with _own_signal_handlers():
        call_command(
            "worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval=0",
            f"--queue-name={queues}",
            verbosity=0,
        )
