"""Background work, through Django's task framework (the immediate backend in
development and tests, django-tasks-db's worker in docker-compose). Tasks take ids, not
objects: they may run in another process, later."""

from django.tasks import task


@task()
def suggest_article(article_id: int) -> dict:
    """Run the suggester on one article; returns the counts of the run."""
    from annotator.models import Article
    from annotator.services.suggestions import suggestions_generate

    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        # Deleted between enqueue and run: nothing to suggest, and nothing to retry.
        return {"article_id": article_id, "created": 0, "skipped_existing": 0, "skipped_rejected": 0}
    run = suggestions_generate(article=article)
    return {
        "article_id": run.article_id,
        "created": run.created,
        "skipped_existing": run.skipped_existing,
        "skipped_rejected": run.skipped_rejected,
    }


def enqueue_suggestions(article_id: int):
    """Queue the suggester for an article (the import service calls this on commit)."""
    return suggest_article.enqueue(article_id)
