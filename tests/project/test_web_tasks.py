"""A one-machine install may have gunicorn's master fork its task workers, sharing the
master's loaded heap (ANNOTATOR_WEB_TASK_QUEUES, annotator/web_tasks.py): a supervisor
forked from the master restarts a worker that dies, stops its workers when gunicorn
stops or its master is gone, and the workers run queued jobs like `manage.py worker`."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from annotator.web_tasks import queue_specs
from bench.server import Gunicorn, children, production_env

ROOT = Path(__file__).resolve().parents[2]


def test_each_space_separated_entry_is_one_workers_queues():
    assert queue_specs("") == []
    assert queue_specs("*") == ["*"]
    assert queue_specs("imports  default,exports") == ["imports", "default,exports"]


# A stand-in master: it starts the supervisor with a worker body that logs to a file.
# The first run of each worker dies at once; later runs wait for SIGTERM.
MASTER = """
import os, signal, sys, time
from annotator import web_tasks

log = sys.argv[1]

def worker(spec):
    def stop(signum, frame):
        with open(log, "a") as f:
            f.write(f"stopped {spec}\\n")
        os._exit(0)
    signal.signal(signal.SIGTERM, stop)
    runs = open(log).read().count(f"started {spec}\\n") if os.path.exists(log) else 0
    with open(log, "a") as f:
        f.write(f"started {spec}\\n")
    if runs == 0:
        os._exit(3)
    while True:
        time.sleep(0.1)

pid = web_tasks.start_supervisor(["*", "imports"], run=worker)
print(pid, flush=True)
time.sleep(float(sys.argv[3]))
if sys.argv[2] == "stop":
    web_tasks.stop_supervisor(pid)
    print("stopped", flush=True)
else:
    os._exit(0)  # the master dies without a word
"""


def _lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_a_worker_that_dies_is_restarted_and_all_are_stopped_with_gunicorn(tmp_path):
    log = tmp_path / "workers.log"
    result = subprocess.run(
        [sys.executable, "-c", MASTER, str(log), "stop", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.splitlines()[-1] == "stopped"
    lines = _lines(log)
    # Each worker died at start once, was restarted after a second, and was stopped.
    for spec in ("*", "imports"):
        assert lines.count(f"started {spec}") == 2, lines
        assert lines.count(f"stopped {spec}") == 1, lines
    assert lines.index("stopped *") > lines.index("started *", lines.index("started *") + 1)


def test_the_workers_stop_when_the_master_is_gone(tmp_path):
    log = tmp_path / "workers.log"
    subprocess.run([sys.executable, "-c", MASTER, str(log), "orphan", "3"], cwd=ROOT, timeout=60, check=True)
    assert _wait_for(lambda: _lines(log).count("stopped *") == 1 and _lines(log).count("stopped imports") == 1, 20), (
        _lines(log)
    )


def _database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_job_queued_while_gunicorn_runs_is_done_by_a_task_worker_forked_from_its_master():
    from django_tasks_db.models import DBTaskResult

    env = production_env(DATABASE_URL=_database_url(), TASKS_BACKEND="database", ANNOTATOR_WEB_TASK_QUEUES="*")
    with Gunicorn(workers=1, env=env) as server:
        # The supervisor is the master's child that has a child: the task worker.
        assert _wait_for(lambda: any(children(pid) for pid in children(server.process.pid)), 20)
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from annotator.tasks import retrain_suggester; retrain_suggester.enqueue()",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
        )
        assert _wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").exists(), 60), list(
            DBTaskResult.objects.values_list("status", flat=True)
        )
        supervisor = next(pid for pid in children(server.process.pid) if children(pid))
    # gunicorn stopped: its supervisor (and so the task worker) is gone too.
    assert not Path(f"/proc/{supervisor}").exists() or "Z" in Path(f"/proc/{supervisor}/stat").read_text().split()[2]
