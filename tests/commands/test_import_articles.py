"""`manage.py import_articles PATH...`: files and folders in, each article on its own,
duplicates stored once, failures reported by file and line, non-zero exit on failure."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from annotator.models import Article, Source
from annotator.services import articles as service
from tests.factories import SourceFactory

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest" / "folder"

pytestmark = pytest.mark.django_db


class Run:
    def __init__(self, out: str, err: str, error: CommandError | None):
        self.out, self.err, self.error = out, err, error


def run(*args) -> Run:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return Run(out.getvalue(), err.getvalue(), error)
    return Run(out.getvalue(), err.getvalue(), None)


@pytest.fixture(autouse=True)
def queued(monkeypatch):
    ids: list[int] = []
    monkeypatch.setattr(service, "_suggester", lambda: type("Task", (), {"enqueue": staticmethod(ids.append)}))
    return ids


@pytest.fixture
def folder(tmp_path) -> Path:
    copy = tmp_path / "articles"
    shutil.copytree(DATA, copy)
    return copy


def test_a_folder_is_imported_recursively_with_bad_lines_reported_and_a_non_zero_exit(folder):
    result = run(folder)
    assert Article.objects.count() == 5
    assert f"skipped {folder / 'notes.md'}: not a .txt, .html/.htm or .jsonl file (.md)" in result.out
    assert f'FAILED {folder / "nested" / "batch.jsonl"}:4: "text" must be a string, not a number' in result.err
    assert "Imported 5, duplicates 0, failed 1, skipped 1" in result.out
    assert result.error is not None and "1 import failed" in str(result.error)


def test_each_format_is_stored_cleaned_with_its_details(folder):
    run(folder)
    text = Article.objects.get(raw__startswith="SUBSCRIBE")
    assert text.body.startswith("Iranian officials on Wednesday denied")
    assert text.body.count("Iranian officials on Wednesday denied") == 1
    page = Article.objects.get(title="Pentagon sees signs of Iranian strikes")
    assert page.url == "https://news.example.com/pentagon-iran"
    assert "SHOULD_NOT_APPEAR" not in page.body
    line = Article.objects.get(title="Jazayeri denies collaboration")
    assert line.source.name == "The Guardian" and line.published_at.year == 2014
    assert Article.objects.get(body__startswith="“Iran has never").body.endswith("in Tehran on Wednesday.")


def test_importing_the_same_files_again_reports_duplicates_and_stores_nothing_new(folder):
    run(folder / "iran.txt", folder / "nested" / "kirby.html")
    result = run(folder / "iran.txt", folder / "nested" / "kirby.html")
    assert Article.objects.count() == 2
    assert result.error is None
    assert f"duplicate {folder / 'iran.txt'}: already stored as article" in result.out
    assert "Imported 0, duplicates 2, failed 0, skipped 0" in result.out


def test_the_same_file_given_twice_in_one_run_is_stored_once(folder):
    result = run(folder / "iran.txt", folder / "iran.txt")
    assert Article.objects.count() == 1
    assert "Imported 1, duplicates 1" in result.out


def test_an_empty_file_fails_by_name_and_the_rest_still_go_in(folder):
    (folder / "empty.txt").write_bytes(b"")
    result = run(folder / "empty.txt", folder / "iran.txt")
    assert f"FAILED {folder / 'empty.txt'}: the file is empty" in result.err
    assert Article.objects.count() == 1
    assert result.error is not None


def test_a_file_empty_after_cleaning_fails_with_what_was_dropped(folder):
    (folder / "junk.txt").write_text("5\n#000000\nSUBSCRIBE TO OUR FREE NEWSLETTER\n")
    result = run(folder / "junk.txt", folder / "iran.txt")
    assert f"FAILED {folder / 'junk.txt'}: Nothing is left after cleaning: 1 × lone number or symbol" in result.err
    assert Article.objects.count() == 1
    assert result.error is not None


def test_an_unreadable_file_fails_by_name(folder, monkeypatch):
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "iran.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = run(folder / "iran.txt", folder / "nested" / "kirby.html")
    assert f"FAILED {folder / 'iran.txt'}: cannot be read (Permission denied)" in result.err
    assert Article.objects.count() == 1
    assert result.error is not None


def test_a_binary_file_with_an_article_extension_fails_with_the_reason(folder):
    (folder / "scan.txt").write_bytes(b"%PDF-1.4 \x00\x01")
    result = run(folder / "scan.txt")
    assert f"FAILED {folder / 'scan.txt'}: scan.txt is a PDF document, not text, HTML or JSON Lines." in result.err
    assert result.error is not None


def test_every_kind_of_bad_jsonl_line_is_reported_with_its_line_and_the_good_lines_go_in(folder):
    lines = [
        json.dumps({"text": "A good first article about the ceasefire talks in Geneva."}),
        "{not json",
        "[1, 2]",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "A good article", "published_at": "yesterday"}),
        json.dumps({"text": "5\n#000000"}),
        json.dumps({"text": "The ministry said the talks would resume.", "url": "not-a-url"}),
        json.dumps({"text": "A good second article about sanctions relief for Iran."}),
    ]
    (folder / "bad.jsonl").write_text("\n".join(lines))
    result = run(folder / "bad.jsonl")
    where = folder / "bad.jsonl"
    assert f"FAILED {where}:2: invalid JSON" in result.err
    assert f"FAILED {where}:3: not a JSON object but an array" in result.err
    assert f'FAILED {where}:4: no article text: give "text" or "html"' in result.err
    assert f'FAILED {where}:5: "published_at" is not an ISO 8601 date' in result.err
    assert f"FAILED {where}:6: Nothing is left after cleaning" in result.err
    assert f'FAILED {where}:7: "url" must start with http:// or https://' in result.err
    assert Article.objects.count() == 2
    assert "Imported 2, duplicates 0, failed 6" in result.out
    assert "6 imports failed" in str(result.error)


def test_a_missing_path_fails_and_the_others_still_go_in(folder):
    result = run(folder / "nope.txt", folder / "iran.txt")
    assert f"FAILED {folder / 'nope.txt'}: no such file or folder" in result.err
    assert Article.objects.count() == 1
    assert result.error is not None


def test_the_default_source_is_used_unless_a_line_names_its_own(folder):
    SourceFactory(name="Al Jazeera", aliases=["Al-Jazeera"])
    run(folder, "--source", "Common Dreams")
    assert Article.objects.get(raw__startswith="SUBSCRIBE").source.name == "Common Dreams"
    assert Article.objects.get(title="An unlikely alignment").source.name == "Al Jazeera"
    assert Source.objects.filter(name__in=["Common Dreams", "The Guardian", "Al Jazeera"]).count() == 3


def test_the_user_is_recorded_as_creator_and_in_the_history(folder, analyst):
    run(folder / "iran.txt", "--user", analyst.username)
    article = Article.objects.get()
    assert article.created_by == analyst
    assert article.history.get().history_user == analyst


def test_an_unknown_user_stops_before_anything_is_imported(folder):
    result = run(folder, "--user", "nobody-by-that-name")
    assert "No user called 'nobody-by-that-name'" in str(result.error)
    assert Article.objects.count() == 0


def test_suggestions_are_queued_for_new_articles_unless_no_suggest(folder, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(folder / "iran.txt", "--no-suggest")
    assert queued == []
    with django_capture_on_commit_callbacks(execute=True):
        run(folder / "nested" / "kirby.html")
    assert queued == [Article.objects.get(title="Pentagon sees signs of Iranian strikes").pk]


def test_long_runs_show_progress_every_hundred_articles(tmp_path):
    lines = [json.dumps({"text": f"Report number {n} on the talks in Geneva, filed on day {n}."}) for n in range(250)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines))
    result = run(tmp_path / "many.jsonl")
    progress = [line for line in result.err.splitlines() if line.startswith("…")]
    assert [line.split(":")[0] for line in progress] == ["… 100 articles", "… 200 articles"]
    assert "Imported 250, duplicates 0, failed 0" in result.out
    assert result.error is None


@pytest.mark.postgres
def test_on_postgresql_fast_imports_skip_waiting_for_the_disk_and_only_for_the_import(folder, monkeypatch):
    seen = []
    real = service.articles_import_batches

    def spy(batches, **options):
        for results in real(batches, **options):
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                seen.append(cursor.fetchone()[0])
            yield results

    monkeypatch.setattr("annotator.management.commands.import_articles.articles_import_batches", spy)
    run(folder / "iran.txt")
    run(folder / "nested" / "kirby.html", "--fast")
    assert seen == ["on", "off"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
