"""Who claims and who denies: per-speaker counts for many propositions in one query."""

from dataclasses import dataclass, field

from django.db.models import Count

from annotator.models import Stance, Statement


@dataclass
class StanceSummary:
    claim_count: int = 0
    denial_count: int = 0
    claimants: list[dict] = field(default_factory=list)
    deniers: list[dict] = field(default_factory=list)


def proposition_stance_summaries(
    proposition_ids: list[int], *, include_pending: bool = False, within=None
) -> dict[int, StanceSummary]:
    """For each proposition: claim and denial counts, and the speakers on each side, most
    statements first; accepted statements, pending suggestions too with `include_pending`.
    Statements without a named speaker count but list no one. Only statements meeting
    `within` (a Q: the reader's projects) when given."""
    summaries = {pk: StanceSummary() for pk in proposition_ids}
    if not proposition_ids:
        return summaries
    statements = Statement.objects.counted(include_pending=include_pending)
    if within is not None:
        statements = statements.filter(within)
    rows = (
        statements.filter(proposition_id__in=proposition_ids)
        .values("proposition_id", "stance", "speaker_id", "speaker__name")
        .annotate(n=Count("id"))
        .order_by("proposition_id", "stance", "-n", "speaker__name", "speaker_id")
    )
    for row in rows:
        summary = summaries[row["proposition_id"]]
        claim = row["stance"] == Stance.CLAIM
        if claim:
            summary.claim_count += row["n"]
        else:
            summary.denial_count += row["n"]
        if row["speaker_id"] is not None:
            side = summary.claimants if claim else summary.deniers
            side.append({"id": row["speaker_id"], "name": row["speaker__name"], "statements": row["n"]})
    return summaries
