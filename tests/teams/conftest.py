"""A team of three on one project: analysts alice and bob, reviewer rita (project roles;
all three are site analysts, so only the project makes rita a reviewer), with one
doubly annotated article assigned to both analysts."""

from dataclasses import dataclass

import pytest

from annotator.models import Assignment, Project, ProjectArticle, ProjectMember, ProjectRole
from annotator.services.statements import statement_create
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory


@dataclass
class Team:
    project: Project
    alice: object
    bob: object
    rita: object
    article: object


@pytest.fixture
def team(make_user):
    project = Project.objects.create(name="Iran strikes", slug="iran-strikes")
    alice, bob, rita = (make_user("analyst", username=name) for name in ("alice", "bob", "rita"))
    for user, role in ((alice, ProjectRole.ANALYST), (bob, ProjectRole.ANALYST), (rita, ProjectRole.REVIEWER)):
        ProjectMember.objects.create(project=project, user=user, role=role)
    article = ArticleFactory(title="Iran denies strikes")
    ProjectArticle.objects.create(project=project, article=article, double=True)
    for user in (alice, bob):
        Assignment.objects.create(project=project, article=article, assignee=user, assigned_by=rita)
    return Team(project, alice, bob, rita, article)


def mark(article, user, text, *, stance="claim", speaker=None, proposition=None, via=None, shift=(0, 0)):
    """`user` marks `text` in the article (its span moved by `shift`) through the service."""
    start = article.body.index(text) + shift[0]
    end = start + len(text) + shift[1] - shift[0]
    return statement_create(
        article=article,
        start=start,
        end=end,
        stance=stance,
        speaker=speaker or ActorFactory(),
        proposition=proposition or PropositionFactory(),
        via=via,
        annotator=user,
    )
