"""The counts the tallies must hold, recounted from the statements by the rules the pages
used before the tallies (StatementQuerySet.counted), and the tallies as stored; the same
for the per-project tallies, recounted in Python from each statement and its article's
projects (a different way of counting than the triggers' SQL)."""

from django.db.models import Count, Q

from annotator.models import (
    ActorTally,
    ArticleTally,
    PairTally,
    ProjectActorTally,
    ProjectArticle,
    ProjectOverlap,
    ProjectPairTally,
    ProjectPropositionTally,
    PropositionTally,
    ReviewStatus,
    Stance,
    Statement,
)

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


# The per-project tallies (models/project_tallies.py): a statement counts once in every
# project its article is linked to, in project 0 when its article is in none.

UNLINKED = 0


def _counted_ids(pending: bool) -> set[int]:
    return set(Statement.objects.counted(include_pending=pending).values_list("pk", flat=True))


def project_recount() -> dict:
    links: dict[int, list[int]] = {}
    for project_id, article_id in ProjectArticle.objects.values_list("project_id", "article_id"):
        links.setdefault(article_id, []).append(project_id)
    accepted, live = _counted_ids(False), _counted_ids(True)
    result = {"actors": {}, "propositions": {}, "pairs": {}}

    def add(table: str, key: tuple, statement: dict, paired_with: str | None) -> None:
        counts = result[table].setdefault(key, dict.fromkeys((*STANCE_COLUMNS, *EXTRA[table]), 0))
        stance = "claims" if statement["stance"] == Stance.CLAIM else "denials"
        counts[stance] += statement["pk"] in accepted
        counts[f"live_{stance}"] += statement["pk"] in live
        if paired_with is not None:
            counts["paired"] += statement["pk"] in accepted and statement[paired_with] is not None
            counts["live_paired"] += statement["pk"] in live and statement[paired_with] is not None
            counts["named"] += 1

    for statement in Statement.objects.values("pk", "article_id", "speaker_id", "proposition_id", "stance"):
        for project in links.get(statement["article_id"], [UNLINKED]):
            speaker, proposition = statement["speaker_id"], statement["proposition_id"]
            if speaker is not None:
                add("actors", (project, speaker), statement, "proposition_id")
            if proposition is not None:
                add("propositions", (project, proposition), statement, "speaker_id")
            if speaker is not None and proposition is not None:
                add("pairs", (project, speaker, proposition), statement, None)
    return {table: {k: v for k, v in rows.items() if any(v.values())} for table, rows in result.items()}


EXTRA = {"actors": ("paired", "live_paired", "named"), "propositions": ("paired", "live_paired", "named"), "pairs": ()}


def project_tallies() -> dict:
    return {
        "actors": _stored(ProjectActorTally, ("project", "actor_id"), (*STANCE_COLUMNS, *EXTRA["actors"])),
        "propositions": _stored(
            ProjectPropositionTally, ("project", "proposition_id"), (*STANCE_COLUMNS, *EXTRA["propositions"])
        ),
        "pairs": _stored(ProjectPairTally, ("project", "speaker_id", "proposition_id"), STANCE_COLUMNS),
    }


# The project links' copies (migrations 0020 and 0021 of scale19): each link's date is
# its article's, and each two projects share as many articles as their links say.


def link_dates() -> dict:
    return dict(ProjectArticle.objects.values_list("pk", "published_at"))


def link_dates_expected() -> dict:
    return dict(ProjectArticle.objects.values_list("pk", "article__published_at"))


def overlap_recount() -> dict:
    projects_of: dict[int, list[int]] = {}
    for project_id, article_id in ProjectArticle.objects.values_list("project_id", "article_id"):
        projects_of.setdefault(article_id, []).append(project_id)
    shared: dict[tuple[int, int], int] = {}
    for projects in projects_of.values():
        ordered = sorted(projects)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                shared[(a, b)] = shared.get((a, b), 0) + 1
    return shared


def overlap_stored() -> dict:
    return {(a, b): n for a, b, n in ProjectOverlap.objects.values_list("project_a", "project_b", "articles") if n}
