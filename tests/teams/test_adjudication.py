"""A reviewer takes one annotator's version of each aligned statement into the canonical
set: recorded with who decided, from whose version; a row decided by someone else
meanwhile is a conflict, never overwritten."""

import pytest

from annotator.models import Statement
from annotator.selectors.adjudication import adjudication_for
from annotator.services.adjudication import AdjudicationConflict, statement_adjudicate
from tests.factories import ActorFactory, PropositionFactory

from .conftest import mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions(team):
    """alice and bob both mark "denied accusations", bob two characters shorter and as a
    denial by another speaker; only alice marks "never been involved"."""
    kirby, proposition = ActorFactory(name="Kirby"), PropositionFactory()
    a1 = mark(team.article, team.alice, "denied accusations", speaker=kirby, proposition=proposition)
    b1 = mark(team.article, team.bob, "denied accusations", stance="denial", proposition=proposition, shift=(0, -2))
    a2 = mark(team.article, team.alice, "never been involved")
    return a1, b1, a2


def test_versions_are_aligned_in_rows_with_their_differences(team, versions):
    a1, b1, a2 = versions
    adjudication = adjudication_for(team.article)
    assert adjudication.annotators == ["alice", "bob"]
    first, second = adjudication.rows
    assert [v.statement for v in first.versions] == [a1, b1]
    assert first.differences == {"span", "stance", "speaker"}
    assert [v.statement for v in second.versions] == [a2, None]
    assert second.differences == {"span"}  # bob has no version: that is the difference


def test_the_rows_cost_the_same_queries_for_few_and_many_statements(team, versions, django_assert_num_queries):
    with django_assert_num_queries(3):
        adjudication_for(team.article)
    for _ in range(5):
        mark(team.article, team.bob, "Pentagon spokesperson")
    with django_assert_num_queries(3):
        adjudication_for(team.article)


def test_taking_a_version_makes_a_canonical_copy_recorded_in_the_history(team, versions):
    a1, b1, _ = versions
    canonical = statement_adjudicate(chosen=b1.pk, chosen_version=b1.version, row=[a1.pk, b1.pk], reviewer=team.rita)
    assert canonical.independent is False
    assert canonical.adjudicated_from == b1
    assert canonical.annotator == team.bob
    assert (canonical.start, canonical.end, canonical.stance) == (b1.start, b1.end, "denial")
    record = canonical.history.latest()
    assert record.history_user == team.rita
    assert record.history_change_reason == "adjudicated by rita from bob's version"
    assert list(Statement.objects.counted()) == [canonical]


def test_a_row_decided_by_someone_else_meanwhile_is_a_conflict(team, versions, make_user):
    a1, b1, _ = versions
    other = make_user("reviewer", username="otto")
    statement_adjudicate(chosen=a1.pk, chosen_version=a1.version, row=[a1.pk, b1.pk], reviewer=other)
    with pytest.raises(AdjudicationConflict, match="Already adjudicated by otto from alice's version"):
        statement_adjudicate(chosen=b1.pk, chosen_version=b1.version, row=[a1.pk, b1.pk], reviewer=team.rita)
    assert Statement.objects.filter(independent=False).count() == 1


def test_a_version_changed_since_the_page_was_loaded_is_a_conflict(team, versions):
    a1, b1, _ = versions
    with pytest.raises(AdjudicationConflict, match="alice's version was changed"):
        statement_adjudicate(chosen=a1.pk, chosen_version=a1.version + 5, row=[a1.pk, b1.pk], reviewer=team.rita)
    assert not Statement.objects.filter(independent=False).exists()


def test_changing_ones_mind_replaces_the_canonical_statement_in_place(team, versions):
    a1, b1, _ = versions
    first = statement_adjudicate(chosen=a1.pk, chosen_version=a1.version, row=[a1.pk, b1.pk], reviewer=team.rita)
    second = statement_adjudicate(
        chosen=b1.pk,
        chosen_version=b1.version,
        row=[a1.pk, b1.pk],
        reviewer=team.rita,
        replaces=first.pk,
        replaces_version=first.version,
    )
    assert second.pk == first.pk and second.adjudicated_from == b1 and second.stance == "denial"
    assert [r.history_change_reason for r in second.history.order_by("history_id")] == [
        "adjudicated by rita from alice's version",
        "adjudicated by rita from bob's version",
    ]


def test_the_decide_view_answers_a_conflict_with_the_rows_as_they_are(team, versions, client, make_user):
    a1, b1, _ = versions
    statement_adjudicate(
        chosen=a1.pk, chosen_version=a1.version, row=[a1.pk, b1.pk], reviewer=make_user("reviewer", username="otto")
    )
    client.force_login(team.rita)
    form = {"chosen": b1.pk, "chosen_version": b1.version, "row": f"{a1.pk},{b1.pk}", "row_index": "0"}
    response = client.post(f"/articles/{team.article.pk}/adjudicate/decide", form, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "Already adjudicated by otto from alice&#x27;s version" in page
    assert "1 of 2 rows decided" in page


def test_the_decide_view_refuses_a_malformed_row_with_400(team, versions, client):
    client.force_login(team.rita)
    response = client.post(f"/articles/{team.article.pk}/adjudicate/decide", {"chosen": "x", "row": ""})
    assert response.status_code == 400


def test_an_analyst_of_the_project_may_not_adjudicate(team, versions, client):
    client.force_login(team.alice)
    assert client.get(f"/articles/{team.article.pk}/adjudicate/").status_code == 403
