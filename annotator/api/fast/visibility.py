"""Which articles and statements a caller may see through the fast paths: the one place.

Every fast read starts from these, and the compiled query of each is kept per
`visibility_key(user)`. Today every role reads every article (as the DRF views do, from
`annotator.selectors.resources`). When project scoping comes to the API views, it comes
here too, in the same words: filter the querysets by the user (a marker parameter per
user id keeps one compiled query for all users; see CompiledQuery), and make
`visibility_key` return what changes the query's *shape* (e.g. "sees everything" for
reviewers). tests/api/test_fast_paths.py compares each fast path with its DRF view, so a
scope added to one and not the other fails there."""

from django.db.models import QuerySet

from annotator.models import Article, Statement


def visibility_key(user) -> tuple:
    """What about `user` changes the SQL of a fast read (not its parameters)."""
    return ()


def visible_articles(articles: QuerySet[Article], *, user_id) -> QuerySet[Article]:
    return articles


def visible_statements(statements: QuerySet[Statement], *, user_id) -> QuerySet[Statement]:
    return statements
