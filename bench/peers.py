"""The peers' own workload (issue 6's table): 2,000 news-like articles of ~3,000
characters, 2,000 spans, PostgreSQL on loopback, one request per operation on a fresh
connection. Runs in its own database (`<main>_peers`), recreated each time, so the
archive-scale dataset is not touched.

    python -m bench.peers --articles 2000 --spans 2000 --repeat 100 --json out.json

Latency is measured over HTTP against gunicorn (production settings); the query count
of the same request is taken in process with the test client, since gunicorn's
workers cannot report it."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys

PEERS = {
    "create one statement": ("47 ms, 68 queries", "8.1 ms, 13 queries", "≤ 4 ms, ≤ 6 queries"),
    "one article with its statements (reader page)": ("63 ms, 78 queries", "8.5 ms, 10 queries", "≤ 4 ms, ≤ 4 queries"),
    "one article with its statements (API)": ("63 ms, 78 queries", "8.5 ms, 10 queries", "≤ 4 ms, ≤ 4 queries"),
    "article list, first page": ("67 ms, 82 queries", "85 ms, 207 queries", "≤ 10 ms, ≤ 5 queries"),
    "article list, page 40": ("67 ms, 82 queries", "85 ms, 207 queries", "≤ 10 ms, ≤ 5 queries, same"),
    "API article list, first page": ("67 ms, 82 queries", "85 ms, 207 queries", "≤ 10 ms, ≤ 5 queries"),
    "API article list, page 40": ("67 ms, 82 queries", "85 ms, 207 queries", "≤ 10 ms, ≤ 5 queries, same"),
    "export all statements (CSV)": ("0.83 s", "0.98 s", "≤ 0.1 s"),
    # Not the peers' operations: what any request costs on this machine before our code runs.
    "floor: a static file (no view)": ("", "", ""),
    "floor: the login page (a view, no query)": ("", "", ""),
    "floor: a plain Django view (bench.floor)": ("", "", ""),
    "floor: a view that only loads the signed-in user": ("", "", ""),
    "floor: a DRF view that only authenticates a token": ("", "", ""),
    "idle memory, web + worker (MiB, RSS)": ("285 MiB (one process)", "1,106 MiB", "≤ 300 MiB"),
    "idle memory, web + worker (MiB, PSS)": ("285 MiB (one process)", "1,106 MiB", "≤ 300 MiB"),
}


def _queries(client, method: str, url: str, **kwargs) -> tuple[int, int]:
    from django.db import connection

    from .measure_pages import QueryCounter

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = getattr(client, method)(url, **kwargs)
    return counter.count, response.status_code


def _op(name: str, times: list[float], queries: int | None, statuses: set) -> dict:
    label_studio, doccano, target = PEERS[name]
    return {
        "operation": name,
        "p50_ms": round(statistics.median(times), 2) if times else None,
        "queries": queries,
        "statuses": sorted(str(s) for s in statuses),
        "target": target,
        "label_studio": label_studio,
        "doccano": doccano,
    }


def _idle_memory(server, env) -> tuple[float, float]:
    """RSS and PSS (MiB) of gunicorn (master and workers) plus an idle task worker."""
    from .server import memory, task_worker

    with task_worker(env) as worker:
        pids = [server.process.pid, *server.worker_pids(), worker.pid]
        readings = [memory(pid) for pid in pids]
    return round(sum(r["rss_mib"] for r in readings), 1), round(sum(r["pss_mib"] for r in readings), 1)


def _timed(server, method, path, headers, *, body=None, expect=200, n: int) -> tuple[list[float], set]:
    """`n` requests, each on a fresh connection: the times of those answered `expect`,
    and every status seen. `path` and `body` may be callables, for a new one each time."""
    from .server import request

    times, statuses = [], set()
    for _ in range(n):
        data = json.dumps(body()).encode() if body else None
        extra = {"Content-Type": "application/json"} if body else {}
        response = request(
            server.port,
            method,
            path() if callable(path) else path,
            headers={**headers, **extra},
            body=data,
            keep_body=False,
        )
        statuses.add(response.status)
        if response.status == expect:
            times.append(response.ms)
    return times, statuses


def run(articles: int, spans: int, repeat: int) -> dict:
    from django.templatetags.static import static
    from django.test import Client
    from django.urls import reverse

    from annotator.models import Statement

    from .corpus import Scale
    from .generate import dataset, generate
    from .load import session_cookie
    from .measure_api import api_token
    from .measure_pages import logged_in_client
    from .server import Gunicorn, production_env, request

    generate(Scale(articles=articles, statements=spans, min_chars=2700, max_chars=3300, reader=1))
    ds = dataset()
    token = api_token(ds.reviewer)
    api = {"Authorization": f"Token {token}"}
    html = {"Cookie": session_cookie(ds.reviewer)}
    rng = random.Random(11)
    spots = list(Statement.objects.values_list("article_id", "start", "end", "speaker_id", "proposition_id"))
    with_statements = sorted({s[0] for s in spots})
    statements_url = reverse("api:statement-list")
    pages = max(1, -(-ds.articles // 50))
    page = min(40, pages)
    operations = []

    def payload():
        article, start, end, speaker, proposition = rng.choice(spots)
        return {
            "article": article,
            "start": start,
            "end": end,
            "stance": "denial",
            "speaker": speaker,
            "proposition": proposition,
            "note": "bench",
        }

    client = Client(headers={"Authorization": f"Token {token}"})
    # Counted on the second create: the first also records the token's first use.
    client.post(statements_url, data=payload(), content_type="application/json")
    create_queries, _ = _queries(client, "post", statements_url, data=payload(), content_type="application/json")
    reader_client = logged_in_client(ds.reviewer)
    article_id = with_statements[len(with_statements) // 2]
    reader_queries, _ = _queries(reader_client, "get", reverse("article_detail", args=[article_id]))
    article_api_queries, _ = _queries(client, "get", f"{statements_url}?article={article_id}")
    list_queries = {p: _queries(reader_client, "get", f"{reverse('article_list')}?page={p}")[0] for p in (1, page)}
    api_list = reverse("api:article-list")

    env = production_env()
    with Gunicorn(workers=2, env=env) as server:

        def timed(method, path, headers, body=None, expect=200, n=repeat):
            return _timed(server, method, path, headers, body=body, expect=expect, n=n)

        # Warm every worker's code paths before measuring.
        for _ in range(4):
            request(server.port, "GET", reverse("article_list"), headers=html)
            request(server.port, "GET", statements_url, headers=api)
        times, statuses = timed("POST", statements_url, api, body=payload, expect=201)
        operations.append(_op("create one statement", times, create_queries, statuses))
        reader = lambda: reverse("article_detail", args=[rng.choice(with_statements)])  # noqa: E731
        times, statuses = timed("GET", reader, html)
        operations.append(_op("one article with its statements (reader page)", times, reader_queries, statuses))
        by_article = lambda: f"{statements_url}?article={rng.choice(with_statements)}"  # noqa: E731
        times, statuses = timed("GET", by_article, api)
        operations.append(_op("one article with its statements (API)", times, article_api_queries, statuses))
        for p, label in ((1, "first page"), (page, "page 40")):
            times, statuses = timed("GET", f"{reverse('article_list')}?page={p}", html)
            operations.append(_op(f"article list, {label}", times, list_queries[p], statuses))
        # The API lists articles by cursor: "page 40" is the cursor a client holds after 39 `next`s.
        from annotator.models import Article

        from .measure_api import cursor_at

        ids = list(Article.objects.order_by("id").values_list("id", flat=True))
        deep = ids[min(len(ids) - 1, (page - 1) * 50)]
        for path, label in ((api_list, "first page"), (f"{api_list}?cursor={cursor_at(deep - 1)}", "page 40")):
            times, statuses = timed("GET", path, api)
            queries = _queries(client, "get", path)[0]
            operations.append(_op(f"API article list, {label}", times, queries, statuses))
        times, statuses = timed("GET", reverse("export_statements_csv"), api, n=min(repeat, 10))
        operations.append(_op("export all statements (CSV)", times, None, statuses))
        times, statuses = timed("GET", static("css/app.css"), {})
        operations.append(_op("floor: a static file (no view)", times, None, statuses))
        times, statuses = timed("GET", reverse("login"), {})
        operations.append(_op("floor: the login page (a view, no query)", times, 0, statuses))
        rss, pss = _idle_memory(server, env)
        log = server.errors()
    # The floor rows go before the memory rows, which end the table.
    with Gunicorn(workers=2, env={**env, "DJANGO_SETTINGS_MODULE": "bench.floor"}) as floor:
        for path, headers, name in (
            ("/floor/plain/", {}, "floor: a plain Django view (bench.floor)"),
            ("/floor/signed-in/", html, "floor: a view that only loads the signed-in user"),
            ("/floor/token/", api, "floor: a DRF view that only authenticates a token"),
        ):
            for _ in range(4):  # both workers warm
                request(floor.port, "GET", path, headers=headers, keep_body=False)
            times, statuses = _timed(floor, "GET", path, headers, n=repeat)
            operations.append(_op(name, times, None, statuses))
        log += floor.errors()
    operations.append(_op("idle memory, web + worker (MiB, RSS)", [rss], None, set()))
    operations.append(_op("idle memory, web + worker (MiB, PSS)", [pss], None, set()))
    from . import fast_paths

    fast = fast_paths.run(
        env,
        token=token,
        spots=spots,
        with_statements=with_statements,
        deep_cursor=cursor_at(deep - 1),
        repeat=repeat,
    )
    from . import import_peers

    result_import = import_peers.run(articles)
    bad = [o for o in operations + fast["operations"] if any(s[0] == "5" for s in o["statuses"])]
    result = {
        "articles": ds.articles,
        "spans": spans,
        "gunicorn_workers": 2,
        "page_40": page,
        "operations": operations,
        "fast_paths": fast,
        "import": result_import,
    }
    if bad:
        log += fast["log"]
        result["error"] = f"5xx answers in: {', '.join(o['operation'] for o in bad)}; log: {log[-1500:]}"
    return result


def fast_paths_table(fast: dict) -> str:
    from .stats import table

    rows = [
        [o["operation"], o["fast_p50_ms"], o["fast_p95_ms"], o["drf_p50_ms"], o["drf_p95_ms"], o["drf_over_fast"]]
        for o in fast["operations"]
    ]
    return table(
        f"API fast paths vs the DRF views, interleaved ({fast['repeat']} each, fresh connection, gunicorn 2 workers)",
        ["operation", "fast p50 ms", "fast p95", "DRF p50 ms", "DRF p95", "DRF / fast"],
        rows,
    )


def import_table(imported: dict) -> str:
    from .stats import table

    arms = imported.get("arms", {})

    def row(label: str, arm: str, seconds) -> list:
        measured = arms.get(arm, {})
        return [label, seconds, measured.get("cpu_s", "-"), measured.get("database_cpu_s") or "-"]

    rows = [
        row(f"fast cleaning on {imported['cores']} cores (the app)", "fast", imported["all_cores_s"]),
        row(
            f"full cleaning on {imported['cores']} cores (before the fast path)",
            "full",
            imported.get("full_cleaning_s", "-"),
        ),
        row("fast cleaning in one thread", "one_thread", imported["one_thread_s"]),
    ]
    if "copy_s" in imported:
        rows.append(["raw COPY of the same texts (no cleaning)", imported["copy_s"], "-", "-"])
    return table(
        f"Import of {imported['documents']:,} documents of ~3,000 characters in one call "
        f"(median of {imported['rounds']} interleaved runs)",
        ["", "seconds", "CPU s (app + cleaners)", "CPU s (database)"],
        rows,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peers")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--spans", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--json", required=True)
    args = parser.parse_args(argv)
    from .env import recreate_database, setup

    recreate_database(os.environ["DATABASE_URL"], "peers")
    setup()
    result = run(args.articles, args.spans, args.repeat)
    print(fast_paths_table(result["fast_paths"]))
    print(import_table(result["import"]))
    with open(args.json, "w", encoding="utf-8") as out:
        json.dump(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
