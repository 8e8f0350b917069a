"""An imported article's title, author and date: what the import gave, else what the
page's HTML said, else what its headline, byline and date lines said; and one title,
never blank, that every page shows."""

import datetime as dt

import pytest
from django.apps import apps

from annotator.models import Article
from annotator.services.articles import article_import, article_preview, article_update
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LEAD = "Iranian officials on Wednesday denied accusations that the military had joined airstrikes in Iraq."
SECOND = "The counter-claim followed reports that Iranian fighter planes had flown missions over Diyala."
PAGE = "\n\n".join(
    [
        "Iran denies joining airstrikes in Iraq",
        "By Jane Doe",
        "June 4, 2019 / 9:12 AM",
        LEAD,
        SECOND,
        "Share this article",
        "(Reuters)",
    ]
)


def test_title_author_and_date_come_from_the_page_when_the_import_gives_none():
    article = article_import(raw=PAGE).article
    assert article.title == "Iran denies joining airstrikes in Iraq"
    assert article.author == "Jane Doe"
    assert article.published_at.date() == dt.date(2019, 6, 4)
    assert article.body == f"{LEAD}\n\n{SECOND}"


def test_what_the_import_gives_wins_over_what_the_page_says():
    given = dt.datetime(2019, 6, 5, tzinfo=dt.UTC)
    article = article_import(raw=PAGE, title="Given title", published_at=given, author="Given Author").article
    assert (article.title, article.author, article.published_at) == ("Given title", "Given Author", given)


def test_an_html_page_s_author_is_read_from_its_metadata():
    html = (
        '<html><head><title>Iran denies strikes</title><meta name="author" content="Jane Roe"></head>'
        f"<body><article><p>{LEAD}</p><p>{SECOND}</p></article></body></html>"
    )
    assert article_import(raw=html, fmt="html").article.author == "Jane Roe"


def test_an_article_without_any_title_is_called_by_the_start_of_its_text():
    article = article_import(raw=f"{LEAD}\n\n{SECOND}").article
    assert article.title.startswith("Iranian officials on Wednesday denied")
    assert str(article) == article.display_title == article.title


def test_clearing_the_title_names_the_article_by_its_text_again():
    article = ArticleFactory(title="Old", body=f"{LEAD}\n\n{SECOND}")
    article_update(article=article, title="   ")
    article.refresh_from_db()
    assert article.title.startswith("Iranian officials")


def test_display_title_is_never_a_placeholder_even_for_a_row_written_around_the_model():
    article = ArticleFactory(body=f"{LEAD}\n\n{SECOND}")
    Article.objects.filter(pk=article.pk).update(title="")
    listed = Article.objects.defer("body").get(pk=article.pk)
    assert listed.display_title.startswith("Iranian officials")
    assert "Article" not in str(listed) and "Untitled" not in str(listed)


def test_the_migration_names_every_untitled_article_by_its_text():
    migration = __import__("annotator.migrations.0010_cleaner_article_author", fromlist=["name_untitled_articles"])
    article = ArticleFactory(body=f"{LEAD}\n\n{SECOND}")
    Article.objects.filter(pk=article.pk).update(title="")
    migration.name_untitled_articles(apps, None)
    assert Article.objects.get(pk=article.pk).title.startswith("Iranian officials")


def test_the_preview_shows_the_metadata_read_and_what_was_kept_only_for_being_unsure():
    preview = article_preview(raw=PAGE)
    assert (preview.title, preview.author, preview.outlet) == (
        "Iran denies joining airstrikes in Iraq",
        "Jane Doe",
        "Reuters",
    )
    assert preview.published_at.date() == dt.date(2019, 6, 4)
    assert preview.flagged == []
    reasons = {item.text: item.reason for item in preview.dropped}
    assert reasons["Share this article"] == "share/subscribe/cookie line"
    assert reasons["By Jane Doe"] == "byline (author: Jane Doe)"
    assert reasons["Iran denies joining airstrikes in Iraq"] == "headline (kept as the title)"


def test_the_preview_flags_text_kept_only_because_the_cleaner_was_unsure():
    preview = article_preview(raw=f"{LEAD}\n\n{SECOND}\n\nEarlier on Sunday, the Preside")
    assert preview.body.endswith("Earlier on Sunday, the Preside")
    assert [item.reason for item in preview.flagged] == ["kept: the page ends in the middle of this sentence"]
