"""/export/statements.csv: the documented columns, RFC 4180, any script, no formulas."""

import csv
import io
import json

import pytest
from rest_framework.test import APIClient

from annotator.exports.formatters import STATEMENT_COLUMNS
from annotator.models import Origin, ReviewStatus, Stance
from annotator.services.tokens import token_create
from tests.exports.conftest import read
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

DOCUMENTED_COLUMNS = [
    "statement_id",
    "article_id",
    "article_title",
    "article_url",
    "source",
    "published_at",
    "speaker",
    "speaker_kind",
    "speaker_role",
    "speaker_affiliation",
    "stance",
    "proposition_id",
    "proposition",
    "quote",
    "start",
    "end",
    "via",
    "cue",
    "direct",
    "responds_to_id",
    "origin",
    "review_status",
    "annotator",
    "created_at",
    "updated_at",
    "independent",
    "adjudicated_from_id",
]

HOSTILE = (
    '=HYPERLINK("http://evil.example","click"), he said, "quoted"\r\nand on a new line\n'
    "+49 callers, -3 degrees, @everyone\n"
    "\tTabbed in.\n"
    "مسؤول إيراني نفى ذلك. مقام ایرانی گفت. 伊朗官员否认。 🇮🇷 done."
)


def rows(response):
    return list(csv.DictReader(io.StringIO(read(response).removeprefix("\ufeff"))))


def test_the_columns_are_the_documented_ones_in_order(viewer_client):
    StatementFactory()
    response = viewer_client.get("/export/statements.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="statements-' in response["Content-Disposition"]
    assert list(STATEMENT_COLUMNS) == DOCUMENTED_COLUMNS
    assert read(viewer_client.get("/export/statements.csv")).splitlines()[0] == ",".join(DOCUMENTED_COLUMNS)


def test_denial_relayed_via_reuters_is_exported_with_every_field(viewer_client, analyst):
    reuters = SourceFactory(name="Reuters")
    article = ArticleFactory(source=SourceFactory(name="Al Jazeera"), title="Iran denies", url="https://aj.example/1")
    claim = StatementFactory(article=article, text="indications")
    denial = StatementFactory(
        article=article,
        text="has never been involved",
        stance=Stance.DENIAL,
        speaker=ActorFactory(name="Iranian official", kind="anonymous", role="senior official", affiliation="Iran"),
        proposition=PropositionFactory(text="Iran struck IS targets in Iraq."),
        via=reuters,
        cue="told",
        direct=True,
        responds_to=claim,
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.ACCEPTED,
        annotator=analyst,
    )
    row = rows(viewer_client.get("/export/statements.csv", {"via": reuters.pk}))
    assert len(row) == 1
    assert row[0] == {
        "statement_id": str(denial.pk),
        "article_id": str(article.pk),
        "article_title": "Iran denies",
        "article_url": "https://aj.example/1",
        "source": "Al Jazeera",
        "published_at": article.published_at.isoformat(),
        "speaker": "Iranian official",
        "speaker_kind": "anonymous",
        "speaker_role": "senior official",
        "speaker_affiliation": "Iran",
        "stance": "denial",
        "proposition_id": str(denial.proposition_id),
        "proposition": "Iran struck IS targets in Iraq.",
        "quote": "has never been involved",
        "start": str(denial.start),
        "end": str(denial.end),
        "via": "Reuters",
        "cue": "told",
        "direct": "true",
        "responds_to_id": str(claim.pk),
        "origin": "suggested",
        "review_status": "accepted",
        "annotator": analyst.username,
        "created_at": denial.created_at.isoformat(),
        "updated_at": denial.updated_at.isoformat(),
        "independent": "false",
        "adjudicated_from_id": "",
    }


def test_hostile_cells_survive_quoting_and_are_made_inert(viewer_client):
    article = ArticleFactory(body=HOSTILE, title="=cmd|' /C calc'!A0")
    lines = HOSTILE.split("\n")
    texts = [HOSTILE[: HOSTILE.index("new line") + 8], lines[2], lines[3], lines[4]]
    statements = [StatementFactory(article=article, text=t) for t in texts]
    exported = {int(r["statement_id"]): r for r in rows(viewer_client.get("/export/statements.csv"))}
    for statement in statements:
        quote = exported[statement.pk]["quote"]
        expected = "'" + statement.quote if statement.quote[0] in "=+-@\t\r" else statement.quote
        assert quote == expected
    assert exported[statements[0].pk]["quote"].startswith("'=HYPERLINK")
    assert "\r\nand on a new line" in exported[statements[0].pk]["quote"]
    assert exported[statements[2].pk]["quote"] == "'\tTabbed in."
    assert exported[statements[3].pk]["quote"] == lines[4]  # Arabic, Persian, Chinese, emoji intact
    assert exported[statements[0].pk]["article_title"] == "'=cmd|' /C calc'!A0"


def test_the_file_is_rfc_4180(viewer_client):
    article = ArticleFactory(body='He said "no", twice,\nthen left.')
    StatementFactory(article=article, text='He said "no", twice,\nthen left.')
    text = read(viewer_client.get("/export/statements.csv"))
    assert text.endswith("\r\n")
    assert '"He said ""no"", twice,\nthen left."' in text


def test_a_byte_order_mark_on_request_for_spreadsheets(viewer_client):
    StatementFactory()
    with_bom = b"".join(viewer_client.get("/export/statements.csv", {"bom": "1"}).streaming_content)
    without = b"".join(viewer_client.get("/export/statements.csv").streaming_content)
    assert with_bom.startswith(b"\xef\xbb\xbfstatement_id,")
    assert without.startswith(b"statement_id,")


def test_jsonl_has_the_same_rows_typed(viewer_client):
    statement = StatementFactory(stance=Stance.DENIAL)
    response = viewer_client.get("/export/statements.jsonl")
    [line] = read(response).splitlines()
    row = json.loads(line)
    assert list(row) == DOCUMENTED_COLUMNS
    assert (row["statement_id"], row["stance"], row["direct"], row["via"]) == (statement.pk, "denial", False, None)


def test_a_bad_filter_is_a_400_not_a_silently_wider_export(viewer_client):
    StatementFactory()
    response = viewer_client.get("/export/statements.csv", {"stance": "shrug", "ordering": "quote"})
    assert response.status_code == 400
    assert set(response.json()) == {"stance"}
    response = viewer_client.get("/export/statements.csv", {"ordering": "quote"})
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_a_script_exports_with_its_token(viewer):
    StatementFactory()
    _, key = token_create(user=viewer, name="nightly")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert len(rows(client.get("/export/statements.csv"))) == 1
    client.credentials(HTTP_AUTHORIZATION="Token ann_revoked")
    assert client.get("/export/statements.csv").status_code == 401


def test_the_same_filters_give_the_same_rows_through_the_api_and_the_export(viewer_client, client, admin_user):
    reuters = SourceFactory(name="Reuters")
    kirby = ActorFactory(name="John Kirby")
    for article in ArticleFactory.create_batch(3):
        StatementFactory(article=article, text="indications", speaker=kirby)
        StatementFactory(article=article, text="has never been involved", stance=Stance.DENIAL, via=reuters)
        StatementFactory(article=article, text="denied accusations", stance=Stance.DENIAL, speaker=kirby)
    _, key = token_create(user=admin_user, name="compare")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for params in ({"stance": "denial"}, {"speaker": kirby.pk}, {"via": reuters.pk, "q": "never"}, {}):
        from_api = [r["id"] for r in api.get("/api/v1/statements/", params).json()["results"]]
        from_export = [int(r["statement_id"]) for r in rows(viewer_client.get("/export/statements.csv", params))]
        assert from_api == from_export, params
        assert from_api
