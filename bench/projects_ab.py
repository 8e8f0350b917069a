"""Table 8's requests, old code against new, interleaved on one loaded database.

    DATABASE_URL=... python -m bench.projects_ab --before /path/to/old/worktree --rounds 3 --repeat 10

The projects and members of `measure_projects` are set up once (and kept: see
BENCH_KEEP_PROJECTS there); then each round runs every request in a fresh process of
each arm, the arms' order alternating between rounds. An arm is a checkout of the
project (the old code: a `git worktree` at the commit before the change) run against
the same database; its process imports only `bench.env` and `bench.measure_pages`,
which both arms have. Per request and arm: the median and p95 server time of each round,
the arm's Python CPU time per request, and its database connection's CPU time per
request (read from /proc: the server must run on this machine). On a loaded machine
the CPU times say more than the wall times."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from .server import ROOT

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from bench import env
env.setup(migrate=False)
env.limit_statements()
from bench.server import collectstatic
collectstatic()  # pages render through the production settings' manifest storage
from bench.measure_pages import logged_in_client, measure_get
from django.db import connection
plan, repeat = json.loads(sys.argv[2]), int(sys.argv[3])
tick = os.sysconf("SC_CLK_TCK")

def server_cpu():
    # The connection's backend runs on this machine: its CPU time from /proc (0 elsewhere).
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / tick

out = {}
for username, urls in plan.items():
    client = logged_in_client(username)
    for label, url in urls.items():
        client.get(url)  # warm: templates, the connection, caches
        started, server = time.process_time(), server_cpu()
        result = measure_get(client, url, repeat)
        result["db_cpu_ms"] = (server_cpu() - server) / (repeat + 1)
        result["cpu_ms"] = (time.process_time() - started) * 1000 / (repeat + 1)
        result.pop("plan", None)
        out[label] = result
print("RESULT " + json.dumps(out))
"""


def _run_arm(arm: Path, plan: dict, repeat: int) -> dict:
    python = arm / ".venv" / "bin" / "python"
    completed = subprocess.run(
        [str(python), "-c", CHILD, str(arm), json.dumps(plan), str(repeat)],
        cwd=arm,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in completed.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, type=Path, help="checkout of the old code")
    parser.add_argument("--after", type=Path, default=ROOT, help="checkout of the new code (this one)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only", default="", help="comma-separated substrings of the labels to measure")
    parser.add_argument("--json", type=Path, help="write every round's numbers here")
    args = parser.parse_args(argv)

    os.environ["BENCH_KEEP_PROJECTS"] = "1"
    from . import env

    env.setup(migrate=False)
    from django.db.models import Count

    from annotator.models import Article

    from . import measure_projects

    articles = Article.objects.aggregate(n=Count("pk"))["n"]
    measure_projects._setup(articles)
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    chosen = measure_projects.urls()
    plan = {}
    for who, username in (("member", measure_projects.MEMBER), ("several", measure_projects.SEVERAL_MEMBER)):
        urls = {k: v for k, v in chosen[who].items() if v and (not wanted or any(w in k for w in wanted))}
        if urls:
            plan[username] = urls
    arms = {"before": args.before.resolve(), "after": args.after.resolve()}
    rounds = []
    for n in range(args.rounds):
        order = ["after", "before"] if n % 2 == 0 else ["before", "after"]
        load = os.getloadavg()[0]
        this = {"load": load}
        for arm in order:
            this[arm] = _run_arm(arms[arm], plan, args.repeat)
        rounds.append(this)
        print(f"round {n + 1}/{args.rounds} done (load average {load:.1f})", file=sys.stderr)
    labels = [label for urls in plan.values() for label in urls]
    print(f"{'request':58} {'arm':6} {'median ms per round':32} {'p95 per round':32} {'cpu ms':>7} {'db cpu':>7} q")
    for label in labels:
        for arm in ("before", "after"):
            runs = [r[arm][label] for r in rounds]
            medians = " / ".join(f"{x.get('median_ms', float('nan')):.1f}" for x in runs)
            p95s = " / ".join(f"{x.get('p95_ms', float('nan')):.1f}" for x in runs)
            cpu = statistics.median(x.get("cpu_ms", float("nan")) for x in runs)
            db = statistics.median(x.get("db_cpu_ms", float("nan")) for x in runs)
            print(f"{label:58} {arm:6} {medians:32} {p95s:32} {cpu:7.1f} {db:7.1f} {runs[0].get('queries')}")
    print("load average at each round's start: " + ", ".join(f"{r['load']:.1f}" for r in rounds))
    if args.json:
        args.json.write_text(json.dumps({"plan": plan, "rounds": rounds}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
