"""Jobs run as they do in development: the immediate backend runs a job's task once the
transaction that queued it commits. Inside a test's transaction nothing commits, so
`run_jobs()` runs what was queued when its block ends."""

import json

import pytest


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
