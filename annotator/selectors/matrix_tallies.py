"""The matrix's counts from the tallies the database keeps (models/tallies.py), when it
counts every canonical statement: the busiest actors and propositions by their
statements that name both a speaker and a proposition, and the cells between them.
The same numbers the statement queries of `browse.matrix` give, without reading the
statements (at a million, ranking them took 300-500 ms). For a reader of one project,
or `project=`, the same from the per-project tallies (models/project_tallies.py), summed
over the keys that answer (a project, and 0 with the default project)."""

from django.db.models import Sum

from annotator.models import PairTally, ProjectPairTally


def busiest(model, key: str, limit: int, include_pending: bool) -> tuple[dict[int, int], int]:
    """The `limit` ids (`key`) with the most such statements ({id: count}, busiest first,
    ties by id), and how many ids have any."""
    from .browse import _GroupCount

    column = "live_paired" if include_pending else "paired"
    rows = list(
        model.objects.filter(**{f"{column}__gt": 0})
        .annotate(groups=_GroupCount())
        .order_by(f"-{column}", key)
        .values_list(key, column, "groups")[:limit]
    )
    return {pk: n for pk, n, _ in rows}, (rows[0][2] if rows else 0)


def busiest_in(model, key: str, limit: int, include_pending: bool, buckets) -> tuple[dict[int, int], int]:
    """`busiest` among the statements of the articles of `buckets` (per-project tallies)."""
    from .browse import _GroupCount

    column = "live_paired" if include_pending else "paired"
    rows = list(
        model.objects.filter(project__in=sorted(buckets))
        .values(key)
        .annotate(n=Sum(column), groups=_GroupCount())
        .filter(n__gt=0)
        .order_by("-n", key)
        .values_list(key, "n", "groups")[:limit]
    )
    return {pk: n for pk, n, _ in rows}, (rows[0][2] if rows else 0)


def pairs_in(actor_ids: list[int], proposition_ids: list[int], include_pending: bool, buckets) -> list[dict]:
    """`pairs` among the statements of the articles of `buckets` (per-project tallies)."""
    rows = (
        ProjectPairTally.objects.filter(
            project__in=sorted(buckets), speaker_id__in=actor_ids, proposition_id__in=proposition_ids
        )
        .values("speaker_id", "proposition_id")
        .annotate(*(Sum(c) for c in ("claims", "denials", "live_claims", "live_denials")))
        .order_by()
        .values_list(
            "speaker_id", "proposition_id", *(f"{c}__sum" for c in ("claims", "denials", "live_claims", "live_denials"))
        )
    )
    return _cells(rows, include_pending)


def pairs(actor_ids: list[int], proposition_ids: list[int], include_pending: bool) -> list[dict]:
    """speaker_id, proposition_id, claims, denials and pending (of those claims and
    denials, suggestions awaiting review: none unless `include_pending`) for the pairs
    among these actors and propositions with any counted statement."""
    rows = PairTally.objects.filter(speaker_id__in=actor_ids, proposition_id__in=proposition_ids).values_list(
        "speaker_id", "proposition_id", "claims", "denials", "live_claims", "live_denials"
    )
    return _cells(rows, include_pending)


def _cells(rows, include_pending: bool) -> list[dict]:
    cells = []
    for speaker_id, proposition_id, claims, denials, live_claims, live_denials in rows:
        counted = (live_claims, live_denials) if include_pending else (claims, denials)
        if sum(counted):
            pending = live_claims + live_denials - claims - denials if include_pending else 0
            cells.append(
                {
                    "speaker_id": speaker_id,
                    "proposition_id": proposition_id,
                    "claims": counted[0],
                    "denials": counted[1],
                    "pending": pending,
                }
            )
    return cells
