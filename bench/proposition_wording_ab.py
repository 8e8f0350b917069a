"""A/B: the duplicate check of a new proposition's wording, before and after teams19e.

Before, a wording was unique in the installation: the check read `text__iexact` (an
UPPER() comparison no index serves, so a scan of the live propositions), and saving
then validated the unique constraint (one probe of its index on LOWER(text)). After,
the check reads the propositions the user may read through the plain LOWER(text)
index (migration 0020), and there is no constraint to validate. Measured on
`--propositions` live propositions (a tenth named by statements of a project the
member reads), all made inside one transaction that is rolled back: the database is
left as it was. The arms alternate, `--rounds` rounds of `--lookups` wordings each,
half of them taken, half new.

    DATABASE_URL=postgres://... python -m bench.proposition_wording_ab --rounds 7
"""

from __future__ import annotations

import argparse
import statistics
import time


def _before(text: str):
    """The check as it was (a copy, for the comparison): the lookup, then what full_clean
    asked of the unique constraint."""
    from django.db.models.functions import Lower

    from annotator.models import Proposition
    from annotator.selectors.duplicates import wording_key

    bare = " ".join(text.split()).rstrip(" .")
    live = Proposition.objects.filter(merged_into__isnull=True).order_by("id")
    candidates = live.filter(text__iexact=bare) | live.filter(text__iexact=f"{bare}.")
    found = next((p for p in candidates if wording_key(p.text) == wording_key(text)), None)
    if found is None:
        live.annotate(lowered=Lower("text")).filter(lowered=text.lower()).exists()
    return found


def _fill(count: int):
    """`count` live propositions, a tenth named in a project whose analyst is returned."""
    from django.contrib.auth import get_user_model

    from annotator.models import Article, Project, ProjectArticle, ProjectMember, Proposition, Source, Statement

    Proposition.objects.bulk_create(
        [Proposition(text=f"Bench wording number {n} of the wording bench.") for n in range(count)], batch_size=5000
    )
    project = Project.objects.create(name="Wording bench", slug="wording-bench")
    member = get_user_model().objects.create_user("wording-bench-member")
    ProjectMember.objects.create(project=project, user=member, role="analyst")
    source = Source.objects.first() or Source.objects.create(name="Bench outlet", slug="bench-outlet")
    body = "Officials said the strikes happened."
    article = Article.objects.create(title="Wording bench", body=body, source=source)
    ProjectArticle.objects.create(project=project, article=article)
    named = Proposition.objects.filter(text__startswith="Bench wording number").order_by("id")[: count // 10]
    Statement.objects.bulk_create(
        [Statement(article=article, start=0, end=9, quote="Officials", stance="claim", proposition=p) for p in named],
        batch_size=5000,
    )
    return member


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--propositions", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--lookups", type=int, default=50)
    args = parser.parse_args()
    from .env import setup

    setup(migrate=False)
    from django.db import connection, transaction

    from annotator.selectors.duplicates import proposition_worded

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            member = _fill(args.propositions)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE annotator_proposition")
            step = max(1, args.propositions // args.lookups)
            wordings = [
                f"bench WORDING number {n} of the wording bench" if i % 2 else f"A new wording {n}"
                for i, n in enumerate(range(0, args.propositions, step))
            ][: args.lookups]
            arms = {
                "A before (operator)": _before,
                "B after (operator)": lambda text: proposition_worded(text),
                "B after (member)": lambda text: proposition_worded(text, user=member),
            }
            for check in arms.values():  # warm the caches once
                check(wordings[0])
            times = {name: ([], []) for name in arms}
            for _ in range(args.rounds):
                for name, check in arms.items():
                    wall, cpu = time.perf_counter(), time.process_time()
                    for text in wordings:
                        check(text)
                    times[name][0].append((time.perf_counter() - wall) / len(wordings))
                    times[name][1].append((time.process_time() - cpu) / len(wordings))
            print(f"{args.propositions} live propositions, {len(wordings)} wordings a round, {args.rounds} rounds")
            print(f"{'arm':22} {'wall median ms':>15} {'wall min ms':>12} {'cpu median ms':>14}")
            for name, (walls, cpus) in times.items():
                print(
                    f"{name:22} {statistics.median(walls) * 1000:15.2f} {min(walls) * 1000:12.2f}"
                    f" {statistics.median(cpus) * 1000:14.2f}"
                )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
