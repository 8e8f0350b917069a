"""A proposition worded as one only another project's statements use is none of this
member's business, as a speaker's name is (test_speaker_names_across.py): wording one
"Jets struck near Bogota" in project A, while only project B's statements name a
proposition so worded, neither refuses it (which told A that B has it) nor links A's
statement to B's record (whose topics and history are B's). A's proposition is created as
A's own, through the form, htmx, the API's create and rewording, and an undone merge; a
proposition A may read is still offered (or reused) instead of a duplicate, and an
administrator, who reads both, is still told of the other and may merge the two."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from annotator.models import Proposition, Statement
from annotator.services.propositions import proposition_create, proposition_merge
from annotator.services.records import DuplicateRecord
from annotator.services.tokens import token_create
from annotator.services.unmerge import proposition_unmerge
from tests.factories import PropositionFactory, StatementFactory
from tests.statement_posts import signed_in
from tests.views.test_statements import form_data

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
B_WORDING = "jets struck near  BOGOTA"  # B's "Jets struck near Bogota.", case, spacing and full stop aside


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user, name='script')[1]}")
    return client


def _typed(team, wording: str) -> dict:
    """The statement form of `team`'s article with a new proposition typed as `wording`."""
    return form_data(
        team["article"], "denied the strikes", speaker=team["actor"], proposition="new", proposition_query=wording
    )


def _says_nothing_of_bs_proposition(two_teams, text: str) -> None:
    b_proposition = two_teams["B"]["proposition"]
    assert "already exists" not in text and "taken" not in text
    assert f"/propositions/{b_proposition.pk}/" not in text
    assert f'name="proposition" value="{b_proposition.pk}"' not in text


@pytest.mark.parametrize("headers", [None, HTMX], ids=["form", "htmx"])
def test_typing_a_wording_only_project_b_uses_makes_alices_own_proposition(two_teams, headers):
    a, b = two_teams["A"], two_teams["B"]
    data = _typed(a, B_WORDING)
    response = signed_in(a["member"]).post(f"/articles/{a['article'].pk}/statements/new", data, headers=headers or {})
    assert response.status_code in (200, 302)
    _says_nothing_of_bs_proposition(two_teams, response.content.decode())
    statement = Statement.objects.exclude(pk=a["statement"].pk).get(article=a["article"])
    assert statement.proposition_id != b["proposition"].pk
    assert statement.proposition.text == "jets struck near BOGOTA"
    # B's proposition is untouched and still out of Alice's sight.
    assert Proposition.objects.get(pk=b["proposition"].pk).text == "Jets struck near Bogota."
    assert signed_in(a["member"]).get(f"/propositions/{b['proposition'].pk}/").status_code == 404
    # Typed again, Alice's own proposition is the one reused: no duplicate of it.
    again = signed_in(a["member"]).post(f"/articles/{a['article'].pk}/statements/new", data, headers=HTMX)
    assert again.status_code == 200
    assert {s.proposition_id for s in Statement.objects.filter(article=a["article"]).exclude(pk=a["statement"].pk)} == {
        statement.proposition_id
    }


def test_typing_a_wording_alice_may_read_still_reuses_that_proposition(two_teams):
    a = two_teams["A"]
    data = _typed(a, "JETS struck near Ankara")
    signed_in(a["member"]).post(f"/articles/{a['article'].pk}/statements/new", data, headers=HTMX)
    assert Statement.objects.exclude(pk=a["statement"].pk).get(article=a["article"]).proposition == a["proposition"]
    assert Proposition.objects.filter(text__iexact="jets struck near ankara.").count() == 1


def test_the_api_creates_a_proposition_worded_like_project_bs_and_annotates_with_it(two_teams):
    a, b = two_teams["A"], two_teams["B"]
    api = _api(a["member"])
    created = api.post("/api/v1/propositions/", {"text": B_WORDING}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["id"] != b["proposition"].pk and "existing_id" not in created.json()
    body = {"article": a["article"].pk, "start": 14, "end": 32, "stance": "denial", "proposition": created.json()["id"]}
    body["speaker"] = a["actor"].pk
    assert api.post("/api/v1/statements/", body, format="json").status_code == 201
    # Alice's own proposition of that wording she can see: creating it again is the usual duplicate.
    again = api.post("/api/v1/propositions/", {"text": "Jets struck near Bogota."}, format="json")
    assert again.status_code == 400 and again.json()["existing_id"] == created.json()["id"]
    # So is one of her project's own.
    own = api.post("/api/v1/propositions/", {"text": "Jets struck near Ankara"}, format="json")
    assert own.status_code == 400 and own.json()["existing_id"] == a["proposition"].pk


def test_the_api_rewords_a_proposition_into_a_wording_only_project_b_uses(two_teams):
    a = two_teams["A"]
    api = _api(a["member"])
    read = api.get(f"/api/v1/propositions/{a['proposition'].pk}/").json()
    change = {"text": "Jets struck near BOGOTA.", "updated_at": read["updated_at"]}
    reworded = api.patch(f"/api/v1/propositions/{a['proposition'].pk}/", change, format="json")
    assert reworded.status_code == 200, reworded.json()
    _says_nothing_of_bs_proposition(two_teams, reworded.content.decode())
    assert Proposition.objects.filter(text__iexact="jets struck near bogota.").count() == 2


def test_an_administrator_who_reads_both_is_told_and_may_merge_the_two(two_teams, django_user_model):
    a, b = two_teams["A"], two_teams["B"]
    root = django_user_model.objects.get(username="root")
    alices = proposition_create(text=B_WORDING, user=a["member"])
    with pytest.raises(DuplicateRecord) as refused:
        proposition_create(text="Jets struck near Bogota", user=root)
    assert refused.value.existing.pk == b["proposition"].pk  # the oldest of the two
    StatementFactory(article=a["article"], text="Officials", proposition=alices)
    merged = proposition_merge(source=alices, target=b["proposition"], user=root)
    assert merged.pk == b["proposition"].pk
    assert set(Statement.objects.filter(article=a["article"]).values_list("proposition_id", flat=True)) >= {merged.pk}


def test_an_undone_merge_brings_back_a_wording_only_project_b_uses_as_alices_own(two_teams, make_user):
    """Undoing a merge brings the merged proposition's wording back: a live one the
    reviewer may read, worded so, refuses it (a duplicate); one only B uses does not."""
    from annotator.models import ProjectMember, ProjectRole

    a = two_teams["A"]
    reviewer = make_user(None, username="rhea")
    ProjectMember.objects.create(project=a["project"], user=reviewer, role=ProjectRole.REVIEWER)
    rewording = PropositionFactory(text="Jets struck near Bogota.")  # as B's: no longer refused
    StatementFactory(article=a["article"], text="Officials", proposition=rewording)
    proposition_merge(source=rewording, target=a["proposition"], user=reviewer)
    assert proposition_unmerge(proposition=rewording, user=reviewer).merged_into_id is None
    # Merged again, and Alice's project now has a proposition worded so: refused, nothing changes.
    proposition_merge(source=rewording, target=a["proposition"], user=reviewer)
    own = proposition_create(text="Jets struck near Bogota", user=reviewer)
    with pytest.raises(ValidationError, match="already exists"):
        proposition_unmerge(proposition=rewording, user=reviewer)
    assert own.merged_into_id is None
    assert Proposition.objects.get(pk=rewording.pk).merged_into_id == a["proposition"].pk
