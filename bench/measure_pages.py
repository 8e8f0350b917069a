"""1. HTML pages, in process: server time (the Django test client, no network) and SQL queries."""

from __future__ import annotations

import re
import time
from urllib.parse import urlencode

from django.db import OperationalError, connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from .stats import summary, timed

MODEL_BACKEND = "annotator.auth.ModelBackendWithRole"
# Words the generated texts use at different rates: "ceasefire" in a few percent of the
# articles, "cholera" in about a fifth, and a two-word phrase that few articles share.
SLOW_S = 10
SEARCHES = ("ceasefire", "cholera", '"chemical weapons" Aleppo')


class QueryCounter:
    """Counts the SQL statements sent, whatever DEBUG and the query log say, and keeps
    the reads of annotator's tables, to explain them afterwards."""

    def __init__(self):
        self.count = 0
        self.reads: list[tuple[str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        if sql.lstrip().upper().startswith("SELECT") and '"annotator_' in sql:
            self.reads.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)


# Tables small enough that reading them whole is what the planner should do.
SMALL_TABLES = ("annotator_source", "annotator_apitoken", "annotator_job")
_INDEX_USE = re.compile(r"(?:Index Scan|Index Only Scan)(?: Backward)? using (\w+)|Bitmap Index Scan on (\w+)")
_FULL_SCAN = re.compile(r"Seq Scan on (annotator_\w+)")


def plans(reads: list[tuple[str, tuple]]) -> dict:
    """How PostgreSQL plans the request's reads (EXPLAIN, not run): the indexes they use
    and the large tables they read whole. At archive scale, this is what says whether an
    index the tests check on a small table is really the one used."""
    if connection.vendor != "postgresql":
        return {}
    indexes, full = set(), set()
    with connection.cursor() as cursor:
        for sql, params in reads:
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            indexes |= {a or b for a, b in _INDEX_USE.findall(plan)}
            full |= {table for table in _FULL_SCAN.findall(plan) if table not in SMALL_TABLES}
    return {"indexes": sorted(indexes), "full_scans": sorted(full)}


def logged_in_client(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username), backend=MODEL_BACKEND)
    return client


def measure_get(client: Client, url: str, repeat: int, headers: dict | None = None) -> dict:
    """Median and p95 of the server time for GET url, and the queries of one request.
    A request slower than SLOW_S is measured once, not `repeat` times: the benchmark
    reports it as slow instead of spending an hour confirming it."""
    headers = headers or {}
    started = time.perf_counter()
    queries = QueryCounter()
    try:
        with connection.execute_wrapper(queries):
            response = client.get(url, headers=headers)
    except OperationalError as error:
        return {"url": url, "status": None, "error": f"{type(error).__name__}: {str(error).strip()[:200]}"}
    first_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        return {"url": url, "status": response.status_code, "error": f"HTTP {response.status_code}"}
    if first_ms > SLOW_S * 1000:
        return {
            "url": url,
            "status": 200,
            "queries": queries.count,
            **summary([first_ms]),
            "note": f"slow (> {SLOW_S} s): measured once",
        }
    times, last = timed(lambda: client.get(url, headers=headers), repeat, warmup=0)
    return {
        "url": url,
        "status": last.status_code,
        "queries": queries.count,
        **summary(times),
        "plan": plans(queries.reads),
    }


def _url(name: str, *args, query: str = "") -> str | None:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def run(ds, repeat: int) -> dict:
    client = logged_in_client(ds.reviewer)
    pages = {
        f"reader ({ds.reader_statements} statements)": _url("article_detail", ds.reader_article),
        "article list, first page": _url("article_list"),
        "article list, page 40": _url("article_list", query="?page=40"),
        **{
            f"article list, search {term}": _url("article_list", query=f"?{urlencode({'q': term})}")
            for term in SEARCHES
        },
        # Sorted by a count, a list needs every row's count, not only the page's.
        "article list, sorted by claims": _url("article_list", query="?sort=claims"),
        "actor list, sorted by claims": _url("actor_list", query="?sort=claims"),
        "proposition list, sorted by denials": _url("proposition_list", query="?sort=denials"),
        f"proposition ({ds.hot_statements} statements)": _url("proposition_detail", ds.hot_proposition),
        "actor (busiest speaker)": _url("actor_detail", ds.top_speaker),
        "matrix": _url("matrix"),
    }
    results = {}
    for label, url in pages.items():
        results[label] = measure_get(client, url, repeat) if url else {"error": "page not built yet (no URL)"}
    return results
