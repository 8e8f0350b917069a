"""5. Suggester throughput: articles per second, on the generated bodies."""

from __future__ import annotations

import time

from annotator.models import Actor, Article, Source

from .generate import BENCH_URL


def run(count: int) -> dict:
    from annotator.suggest import ActorIndex, ActorName, SourceName, suggest

    bodies = list(
        Article.objects.filter(url__startswith=BENCH_URL).order_by("id").values_list("body", flat=True)[:count]
    )
    sources = [SourceName(s.pk, s.name, tuple(s.aliases)) for s in Source.objects.all()]
    actors = [ActorName(a.pk, a.name, tuple(a.aliases), a.role) for a in Actor.objects.filter(merged_into__isnull=True)]
    result = {"articles": len(bodies), "known_actors": len(actors)}
    # Indexed once, as the product does (`known_actor_index`, rebuilt only when actors change).
    started = time.perf_counter()
    index = ActorIndex(tuple(actors))
    result["actor_index_seconds"] = round(time.perf_counter() - started, 3)
    for label, kwargs in (("text only", {}), ("with known sources and actors", {"sources": sources, "actors": index})):
        found = 0
        started = time.perf_counter()
        for body in bodies:
            found += len(suggest(body, **kwargs))
        seconds = time.perf_counter() - started
        result[label] = {
            "seconds": round(seconds, 2),
            "articles_per_s": round(len(bodies) / seconds, 1),
            "suggestions": found,
        }
    return result
