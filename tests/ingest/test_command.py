"""`manage.py import_articles --url URL` (repeatable): each page fetched and imported;
one that cannot be fetched is reported by its address with the reason, and the command
exits non-zero."""

import io

import pytest
from django.core.management import CommandError, call_command

from annotator.models import Article
from annotator.services import articles as service
from tests.ingest.pages import ARTICLE_HTML

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_suggester(monkeypatch):
    monkeypatch.setattr(service, "_suggester", lambda: None)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
    except CommandError as raised:
        error = raised
    return out.getvalue(), err.getvalue(), error


def second_article() -> str:
    return ARTICLE_HTML.replace("Iran denies air strikes in Iraq", "Talks resume in Geneva").replace(
        "Iranian officials", "Negotiators"
    )


def test_each_url_is_fetched_and_imported(loopback_allowed):
    first = loopback_allowed.page("/a", ARTICLE_HTML)
    second = loopback_allowed.page("/b", second_article())
    out, err, error = run("--url", first, "--url", second)
    assert error is None, err
    assert "Imported 2, duplicates 0, failed 0" in out
    stored = {a.url: a for a in Article.objects.select_related("source")}
    assert set(stored) == {first, second}
    assert stored[first].title == "Iran denies air strikes in Iraq"
    assert stored[second].title == "Talks resume in Geneva"
    assert stored[first].source.name == "The Daily Example"


def test_a_url_that_cannot_be_fetched_is_named_and_the_command_fails(loopback_allowed):
    good = loopback_allowed.page("/a", ARTICLE_HTML)
    out, err, error = run("--url", "http://169.254.169.254/latest/meta-data/", "--url", good)
    assert isinstance(error, CommandError)
    assert "FAILED http://169.254.169.254/latest/meta-data/: 169.254.169.254 is the cloud metadata address" in err
    assert "Imported 1, duplicates 0, failed 1" in out
    assert Article.objects.get().url == good


def test_the_source_option_wins_over_the_page(loopback_allowed):
    run("--url", loopback_allowed.page("/a", ARTICLE_HTML), "--source", "Reuters")
    assert Article.objects.get().source.name == "Reuters"


def test_urls_and_files_go_together(loopback_allowed, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("Officials said the talks went well.\n\nThey will meet again next week.")
    out, _, error = run(str(path), "--url", loopback_allowed.page("/a", ARTICLE_HTML))
    assert error is None
    assert Article.objects.count() == 2


def test_nothing_to_import_is_an_error():
    _, _, error = run()
    assert "or pages to fetch with --url" in str(error)
