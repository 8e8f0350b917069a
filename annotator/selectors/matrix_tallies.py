"""The matrix's counts from the tallies the database keeps (models/tallies.py), when it
counts every canonical statement: the busiest actors and propositions by their
statements that name both a speaker and a proposition, and the cells between them.
The same numbers the statement queries of `browse.matrix` give, without reading the
statements (at a million, ranking them took 300-500 ms)."""

from annotator.models import PairTally


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


def pairs(actor_ids: list[int], proposition_ids: list[int], include_pending: bool) -> list[dict]:
    """speaker_id, proposition_id, claims, denials and pending (of those claims and
    denials, suggestions awaiting review: none unless `include_pending`) for the pairs
    among these actors and propositions with any counted statement."""
    rows = PairTally.objects.filter(speaker_id__in=actor_ids, proposition_id__in=proposition_ids).values_list(
        "speaker_id", "proposition_id", "claims", "denials", "live_claims", "live_denials"
    )
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
