"""{% row_url %} gives exactly what {% url %} gives, for the long lists that use it."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

NAMES = ["statement_edit", "statement_delete", "statement_history", "statement_accept", "statement_reject"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("pk", [1, 42, 10**12])
def test_a_row_url_is_the_reversed_url(name, pk):
    rendered = Template("{% load row_urls %}{% row_url name pk %}").render(Context({"name": name, "pk": pk}))
    assert rendered == reverse(name, args=[pk])


def test_a_site_under_a_path_prefix_gets_its_prefix():
    set_script_prefix("/newsroom/")
    try:
        rendered = Template("{% load row_urls %}{% row_url 'statement_edit' 7 %}").render(Context())
        assert rendered == reverse("statement_edit", args=[7])
        assert rendered.startswith("/newsroom/")
    finally:
        set_script_prefix("/")


def test_a_url_that_does_not_take_one_id_fails_as_url_would():
    with pytest.raises(NoReverseMatch):
        Template("{% load row_urls %}{% row_url 'article_list' 1 %}").render(Context())


@pytest.mark.parametrize("slug", ["reuters", "al-jazeera_2", "bbc-news"])
def test_a_slug_row_url_is_the_reversed_url(slug):
    rendered = Template("{% load row_urls %}{% row_url 'source_detail' slug %}").render(Context({"slug": slug}))
    assert rendered == reverse("source_detail", args=[slug])
