"""Reads for adjudication: a double article's independent versions aligned in rows (one
statement per annotator at most), the differences within each row, and the canonical
statement already taken from it. Four queries whatever the number of statements."""

from dataclasses import dataclass, field

from annotator.agreement import Span, align_rows
from annotator.models import Article, Assignment, ProjectArticle, ReviewStatus, Statement

# What a reviewer compares, by the name the page shows; a row's differences name these.
COMPARED = ("span", "stance", "speaker", "proposition", "via")


@dataclass
class Version:
    number: int  # the key that picks it (1, 2, 3...), the annotator's column
    annotator: str
    statement: Statement | None


@dataclass
class Row:
    index: int
    versions: list[Version]
    differences: frozenset[str]
    canonical: Statement | None = None
    chosen_annotator: str = ""

    @property
    def ids(self) -> str:
        return ",".join(str(v.statement.pk) for v in self.versions if v.statement is not None)


@dataclass
class Adjudication:
    article: Article
    annotators: list[str]
    rows: list[Row] = field(default_factory=list)
    double: bool = False

    @property
    def decided(self) -> int:
        return sum(1 for row in self.rows if row.canonical is not None)


def _compared(statement: Statement) -> dict:
    return {
        "span": (statement.start, statement.end),
        "stance": statement.stance,
        "speaker": statement.speaker_id,
        "proposition": statement.proposition_id,
        "via": statement.via_id,
    }


def differences(statements: list[Statement]) -> frozenset[str]:
    """The compared fields on which the row's versions are not all the same (a version
    missing from the row is a difference of span)."""
    values = [_compared(s) for s in statements]
    return frozenset(name for name in COMPARED if len({repr(v[name]) for v in values}) > 1)


def adjudication_for(article: Article) -> Adjudication:
    versions = list(
        Statement.objects.filter(article=article, independent=True, annotator__isnull=False)
        .exclude(review_status=ReviewStatus.REJECTED)
        .select_related("speaker", "proposition", "via", "annotator")
        .order_by("start", "-end", "id")
    )
    canonical = list(
        Statement.objects.filter(article=article, independent=False, adjudicated_from__isnull=False).select_related(
            "speaker", "proposition", "via", "adjudicated_from__annotator"
        )
    )
    double_projects = ProjectArticle.objects.filter(article=article, double=True).values("project_id")
    assignees = list(
        Assignment.objects.filter(article=article, project_id__in=double_projects)
        .select_related("assignee")
        .order_by("assignee__username")
        .distinct()
    )
    people = {a.assignee.pk: a.assignee.get_username() for a in assignees}
    for s in versions:
        people.setdefault(s.annotator_id, s.annotator.get_username())
    order = sorted(people, key=lambda pk: (people[pk], pk))
    by_annotator = {pk: [s for s in versions if s.annotator_id == pk] for pk in order}
    statement_of = {s.pk: s for s in versions}
    taken_from = {c.adjudicated_from_id: c for c in canonical}
    rows = []
    spans = {
        pk: [Span(s.pk, s.start, s.end, s.stance, s.speaker_id, s.proposition_id, s.via_id) for s in mine]
        for pk, mine in by_annotator.items()
    }
    for index, aligned in enumerate(align_rows(spans)):
        row_versions = [
            Version(n, people[pk], statement_of[aligned[pk].key] if pk in aligned else None)
            for n, pk in enumerate(order, start=1)
        ]
        present = [v.statement for v in row_versions if v.statement is not None]
        row = Row(index=index, versions=row_versions, differences=differences(present) | _missing(row_versions))
        for statement in present:
            if statement.pk in taken_from:
                row.canonical = taken_from[statement.pk]
                row.chosen_annotator = people[statement.annotator_id]
        rows.append(row)
    return Adjudication(
        article=article,
        annotators=[people[pk] for pk in order],
        rows=rows,
        double=bool(assignees) or bool(versions),
    )


def _missing(versions: list[Version]) -> frozenset[str]:
    return frozenset({"span"}) if any(v.statement is None for v in versions) else frozenset()
