"""Full-text search, the same in spirit on both databases: every word, in any order; a
"quoted phrase" as a phrase; `or` between alternatives; `-word` to leave out (PostgreSQL's
web search syntax). PostgreSQL answers with its text search over the GIN-indexed
documents; SQLite with FTS5 (built in) over the articles' title and text, an index that
triggers keep in step (migration 0010), and, for quotes, every term as a case-insensitive
substring."""

import re
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Expression, Q, QuerySet
from django.db.models.expressions import RawSQL

# A quoted phrase (closed or running to the end), or a run of anything but space and quote.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+?)(?=\s|"|$)')
_WORD = re.compile(r"\w")
# More terms than any search an analyst types: the rest of a paste is left out (SQLite
# refuses a query nested a thousand deep, which a pasted page of words would build).
MAX_TERMS = 64


@dataclass
class WebSearch:
    """A search box's text, read as PostgreSQL's websearch_to_tsquery reads it: `groups`
    must all match (each group: any one of its alternatives), `excluded` must not. A term
    is a word or a phrase; terms without a letter or digit are dropped, as PostgreSQL does."""

    groups: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)


def parse_web_search(text: str) -> WebSearch:
    search = WebSearch()
    either = False  # the previous token was `or`: the next term joins the last group
    for match in _TOKEN.finditer(text):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if phrase is None:
            if word.lower() == "or" and search.groups:
                either = True
                continue
            negated, term = ("-", word[1:]) if word.startswith("-") and len(word) > 1 else ("", word)
        else:
            term = " ".join(phrase.split())
        if not _WORD.search(term):
            continue
        if len(search.excluded) + sum(map(len, search.groups)) == MAX_TERMS:
            break
        if negated:
            search.excluded.append(term)
        elif either:
            search.groups[-1].append(term)
        else:
            search.groups.append([term])
        either = False
    return search


def _fts5_string(term: str) -> str:
    # Every term as an FTS5 string: FTS5 tokenizes it (a phrase stays a phrase) and
    # nothing the analyst types is read as FTS5 syntax.
    return '"' + term.replace('"', '""') + '"'


def fts5_query(search: WebSearch) -> tuple[str, str]:
    """(what must match, what must not) as FTS5 queries; either may be empty."""
    groups = ["(" + " OR ".join(map(_fts5_string, group)) + ")" for group in search.groups]
    must = " AND ".join(groups)
    must_not = " OR ".join(map(_fts5_string, search.excluded))
    return must, must_not


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
    return _sqlite_search_articles(queryset, parse_web_search(terms))


def _article_fts(query: str) -> RawSQL:
    return RawSQL("SELECT rowid FROM annotator_article_fts WHERE annotator_article_fts MATCH %s", [query])


def _sqlite_search_articles(queryset: QuerySet, search: WebSearch) -> QuerySet:
    must, must_not = fts5_query(search)
    if not must and not must_not:
        return queryset.none()  # only punctuation: nothing to look for, as on PostgreSQL
    if must:
        queryset = queryset.filter(pk__in=_article_fts(must))
    if must_not:
        queryset = queryset.exclude(pk__in=_article_fts(must_not))
    return queryset


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
    return _sqlite_search_quotes(queryset, parse_web_search(terms), f"{prefix}quote__icontains")


def _sqlite_search_quotes(queryset: QuerySet, search: WebSearch, lookup: str) -> QuerySet:
    if not search.groups and not search.excluded:
        return queryset.none()
    for group in search.groups:
        either = Q()
        for term in group:
            either |= Q(**{lookup: term})
        queryset = queryset.filter(either)
    for term in search.excluded:
        queryset = queryset.exclude(**{lookup: term})
    return queryset
