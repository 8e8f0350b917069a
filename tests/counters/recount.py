"""The counts the tallies must hold, recounted from the statements by the rules the pages
used before the tallies (StatementQuerySet.counted), and the tallies as stored."""

from django.db.models import Count, Q

from annotator.models import ActorTally, ArticleTally, PairTally, PropositionTally, ReviewStatus, Stance, Statement

STANCES = {"claims": Q(stance=Stance.CLAIM), "denials": Q(stance=Stance.DENIAL)}


def _grouped(keys: tuple[str, ...], extra: dict[str, tuple[bool, Q]] | None = None) -> dict:
    """{key(s): {column: n}} over statements with every key set, all-zero rows left out."""
    columns = {}
    for pending, prefix in ((False, ""), (True, "live_")):
        counted = Q(pk__in=Statement.objects.counted(include_pending=pending).values("pk"))
        for name, stance in STANCES.items():
            columns[f"{prefix}{name}"] = Count("pk", filter=counted & stance)
    for name, (pending, condition) in (extra or {}).items():
        counted = Q(pk__in=Statement.objects.counted(include_pending=pending).values("pk"))
        columns[name] = Count("pk", filter=counted & condition)
    rows = (
        Statement.objects.filter(**{f"{key}__isnull": False for key in keys})
        .values(*keys)
        .annotate(**columns)
        .order_by()
    )
    result = {}
    for row in rows:
        counts = {name: row[name] for name in columns}
        if any(counts.values()):
            result[tuple(row[key] for key in keys)] = counts
    return result


def recount() -> dict:
    articles = _grouped(("article_id",))
    pending = Statement.objects.filter(review_status=ReviewStatus.PENDING).values("article_id").annotate(n=Count("pk"))
    for row in pending.order_by():
        base = {"claims": 0, "denials": 0, "live_claims": 0, "live_denials": 0}
        articles.setdefault((row["article_id"],), base)["pending"] = row["n"]
    for counts in articles.values():
        counts.setdefault("pending", 0)
    paired = {
        "paired": (False, Q(proposition__isnull=False)),
        "live_paired": (True, Q(proposition__isnull=False)),
    }
    spoken = {"paired": (False, Q(speaker__isnull=False)), "live_paired": (True, Q(speaker__isnull=False))}
    return {
        "articles": articles,
        "actors": _grouped(("speaker_id",), paired),
        "propositions": _grouped(("proposition_id",), spoken),
        "pairs": _grouped(("speaker_id", "proposition_id")),
    }


def _stored(model, keys: tuple[str, ...], columns: tuple[str, ...]) -> dict:
    result = {}
    for row in model.objects.values(*keys, *columns):
        counts = {name: row[name] for name in columns}
        if any(counts.values()):
            result[tuple(row[key] for key in keys)] = counts
    return result


STANCE_COLUMNS = ("claims", "denials", "live_claims", "live_denials")


def tallies() -> dict:
    return {
        "articles": _stored(ArticleTally, ("article_id",), (*STANCE_COLUMNS, "pending")),
        "actors": _stored(ActorTally, ("actor_id",), (*STANCE_COLUMNS, "paired", "live_paired")),
        "propositions": _stored(PropositionTally, ("proposition_id",), (*STANCE_COLUMNS, "paired", "live_paired")),
        "pairs": _stored(PairTally, ("speaker_id", "proposition_id"), STANCE_COLUMNS),
    }
