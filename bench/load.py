"""6. Concurrent load: gunicorn with the production settings, and a load generator on
loopback sending a fixed mix of reader, list and API requests from several threads.

Bounded twice: it stops after `requests` requests or `seconds` seconds, whichever
comes first. The generator runs on the same machine as the server and the database,
so the throughput it reports is a floor, not the server's limit."""

from __future__ import annotations

import os
import random
import threading
import time
from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from .measure_pages import SEARCHES, logged_in_client
from .server import Gunicorn, request
from .stats import percentile

# (share of requests, kind)
MIX = (
    (30, "reader"),
    (10, "list: first page"),
    (10, "list: page n"),
    (10, "list: search"),
    (20, "api statements filtered"),
    (10, "api one statement"),
    (10, "api articles"),
)


def session_cookie(username: str) -> str:
    client = logged_in_client(username)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def plan(ds, count: int, seed: int = 7, skip: tuple[str, ...] = ()) -> list[tuple[str, str, bool]]:
    """The requests, in order: (kind, path, uses the API token)."""
    rng = random.Random(seed)
    kinds = [kind for share, kind in MIX for _ in range(share) if kind not in skip]
    article_list, statements = reverse("article_list"), reverse("api:statement-list")
    first_article, last_article = ds.reader_article, ds.reader_article + ds.articles - 1
    result = []
    for _ in range(count):
        kind = rng.choice(kinds)
        if kind == "reader":
            path = reverse("article_detail", args=[rng.randint(first_article, last_article)])
        elif kind == "list: first page":
            path = article_list
        elif kind == "list: page n":
            path = f"{article_list}?page={rng.randint(2, 40)}"
        elif kind == "list: search":
            path = f"{article_list}?{urlencode({'q': rng.choice(SEARCHES)})}"
        elif kind == "api statements filtered":
            path = (
                f"{statements}?speaker={ds.top_speaker + rng.randint(0, 20)}&stance={rng.choice(['claim', 'denial'])}"
            )
        elif kind == "api one statement":
            path = reverse("api:statement-detail", args=[rng.randint(1, max(1, ds.statements))])
        else:
            path = reverse("api:article-list")
        result.append((kind, path, kind.startswith("api")))
    return result


def run(
    ds,
    *,
    requests: int,
    seconds: float,
    concurrency: int,
    token: str,
    workers: int | None = None,
    skip: tuple[str, ...] = (),
) -> dict:
    workers = workers or 2 * (os.cpu_count() or 1)
    cookie = session_cookie(ds.reviewer)
    todo = plan(ds, requests, skip=skip)
    # One request of each kind first, so no measured request pays for a worker's first import.
    warmup = list({kind: (kind, path, api) for kind, path, api in plan(ds, 200, seed=8, skip=skip)}.values())
    html_headers = {"Cookie": cookie}
    api_headers = {"Authorization": f"Token {token}"}
    lock = threading.Lock()
    next_index = [0]
    samples: list[tuple[str, int, float]] = []

    with Gunicorn(workers=workers) as server:

        def send(kind, path, api):
            try:
                response = request(server.port, "GET", path, headers=api_headers if api else html_headers, timeout=60)
                return kind, response.status, response.ms
            except OSError as error:
                return kind, f"{type(error).__name__}", 0.0

        for item in warmup:
            send(*item)
        deadline = time.monotonic() + seconds

        def worker():
            while time.monotonic() < deadline:
                with lock:
                    index = next_index[0]
                    next_index[0] += 1
                if index >= len(todo):
                    return
                sample = send(*todo[index])
                with lock:
                    samples.append(sample)

        started = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        log = server.errors()

    ok = [ms for _kind, status, ms in samples if status == 200]
    errors = defaultdict(int)
    for _kind, status, _ms in samples:
        if status != 200:
            errors[str(status)] += 1
    by_kind = defaultdict(list)
    for kind, status, ms in samples:
        if status == 200:
            by_kind[kind].append(ms)
    return {
        "mix": [kind for _share, kind in MIX if kind not in skip],
        "workers": workers,
        "concurrency": concurrency,
        "requests": len(samples),
        "seconds": round(elapsed, 2),
        "rps": round(len(samples) / elapsed, 1),
        "p50_ms": round(percentile(ok, 50), 1) if ok else None,
        "p99_ms": round(percentile(ok, 99), 1) if ok else None,
        "errors": sum(errors.values()),
        "errors_by_status": dict(errors),
        "by_kind": {
            kind: {"n": len(v), "p50_ms": round(percentile(v, 50), 1), "p99_ms": round(percentile(v, 99), 1)}
            for kind, v in sorted(by_kind.items())
        },
        "server_log_tail": log[-1500:] if errors else "",
    }
