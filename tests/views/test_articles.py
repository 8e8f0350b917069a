"""The article list (search, filters, sort, pages, counts) and the import (paste or upload,
preview, save, duplicates, errors) and the status change."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotator.models import Article, ArticleStatus, Origin, ReviewStatus, Source, Stance
from tests.factories import ArticleFactory, SourceFactory, StatementFactory
from tests.text.seed import seed_bytes

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
LIST = "/articles/"
NEW = "/articles/new/"


def at(year, month, day):
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def rows(response) -> list[str]:
    """The titles listed, in order."""
    return [article.title for article in response.context["page_obj"].object_list]


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def as_analyst(client, analyst):
    client.force_login(analyst)
    return client


# ---- list ---------------------------------------------------------------------------------


def test_each_row_shows_its_counts_of_claims_and_denials_leaving_out_rejected_suggestions(as_viewer):
    article = ArticleFactory(title="Counted")
    StatementFactory(article=article, text="denied accusations", stance=Stance.CLAIM)
    StatementFactory(article=article, text="has never been involved", stance=Stance.DENIAL)
    StatementFactory(article=article, text="air strikes", stance=Stance.DENIAL)
    StatementFactory(
        article=article,
        text="indications",
        stance=Stance.DENIAL,
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.REJECTED,
    )
    response = as_viewer.get(LIST)
    row = response.context["page_obj"].object_list[0]
    assert (row.claim_count, row.denial_count) == (1, 2)
    html = response.content.decode()
    assert '<span class="stance-count stance-claim" title="Claims">1</span>' in html
    assert '<span class="stance-count stance-denial" title="Denials">2</span>' in html


def test_search_finds_words_in_the_title_or_the_text(as_viewer):
    ArticleFactory(title="Pentagon briefing", body="Nothing about planes here.")
    ArticleFactory(title="Other news", body="The Phantom jets flew over Diyala.")
    ArticleFactory(title="Unrelated", body="Weather report.")
    assert sorted(rows(as_viewer.get(LIST, {"q": "Phantom"}))) == ["Other news"]
    assert sorted(rows(as_viewer.get(LIST, {"q": "Pentagon"}))) == ["Pentagon briefing"]


@pytest.mark.postgres
def test_on_postgresql_search_is_full_text_with_stemming_and_web_syntax(as_viewer):
    ArticleFactory(title="Flights", body="Iranian jets have flown these missions in recent days.")
    ArticleFactory(title="Talks", body="Diplomats met in Vienna on the margins of the nuclear talks.")
    ArticleFactory(title="Both", body="The missions and the talks went on.")
    assert sorted(rows(as_viewer.get(LIST, {"q": "mission"}))) == ["Both", "Flights"]
    assert sorted(rows(as_viewer.get(LIST, {"q": "mission -talks"}))) == ["Flights"]
    assert sorted(rows(as_viewer.get(LIST, {"q": "Vienna or flown"}))) == ["Flights", "Talks"]


def test_a_malformed_date_filter_is_reported_and_left_out(as_viewer):
    ArticleFactory(title="Any")
    response = as_viewer.get(LIST, {"published_after": "last week"})
    assert rows(response) == ["Any"]
    assert "Published on or after: Enter a valid date. This filter was left out." in response.content.decode()


def test_filters_by_source_status_and_date_range(as_viewer):
    reuters = Source.objects.get(name="Reuters")
    ArticleFactory(title="old reuters", source=reuters, published_at=at(2014, 1, 5), status=ArticleStatus.DONE)
    ArticleFactory(title="new reuters", source=reuters, published_at=at(2015, 6, 1))
    ArticleFactory(title="other", source=SourceFactory(), published_at=at(2014, 1, 6), status=ArticleStatus.DONE)
    assert sorted(rows(as_viewer.get(LIST, {"source": reuters.pk}))) == ["new reuters", "old reuters"]
    assert sorted(rows(as_viewer.get(LIST, {"status": "done"}))) == ["old reuters", "other"]
    window = {"published_after": "2014-01-01", "published_before": "2014-12-31"}
    assert sorted(rows(as_viewer.get(LIST, window))) == ["old reuters", "other"]
    assert rows(as_viewer.get(LIST, {**window, "source": reuters.pk, "status": "done"})) == ["old reuters"]


def test_has_denials_and_has_pending_suggestions_filters(as_viewer):
    denied = ArticleFactory(title="denied")
    StatementFactory(article=denied, stance=Stance.DENIAL)
    claimed = ArticleFactory(title="claimed only")
    StatementFactory(article=claimed, stance=Stance.CLAIM)
    pending = ArticleFactory(title="pending")
    StatementFactory(article=pending, stance=Stance.CLAIM, origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING)
    assert rows(as_viewer.get(LIST, {"has_denials": "true"})) == ["denied"]
    assert rows(as_viewer.get(LIST, {"has_pending": "true"})) == ["pending"]
    assert sorted(rows(as_viewer.get(LIST, {"has_denials": "false"}))) == ["claimed only", "pending"]


def test_sorting_by_title_and_by_most_denials(as_viewer):
    quiet = ArticleFactory(title="B quiet")
    loud = ArticleFactory(title="A loud")
    StatementFactory(article=loud, text="denied accusations", stance=Stance.DENIAL)
    StatementFactory(article=loud, text="has never been involved", stance=Stance.DENIAL)
    StatementFactory(article=quiet, text="denied accusations", stance=Stance.DENIAL)
    ArticleFactory(title="C none")
    assert rows(as_viewer.get(LIST, {"sort": "title"})) == ["A loud", "B quiet", "C none"]
    assert rows(as_viewer.get(LIST, {"sort": "denials"}))[:2] == ["A loud", "B quiet"]


def test_an_unknown_sort_falls_back_to_newest_first_with_undated_articles_last(as_viewer):
    ArticleFactory(title="undated", published_at=None)
    ArticleFactory(title="older", published_at=at(2010, 1, 1))
    ArticleFactory(title="newer", published_at=at(2020, 1, 1))
    response = as_viewer.get(LIST, {"sort": "id; drop table"})
    assert rows(response) == ["newer", "older", "undated"]
    assert rows(as_viewer.get(LIST, {"sort": "oldest"})) == ["older", "newer", "undated"]
    assert response.context["sort"] == "newest"


def test_pagination_links_keep_the_filters_in_the_url(as_viewer):
    source = SourceFactory()
    for n in range(55):
        ArticleFactory(title=f"t{n:02}", source=source)
    response = as_viewer.get(LIST, {"source": source.pk, "q": "Iranian", "sort": "title"})
    assert len(rows(response)) == 50
    html = response.content.decode()
    assert f'href="?source={source.pk}&amp;q=Iranian&amp;sort=title&amp;page=2"' in html
    second = as_viewer.get(LIST, {"source": source.pk, "q": "Iranian", "sort": "title", "page": 2})
    assert rows(second) == [f"t{n:02}" for n in range(50, 55)]


def test_htmx_filtering_returns_only_the_results_partial(as_viewer):
    ArticleFactory(title="Partial one")
    full = as_viewer.get(LIST)
    partial = as_viewer.get(LIST, {"q": "Partial"}, headers=HTMX)
    assert b"<html" in full.content and b'id="results"' in full.content
    assert b"<html" not in partial.content and b'class="filters"' not in partial.content
    assert partial.content.lstrip().startswith(b'<section id="results"')
    assert b"Partial one" in partial.content


def test_boosted_and_history_restore_requests_get_the_full_page(as_viewer):
    for headers in ({**HTMX, "HX-Boosted": "true"}, {**HTMX, "HX-History-Restore-Request": "true"}):
        assert b"<html" in as_viewer.get(LIST, headers=headers).content


def test_every_htmx_control_on_the_list_also_works_without_javascript(as_analyst):
    for n in range(51):
        ArticleFactory(title=f"a{n}")
    html = as_analyst.get(LIST).content.decode()
    assert 'class="filters" method="get" action="/articles/"' in html
    assert 'href="?page=2" hx-get="?page=2"' in html
    assert 'method="post" action="/articles/' in html  # the status forms


@pytest.mark.parametrize("count", [1, 50, 120])
@pytest.mark.parametrize("params", [{}, {"page": 2}, {"q": "article"}, {"sort": "denials"}])
def test_the_list_runs_the_same_queries_for_one_row_and_for_fifty(as_analyst, django_assert_num_queries, count, params):
    source = SourceFactory()
    for _ in range(count):
        article = ArticleFactory(source=source, body=f"An article {_}: Iran denied accusations.")
        StatementFactory(article=article, stance=Stance.DENIAL)
    # session, user with its role, sources for the filter, count, page
    # + 1: the user's projects and roles there (annotator.projects_access), once per request.
    with django_assert_num_queries(6):
        response = as_analyst.get(LIST, params)
    # A page past the end shows the last one.
    on_page = count - 50 if params.get("page") == 2 and count > 50 else count
    assert len(rows(response)) == min(50, on_page)


def test_a_deep_page_shows_its_own_rows_in_order_with_their_counts(as_viewer, settings):
    articles = [
        ArticleFactory(title=f"Article {n:03}", published_at=at(2023, 1, 1) + dt.timedelta(days=n)) for n in range(120)
    ]
    StatementFactory(article=articles[5], stance=Stance.DENIAL)  # on page 3, newest first
    response = as_viewer.get(LIST, {"page": 3})
    assert rows(response) == [f"Article {n:03}" for n in range(19, -1, -1)]
    counts = {a.title: (a.claim_count, a.denial_count) for a in response.context["page_obj"].object_list}
    assert counts["Article 005"] == (0, 1) and counts["Article 006"] == (0, 0)


def test_a_broad_search_is_counted_up_to_a_cap_and_says_so(as_viewer, monkeypatch):
    """Counting every match of a common word costs a pass over most of the archive; the
    list counts far enough for the page shown and the next ones, and shows "+"."""
    from annotator import pagination

    monkeypatch.setattr(pagination, "CAP_STEP", 10)
    monkeypatch.setattr(pagination, "LOOKAHEAD_PAGES", 1)
    for n in range(120):
        ArticleFactory(title=f"Ceasefire talks {n}", body=f"The ceasefire held on day {n}.")
    ArticleFactory(title="Unrelated", body="Nothing to see.")

    first = as_viewer.get(LIST, {"q": "ceasefire"})
    paginator = first.context["page_obj"].paginator
    assert (paginator.count, paginator.capped) == (100, True)
    html = first.content.decode()
    assert "100+ articles" in html and "Page 1 of 2+" in html and 'rel="next"' in html
    assert len(rows(first)) == 50

    third = as_viewer.get(LIST, {"q": "ceasefire", "page": 3})  # the cap follows the page asked for
    paginator = third.context["page_obj"].paginator
    assert (paginator.count, paginator.capped) == (120, False)
    assert len(rows(third)) == 20 and "120 articles" in third.content.decode()


def test_without_a_search_the_count_is_exact(as_viewer, monkeypatch):
    from annotator import pagination

    monkeypatch.setattr(pagination, "CAP_STEP", 10)
    monkeypatch.setattr(pagination, "LOOKAHEAD_PAGES", 0)
    ArticleFactory.create_batch(60)
    response = as_viewer.get(LIST)
    assert response.context["page_obj"].paginator.count == 60
    assert "60 articles" in response.content.decode()


def test_the_export_link_carries_the_filters_and_exports_the_same_rows(as_viewer):
    reuters = Source.objects.get(name="Reuters")
    shown = ArticleFactory(title="Reuters denial", source=reuters)
    StatementFactory(article=shown, stance=Stance.DENIAL)
    ArticleFactory(title="Reuters quiet", source=reuters)
    ArticleFactory(title="Elsewhere", source=SourceFactory())
    params = {"source": reuters.pk, "has_denials": "true", "sort": "title"}
    response = as_viewer.get(LIST, params)
    export_url = reverse("export_articles_csv") + f"?source={reuters.pk}&has_denials=true&ordering=title%2Cid"
    assert f'href="{export_url.replace("&", "&amp;")}"' in response.content.decode()
    exported = as_viewer.get(export_url)
    exported_ids = {int(row["article_id"]) for row in csv.DictReader(io.StringIO(b"".join(exported).decode()))}
    assert exported_ids == {a.pk for a in response.context["page_obj"].object_list} == {shown.pk}


# ---- import -------------------------------------------------------------------------------


def test_the_import_page_offers_paste_and_upload_with_labels(as_analyst):
    html = as_analyst.get(NEW).content.decode()
    assert '<label for="id_text">Paste the article</label>' in html
    assert '<label for="id_file">Or upload a file</label>' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'hx-post="/articles/new/"' in html and 'action="/articles/new/"' in html


def test_uploading_the_seed_page_previews_the_cleaned_body_and_what_was_dropped(as_analyst):
    upload = SimpleUploadedFile("seed.txt", seed_bytes(), content_type="text/plain")
    response = as_analyst.post(NEW, {"file": upload, "action": "preview"})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert "a senior Iranian official told Reuters" in preview.body
    assert "SUBSCRIBE TO OUR FREE NEWSLETTER" not in preview.body
    assert preview.body.count("Iranian officials on Wednesday denied accusations") == 1
    html = response.content.decode()
    assert "What cleaning dropped" in html and "SUBSCRIBE TO OUR FREE NEWSLETTER" in html
    assert "Save article" in html
    assert not Article.objects.exists()


def test_saving_the_preview_stores_the_article_and_redirects_to_it(as_analyst, analyst):
    raw = seed_bytes().decode("utf-8")
    response = as_analyst.post(
        NEW, {"text": raw, "fmt": "text", "title": "Seed", "source": "Common Dreams", "action": "save"}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("article_detail", args=[article.pk])
    assert article.title == "Seed" and article.source.name == "Common Dreams"
    assert article.created_by == analyst
    assert "SUBSCRIBE" not in article.body
    assert [m.message for m in response.wsgi_request._messages] == ["Imported “Seed”."]


def test_the_preview_form_sends_back_exactly_the_text_that_was_previewed(as_analyst):
    raw = "First paragraph of a report with <angle> & ampersands.\n\nSecond paragraph, also kept."
    response = as_analyst.post(NEW, {"text": raw, "action": "preview"})
    html = response.content.decode()
    assert (
        '<textarea name="text" hidden aria-hidden="true">\nFirst paragraph of a report with &lt;angle&gt; &amp;' in html
    )
    assert '<input type="hidden" name="fmt" value="text">' in html


def test_an_htmx_preview_returns_the_import_partial_and_an_htmx_save_navigates(as_analyst):
    raw = "Officials said the talks went well.\n\nThey will meet again next week."
    preview = as_analyst.post(NEW, {"text": raw, "action": "preview"}, headers=HTMX)
    assert preview.content.lstrip().startswith(b'<div id="import"')
    saved = as_analyst.post(NEW, {"text": raw, "fmt": "text", "action": "save"}, headers=HTMX)
    assert saved.status_code == 200
    assert saved["HX-Redirect"] == reverse("article_detail", args=[Article.objects.get().pk])


def test_an_article_at_an_address_already_imported_is_reported_as_a_duplicate(as_analyst):
    existing = ArticleFactory(title="Same address", url="https://example.org/story")
    response = as_analyst.post(
        NEW, {"text": "A different text entirely.", "url": "https://example.org/story", "action": "preview"}
    )
    link = reverse("article_detail", args=[existing.pk])
    assert f'as <a href="{link}">Same address</a>' in response.content.decode()


def test_a_duplicate_is_reported_with_a_link_to_the_existing_article(as_analyst):
    existing = ArticleFactory(title="Already here", body="The minister denied the report.\n\nNothing else.")
    raw = "The minister  denied the report.\n\nNothing else."
    preview = as_analyst.post(NEW, {"text": raw, "action": "preview"})
    html = preview.content.decode()
    link = reverse("article_detail", args=[existing.pk])
    assert f'This article was imported before (same text or same address), as <a href="{link}">Already here</a>' in html
    assert "Save article" not in html
    saved = as_analyst.post(NEW, {"text": raw, "fmt": "text", "action": "save"}, follow=True)
    assert Article.objects.count() == 1
    assert f'imported before, as <a href="{link}">Already here</a>' in saved.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.4 binary", "report.pdf is not a .txt, .html or .jsonl file."),
        ("photo.txt", b"\x89PNG\r\n\x1a\nrest", "photo.txt is a PNG image, not text, HTML or JSON Lines."),
    ],
)
def test_an_upload_of_the_wrong_type_is_refused_with_a_clear_message(as_analyst, name, content, message):
    response = as_analyst.post(NEW, {"file": SimpleUploadedFile(name, content), "action": "preview"})
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [message]
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_with_the_limit_named(as_analyst, settings):
    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("big.txt", b"word " * 400)
    response = as_analyst.post(NEW, {"file": upload, "action": "preview"})
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "That is 2.0\xa0KB; an import may be at most 1000\xa0bytes. Split it into smaller files."
    ]


def test_pasted_text_over_the_size_limit_is_refused_too(as_analyst, settings):
    settings.ANNOTATOR_MAX_UPLOAD_BYTES = 100
    response = as_analyst.post(NEW, {"text": "é" * 80, "action": "preview"})
    assert response.status_code == 422
    assert "an import may be at most 100\xa0bytes" in response.context["form"].errors["text"][0]


def test_a_text_that_is_all_boilerplate_is_refused_and_shows_what_was_dropped(as_analyst):
    raw = "SUBSCRIBE TO OUR FREE NEWSLETTER\n5\n#000000"
    response = as_analyst.post(NEW, {"text": raw, "action": "preview"})
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "Nothing is left after cleaning: every paragraph was dropped (see below)."
    ]
    html = response.content.decode()
    assert "#000000" in html and "Save article" not in html
    saved = as_analyst.post(NEW, {"text": raw, "fmt": "text", "action": "save"})
    assert saved.status_code == 422
    assert "Nothing is left after cleaning" in saved.content.decode()
    assert not Article.objects.exists()


def test_neither_text_nor_file_and_both_at_once_are_refused(as_analyst):
    empty = as_analyst.post(NEW, {"text": "   ", "action": "preview"})
    assert empty.context["form"].non_field_errors() == ["Paste the article's text or choose a file to upload."]
    both = as_analyst.post(NEW, {"text": "Some text.", "file": SimpleUploadedFile("a.txt", b"x"), "action": "preview"})
    assert both.context["form"].non_field_errors() == ["Paste text or upload a file, not both."]


def jsonl(*lines) -> bytes:
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines).encode()


def test_a_jsonl_upload_previews_each_article_and_names_invalid_lines(as_analyst):
    data = jsonl(
        {"title": "One", "text": "The general denied any collaboration.", "source": "The Guardian"},
        "{not json",
        {"title": "Three", "html": "<html><body><p>Kirby said there were indications.</p></body></html>"},
    )
    response = as_analyst.post(NEW, {"file": SimpleUploadedFile("batch.jsonl", data), "action": "preview"})
    assert response.status_code == 200
    assert [item.preview.title for item in response.context["batch"]] == ["One", "Three"]
    html = response.content.decode()
    assert "Line 2: invalid JSON" in html
    assert "Import 2 articles" in html
    assert not Article.objects.exists()


def test_saving_a_jsonl_batch_imports_the_good_lines_and_reports_each(as_analyst):
    ArticleFactory(title="Old", body="Already stored text.")
    data = jsonl(
        {"title": "One", "text": "The general denied any collaboration.", "source": "The Guardian"},
        {"title": "Dup", "text": "Already stored text."},
        {"title": "Bad", "text": 42},
        {"title": "Two", "text": "Kirby said there were indications."},
    ).decode()
    response = as_analyst.post(NEW, {"text": data, "fmt": "jsonl", "action": "save"}, follow=True)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Old", "One", "Two"]
    assert Article.objects.get(title="One").source.name == "The Guardian"
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Line 2 was imported before, as <a href=") for m in messages)
    assert 'Line 3 was skipped: "text" must be a string, not a number.' in messages
    assert "Imported 2 articles; 1 already there; 1 line skipped." in messages
    assert response.redirect_chain[-1][0] == LIST


def test_a_jsonl_file_with_no_valid_line_is_refused(as_analyst):
    data = jsonl("[1, 2]", '{"title": "no text"}')
    response = as_analyst.post(NEW, {"file": SimpleUploadedFile("b.jsonl", data), "action": "preview"})
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["No line of the file holds an article."]
    html = response.content.decode()
    assert "Line 1: not a JSON object but an array" in html
    assert "Line 2: no article text" in html


def test_change_the_input_brings_the_text_back_into_the_form(as_analyst):
    response = as_analyst.post(NEW, {"text": "Kept paragraph here.", "fmt": "text", "action": "edit"})
    assert response.context["preview"] is None
    assert "Kept paragraph here.</textarea>" in response.content.decode()


# ---- status -------------------------------------------------------------------------------


def test_an_analyst_marks_an_article_done_and_is_sent_back_to_the_list(as_analyst):
    article = ArticleFactory()
    response = as_analyst.post(f"/articles/{article.pk}/status/", {"status": "done", "next": "/articles/?q=x"})
    assert response.status_code == 302 and response.url == "/articles/?q=x"
    article.refresh_from_db()
    assert article.status == ArticleStatus.DONE
    assert article.history.first().history_user is not None


def test_an_htmx_status_change_returns_the_status_form_and_the_message_out_of_band(as_analyst):
    article = ArticleFactory(title="Kirby")
    response = as_analyst.post(f"/articles/{article.pk}/status/", {"status": "in_progress"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<form id="status-{article.pk}"')
    assert '<option value="in_progress" selected>' in html
    assert 'id="messages"' in html and 'hx-swap-oob="true"' in html
    assert "“Kirby” is now marked in progress." in html
    assert json.loads(response["HX-Trigger"]) == {"article-status": {"id": article.pk, "status": "in_progress"}}


def test_a_bad_status_changes_nothing(as_analyst):
    article = ArticleFactory()
    as_analyst.post(f"/articles/{article.pk}/status/", {"status": "archived"})
    article.refresh_from_db()
    assert article.status == ArticleStatus.NEW


def test_the_status_redirect_refuses_to_leave_the_site(as_analyst):
    article = ArticleFactory()
    response = as_analyst.post(f"/articles/{article.pk}/status/", {"status": "done", "next": "https://evil.example/"})
    assert response.url == LIST


def test_the_preview_lists_every_dropped_line_with_its_reason_and_what_was_kept_unsure(as_analyst):
    lead = "Iranian officials on Wednesday denied accusations that the military had joined airstrikes in Iraq."
    raw = "\n\n".join(
        [
            "Iran denies joining airstrikes",
            "Iran denies joining airstrikes",
            "Date:",
            "By Jane Doe",
            lead,
            "Earlier on Sunday, the Preside",
        ]
    )
    html = as_analyst.post(NEW, {"text": raw, "action": "preview"}).content.decode()
    assert "Preview: Iran denies joining airstrikes" in html
    assert "Nothing: the text was clean." not in html
    assert html.count('<span class="reason">headline (kept as the title)</span>') == 2
    assert '<span class="reason">heading or label (no sentence)</span> <span class="dropped-text">Date:</span>' in html
    assert "<dt>Author</dt><dd>Jane Doe</dd>" in html
    assert "Kept, but check" in html and "kept: the page ends in the middle of this sentence" in html


def test_an_untitled_article_shows_the_same_title_on_every_page(as_analyst):
    lead = "Iranian officials on Wednesday denied accusations that the military had joined airstrikes in Iraq."
    as_analyst.post(NEW, {"text": f"{lead}\n\nOfficials declined to comment further.", "fmt": "text", "action": "save"})
    article = Article.objects.get()
    title = article.display_title
    assert title.startswith("Iranian officials")
    for url in (reverse("article_list"), reverse("article_detail", args=[article.pk])):
        page = as_analyst.get(url).content.decode()
        assert title in page and "Untitled article" not in page and f"Article {article.pk}" not in page
