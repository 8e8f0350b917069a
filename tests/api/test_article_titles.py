"""The API names an article as every page does (`display_title`), and says who wrote it."""

from annotator.models import Article
from tests.factories import ArticleFactory

LEAD = "Iranian officials on Wednesday denied accusations that the military had joined airstrikes in Iraq."


def test_list_and_detail_carry_the_display_title_and_the_author(api):
    article = ArticleFactory(body=f"{LEAD}\n\nMore.", author="Jane Doe")
    Article.objects.filter(pk=article.pk).update(title="")
    listed = api.get("/api/v1/articles/").json()["results"][0]
    detail = api.get(f"/api/v1/articles/{article.pk}/").json()
    for data in (listed, detail):
        assert data["display_title"].startswith("Iranian officials on Wednesday")
        assert data["author"] == "Jane Doe"


def test_an_imported_page_gets_its_title_and_author_from_its_headline_and_byline(api):
    raw = f"Iran denies joining airstrikes\n\nBy Jane Doe\n\n{LEAD}"
    created = api.post("/api/v1/articles/", {"raw": raw}, format="json").json()
    assert (created["title"], created["display_title"], created["author"]) == (
        "Iran denies joining airstrikes",
        "Iran denies joining airstrikes",
        "Jane Doe",
    )


def test_the_author_can_be_corrected(api):
    article = ArticleFactory(author="Jane Do")
    changed = api.patch(
        f"/api/v1/articles/{article.pk}/",
        {"author": "Jane Doe", "updated_at": article.updated_at.isoformat()},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["author"] == "Jane Doe"
