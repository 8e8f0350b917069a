"""The full CSV export against PostgreSQL's own COPY, two checkouts of the app A/B.

`python -m bench.export_ab --other /path/to/checkout [--rounds 5]` starts one gunicorn
(one worker, production settings) from this checkout and one from the other, then, in
each round and in turn, downloads the full statements CSV from each and runs `COPY
(the export's query) TO STDOUT WITH CSV` through psql (as table 3 does). The machine
is shared and its load varies: alternating the three within a round puts the same load
on each. For each it prints the median wall time, the CPU time of the gunicorn worker
(read from /proc) and of the client reading the bytes, and the ratio to COPY of the
same round. Both checkouts must use the same database (DATABASE_URL, migrated and
filled by `python -m bench`)."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

from .server import Gunicorn, collectstatic, production_env, request


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _client_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


class _Checkout(Gunicorn):
    """gunicorn run from another directory, importing that directory's code."""

    def __init__(self, root: Path, **kwargs):
        super().__init__(workers=1, **kwargs)
        self.root = root
        self.env = {**self.env, "PYTHONPATH": str(root)}

    def __enter__(self):
        collectstatic(self.env)
        if self.root.resolve() != Path.cwd().resolve():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                cwd=self.root,
                env=self.env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "annotator.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
            + ["--timeout", str(self.timeout), "--log-level", "warning"],
            env=self.env,
            cwd=self.root,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        return self._wait_ready()

    def _wait_ready(self):
        import socket
        import time

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.errors()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    if self.worker_pids():
                        return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start within 60 s")


def _export(server: _Checkout, path: str, headers: dict) -> dict:
    worker = server.worker_pids()[0]
    worker_cpu, client_cpu = _cpu_seconds(worker), _client_cpu()
    response = request(server.port, "GET", path, headers=headers, keep_body=False, timeout=3600)
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {server.errors()[-2000:]}")
    return {
        "s": response.ms / 1000,
        "worker_cpu_s": _cpu_seconds(worker) - worker_cpu,
        "client_cpu_s": _client_cpu() - client_cpu,
        "bytes": response.size,
    }


def run(other: Path, rounds: int) -> dict:
    from .env import setup

    setup()
    from django.urls import reverse

    from .measure_api import api_token
    from .measure_export import copy_once, export_sql

    # The reviewer of the generated archive, as table 3 exports.
    headers = {"Authorization": f"Token {api_token('bench-reviewer')}"}
    path = reverse("export_statements_csv")
    sql = export_sql()
    env = production_env()
    here = Path(__file__).resolve().parent.parent
    runs: dict[str, list[dict]] = {"this": [], "other": [], "copy": []}
    with _Checkout(here, env=env) as this, _Checkout(other, env=env) as that:
        for server in (this, that):  # load the code paths once
            request(server.port, "GET", path + "?article=1", headers=headers)
        for _ in range(rounds):
            runs["this"].append(_export(this, path, headers))
            runs["other"].append(_export(that, path, headers))
            copy = copy_once(sql)
            runs["copy"].append({"s": copy["ms"] / 1000, "bytes": copy["bytes"]})
    result = {}
    for arm, done in runs.items():
        ratios = [run["s"] / copy["s"] for run, copy in zip(done, runs["copy"], strict=True)]
        result[arm] = {
            "median_s": round(statistics.median(r["s"] for r in done), 2),
            "runs_s": [round(r["s"], 2) for r in done],
            "ratio_to_copy_median": round(statistics.median(ratios), 2),
            "ratios": [round(r, 2) for r in ratios],
            "bytes": done[0]["bytes"],
        }
        for key in ("worker_cpu_s", "client_cpu_s"):
            if key in done[0]:
                result[arm][key] = round(statistics.median(r[key] for r in done), 2)
    return result


def main(argv=None) -> int:
    import json

    parser = argparse.ArgumentParser(prog="python -m bench.export_ab")
    parser.add_argument("--other", type=Path, required=True, help="another checkout of the app (the before)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.other, args.rounds), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
