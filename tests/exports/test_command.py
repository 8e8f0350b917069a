"""manage.py export_statements: the web export's bytes, from the command line."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from annotator.models import Stance
from tests.exports.conftest import read
from tests.factories import ArticleFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements():
    reuters = SourceFactory(name="Reuters")
    article = ArticleFactory(source=reuters, body="Iran denied it. Kirby said Iran flew missions over Iraq.")
    return {
        "denial": StatementFactory(article=article, text="Iran denied it", stance=Stance.DENIAL),
        "claim": StatementFactory(article=article, text="Iran flew missions"),
        "elsewhere": StatementFactory(stance=Stance.DENIAL),
        "reuters": reuters,
    }


def test_the_command_writes_the_same_file_as_the_web_export(statements, viewer_client, tmp_path):
    out = tmp_path / "denials.csv"
    source = statements["reuters"].pk
    call_command("export_statements", "--stance", "denial", "--source", str(source), "--q", "iran", "-o", str(out))
    web = read(viewer_client.get("/export/statements.csv", {"stance": "denial", "source": source, "q": "iran"}))
    assert out.read_bytes().decode("utf-8") == web
    [row] = csv.DictReader(io.StringIO(web))
    assert row["statement_id"] == str(statements["denial"].pk)


def test_the_command_writes_to_stdout_in_each_format(statements):
    for fmt, parse in (
        ("jsonl", lambda text: [json.loads(line)["statement_id"] for line in text.splitlines()]),
        ("w3c", lambda text: [int(a["id"].rsplit(":", 1)[1]) for a in json.loads(text)["first"]["items"]]),
        ("csv", lambda text: [int(r["statement_id"]) for r in csv.DictReader(io.StringIO(text))]),
    ):
        stdout = io.StringIO()
        call_command("export_statements", "--format", fmt, "--stance", "claim", stdout=stdout)
        assert parse(stdout.getvalue()) == [statements["claim"].pk], fmt


def test_bad_filters_stop_the_command_with_the_reason(statements, tmp_path):
    with pytest.raises(CommandError, match="stance"):
        call_command("export_statements", "--stance", "shrug", "-o", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()
