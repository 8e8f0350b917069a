"""Creating, editing, deleting and restoring statements from the reader: full and htmx answers,
form errors, stale edits, and what each role may do."""

import json

import pytest

from annotator.models import Actor, ActorKind, Origin, Proposition, ReviewStatus, Stance, Statement
from annotator.services.statements import statement_delete, statement_update
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.fixture
def kirby():
    return ActorFactory(name="John Kirby", role="Pentagon spokesperson", aliases=["Kirby"])


def selection(article, text, **extra):
    start = article.body.index(text)
    return {"start": start, "end": start + len(text), "quote": text, **extra}


def form_data(article, text, *, speaker, stance=Stance.CLAIM, **extra):
    data = {
        **selection(article, text),
        "stance": stance,
        "speaker": str(speaker.pk) if hasattr(speaker, "pk") else speaker,
        "speaker_query": getattr(speaker, "name", ""),
        "proposition": "",
        "proposition_query": "",
        "via": "",
        "cue": "",
        "direct": "0",
        "responds_to": "",
        "note": "",
    }
    data.update(extra)
    return data


def edit_data(statement, **changes):
    data = {
        "start": statement.start,
        "end": statement.end,
        "quote": statement.quote,
        "version": statement.version,
        "stance": statement.stance,
        "speaker": str(statement.speaker_id or ""),
        "speaker_query": statement.speaker.name if statement.speaker else "",
        "proposition": str(statement.proposition_id or ""),
        "proposition_query": statement.proposition.text if statement.proposition else "",
        "via": statement.via_id or "",
        "cue": statement.cue,
        "direct": "1" if statement.direct else "0",
        "responds_to": statement.responds_to_id or "",
        "note": statement.note,
    }
    data.update(changes)
    return data


# ---- new -------------------------------------------------------------------------------------


def test_selecting_text_opens_the_form_with_the_quote_and_stance(client, analyst, article):
    client.force_login(analyst)
    response = client.get(
        f"/articles/{article.pk}/statements/new", {**selection(article, "denied accusations"), "stance": "denial"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    quote = '<blockquote class="form-quote" id="statement-form-quote" dir="auto" data-span-text aria-live="polite">'
    assert quote + "denied accusations</blockquote>" in html
    assert 'value="denial" id="id_stance_1" required checked' in html


def test_the_form_opens_as_a_partial_for_htmx_and_inside_the_whole_reader_otherwise(client, analyst, article):
    client.force_login(analyst)
    url = f"/articles/{article.pk}/statements/new"
    partial = client.get(url, selection(article, "there were"), headers=HTMX).content.decode()
    assert partial.lstrip().startswith('<div id="statement-form-slot"') and "<html" not in partial
    full = client.get(url, selection(article, "there were")).content.decode()
    assert "<html" in full and 'id="statement-form"' in full and 'id="article-body"' in full


def test_a_selection_that_does_not_match_the_text_is_reported_when_the_form_opens(client, analyst, article):
    client.force_login(analyst)
    response = client.get(
        f"/articles/{article.pk}/statements/new", {"start": 0, "end": 5, "quote": "Tehran"}, headers=HTMX
    )
    assert "does not match the article" in response.content.decode()


def test_saving_a_claim_over_htmx_updates_body_panel_and_notice_together(client, analyst, article, kirby):
    client.force_login(analyst)
    response = client.post(
        f"/articles/{article.pk}/statements/new", form_data(article, "there were", speaker=kirby), headers=HTMX
    )
    statement = Statement.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert (statement.quote, statement.stance, statement.speaker, statement.annotator) == (
        "there were",
        Stance.CLAIM,
        kirby,
        analyst,
    )
    assert statement.origin == Origin.MANUAL and statement.review_status == ReviewStatus.ACCEPTED
    assert html.lstrip().startswith('<div id="statement-form-slot" class="statement-form-slot"></div>')
    for region in ("article-body", "statement-panel", "reader-notice"):
        assert f'id="{region}"' in html
    assert html.count('hx-swap-oob="true"') == 4
    assert f'data-statement="{statement.pk}"' in html and "Claim saved." in html
    assert json.loads(response["HX-Trigger-After-Settle"]) == {"statementsChanged": {"saved": statement.pk}}


def test_saving_without_javascript_redirects_back_to_the_reader(client, analyst, article, kirby):
    client.force_login(analyst)
    response = client.post(f"/articles/{article.pk}/statements/new", form_data(article, "there were", speaker=kirby))
    statement = Statement.objects.get()
    assert response.status_code == 302
    assert response.url == f"/articles/{article.pk}/#statement-{statement.pk}"


def test_a_denial_relayed_via_reuters_responding_to_a_claim_is_saved_with_all_its_details(
    client, analyst, article, kirby
):
    reuters = SourceFactory(name="Reuters")
    claim = StatementFactory(article=article, text="there were")
    proposition = PropositionFactory(text="Iran flew missions in Iraq.")
    client.force_login(analyst)
    client.post(
        f"/articles/{article.pk}/statements/new",
        form_data(
            article,
            "has never been involved",
            speaker=kirby,
            stance=Stance.DENIAL,
            proposition=str(proposition.pk),
            via=str(reuters.pk),
            cue="told Reuters",
            direct="1",
            responds_to=str(claim.pk),
            note="wire copy",
        ),
        headers=HTMX,
    )
    denial = Statement.objects.get(stance=Stance.DENIAL)
    assert (denial.via, denial.cue, denial.direct, denial.responds_to, denial.proposition, denial.note) == (
        reuters,
        "told Reuters",
        True,
        claim,
        proposition,
        "wire copy",
    )


def test_speaker_and_proposition_can_be_created_in_place(client, analyst, article):
    client.force_login(analyst)
    client.post(
        f"/articles/{article.pk}/statements/new",
        form_data(
            article,
            "a senior Iranian official",
            speaker="new",
            speaker_query="Senior Iranian official",
            new_speaker_kind=ActorKind.ANONYMOUS,
            new_speaker_role="speaking on condition of anonymity",
            proposition="new",
            proposition_query="Iran struck  Islamic State in Iraq.",
        ),
        headers=HTMX,
    )
    statement = Statement.objects.get()
    assert statement.speaker.name == "Senior Iranian official"
    assert statement.speaker.kind == ActorKind.ANONYMOUS
    assert statement.speaker.role == "speaking on condition of anonymity"
    assert statement.proposition.text == "Iran struck Islamic State in Iraq."
    assert statement.speaker.history.first().history_user == analyst


def test_typing_the_text_of_an_existing_proposition_reuses_it(client, analyst, article, kirby):
    existing = PropositionFactory(text="Iran flew missions in Iraq.")
    client.force_login(analyst)
    client.post(
        f"/articles/{article.pk}/statements/new",
        form_data(
            article, "there were", speaker=kirby, proposition="new", proposition_query="iran flew missions in iraq."
        ),
        headers=HTMX,
    )
    assert Proposition.objects.count() == 1
    assert Statement.objects.get().proposition == existing


def test_whitespace_at_the_edges_of_a_selection_is_dropped(client, analyst, article, kirby):
    client.force_login(analyst)
    start = article.body.index("there were") - 1
    data = form_data(article, "there were", speaker=kirby)
    data.update(start=start, end=start + 12, quote=article.body[start : start + 12])
    assert data["quote"] == " there were "
    client.post(f"/articles/{article.pk}/statements/new", data, headers=HTMX)
    assert Statement.objects.get().quote == "there were"


def test_offsets_are_code_points_for_text_outside_the_basic_plane(client, analyst, kirby):
    article = ArticleFactory(body="Le ministre 🇫🇷 a nié 𝒳 hier.\nIl a dit : « Rien 😀 n'a changé ».\n\nFin.")
    client.force_login(analyst)
    data = form_data(article, "Rien 😀 n'a changé", speaker=kirby, stance=Stance.DENIAL)
    # A browser counts the flag (two code points) and 𝒳 in UTF-16 units: three more than Python.
    assert len(article.body[: data["start"]].encode("utf-16-le")) // 2 == data["start"] + 3
    client.post(f"/articles/{article.pk}/statements/new", data, headers=HTMX)
    statement = Statement.objects.get()
    assert article.body[statement.start : statement.end] == "Rien 😀 n'a changé"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"speaker": "", "speaker_query": ""}, "Name the speaker"),
        ({"speaker": "", "speaker_query": "Kir"}, "Pick the speaker from the list, or create a new one."),
        ({"speaker": "new", "speaker_query": ""}, "Type the new speaker"),
        ({"speaker": "999999"}, "That speaker no longer exists"),
        ({"proposition": "", "proposition_query": "Something"}, "Pick the proposition from the list"),
        ({"proposition": "new", "proposition_query": ""}, "Type the proposition"),
        ({"quote": "There were"}, "does not match the article"),
        ({"end": 100000}, "past the end of the article"),
        ({"start": "", "end": "", "quote": ""}, "Select the text of the statement"),
        ({"quote": "   "}, "The selection is empty"),
        ({"stance": "rumour"}, "Select a valid choice"),
        ({"via": "999999"}, "Select a valid choice"),
    ],
)
def test_form_errors_come_back_in_the_form_and_nothing_is_saved(client, analyst, article, kirby, changes, message):
    client.force_login(analyst)
    data = form_data(article, "there were", speaker=kirby)
    data.update(changes)
    response = client.post(f"/articles/{article.pk}/statements/new", data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith('<div id="statement-form-slot"')
    assert message in html.replace("&#x27;", "'")
    assert not Statement.objects.exists()


def test_a_form_error_without_javascript_shows_the_whole_reader_with_the_form(client, analyst, article):
    client.force_login(analyst)
    response = client.post(
        f"/articles/{article.pk}/statements/new", form_data(article, "there were", speaker="", speaker_query="")
    )
    html = response.content.decode()
    assert response.status_code == 422 and "<html" in html and "Name the speaker" in html


def test_a_new_speaker_that_fails_validation_leaves_nothing_behind(client, analyst, article):
    client.force_login(analyst)
    data = form_data(
        article, "there were", speaker="new", speaker_query="X" * 301, proposition="new", proposition_query="P holds."
    )
    response = client.post(f"/articles/{article.pk}/statements/new", data, headers=HTMX)
    assert response.status_code == 422
    assert not Actor.objects.exists() and not Proposition.objects.exists() and not Statement.objects.exists()


def test_responds_to_must_be_a_statement_of_the_same_article(client, analyst, article, kirby):
    elsewhere = StatementFactory()
    client.force_login(analyst)
    data = form_data(article, "there were", speaker=kirby, responds_to=str(elsewhere.pk))
    response = client.post(f"/articles/{article.pk}/statements/new", data, headers=HTMX)
    assert response.status_code == 422 and not Statement.objects.filter(article=article).exists()


def test_the_speaker_search_shows_matches_for_what_was_typed_after_an_error(client, analyst, article, kirby):
    client.force_login(analyst)
    data = form_data(article, "there were", speaker="", speaker_query="Kirby")
    html = client.post(f"/articles/{article.pk}/statements/new", data, headers=HTMX).content.decode()
    assert f'name="speaker" value="{kirby.pk}"' in html
    # "Kirby" is his alias: the form points at him rather than offering a duplicate.
    assert "“Kirby” is already a speaker: pick it above." in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_viewers_may_not_annotate(client, viewer, article, kirby, method):
    client.force_login(viewer)
    url = f"/articles/{article.pk}/statements/new"
    data = selection(article, "there were") if method == "get" else form_data(article, "there were", speaker=kirby)
    assert getattr(client, method)(url, data, headers=HTMX).status_code == 403
    assert not Statement.objects.exists()


def test_anonymous_posts_are_sent_to_login(client, article, kirby):
    response = client.post(f"/articles/{article.pk}/statements/new", form_data(article, "there were", speaker=kirby))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Statement.objects.exists()


def test_new_statement_in_a_missing_article_is_404(client, analyst):
    client.force_login(analyst)
    assert client.get("/articles/999999/statements/new").status_code == 404


# ---- edit ------------------------------------------------------------------------------------


def test_edit_form_is_filled_with_the_statement(client, analyst):
    statement = StatementFactory(annotator=analyst, cue="said", note="first pass")
    client.force_login(analyst)
    html = client.get(f"/statements/{statement.pk}/edit", headers=HTMX).content.decode()
    assert f'name="version" value="{statement.version}"' in html
    assert 'value="said"' in html and "first pass" in html
    assert f'name="speaker" value="{statement.speaker_id}" checked' in html
    assert f'action="/statements/{statement.pk}/edit"' in html


def test_edit_link_without_javascript_opens_the_reader_with_the_form(client, analyst):
    statement = StatementFactory(annotator=analyst)
    client.force_login(analyst)
    html = client.get(f"/statements/{statement.pk}/edit").content.decode()
    assert "<html" in html and 'id="article-body"' in html and f'action="/statements/{statement.pk}/edit"' in html


def test_analyst_edits_their_statement(client, analyst):
    statement = StatementFactory(annotator=analyst, stance=Stance.CLAIM)
    client.force_login(analyst)
    response = client.post(
        f"/statements/{statement.pk}/edit", edit_data(statement, stance=Stance.DENIAL, cue="denied"), headers=HTMX
    )
    statement.refresh_from_db()
    assert response.status_code == 200
    assert (statement.stance, statement.cue, statement.version) == (Stance.DENIAL, "denied", 2)
    assert "Denial updated." in response.content.decode()


def test_edit_without_javascript_redirects_to_the_statement(client, analyst):
    statement = StatementFactory(annotator=analyst)
    client.force_login(analyst)
    response = client.post(f"/statements/{statement.pk}/edit", edit_data(statement, note="x"))
    assert response.status_code == 302
    assert response.url == f"/articles/{statement.article_id}/#statement-{statement.pk}"


def test_changing_the_cue_text_forgets_its_old_position(client, analyst):
    statement = StatementFactory(annotator=analyst, cue="denied", cue_start=0, cue_end=6)
    client.force_login(analyst)
    client.post(f"/statements/{statement.pk}/edit", edit_data(statement, cue="told"), headers=HTMX)
    statement.refresh_from_db()
    assert (statement.cue, statement.cue_start, statement.cue_end) == ("told", None, None)


def test_analyst_may_not_edit_or_delete_someone_elses_statement(client, analyst, make_user):
    statement = StatementFactory(annotator=make_user("analyst"))
    client.force_login(analyst)
    assert client.get(f"/statements/{statement.pk}/edit").status_code == 403
    assert client.post(f"/statements/{statement.pk}/edit", edit_data(statement, note="mine")).status_code == 403
    assert client.post(f"/statements/{statement.pk}/delete", {"version": statement.version}).status_code == 403
    statement.refresh_from_db()
    assert statement.note == "" and statement.version == 1


def test_reviewer_edits_anyones_statement(client, reviewer, analyst):
    statement = StatementFactory(annotator=analyst)
    client.force_login(reviewer)
    client.post(f"/statements/{statement.pk}/edit", edit_data(statement, note="checked"), headers=HTMX)
    statement.refresh_from_db()
    assert statement.note == "checked"
    assert statement.history.first().history_user == reviewer


def test_viewer_may_not_edit(client, viewer):
    statement = StatementFactory()
    client.force_login(viewer)
    assert client.post(f"/statements/{statement.pk}/edit", edit_data(statement, note="x")).status_code == 403


def test_a_stale_edit_is_refused_with_the_current_version_shown_and_nothing_overwritten(client, analyst, reviewer):
    statement = StatementFactory(annotator=analyst, cue="said")
    stale = edit_data(statement, cue="insisted")
    statement_update(statement=statement, version=1, user=reviewer, cue="told reporters")
    client.force_login(analyst)
    response = client.post(f"/statements/{statement.pk}/edit", stale, headers=HTMX)
    html = response.content.decode()
    statement.refresh_from_db()
    assert response.status_code == 422
    assert statement.cue == "told reporters" and statement.version == 2
    assert "Nothing was overwritten" in html and "changed this statement while you were editing" in html
    assert reviewer.username in html
    assert "Stored now (version 2)" in html and "told reporters" in html
    # The analyst's input stays, now based on version 2: saving again is a deliberate choice.
    assert 'value="insisted"' in html and 'name="version" value="2"' in html
    client.post(f"/statements/{statement.pk}/edit", {**stale, "version": 2}, headers=HTMX)
    statement.refresh_from_db()
    assert statement.cue == "insisted" and statement.version == 3


def test_editing_a_statement_deleted_meanwhile_says_so(client, analyst):
    statement = StatementFactory(annotator=analyst)
    data = edit_data(statement, note="late")
    statement_delete(statement=statement, version=1, user=analyst)
    client.force_login(analyst)
    response = client.post(f"/statements/{statement.pk}/edit", data, headers=HTMX)
    assert response.status_code == 200
    assert "deleted by someone else" in response.content.decode()


def test_a_version_that_is_not_a_number_is_a_form_error(client, analyst):
    statement = StatementFactory(annotator=analyst)
    client.force_login(analyst)
    response = client.post(f"/statements/{statement.pk}/edit", edit_data(statement, version="x"), headers=HTMX)
    assert response.status_code == 422


def test_analyst_correcting_a_suggestion_keeps_it_pending_for_a_reviewer(client, analyst, kirby):
    suggestion = StatementFactory(
        origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, speaker=None, speaker_text="he", annotator=None
    )
    client.force_login(analyst)
    form_html = client.get(f"/statements/{suggestion.pk}/edit", headers=HTMX).content.decode()
    assert "Correct suggestion" in form_html and 'value="he"' in form_html
    response = client.post(
        f"/statements/{suggestion.pk}/edit",
        edit_data(suggestion, cue="said", speaker="", speaker_query=""),
        headers=HTMX,
    )
    suggestion.refresh_from_db()
    assert (suggestion.cue, suggestion.review_status) == ("said", ReviewStatus.PENDING)
    assert "awaits a reviewer" in response.content.decode()


def test_reviewer_saving_a_corrected_suggestion_accepts_it(client, reviewer, kirby):
    suggestion = StatementFactory(origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, speaker=None)
    client.force_login(reviewer)
    response = client.post(
        f"/statements/{suggestion.pk}/edit",
        edit_data(suggestion, speaker=str(kirby.pk), speaker_query="Kirby"),
        headers=HTMX,
    )
    suggestion.refresh_from_db()
    assert (suggestion.review_status, suggestion.speaker, suggestion.annotator) == (
        ReviewStatus.ACCEPTED,
        kirby,
        reviewer,
    )
    # The history keeps both steps: the correction, then the acceptance.
    assert suggestion.history.filter(review_status=ReviewStatus.PENDING, speaker=kirby).exists()
    assert "corrected and accepted" in response.content.decode()


def test_correcting_a_suggestion_starts_from_the_speaker_the_suggester_proposed(client, reviewer):
    suggestion = StatementFactory(
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.PENDING,
        speaker=None,
        speaker_text="a senior Iranian official",
        note="Proposed new actor: Senior Iranian official (official) [anonymous]",
    )
    client.force_login(reviewer)
    html = client.get(f"/statements/{suggestion.pk}/edit", headers=HTMX).content.decode()
    assert 'value="Senior Iranian official"' in html
    assert 'name="speaker" value="new" checked' in html
    assert '<option value="anonymous" selected>' in html and 'value="official"' in html


def test_reviewer_must_name_the_speaker_to_accept_a_correction(client, reviewer):
    suggestion = StatementFactory(origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, speaker=None)
    client.force_login(reviewer)
    response = client.post(
        f"/statements/{suggestion.pk}/edit", edit_data(suggestion, speaker="", speaker_query=""), headers=HTMX
    )
    assert response.status_code == 422
    suggestion.refresh_from_db()
    assert suggestion.review_status == ReviewStatus.PENDING


# ---- delete and restore ----------------------------------------------------------------------


def test_delete_answers_with_an_undo_button(client, analyst):
    statement = StatementFactory(annotator=analyst)
    client.force_login(analyst)
    response = client.post(f"/statements/{statement.pk}/delete", {"version": 1}, headers=HTMX)
    html = response.content.decode()
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert "Statement deleted." in html
    assert f'action="/statements/{statement.pk}/restore"' in html
    assert f'id="statement-{statement.pk}"' not in html


def test_delete_without_javascript_redirects_to_the_reader_offering_undo(client, analyst):
    statement = StatementFactory(annotator=analyst)
    client.force_login(analyst)
    response = client.post(f"/statements/{statement.pk}/delete", {"version": 1})
    assert response.status_code == 302
    assert response.url == f"/articles/{statement.article_id}/?deleted={statement.pk}"
    assert f"/statements/{statement.pk}/restore" in client.get(response.url).content.decode()


def test_a_stale_delete_is_refused(client, analyst):
    statement = StatementFactory(annotator=analyst)
    statement_update(statement=statement, version=1, note="changed")
    client.force_login(analyst)
    html = client.post(f"/statements/{statement.pk}/delete", {"version": 1}, headers=HTMX).content.decode()
    assert Statement.objects.filter(pk=statement.pk).exists()
    assert "Not deleted" in html


def test_delete_without_a_version_is_refused(client, analyst):
    statement = StatementFactory(annotator=analyst)
    client.force_login(analyst)
    html = client.post(f"/statements/{statement.pk}/delete", {}, headers=HTMX).content.decode()
    assert Statement.objects.filter(pk=statement.pk).exists() and "Not deleted" in html


def test_delete_needs_post(client, analyst):
    statement = StatementFactory(annotator=analyst)
    client.force_login(analyst)
    assert client.get(f"/statements/{statement.pk}/delete").status_code == 405


def test_viewer_may_not_delete(client, viewer):
    statement = StatementFactory()
    client.force_login(viewer)
    assert client.post(f"/statements/{statement.pk}/delete", {"version": 1}).status_code == 403
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_undo_restores_the_deleted_statement_under_its_id(client, analyst):
    statement = StatementFactory(annotator=analyst, note="keep me")
    client.force_login(analyst)
    client.post(f"/statements/{statement.pk}/delete", {"version": 1}, headers=HTMX)
    response = client.post(f"/statements/{statement.pk}/restore", headers=HTMX)
    restored = Statement.objects.get(pk=statement.pk)
    assert restored.note == "keep me" and restored.quote == statement.quote
    assert "Statement restored." in response.content.decode()
    assert json.loads(response["HX-Trigger-After-Settle"]) == {"statementsChanged": {"saved": statement.pk}}


def test_undo_twice_says_it_is_already_back(client, analyst):
    statement = StatementFactory(annotator=analyst)
    client.force_login(analyst)
    client.post(f"/statements/{statement.pk}/delete", {"version": 1}, headers=HTMX)
    client.post(f"/statements/{statement.pk}/restore", headers=HTMX)
    assert client.post(f"/statements/{statement.pk}/restore", headers=HTMX).status_code == 404


def test_only_who_may_edit_it_may_restore_it(client, analyst, make_user, viewer):
    statement = StatementFactory(annotator=make_user("analyst"))
    statement_delete(statement=statement, version=1)
    client.force_login(analyst)
    assert client.post(f"/statements/{statement.pk}/restore").status_code == 403
    client.force_login(viewer)
    assert client.post(f"/statements/{statement.pk}/restore").status_code == 403
    assert not Statement.objects.filter(pk=statement.pk).exists()


def test_restoring_a_statement_that_never_existed_is_404(client, analyst):
    client.force_login(analyst)
    assert client.post("/statements/999999/restore").status_code == 404
