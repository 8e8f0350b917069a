"""Two reviewers decide the same row at the same moment, on real connections, each
choosing a different annotator's version: exactly one canonical statement results, and
the other reviewer is told who decided what."""

import pytest

from annotator.models import Statement
from annotator.services.adjudication import AdjudicationConflict, statement_adjudicate
from tests.security.test_concurrency import race

from .conftest import mark

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_of_two_reviewers_deciding_one_row_at_once_exactly_one_decides(team, make_user):
    a = mark(team.article, team.alice, "denied accusations")
    b = mark(team.article, team.bob, "denied accusations", stance="denial")
    otto = make_user("reviewer", username="otto")
    row = [a.pk, b.pk]
    outcomes = race(
        [
            lambda: statement_adjudicate(chosen=a.pk, chosen_version=a.version, row=row, reviewer=team.rita),
            lambda: statement_adjudicate(chosen=b.pk, chosen_version=b.version, row=row, reviewer=otto),
        ]
    )
    winners = [o for o in outcomes if isinstance(o, Statement)]
    losers = [o for o in outcomes if isinstance(o, AdjudicationConflict)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert Statement.objects.filter(independent=False, adjudicated_from__in=row).count() == 1
    assert "Already adjudicated by" in str(losers[0])
