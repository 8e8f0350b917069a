"""A backup taken, the database wiped, the backup restored: everything is as it was."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotator.models import Article, Stance, Statement
from annotator.services.backup import backed_up_models
from annotator.services.statements import statement_delete, statement_update
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict:
    """Every row of every backed-up table (history included), as comparable values."""
    return {
        model._meta.label: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items())) for row in model._base_manager.values()
        )
        for model in backed_up_models()
    }


@pytest.fixture
def archive(analyst):
    article = ArticleFactory(title="العربية · 中文 · فارسی", body="«Iran has never» said 🇮🇷 officials.\n\nSecond.")
    first = StatementFactory(article=article, text="«Iran has never»", stance=Stance.DENIAL, annotator=analyst)
    second = StatementFactory(article=article, text="officials", responds_to=first)
    statement_update(statement=second, version=second.version, user=analyst, note="checked")
    doomed = StatementFactory(article=article, text="Second")
    statement_delete(statement=doomed, version=doomed.version, user=analyst)
    return article


def test_backup_wipe_restore_gives_back_every_row_and_history_entry(archive, tmp_path):
    before = snapshot()
    assert before["annotator.HistoricalStatement"]
    path = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(path), stdout=open("/dev/null", "w"))

    Statement.objects.all().delete()
    Article.objects.all().delete()
    assert snapshot() != before

    call_command("restore", str(path), "--yes", stdout=open("/dev/null", "w"))
    assert snapshot() == before


def test_a_failed_restore_leaves_the_database_as_it_was(archive, tmp_path):
    before = snapshot()
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"model": "annotator.article", "pk": 1, "fields": {"body": ""}}\nnot json\n')
    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore", str(broken), "--yes")
    assert snapshot() == before


def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "nope.jsonl"), "--yes")
