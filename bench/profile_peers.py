"""Where the peers' requests spend their time, in process: each operation of
bench/peers_ab.py run N times through Django's handler (the test client, production
settings, the peers' database) under cProfile; prints the top functions by cumulative
and by own time.

    DATABASE_URL=postgres://.../name python -m bench.profile_peers --only reader --n 300"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_peers")
    parser.add_argument("--only", default="")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args(argv)
    from .env import setup, side_database_url

    setup(side_database_url("peers"), migrate=False)
    from django.test import Client
    from django.urls import reverse

    from annotator.models import Statement

    from .generate import dataset
    from .load import session_cookie
    from .measure_api import api_token, cursor_at

    ds = dataset()
    token = api_token(ds.reviewer)
    api = Client(headers={"Authorization": f"Token {token}"})
    html = Client(headers={"Cookie": session_cookie(ds.reviewer)})
    spots = [
        s
        for s in Statement.objects.values_list("article_id", "start", "end", "speaker_id", "proposition_id")
        if s[3] is not None
    ]
    articles = sorted({s[0] for s in spots})
    rng = random.Random(16)

    def create():
        article, start, end, speaker, proposition = rng.choice(spots)
        body = {"article": article, "start": start, "end": end, "stance": "denial", "speaker": speaker}
        body.update(proposition=proposition, note="bench")
        return api.post(reverse("api:statement-list"), data=json.dumps(body), content_type="application/json")

    def article_and_statements():
        article = rng.choice(articles)
        api.get(f"/api/v1/articles/{article}/")
        return api.get(f"/api/v1/statements/?article={article}")

    operations = {
        "create": create,
        "article": article_and_statements,
        "reader": lambda: html.get(reverse("article_detail", args=[rng.choice(articles)])),
        "reader-htmx": lambda: html.get(reverse("article_detail", args=[rng.choice(articles)]), HTTP_HX_REQUEST="true"),
        "list": lambda: html.get(reverse("article_list")),
        "list40": lambda: html.get(f"{reverse('article_list')}?page=40"),
        "api-list": lambda: api.get(reverse("api:article-list")),
        "api-list40": lambda: api.get(f"{reverse('api:article-list')}?cursor={cursor_at(1950)}"),
    }
    only = [name for name in args.only.split(",") if name] or list(operations)
    for name in only:
        operation = operations[name]
        for _ in range(5):
            response = operation()
        assert response.status_code in (200, 201), (name, response.status_code)
        profiler = cProfile.Profile()
        started = time.process_time()
        profiler.enable()
        for _ in range(args.n):
            operation()
        profiler.disable()
        cpu = (time.process_time() - started) / args.n * 1000
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(f"==== {name}: {cpu:.2f} ms CPU per request under the profiler")
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
