"""7. The reader at its extremes, in process (server time, the Django test client): an
article of 1,000,000 characters holding 20,000 statements (issue 17: first paint <= 300 ms,
scrolling without a full reload) and a normal one of ~3,000 characters with 200.

python -m bench --only reader --skip-generate          # with the other measurements
python -m bench.measure_reader [--repeat 20]           # on its own, in DATABASE_URL's database

The articles are made once (their URLs say they are the benchmark's) and reused."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from .measure_pages import logged_in_client, measure_get

LARGE = {"url": "https://bench.invalid/reader/large", "chars": 1_000_000, "statements": 20_000}
NORMAL = {"url": "https://bench.invalid/reader/normal", "chars": 3_000, "statements": 200}
HTMX = {"HX-Request": "true"}
WORDS = (
    "the ministry said officials denied reports that jets struck targets near the border on Tuesday "
    "according to a spokesperson who told Reuters the claims were false while analysts said evidence "
    "suggested otherwise and the general insisted there had been no coordination with foreign forces"
).split()


def body_text(chars: int, seed: int) -> str:
    """Paragraphs of 300 to 900 characters, `chars` long in all, different for each seed."""
    rng = random.Random(seed)
    paragraphs, length = [], 0
    while length < chars:
        words, size = [], rng.randint(300, 900)
        while sum(len(w) + 1 for w in words) < size:
            words.append(rng.choice(WORDS))
        paragraph = f"[{seed}-{len(paragraphs)}] " + " ".join(words).capitalize() + "."
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:chars].rstrip() + "."


def ensure_article(spec: dict, seed: int, user):
    """The article of `spec` with its statements: spread over the whole text, a third of them
    suggestions awaiting review, some nested in others."""
    from django.db import transaction

    from annotator.models import Actor, Article, Origin, Proposition, ReviewStatus, Stance, Statement

    article = Article.objects.filter(url=spec["url"]).first()
    if article is not None and Statement.objects.filter(article=article).count() == spec["statements"]:
        return article
    with transaction.atomic():
        if article is not None:
            Statement.objects.filter(article=article).delete()
            article.delete()
        body = body_text(spec["chars"], seed)
        article = Article(url=spec["url"], title=f"Reader benchmark ({spec['chars']:,} characters)", body=body, raw="")
        article.full_clean()
        article.save()
        speakers = [Actor.objects.get_or_create(name=f"Reader bench speaker {n}")[0] for n in range(20)]
        propositions = [Proposition.objects.get_or_create(text=f"Reader bench proposition {n}")[0] for n in range(20)]
        rng = random.Random(seed)
        step = len(body) / spec["statements"]
        rows = []
        for n in range(spec["statements"]):
            start = int(n * step)
            end = min(len(body), start + rng.randint(8, 120))
            while start < end and body[start].isspace():
                start += 1
            if start >= end:
                start, end = max(0, end - 5), end
            pending = n % 3 == 0
            rows.append(
                Statement(
                    article=article,
                    start=start,
                    end=end,
                    quote=body[start:end],
                    stance=Stance.DENIAL if n % 2 else Stance.CLAIM,
                    speaker=speakers[n % len(speakers)],
                    proposition=propositions[n % len(propositions)],
                    origin=Origin.SUGGESTED if pending else Origin.MANUAL,
                    review_status=ReviewStatus.PENDING if pending else ReviewStatus.ACCEPTED,
                    annotator=None if pending else user,
                )
            )
        Statement.objects.bulk_create(rows, batch_size=2_000)
    return article


def run(username: str, repeat: int, *, chars: int = LARGE["chars"], statements: int = LARGE["statements"]) -> dict:
    from django.contrib.auth import get_user_model

    from annotator.models import Statement
    from annotator.text.windows import window_at, window_bounds

    user = get_user_model().objects.get(username=username)
    spec = {**LARGE, "chars": chars, "statements": statements}
    if (chars, statements) != (LARGE["chars"], LARGE["statements"]):
        spec["url"] = f"{LARGE['url']}-{chars}-{statements}"
    large = ensure_article(spec, 1, user)
    normal = ensure_article(NORMAL, 2, user)
    client = logged_in_client(username)
    windows = window_bounds(large.body)
    middle = windows[len(windows) // 2]
    target = (
        Statement.objects.filter(article=large, start__gte=middle.start, start__lt=middle.end)
        .order_by("start", "id")
        .values_list("id", flat=True)
        .first()
    )
    held = {"X-Reader-Windows": "0", "X-Reader-Panel": "0-0"}
    base = f"/articles/{large.pk}/"
    requests = {
        f"large: first paint ({chars:,} chars, {statements:,} statements)": (base, {}),
        f"large: scroll to window {middle.index} of {len(windows)} (htmx)": (f"{base}?window={middle.index}", HTMX),
        "large: next panel page (htmx)": (f"{base}?panel=1", HTMX),
        "large: panel page 50 (htmx)": (f"{base}?panel=50", HTMX),
        "large: jump to a statement in the middle (htmx)": (f"{base}?statement={target}", {**HTMX, **held}),
        "large: opened on that statement (full page)": (f"{base}?statement={target}", {}),
        f"normal: reader ({NORMAL['chars']:,} chars, {NORMAL['statements']} statements)": (
            f"/articles/{normal.pk}/",
            {},
        ),
    }
    assert window_at(windows, 0).index == 0
    results = {}
    for label, (url, headers) in requests.items():
        results[label] = measure_get(client, url, repeat, headers)
        results[label]["cpu_median_ms"] = cpu_median(client, url, headers, repeat)
    return results


def cpu_median(client, url: str, headers: dict, repeat: int) -> float:
    """The process's CPU time per request: on a shared machine the wall time counts the
    neighbours' work too, the CPU time only this request's."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        client.get(url, headers=headers)
        times.append((time.process_time() - started) * 1000)
    return round(statistics.median(times), 2)


def rows(results: dict) -> list[list]:
    out = []
    for label, r in results.items():
        if "error" in r:
            out.append([label, r.get("status"), None, None, None, None])
        else:
            out.append([label, r["status"], r["queries"], r["median_ms"], r["p95_ms"], r.get("cpu_median_ms")])
    return out


HEADERS = ["request", "status", "queries", "median ms", "p95 ms", "CPU median ms"]
TITLE = "7. Reader of a long article in windows (server time, in process)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measure_reader", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--chars", type=int, default=LARGE["chars"])
    parser.add_argument("--statements", type=int, default=LARGE["statements"])
    args = parser.parse_args(argv)
    from .env import machine, setup

    setup()
    from . import stats
    from .generate import _users
    from .server import collectstatic

    collectstatic()  # pages render through the production settings' manifest storage

    names, _ = _users()
    results = run(names["reviewer"], args.repeat, chars=args.chars, statements=args.statements)
    info = machine()
    print(f"{info['database']} {info.get('postgresql', '')} · Python {info['python']} · {info.get('cpu', '')}")
    print(stats.table(TITLE, HEADERS, rows(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
