import json

import pytest
from django.core.management import CommandError, call_command

from annotator.models import Origin, Statement
from tests.factories import ArticleFactory, SourceFactory

TEXT = '"Iran has never been involved in any air strikes," a senior Iranian official told Reuters.\n'


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("suggest", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_file_prints_one_json_object_a_line_with_offsets_into_the_cleaned_text(tmp_path):
    SourceFactory(name="Reuters")
    path = tmp_path / "article.txt"
    path.write_text("SUBSCRIBE TO OUR FREE NEWSLETTER\n" + TEXT, encoding="utf-8")
    (line,) = run(str(path)).splitlines()
    row = json.loads(line)
    assert list(row) == ["start", "end", "quote", "stance", "direct", "source", "cue", "speaker", "via"]
    assert row["quote"] == '"Iran has never been involved in any air strikes,"'
    assert (row["stance"], row["direct"], row["via"], row["speaker"]) == (
        "denial",
        True,
        "Reuters",
        "Senior Iranian official",
    )
    assert row["cue"]["text"] == "told" and row["source"]["text"] == "a senior Iranian official"


@pytest.mark.django_db
def test_no_clean_uses_offsets_into_the_file_as_is(tmp_path):
    path = tmp_path / "article.txt"
    raw = "SUBSCRIBE TO OUR FREE NEWSLETTER\n" + TEXT
    path.write_text(raw, encoding="utf-8")
    row = json.loads(run(str(path), "--no-clean"))
    assert raw[row["start"] : row["end"]] == row["quote"]
    assert row["start"] == raw.index('"Iran')


@pytest.mark.django_db
def test_article_stores_suggestions_and_prints_counts():
    article = ArticleFactory(body=TEXT)
    assert "1 created, 0 already there" in run("--article", str(article.pk))
    assert "0 created, 1 already there" in run("--article", str(article.pk))
    assert Statement.objects.filter(article=article, origin=Origin.SUGGESTED).count() == 1


@pytest.mark.django_db
def test_bad_input_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No article with id 424242"):
        run("--article", "424242")
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError, match="either --article ID or a FILE"):
        run()


@pytest.mark.django_db
def test_a_database_without_tables_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    """A fresh checkout that has not run `migrate`: the file's suggestions need the outlets
    and actors already known, which live in the database."""
    from django.db import OperationalError

    from annotator.management.commands import suggest as command

    def no_table(_sources):
        raise OperationalError("no such table: annotator_source")

    monkeypatch.setattr(command, "source_names", no_table)
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match=r"no such table: annotator_source.*Run `manage.py migrate` first"):
        run(str(path))
