"""Which answered statements the reader's panel may name.

A statement may answer (`responds_to`) a statement of another article, and so of another
project: one linked by someone who reads both. The panel names the answered statement's
speaker and stance; for a reader of the answering article who may not read the other
one, that would be project B's speaker shown in project A, so the answer is left out
for them. One query, only when the panel holds an answer to another article."""

from annotator.models import Article, Statement
from annotator.projects_access import visible_articles


def hide_unreadable_answers(statements: list[Statement], *, user) -> None:
    """Forget, on these loaded statements (the panel's), the answers `user` may not read."""
    elsewhere = [s for s in statements if s.responds_to_id is not None and s.responds_to.article_id != s.article_id]
    if not elsewhere:
        return
    ids = {s.responds_to.article_id for s in elsewhere}
    readable = set(visible_articles(user, Article.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    for statement in elsewhere:
        if statement.responds_to.article_id not in readable:
            statement.responds_to = None
