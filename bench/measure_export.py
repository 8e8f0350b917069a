"""3. CSV export of every statement through gunicorn, against PostgreSQL's own COPY of
the same query in the same run: wall time, time to first byte, and peak memory.

The export runs in a gunicorn with one worker, so that worker's peak resident memory
(VmHWM) is the export's. COPY runs through `psql` (PostgreSQL's own client), and its
peak memory is psql's, read from the kernel when it exits."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

from django.conf import settings
from django.db import connection
from django.urls import reverse

from annotator.exports.pipeline import RESOURCES

from .server import Gunicorn, memory, request
from .stats import summary


def export_sql() -> str:
    """The query the export reads (the columns of the CSV, nothing else), with its
    parameters inlined: COPY of it is the floor for getting these rows out. (The export
    itself wraps it in the per-column spelling of its cells.)"""
    sql, params = RESOURCES["statements"].rows({}).query.sql_with_params()
    return connection.ops.compose_sql(sql, params)


def _psql_env() -> dict:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or "127.0.0.1"),
            "PGPORT": str(db.get("PORT") or 5432),
            "PGUSER": str(db.get("USER") or "postgres"),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    # The planner settings the app's connections use (random_page_cost), so that COPY
    # plans the query as the export does.
    if options := db.get("OPTIONS", {}).get("options"):
        env["PGOPTIONS"] = options
    return env


def _hwm(pid: int) -> float:
    try:
        return memory(pid)["hwm_mib"]
    except OSError:
        return 0.0


def copy_once(sql: str) -> dict:
    """COPY (sql) TO STDOUT WITH CSV through psql, the output counted and dropped."""
    psql = shutil.which("psql")
    if psql is None:
        return {"error": "psql not installed"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", f"COPY ({sql}) TO STDOUT WITH CSV HEADER"],
        env=_psql_env(),
        stdout=subprocess.PIPE,
    )
    size = 0
    first = None
    peak = 0.0
    last_look = 0.0
    while chunk := process.stdout.read(1 << 16):
        now = time.perf_counter()
        first = first or now
        size += len(chunk)
        if now - last_look > 0.05:
            # psql's own high-water mark (the rusage of a child also counts the parent it forked from).
            peak, last_look = max(peak, _hwm(process.pid)), now
    peak = max(peak, _hwm(process.pid))
    process.wait()
    ended = time.perf_counter()
    if process.returncode:
        return {"error": f"psql exited {process.returncode}"}
    return {
        "ms": (ended - started) * 1000,
        "first_byte_ms": ((first or ended) - started) * 1000,
        "bytes": size,
        "peak_rss_mib": round(peak, 1),
    }


def export_once(port: int, path: str, headers: dict) -> dict:
    response = request(port, "GET", path, headers=headers, keep_body=False, timeout=3600)
    if response.status != 200:
        return {"error": f"HTTP {response.status}"}
    return {"ms": response.ms, "first_byte_ms": response.first_byte_ms, "bytes": response.size}


def run(ds, repeat: int, token: str) -> dict:
    path = reverse("export_statements_csv")
    headers = {"Authorization": f"Token {token}"}
    results: dict = {"rows": ds.statements}
    with Gunicorn(workers=1) as server:
        worker = server.worker_pids()[0]
        # Load the code paths once on a tiny export, so the baseline includes them.
        request(server.port, "GET", path + f"?article={ds.reader_article}", headers=headers)
        before = memory(worker)
        runs = [export_once(server.port, path, headers) for _ in range(repeat)]
        after = memory(worker)
        errors = server.errors()
    if any("error" in r for r in runs):
        return {**results, "error": next(r["error"] for r in runs if "error" in r), "server_log": errors[-2000:]}
    results["export"] = {
        **summary([r["ms"] for r in runs]),
        "first_byte_ms": round(min(r["first_byte_ms"] for r in runs), 1),
        "bytes": runs[0]["bytes"],
        "worker_rss_before_mib": before["rss_mib"],
        "worker_peak_rss_mib": after["hwm_mib"],
    }
    if connection.vendor != "postgresql":
        results["copy"] = {"skipped": "COPY needs PostgreSQL"}
        return results
    sql = export_sql()
    copies = [copy_once(sql) for _ in range(repeat)]
    if any("error" in c for c in copies):
        results["copy"] = {"error": next(c["error"] for c in copies if "error" in c)}
        return results
    results["copy"] = {
        **summary([c["ms"] for c in copies]),
        "first_byte_ms": round(min(c["first_byte_ms"] for c in copies), 1),
        "bytes": copies[0]["bytes"],
        "peak_rss_mib": max(c["peak_rss_mib"] for c in copies),
    }
    results["time_ratio"] = round(results["export"]["median_ms"] / results["copy"]["median_ms"], 2)
    results["memory_ratio"] = round(results["export"]["worker_peak_rss_mib"] / results["copy"]["peak_rss_mib"], 2)
    return results
