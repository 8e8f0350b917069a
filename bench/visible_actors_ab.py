"""A/B: the cost of reading a merged-away actor as its target is (teams19d).

`projects_access._named_or_unnamed` used to let everyone read a record no statement
names, merged-away duplicates included; it now reads those as their target is. The extra
condition is evaluated only for rows no statement names; this measures the member's
actor list (count, first page by name, first page by claims) with the condition before
(A) and after (B), alternating, on the loaded archive split into the projects of
`measure_projects`.

    DATABASE_URL=... python -m bench.visible_actors_ab --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import time


def _before(user, queryset):
    """The condition as it was before this change (a copy, for the comparison)."""
    from django.db.models import Exists, OuterRef, Q

    from annotator.models import Statement
    from annotator.projects_access import article_condition

    condition = article_condition(user, "article_id")
    if condition is None:
        return queryset
    named = Statement.objects.filter(speaker=OuterRef("pk"))
    return queryset.filter(Q(Exists(named.filter(condition))) | ~Q(Exists(named)))


def _work(visible, member) -> None:
    from annotator.models import Actor
    from annotator.projects_counting import counting_within
    from annotator.selectors.resources import actor_queryset

    actors = visible(member, Actor.objects.all())
    actors.count()
    list(actors.order_by("name")[:50])
    counted = visible(member, actor_queryset(within=counting_within(member)))
    list(counted.order_by("-claim_count", "id")[:50])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from .env import setup

    setup(migrate=False)
    from django.contrib.auth import get_user_model

    from annotator.projects_access import visible_actors

    from .measure_projects import _setup, _teardown

    username = _setup()
    try:
        member = get_user_model().objects.get(username=username)
        variants = {"A before": _before, "B after": visible_actors}
        _work(visible_actors, member)  # warm the caches once
        times = {name: ([], []) for name in variants}
        for _ in range(args.rounds):
            for name, visible in variants.items():
                wall, cpu = time.perf_counter(), time.process_time()
                _work(visible, member)
                times[name][0].append(time.perf_counter() - wall)
                times[name][1].append(time.process_time() - cpu)
        print(f"member's actor list (count + 2 pages), {args.rounds} rounds alternating")
        print(f"{'variant':10} {'wall median s':>14} {'wall min s':>11} {'cpu median s':>13}")
        for name, (walls, cpus) in times.items():
            print(f"{name:10} {statistics.median(walls):14.3f} {min(walls):11.3f} {statistics.median(cpus):13.3f}")
    finally:
        _teardown()


if __name__ == "__main__":
    main()
