import pytest

from annotator.models import ProjectMember, ProjectRole
from annotator.services.projects import project_articles_add, project_create
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory


@pytest.fixture
def two_teams(make_user, django_user_model):
    """Project A and project B, each with an article, a speaker and a proposition of its
    own; `alice` analyses A only, `bob` B only; neither has a site-wide role."""
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    alice, bob = make_user(None, username="alice"), make_user(None, username="bob")
    teams = {}
    for name, member, word in (("Desk A", alice, "Ankara"), ("Desk B", bob, "Bogota")):
        project = project_create(name=name, user=admin)
        ProjectMember.objects.create(project=project, user=member, role=ProjectRole.ANALYST)
        article = ArticleFactory(title=f"Report from {word}", body=f"Officials in {word} denied the strikes.")
        project_articles_add(project=project, article_ids=[article.pk], user=admin, imported=True)
        actor = ActorFactory(name=f"Mayor of {word}")
        proposition = PropositionFactory(text=f"Jets struck near {word}.")
        statement = StatementFactory(article=article, text="denied the strikes", speaker=actor, proposition=proposition)
        teams[name[-1]] = {
            "project": project,
            "member": member,
            "article": article,
            "actor": actor,
            "proposition": proposition,
            "statement": statement,
            "word": word,
        }
    return teams
