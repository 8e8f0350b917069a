"""W3C Web Annotation export: every annotation re-anchors on its article's text."""

import json

import pytest

from annotator.models import Article, Stance
from tests.exports.conftest import read
from tests.factories import ArticleFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

ASTRAL = "🇮🇷 Tehran said: «Iran has never been involved» — 伊朗官员否认 𝒳 and the end"


def anchor(body: str, exact: str, prefix: str, suffix: str) -> tuple[int, int]:
    """Where a TextQuoteSelector points, as another annotation tool would find it: the one
    place where `exact` stands between `prefix` and `suffix`."""
    found = []
    at = body.find(exact)
    while at != -1:
        if body[:at].endswith(prefix) and body[at + len(exact) :].startswith(suffix):
            found.append(at)
        at = body.find(exact, at + 1)
    assert len(found) == 1, (exact, found)
    return found[0], found[0] + len(exact)


def article_for(iri: str) -> Article:
    if iri.startswith("urn:annotator:article:"):
        return Article.objects.get(pk=int(iri.rsplit(":", 1)[1]))
    return Article.objects.get(url=iri)


def test_every_exported_annotation_reanchors_on_its_article(viewer_client):
    plain = ArticleFactory(url="https://news.example/iran")
    astral = ArticleFactory(body=ASTRAL, url=None)
    statements = [
        StatementFactory(article=plain, text="Iranian officials"),  # at the very start: no prefix
        StatementFactory(article=plain, text="has never been involved", stance=Stance.DENIAL),
        StatementFactory(article=plain, text="Iranian officials on Wednesday denied"),  # overlapping
        StatementFactory(article=astral, text="🇮🇷 Tehran"),
        StatementFactory(article=astral, text="Iran has never been involved", via=SourceFactory(name="Reuters")),
        StatementFactory(article=astral, text="𝒳 and the end"),  # at the very end: no suffix
    ]
    response = viewer_client.get("/export/statements.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(read(response))
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    annotations = document["first"]["items"]
    assert len(annotations) == len(statements)
    for annotation, statement in zip(annotations, statements, strict=True):
        assert annotation["type"] == "Annotation"
        assert annotation["id"] == f"urn:annotator:statement:{statement.pk}"
        quote, position = annotation["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        article = article_for(annotation["target"]["source"])
        assert article.pk == statement.article_id
        assert len(quote["prefix"]) <= 32 and len(quote["suffix"]) <= 32
        assert anchor(article.body, quote["exact"], quote["prefix"], quote["suffix"]) == (
            position["start"],
            position["end"],
        )
        assert (position["start"], position["end"]) == (statement.start, statement.end)
        assert article.body[position["start"] : position["end"]] == statement.quote
    assert annotations[0]["target"]["source"] == "https://news.example/iran"
    assert annotations[0]["target"]["selector"][0]["prefix"] == ""
    assert annotations[5]["target"]["selector"][0]["suffix"] == ""
    assert annotations[3]["target"]["selector"][0]["suffix"] == ASTRAL[len("🇮🇷 Tehran") :][:32]
    bodies = {b["purpose"]: b["value"] for b in annotations[4]["body"]}
    assert bodies["classifying"] == "claim"
    assert bodies["tagging"] == "via Reuters"


def test_the_w3c_export_takes_the_same_filters(viewer_client):
    StatementFactory(stance=Stance.CLAIM)
    denial = StatementFactory(stance=Stance.DENIAL, text="has never been involved")
    document = json.loads(read(viewer_client.get("/export/statements.jsonld", {"stance": "denial"})))
    assert [a["id"] for a in document["first"]["items"]] == [f"urn:annotator:statement:{denial.pk}"]


def test_an_empty_export_is_still_a_valid_document(viewer_client):
    document = json.loads(read(viewer_client.get("/export/statements.jsonld")))
    assert document["first"]["items"] == []
