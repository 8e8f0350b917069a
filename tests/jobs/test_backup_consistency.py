"""Backups taken while the app is in use are one moment of it: every table read in one
snapshot, the counts printed read back from the file, the file verified after writing
(and on demand, `backup --verify FILE`), and a restore that answers 503 with Retry-After
meanwhile instead of letting requests hang on its locks."""

import gzip
import io
import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from annotator.models import Article, Statement
from annotator.services import backup as backup_service
from annotator.services.backup import backup_verify, manifest_path
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def _backup(path) -> str:
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def _lines(path) -> list[dict]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt") as file:
        return [json.loads(line) for line in file if line.strip()]


def _rewrite(path, records) -> None:
    Path(path).write_text("".join(json.dumps(record) + "\n" for record in records))


@pytest.fixture
def archive():
    article = ArticleFactory(title="Kept", body="Officials denied accusations. Others confirmed it.")
    StatementFactory(article=article, text="denied accusations")
    StatementFactory(article=article, text="confirmed it")
    return article


def test_backup_prints_the_counts_of_the_file_it_wrote_and_verifies_it(archive, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    printed = _backup(path)
    in_file = {}
    for record in _lines(path):
        in_file[record["model"]] = in_file.get(record["model"], 0) + 1
    assert in_file["annotator.statement"] == 2 and in_file["annotator.historicalstatement"] >= 2
    for label, count in in_file.items():
        assert f"{label:40} {count:>10}" in printed
    assert "Backup written and verified" in printed
    manifest = json.loads(manifest_path(path).read_text())
    assert {label: manifest["counts"][label] for label in in_file} == in_file

    out = io.StringIO()
    call_command("backup", str(path), "--verify", stdout=out)
    assert "Backup verified" in out.getvalue()


def test_verify_finds_a_statement_whose_article_is_not_in_the_file(archive, tmp_path):
    path = tmp_path / "backup.jsonl"
    _backup(path)
    records = [r for r in _lines(path) if r["model"] != "annotator.article"]
    _rewrite(path, records)

    result = backup_verify(path)
    assert not result.ok
    assert any(f"its article (annotator.article {archive.pk}) is not in the backup" in e for e in result.errors)
    assert any("SHA-256 differs" in e for e in result.errors)
    assert any("annotator.article: 0 rows in the file, 1 in the snapshot" in e for e in result.errors)
    with pytest.raises(CommandError, match="does not verify"):
        call_command("backup", str(path), "--verify", stdout=io.StringIO(), stderr=io.StringIO())


def test_verify_finds_rows_without_their_history(archive, tmp_path):
    path = tmp_path / "backup.jsonl"
    _backup(path)
    _rewrite(path, [r for r in _lines(path) if r["model"] != "annotator.historicalstatement"])
    manifest_path(path).unlink()  # standalone: a file without its manifest is still checked

    result = backup_verify(path)
    assert any("2 rows of annotator.statement have no history in the backup" in e for e in result.errors)
    assert any("No manifest" in e for e in result.errors)


def test_verify_finds_a_truncated_file(archive, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    _backup(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert any("cannot be read whole" in e for e in backup_verify(path).errors)


def test_restore_refuses_a_backup_that_does_not_verify_and_changes_nothing(archive, tmp_path):
    path = tmp_path / "backup.jsonl"
    _backup(path)
    _rewrite(path, [r for r in _lines(path) if r["model"] != "annotator.article"])
    Statement.objects.filter(article=archive).delete()
    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore", str(path), "--yes", stdout=io.StringIO())
    assert Article.objects.filter(pk=archive.pk).exists() and not Statement.objects.exists()


def test_requests_during_a_restore_get_503_with_retry_after_at_once(archive, client, analyst, tmp_path, monkeypatch):
    path = tmp_path / "backup.jsonl"
    _backup(path)
    loading, release = threading.Event(), threading.Event()
    real_call_command = backup_service.call_command

    def slow_loaddata(name, *args, **kwargs):
        if name == "loaddata":
            loading.set()
            release.wait(30)
        return real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(backup_service, "call_command", slow_loaddata)
    errors = []

    def restore():
        try:
            call_command("restore", str(path), "--yes", stdout=io.StringIO())
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    client.force_login(analyst)
    thread = threading.Thread(target=restore)
    thread.start()
    try:
        assert loading.wait(30)
        page = client.get(f"/articles/{archive.pk}/")
        api = client.get("/api/statements/")
        assert page.status_code == 503 and page["Retry-After"] == "30"
        assert "being restored" in page.content.decode()
        assert api.status_code == 503 and api["Retry-After"] == "30" and "restored" in api.json()["detail"]
    finally:
        release.set()
        thread.join()
    assert not errors
    client.force_login(analyst)  # the restore replaced the users and their sessions
    assert client.get(f"/articles/{archive.pk}/").status_code == 200


def test_a_failed_restore_leaves_maintenance_mode_too(tmp_path, settings):
    broken = tmp_path / "broken.jsonl"
    broken.write_text("not json\n")
    with pytest.raises(CommandError):
        call_command("restore", str(broken), "--yes", stdout=io.StringIO())
    assert not Path(settings.ANNOTATOR_MAINTENANCE_FILE).exists()


def test_maintenance_can_be_set_and_cleared_by_hand(client):
    call_command("maintenance", "on", "--reason", "Moving servers", stdout=io.StringIO())
    assert client.get("/").status_code == 503
    call_command("maintenance", "off", stdout=io.StringIO())
    assert client.get("/").status_code != 503


# Under load, into a fresh database (PostgreSQL) ------------------------------------------------

WRITERS = 4


@transaction.atomic  # as the services write: a row and its history commit together
def _one_round(number: int) -> int:
    """An analyst's work: an article and two statements, each with its history; and now
    and then a statement deleted (its history stays)."""
    article = ArticleFactory(body=f"Officials denied accusations. Others confirmed it. ({uuid.uuid4().hex})")
    first = StatementFactory(article=article, text="denied accusations")
    StatementFactory(article=article, text="confirmed it")
    if number % 3 == 0:
        first.delete()
    return article.pk


def _write_until(stop: threading.Event, written: list) -> None:
    try:
        while not stop.is_set():
            written.append(_one_round(len(written)))
    finally:
        connections.close_all()  # this thread's own


def _rows(cursor, table: str) -> set:
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (a model's own table name)
    plain = lambda v: json.dumps(v, sort_keys=True, default=str) if isinstance(v, list | dict) else v  # noqa: E731
    return {tuple(map(plain, row)) for row in cursor.fetchall()}


@pytest.mark.postgres
def test_a_backup_taken_while_writers_run_restores_into_a_fresh_database_equal(tmp_path):
    for number in range(20):
        _one_round(number)
    stop, written = threading.Event(), []
    writers = [threading.Thread(target=_write_until, args=(stop, written)) for _ in range(WRITERS)]
    for writer in writers:
        writer.start()
    try:
        while len(written) < 20:  # the writers are well under way
            stop.wait(0.05)
        path = tmp_path / "backup.jsonl.gz"
        printed = _backup(path)
        during = len(written)
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    assert len(written) > during or len(written) >= 20  # writes went on around the backup
    manifest = json.loads(manifest_path(path).read_text())
    assert backup_verify(path).ok
    assert f"{'annotator.statement':40} {manifest['counts']['annotator.statement']:>10}" in printed

    # A fresh database, migrated, then restored by the commands an operator runs.
    settings_dict = connection.settings_dict
    fresh = f"{settings_dict['NAME']}_restored"
    admin = psycopg.connect(
        host=settings_dict["HOST"], port=settings_dict["PORT"] or 5432, user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )  # fmt: skip
    admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
    admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        user = settings_dict["USER"]
        password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        url = f"postgres://{user}{password}@{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/{fresh}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tests.settings"}
        for command in (["migrate", "--noinput"], ["restore", str(path), "--yes"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)

        with psycopg.connect(url) as restored, connection.cursor() as source:
            cursor = restored.cursor()
            for model in backup_service.backed_up_models():
                table = model._meta.db_table
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
                assert cursor.fetchone()[0] == manifest["counts"][model._meta.label_lower], table
                if model._meta.label_lower.startswith("annotator.historical"):
                    # Every history row of the snapshot, as the source still has it (history is
                    # only ever added to), and none besides.
                    assert _rows(cursor, table) <= _rows(source, table), table
            cursor.execute(
                "SELECT count(*) FROM annotator_statement s WHERE NOT EXISTS "
                "(SELECT 1 FROM annotator_historicalstatement h WHERE h.id = s.id)"
            )
            assert cursor.fetchone()[0] == 0  # every statement with its history
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()
