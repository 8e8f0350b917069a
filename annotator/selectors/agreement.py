"""Reads for agreement: a project's doubly annotated articles and their annotators'
independent versions, as the pure `annotator.agreement` module takes them. Five queries
whatever the number of articles, annotators and statements."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from annotator.agreement import ProjectAgreement, Span, project_agreement
from annotator.models import Article, Assignment, Project, ProjectArticle, ReviewStatus, Statement


@dataclass
class DoubleArticle:
    pk: int
    title: str
    annotators: list[str]
    versions: int  # independent statements made
    adjudicated: int  # canonical statements taken from them


@dataclass
class AgreementData:
    project: Project
    result: ProjectAgreement
    names: dict[int, str]  # annotator id → username
    articles: list[DoubleArticle]
    titles: dict[int, str]

    def pair_label(self, pair: tuple[int, int]) -> str:
        return f"{self.names.get(pair[0], pair[0])} / {self.names.get(pair[1], pair[1])}"


def project_by_slug(slug: str) -> Project | None:
    return Project.objects.filter(slug=slug).first()


def _span(row) -> Span:
    pk, _article, _annotator, start, end, stance, speaker, proposition, via = row
    return Span(pk, start, end, stance, speaker, proposition, via)


def project_agreement_data(project: Project) -> AgreementData:
    double = ProjectArticle.objects.filter(project=project, double=True).values("article_id")
    assignees = list(
        Assignment.objects.filter(project=project, article_id__in=double).values_list("article_id", "assignee_id")
    )
    statements = list(
        Statement.objects.filter(article_id__in=double, independent=True, annotator__isnull=False)
        .exclude(review_status=ReviewStatus.REJECTED)
        .values_list(
            "id", "article_id", "annotator_id", "start", "end", "stance", "speaker_id", "proposition_id", "via_id"
        )
        .order_by("article_id", "start", "id")
    )
    articles = list(
        Article.objects.filter(pk__in=double)
        .only("id", "title")
        .annotate(
            adjudicated=Count(
                "statements", filter=Q(statements__adjudicated_from__isnull=False, statements__independent=False)
            )
        )
        .order_by("id")
    )
    # Everyone assigned has a version, empty or not: a statement nobody else marked counts.
    annotations: dict[int, dict[int, list[Span]]] = {a.pk: {} for a in articles}
    for article_id, assignee_id in assignees:
        annotations[article_id].setdefault(assignee_id, [])
    for row in statements:
        annotations[row[1]].setdefault(row[2], []).append(_span(row))
    people = {who for versions in annotations.values() for who in versions}
    names = dict(get_user_model().objects.filter(pk__in=people).values_list("pk", "username"))
    result = project_agreement(annotations, order=lambda pk: (names.get(pk, ""), pk))
    titles = {a.pk: a.display_title for a in articles}
    return AgreementData(
        project=project,
        result=result,
        names=names,
        titles=titles,
        articles=[
            DoubleArticle(
                pk=a.pk,
                title=titles[a.pk],
                annotators=sorted(names.get(who, str(who)) for who in annotations[a.pk]),
                versions=sum(len(v) for v in annotations[a.pk].values()),
                adjudicated=a.adjudicated,
            )
            for a in articles
        ],
    )
