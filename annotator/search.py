"""Full-text search: PostgreSQL's text search over the GIN-indexed expressions,
plain case-insensitive substring search on SQLite."""

from django.db import connections
from django.db.models import Expression, Q, QuerySet


class ArticleSearchDocument(Expression):
    """The article's stored search document: the PostgreSQL-only generated column of
    migration 0005 (the model does not declare it, since SQLite has no such column)."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.search_document", []


def _is_postgres(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def search_articles(queryset: QuerySet, terms: str) -> QuerySet:
    terms = " ".join(terms.split())
    if not terms:
        return queryset
    if _is_postgres(queryset):
        from django.contrib.postgres.search import SearchQuery

        # alias, not annotate: an annotation would join any GROUP BY of the outer query;
        # an alias is only the WHERE the GIN index serves.
        return queryset.alias(_search=ArticleSearchDocument()).filter(
            _search=SearchQuery(terms, config="english", search_type="websearch")
        )
    return queryset.filter(Q(title__icontains=terms) | Q(body__icontains=terms))


def search_quotes(queryset: QuerySet, terms: str, prefix: str = "") -> QuerySet:
    """Statements (or anything reaching them through `prefix`) whose quote matches."""
    terms = " ".join(terms.split())
    if not terms:
        return queryset
    if _is_postgres(queryset):
        from django.contrib.postgres.search import SearchQuery

        from annotator.models.statements import quote_search_vector

        if prefix:
            from django.contrib.postgres.search import SearchVector

            vector = SearchVector(f"{prefix}quote", config="english")
        else:
            vector = quote_search_vector()
        return queryset.alias(_quote_search=vector).filter(
            _quote_search=SearchQuery(terms, config="english", search_type="websearch")
        )
    return queryset.filter(**{f"{prefix}quote__icontains": terms})
