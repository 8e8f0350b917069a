"""The soak run: analysts create, edit and delete statements through the REST API while
others export CSV, all at once, against a live server on loopback. Afterwards the
database's statements must be exactly what the acknowledged writes say, and no
request may have answered 5xx.

Acknowledged means the server said so: 201 (created), 200 (edited), 204 (deleted).
A 409 (someone saved first) or 404 (someone deleted it) is a refusal the client was
told about: nothing changed, and that is also checked. Bounded in writes and seconds.

    python -m bench.soak --seconds 30 --writes 1500 --analysts 6 --json out.json
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.client import HTTPException

from .server import request

DELETED = "deleted"


@dataclass
class Writer:
    token: str
    # Reviewers may change anyone's statements; analysts only their own.
    reviewer: bool


@dataclass
class Ledger:
    """Every answer, and the state each acknowledged write left behind."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: list[tuple[int, int | str, dict | None]] = field(default_factory=list)  # (id, version, state)
    created: set[int] = field(default_factory=set)
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    # (monotonic time, failure): the fault run tells errors inside its fault windows apart.
    failure_times: list[tuple[float, str]] = field(default_factory=list)
    # Writes sent whose answer never came (a worker killed, a connection cut): the server
    # may or may not have applied them, and the client cannot know.
    in_doubt: set[int] = field(default_factory=set)
    unanswered_creates: int = 0
    exports: int = 0
    export_rows: list[int] = field(default_factory=list)

    def answer(self, kind: str, status: int | str) -> None:
        with self.lock:
            self.statuses[f"{kind} {status}"] += 1
            if isinstance(status, str) or status >= 500:
                self.failures.append(f"{kind}: {status}")
                self.failure_times.append((time.monotonic(), f"{kind}: {status}"))


STATE_FIELDS = ("article", "start", "end", "quote", "stance", "note", "version")


def _state(body: dict) -> dict:
    return {name: body[name] for name in STATE_FIELDS}


def run(
    port: int,
    *,
    writers: list[Writer],
    exporters: int,
    spots: list[tuple[int, int, int, int]],
    pool: list[int],
    seconds: float,
    writes: int,
    statements_path: str,
    export_path: str,
    export_token: str,
    seed: int = 5,
    host: str = "127.0.0.1",
) -> Ledger:
    """Drive the live server; return the ledger. `spots` are (article, start, end, speaker)
    places a statement can go; `pool` the ids of existing statements reviewers may edit."""
    ledger = Ledger()
    shared = list(pool)
    shared_lock = threading.Lock()
    budget = [writes]
    deadline = time.monotonic() + seconds
    stop = threading.Event()

    def take() -> bool:
        with shared_lock:
            if budget[0] <= 0 or time.monotonic() > deadline:
                return False
            budget[0] -= 1
            return True

    def call(kind, method, path, token, body=None):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Token {token}"}
        if data:
            headers["Content-Type"] = "application/json"
        try:
            response = request(port, method, path, headers=headers, body=data, timeout=60, host=host)
        except (OSError, HTTPException) as error:  # a worker killed mid-answer: IncompleteRead
            ledger.answer(kind, type(error).__name__)
            return None, None
        ledger.answer(kind, response.status)
        try:
            payload = json.loads(response.body) if response.body else None
        except ValueError:
            payload = None
        return response.status, payload

    def analyst(index: int, writer: Writer):
        rng = random.Random(f"{seed}-{index}")
        mine: dict[int, int] = {}  # id -> the version this client last saw
        while take():
            action = rng.choices(("create", "edit", "delete"), (4, 4, 2))[0]
            if action != "create":
                with shared_lock:
                    candidates = list(mine) if not writer.reviewer else shared
                    target = rng.choice(candidates) if candidates else None
                if target is None:
                    action = "create"
            if action == "create":
                article, start, end, speaker = rng.choice(spots)
                body = {
                    "article": article,
                    "start": start,
                    "end": end,
                    "speaker": speaker,
                    "stance": rng.choice(["claim", "denial"]),
                    "note": f"w{index}-create-{rng.random():.9f}",
                }
                status, payload = call("create", "POST", statements_path, writer.token, body)
                if status is None:
                    with ledger.lock:
                        ledger.unanswered_creates += 1
                if status == 201:
                    with ledger.lock:
                        ledger.acknowledged.append((payload["id"], payload["version"], _state(payload)))
                        ledger.created.add(payload["id"])
                    mine[payload["id"]] = payload["version"]
                    with shared_lock:
                        shared.append(payload["id"])
                continue
            version = mine.get(target, 1)
            if action == "edit":
                body = {
                    "version": version,
                    "note": f"w{index}-edit-{rng.random():.9f}",
                    "stance": rng.choice(["claim", "denial"]),
                }
                status, payload = call("edit", "PATCH", f"{statements_path}{target}/", writer.token, body)
                if status is None:
                    with ledger.lock:
                        ledger.in_doubt.add(target)
                if status == 200:
                    with ledger.lock:
                        ledger.acknowledged.append((target, payload["version"], _state(payload)))
                    mine[target] = payload["version"]
                elif status == 409 and payload and "current" in payload:
                    # Told about the conflict: learn the current version, as a client would.
                    mine[target] = payload["current"]["version"]
            else:
                status, _payload = call(
                    "delete", "DELETE", f"{statements_path}{target}/?version={version}", writer.token
                )
                if status is None:
                    with ledger.lock:
                        ledger.in_doubt.add(target)
                if status == 204:
                    with ledger.lock:
                        ledger.acknowledged.append((target, DELETED, None))
                if status in (204, 404):
                    mine.pop(target, None)
                    with shared_lock:
                        if target in shared:
                            shared.remove(target)
                elif status == 409:
                    status, current = call("read", "GET", f"{statements_path}{target}/", writer.token)
                    if status == 200:
                        mine[target] = current["version"]

    def exporter():
        while not stop.is_set():
            try:
                response = request(
                    port, "GET", export_path, headers={"Authorization": f"Token {export_token}"}, timeout=120, host=host
                )
            except (OSError, HTTPException) as error:  # a worker killed mid-answer: IncompleteRead
                ledger.answer("export", type(error).__name__)
                continue
            ledger.answer("export", response.status)
            if response.status == 200:
                rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
                with ledger.lock:
                    ledger.exports += 1
                    ledger.export_rows.append(len(rows) - 1)

    threads = [threading.Thread(target=analyst, args=(i, w)) for i, w in enumerate(writers)]
    export_threads = [threading.Thread(target=exporter) for _ in range(exporters)]
    for thread in threads + export_threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    for thread in export_threads:
        thread.join()
    return ledger


def expected_states(ledger: Ledger) -> dict[int, dict | str]:
    """Per statement touched, what the last acknowledged write left: the highest version
    wins (versions only grow), and an acknowledged delete is final."""
    result: dict[int, tuple] = {}
    for pk, version, state in ledger.acknowledged:
        rank = float("inf") if version == DELETED else version
        if pk not in result or rank > result[pk][0]:
            result[pk] = (rank, DELETED if version == DELETED else state)
    return {pk: state for pk, (_rank, state) in result.items()}


def differences(ledger: Ledger, initial: dict[int, dict], articles: set[int] | None = None) -> list[str]:
    """Where the database disagrees with the acknowledged writes (empty: it agrees exactly).
    `initial` is the state of every statement before the run; `articles`, when given, the
    articles the writers wrote in (others may get statements meanwhile: the suggester's
    on the fault run's imported articles)."""
    from annotator.models import Statement

    expected: dict[int, dict] = {
        pk: state for pk, state in initial.items() if articles is None or state["article"] in articles
    }
    for pk, state in expected_states(ledger).items():
        if state == DELETED:
            expected.pop(pk, None)
        elif articles is None or state["article"] in articles:
            expected[pk] = state
    actual = {
        row["id"]: {"article": row["article_id"], **{k: row[k] for k in STATE_FIELDS if k != "article"}}
        for row in Statement.objects.values("id", "article_id", *[f for f in STATE_FIELDS if f != "article"])
        if articles is None or row["article_id"] in articles
    }
    problems = []
    for pk in sorted(set(expected) | set(actual)):
        if pk not in actual:
            problems.append(f"statement {pk} is missing but no acknowledged delete removed it")
        elif pk not in expected:
            problems.append(f"statement {pk} exists but no acknowledged write created it")
        elif expected[pk] != actual[pk]:
            problems.append(f"statement {pk}: expected {expected[pk]}, database has {actual[pk]}")
    return problems


def snapshot() -> dict[int, dict]:
    from annotator.models import Statement

    return {
        row["id"]: {"article": row["article_id"], **{k: row[k] for k in STATE_FIELDS if k != "article"}}
        for row in Statement.objects.values("id", "article_id", *[f for f in STATE_FIELDS if f != "article"])
    }


def summarize(ledger: Ledger, problems: list[str], seconds: float) -> dict:
    acked = Counter("delete" if v == DELETED else "write" for _pk, v, _s in ledger.acknowledged)
    return {
        "seconds": round(seconds, 1),
        "requests": sum(ledger.statuses.values()),
        "acknowledged_writes": len(ledger.acknowledged),
        "acknowledged_deletes": acked["delete"],
        "created": len(ledger.created),
        "conflicts_409": sum(n for k, n in ledger.statuses.items() if k.endswith(" 409")),
        "not_found_404": sum(n for k, n in ledger.statuses.items() if k.endswith(" 404")),
        "exports": ledger.exports,
        "server_errors_5xx": len(ledger.failures),
        "database_matches_acknowledged_writes": not problems,
        "mismatches": len(problems),
        "statuses": dict(sorted(ledger.statuses.items())),
        "first_problems": problems[:10] + ledger.failures[:10],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--writes", type=int, default=1500)
    parser.add_argument("--analysts", type=int, default=6)
    parser.add_argument("--exporters", type=int, default=2)
    parser.add_argument("--json", required=True)
    parser.add_argument(
        "--faults", action="store_true", help="the fault run (bench/soak_faults.py): kill workers, cut connections"
    )
    parser.add_argument("--port", type=int, help="the server's loopback port (default: a free one)")
    args = parser.parse_args(argv)
    from .env import recreate_database, setup

    recreate_database(os.environ["DATABASE_URL"], "soak")
    if args.faults:
        from . import soak_faults

        soak_faults.prepare_environment()
        setup()
        report = soak_faults.fault_run(
            seconds=args.seconds, writes=args.writes, analysts=args.analysts, exporters=args.exporters, port=args.port
        )
        soak_faults.print_report(report)
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report, out)
        return 0
    setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from annotator.models import Statement
    from annotator.services.tokens import token_create

    from .corpus import Scale
    from .generate import generate
    from .server import Gunicorn

    generate(Scale(articles=200, statements=600, min_chars=2000, max_chars=3000, reader=20))
    writers, User = [], get_user_model()
    for i in range(args.analysts):
        role = "reviewer" if i % 3 == 2 else "analyst"
        user = User.objects.create_user(username=f"soak-{role}-{i}")
        user.groups.add(Group.objects.get(name=role))
        writers.append(Writer(token_create(user=user, name="soak")[1], reviewer=role == "reviewer"))
    viewer = User.objects.create_user(username="soak-viewer")
    viewer.groups.add(Group.objects.get(name="viewer"))
    export_token = token_create(user=viewer, name="soak")[1]
    spots = list(Statement.objects.values_list("article_id", "start", "end", "speaker_id").distinct())
    initial = snapshot()
    started = time.perf_counter()
    with Gunicorn(workers=3) as server:
        ledger = run(
            server.port,
            writers=writers,
            exporters=args.exporters,
            spots=spots,
            pool=list(initial),
            seconds=args.seconds,
            writes=args.writes,
            statements_path=reverse("api:statement-list"),
            export_path=reverse("export_statements_csv"),
            export_token=export_token,
        )
        log = server.errors()
    elapsed = time.perf_counter() - started
    result = summarize(ledger, differences(ledger, initial), elapsed)
    if ledger.failures or not result["database_matches_acknowledged_writes"]:
        result["error"] = "soak failed: " + "; ".join(result["first_problems"][:5])
        result["server_log_tail"] = log[-2000:]
    with open(args.json, "w", encoding="utf-8") as out:
        json.dump(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
