"""The soak's fault run: the soak's writers and exporters against gunicorn (3 workers)
and a task worker on PostgreSQL, while, one after the other,

1. the task worker is killed (SIGKILL) in the middle of a background import, and a new
   one started: it must resume the job (no heartbeat for ANNOTATOR_JOB_STALE_SECONDS);
2. a gunicorn worker is killed (SIGKILL): gunicorn starts another;
3. every database connection of the app is cut (`pg_terminate_backend`);
4. a backup is taken while the writers run, and restored into a second database.

Printed: acknowledged writes against the rows (they must agree exactly), 5xx and
connection errors inside and outside the fault windows (target outside: 0), the import
resumed and whole, and the restored database equal to the backup, model by model.
Bounded: a few seconds per fault, `--seconds` of load, `--writes` writes; 127.0.0.1 only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME_soak \\
        python -m bench.soak --faults --json out.json [--port 8141]
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .server import ROOT, production_env

# Seconds after a fault during which its errors are expected (a request in flight on a
# killed worker, a query on a cut connection).
WINDOW = 3.0
STALE_SECONDS = 5


class Faults:
    """When each fault happened (monotonic seconds), to tell its errors from the others."""

    def __init__(self):
        self.windows: list[tuple[str, float, float]] = []

    def mark(self, name: str) -> None:
        now = time.monotonic()
        self.windows.append((name, now, now + WINDOW))

    def inside(self, moment: float) -> bool:
        return any(start <= moment <= end for _name, start, end in self.windows)


def _import_lines(count: int, seed: int) -> str:
    lines = []
    for n in range(count):
        text = (
            f"Report {seed}-{n}. The ministry said on Tuesday that talks on item {n} had made progress. "
            f'"Nothing has changed about case {n}," an official told Reuters. '
            + " ".join(f"Paragraph {k} of report {seed}-{n} adds detail number {k * n}." for k in range(12))
        )
        lines.append(json.dumps({"title": f"Report {seed}-{n}", "text": text}))
    return "\n".join(lines) + "\n"


def _task_worker(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "worker", "--queue-name", "*"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def _cut_connections(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        return connection.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        ).fetchone()[0]


def _other_database(url: str, suffix: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path + f"_{suffix}", query=""))


def _counts_in(database_url: str) -> dict[str, int]:
    code = "import json; from annotator.services.backup import backup_counts; print(json.dumps(backup_counts()))"
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=production_env(DATABASE_URL=database_url),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare_environment() -> None:
    """Before Django starts: jobs go through the database queue (to the task worker), and
    a worker that stops beating is taken for dead after a few seconds, not thirty."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("The fault run cuts PostgreSQL connections: set DATABASE_URL=postgres://.../NAME_soak")
    os.environ["TASKS_BACKEND"] = "database"
    os.environ["ANNOTATOR_JOB_STALE_SECONDS"] = str(STALE_SECONDS)
    os.environ["ANNOTATOR_JOB_HEARTBEAT_SECONDS"] = "1"


def fault_run(*, seconds: float, writes: int, analysts: int, exporters: int, port: int | None) -> dict:
    database_url = os.environ["DATABASE_URL"]
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from annotator.models import Article, Job, JobStatus, Statement
    from annotator.services.backup import backup_write
    from annotator.services.jobs import job_import_create
    from annotator.services.tokens import token_create

    from .corpus import Scale
    from .env import recreate_database
    from .generate import generate
    from .server import Gunicorn
    from .soak import Writer, differences, run, snapshot

    generate(Scale(articles=120, statements=400, min_chars=2000, max_chars=3000, reader=10))
    # The generator writes rows without history; a backup refuses rows without (it checks
    # that each has its history), so give them their first history row, as the app would.
    call_command("populate_history", auto=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    writers, User = [], get_user_model()
    for i in range(analysts):
        role = "reviewer" if i % 3 == 2 else "analyst"
        user = User.objects.create_user(username=f"fault-{role}-{i}")
        user.groups.add(Group.objects.get(name=role))
        writers.append(Writer(token_create(user=user, name="soak")[1], reviewer=role == "reviewer"))
    viewer = User.objects.create_user(username="fault-viewer")
    viewer.groups.add(Group.objects.get(name="viewer"))
    importer = User.objects.create_user(username="fault-importer")
    importer.groups.add(Group.objects.get(name="analyst"))
    export_token = token_create(user=viewer, name="soak")[1]
    spots = list(Statement.objects.values_list("article_id", "start", "end", "speaker_id").distinct())
    initial = snapshot()
    articles_before = Article.objects.count()
    writable_articles = Article.objects.values_list("pk", flat=True)
    writable_articles = list(writable_articles)

    faults = Faults()
    env = production_env()
    scratch = Path(tempfile.mkdtemp(prefix="soak-faults-"))
    worker_log = open(scratch / "worker.log", "wb")  # noqa: SIM115 - open for the workers' lifetime
    report: dict = {}
    ledger_box: list = []
    with Gunicorn(workers=3, env=env, port=port) as server:
        worker = _task_worker(env, worker_log)
        started = time.perf_counter()
        load = threading.Thread(
            target=lambda: ledger_box.append(
                run(
                    server.port,
                    writers=writers,
                    exporters=exporters,
                    spots=spots,
                    pool=list(initial),
                    seconds=seconds,
                    writes=writes,
                    statements_path=reverse("api:statement-list"),
                    export_path=reverse("export_statements_csv"),
                    export_token=export_token,
                )
            )
        )
        load.start()
        try:
            # 1. The task worker killed in the middle of an import.
            lines = 1200
            job = job_import_create(user=importer, raw=_import_lines(lines, os.getpid()), name="fault run")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.status == JobStatus.RUNNING and job.done > 0:
                    break
                time.sleep(0.05)
            report["import_done_when_worker_killed"] = f"{job.done} of {job.total} lines"
            faults.mark("task worker killed")
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            worker = _task_worker(env, worker_log)

            # 2. A web worker killed.
            time.sleep(2)
            faults.mark("gunicorn worker killed")
            victim = server.worker_pids()[0]
            os.kill(victim, signal.SIGKILL)

            # 3. Every connection to the database cut.
            time.sleep(WINDOW + 1)
            faults.mark("database connections cut")
            report["connections_cut"] = _cut_connections(database_url)
            connection.close()  # this process's own connection was cut too

            # 4. A backup while the writers write.
            time.sleep(WINDOW + 1)
            backup_file = scratch / "backup.jsonl.gz"
            verification = _retrying(lambda: backup_write(backup_file))
            report["backup_ok"] = verification.ok
            load.join()
            elapsed = time.perf_counter() - started

            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
                    break
                time.sleep(0.5)
        finally:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
            worker_log.close()
        server_log = server.errors()

    ledger = ledger_box[0]
    # A write whose answer was lost may have been applied or not: either is right. The
    # rest must agree exactly (and rows nobody created, at most the unanswered creates).
    every = differences(ledger, initial, articles=set(writable_articles))
    doubtful = [p for p in every if int(p.split()[1].rstrip(":")) in ledger.in_doubt]
    strays = [p for p in every if p.endswith("no acknowledged write created it")]
    problems = [p for p in every if p not in doubtful and p not in strays]
    if len(strays) > ledger.unanswered_creates:
        problems += strays
    inside = [text for moment, text in ledger.failure_times if faults.inside(moment)]
    outside = [text for moment, text in ledger.failure_times if not faults.inside(moment)]
    imported = len(job.result.get("imported", []))
    duplicates = len(job.result.get("duplicates", []))

    restored_url = _other_database(database_url, "restore")
    recreate_database(restored_url, "restore")
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"],
        env=production_env(DATABASE_URL=restored_url),
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "restore", str(backup_file), "--yes"],
        env=production_env(DATABASE_URL=restored_url, ANNOTATOR_MAINTENANCE_FILE=str(scratch / "maintenance.json")),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )
    restored = _counts_in(restored_url)
    unequal = {label: (n, restored.get(label)) for label, n in verification.counts.items() if restored.get(label) != n}
    report.update(
        {
            "seconds": round(elapsed, 1),
            "faults": [name for name, _s, _e in faults.windows],
            "requests": sum(ledger.statuses.values()),
            "acknowledged_writes": len(ledger.acknowledged),
            "statement_rows": Statement.objects.filter(article__in=writable_articles).count(),
            "database_matches_acknowledged_writes": not problems,
            "mismatches": problems[:10],
            "writes_in_doubt": len(ledger.in_doubt) + ledger.unanswered_creates,
            "in_doubt_applied": len(doubtful) + len(strays),
            "errors_inside_fault_windows": len(inside),
            "errors_outside_fault_windows": len(outside),
            "first_errors_outside": outside[:10],
            "errors_inside": inside[:10],
            "import_job": job.status,
            "import_lines": f"{imported} imported + {duplicates} duplicates of {lines}",
            "import_articles_stored": Article.objects.count() - articles_before,
            "jobs_resumed": Job.objects.filter(resumes__gt=0).count(),
            "job_resumes": job.resumes,
            "backup_rows": sum(verification.counts.values()),
            "restored_rows": sum(restored.get(label, 0) for label in verification.counts),
            "backup_restore_equal": verification.ok and not unequal,
            "backup_restore_differences": unequal,
        }
    )
    if outside or problems or job.status != JobStatus.SUCCEEDED or unequal:
        report["server_log_tail"] = server_log[-2000:]
        report["worker_log_tail"] = (scratch / "worker.log").read_text(errors="replace")[-2000:]
    return report


def _retrying(write, attempts: int = 3):
    """The backup, tried again if it ran into the cut connections' aftermath."""
    from django.db import OperationalError, close_old_connections, connection

    for attempt in range(attempts):
        try:
            return write()
        except OperationalError:
            if attempt == attempts - 1:
                raise
            connection.close()
            close_old_connections()
    raise AssertionError("unreachable")


def print_report(report: dict) -> None:
    rows = [
        ("faults", ", ".join(report["faults"])),
        ("requests", report["requests"]),
        ("acknowledged writes", report["acknowledged_writes"]),
        ("statement rows", report["statement_rows"]),
        ("database = acknowledged writes", report["database_matches_acknowledged_writes"]),
        ("writes whose answer was lost", f"{report['writes_in_doubt']} ({report['in_doubt_applied']} applied)"),
        ("errors inside fault windows", report["errors_inside_fault_windows"]),
        ("5xx / errors outside fault windows", report["errors_outside_fault_windows"]),
        ("import killed at", report["import_done_when_worker_killed"]),
        ("import job", f"{report['import_job']}, resumed {report['job_resumes']}x; {report['import_lines']}"),
        ("articles the import stored", report["import_articles_stored"]),
        ("jobs resumed", report["jobs_resumed"]),
        ("backup rows / restored rows", f"{report['backup_rows']} / {report['restored_rows']}"),
        ("backup = restore, model by model", report["backup_restore_equal"]),
    ]
    for label, value in rows:
        print(f"{label:<36} {value}")
