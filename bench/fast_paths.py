"""The API's fast paths (annotator/api/fast) against the DRF views they stand in for, in one
run: two gunicorns with the production settings, one with `API_FAST_PATHS=0`, and every
measured request sent to both in turn (A, B, A, B...), so a busy moment of the machine
falls on both sides alike. Fresh connection per request; p50 and p95 of each side.

Run inside the peers' workload (its dataset: 2,000 articles of ~3,000 characters, 2,000
statements); `python -m bench.peers` does it and prints the table."""

from __future__ import annotations

import json
import random
import statistics

from .server import Gunicorn, request


def _p(times: list[float], q: float) -> float | None:
    if not times:
        return None
    ordered = sorted(times)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def run(env: dict, *, token: str, spots: list[tuple], with_statements: list[int], deep_cursor: str, repeat: int):
    api = {"Authorization": f"Token {token}"}
    rng = random.Random(16)
    # A create needs a speaker once accepted: the spots of pending suggestions without one
    # would measure the 400 that says so.
    spots = [spot for spot in spots if spot[3] is not None]

    def payload():
        article, start, end, speaker, proposition = rng.choice(spots)
        body = {"article": article, "start": start, "end": end, "stance": "denial", "speaker": speaker}
        body["proposition"] = proposition
        body["note"] = "bench"
        return json.dumps(body).encode()

    def article_and_statements(port, article):
        first = request(port, "GET", f"/api/v1/articles/{article}/", headers=api, keep_body=False)
        second = request(port, "GET", f"/api/v1/statements/?article={article}", headers=api, keep_body=False)
        return first.ms + second.ms, {first.status, second.status}

    def one(port, method, path, body=None):
        headers = {**api, "Content-Type": "application/json"} if body else api
        response = request(port, method, path, headers=headers, body=body, keep_body=False)
        return response.ms, {response.status}

    operations = {
        "create one statement": lambda port: one(port, "POST", "/api/v1/statements/", payload()),
        "one article with its statements, both requests": lambda port: article_and_statements(
            port, rng.choice(with_statements)
        ),
        "article list, first page": lambda port: one(port, "GET", "/api/v1/articles/"),
        "article list, page 40": lambda port: one(port, "GET", f"/api/v1/articles/?cursor={deep_cursor}"),
    }
    rows = []
    with (
        Gunicorn(workers=2, env={**env, "API_FAST_PATHS": "1"}) as fast,
        Gunicorn(workers=2, env={**env, "API_FAST_PATHS": "0"}) as drf,
    ):
        for name, operation in operations.items():
            for _ in range(4):  # every worker of both warm
                operation(fast.port)
                operation(drf.port)
            times = {"fast": [], "drf": []}
            statuses = set()
            for _ in range(repeat):
                for side, server in (("fast", fast), ("drf", drf)):
                    ms, seen = operation(server.port)
                    statuses |= seen
                    if all(200 <= status < 300 for status in seen):
                        times[side].append(ms)
            fast_p50, drf_p50 = statistics.median(times["fast"]), statistics.median(times["drf"])
            rows.append(
                {
                    "operation": name,
                    "fast_p50_ms": round(fast_p50, 2),
                    "fast_p95_ms": _p(times["fast"], 0.95),
                    "drf_p50_ms": round(drf_p50, 2),
                    "drf_p95_ms": _p(times["drf"], 0.95),
                    "drf_over_fast": round(drf_p50 / fast_p50, 2),
                    "statuses": sorted(str(s) for s in statuses),
                }
            )
        errors = fast.errors() + drf.errors()
    return {"operations": rows, "repeat": repeat, "log": errors[-1500:]}
