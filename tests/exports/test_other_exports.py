"""Articles, actors and propositions export with their own FilterSets."""

import csv
import io
import json

import pytest

from annotator.models import Stance
from tests.exports.conftest import read
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def rows(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(read(response))))


def test_articles_export_with_their_counts_filtered_by_source(viewer_client):
    reuters = SourceFactory(name="Reuters")
    article = ArticleFactory(source=reuters, title="+Strikes")
    ArticleFactory()
    StatementFactory(article=article, stance=Stance.DENIAL)
    [row] = rows(viewer_client.get("/export/articles.csv", {"source": reuters.pk}))
    assert (row["article_id"], row["title"], row["source"]) == (str(article.pk), "'+Strikes", "Reuters")
    assert (row["claim_count"], row["denial_count"]) == ("0", "1")


def test_actors_export_filtered_by_kind_with_aliases(viewer_client):
    actor = ActorFactory(name="Pentagon", kind="government", aliases=["DoD", "Department of Defense"])
    ActorFactory(kind="person")
    [row] = rows(viewer_client.get("/export/actors.csv", {"kind": "government"}))
    assert (row["actor_id"], row["aliases"], row["claim_count"]) == (str(actor.pk), "DoD; Department of Defense", "0")


def test_contested_propositions_export(viewer_client):
    contested = PropositionFactory(text="Iran struck IS in Iraq.", topics=["iran"])
    article = ArticleFactory()
    StatementFactory(article=article, text="indications", proposition=contested)
    StatementFactory(article=article, text="never been involved", proposition=contested, stance=Stance.DENIAL)
    PropositionFactory()
    [row] = rows(viewer_client.get("/export/propositions.csv", {"contested": "true"}))
    assert (row["proposition_id"], row["contested"], row["claim_count"], row["denial_count"]) == (
        str(contested.pk),
        "true",
        "1",
        "1",
    )
    assert row["topics"] == "iran"


def test_hidden_formulas_are_neutralised_in_csv_and_kept_exact_in_jsonl(viewer_client):
    texts = [" =2+3", "\u200b=1", "＝1+1", '"@SUM(A1)']
    for text in texts:
        ArticleFactory(title=text)
    titles = {row["title"] for row in rows(viewer_client.get("/export/articles.csv"))}
    assert titles == {"'" + text for text in texts}
    lines = read(viewer_client.get("/export/articles.jsonl")).splitlines()
    assert {json.loads(line)["title"] for line in lines if line} == set(texts)
