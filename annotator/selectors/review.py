"""Reads for the reviewers' queue: pending suggestions across articles, narrowed by the
queue's filters, each with the sentence around its quote and its article's heading.

`quote_context` and `first_words` are pure text functions (offsets in code points)."""

import re
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import Substr

from annotator.models import Article, Project, Source, Stance, Statement
from annotator.projects_access import in_project_condition, statements_with_role, visible_articles
from annotator.roles import Role

CONTEXT_LIMIT = 240  # code points shown on each side of a quote, at most
HEADING_WORDS = 12

# Where a sentence ends: terminal punctuation (and any closing quote or bracket) before a space,
# or a line break. The context never crosses one, so it shows "the sentence around the quote".
_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)\]]*\s+|\n")


def quote_context(body: str, start: int, end: int, *, limit: int = CONTEXT_LIMIT) -> tuple[str, str]:
    """The text before and after `body[start:end]` within its sentence(s), each cut at `limit`
    code points (with an ellipsis) when the sentence is longer."""
    window_start = max(0, start - limit)
    before = body[window_start:start]
    cuts = [m.end() for m in _SENTENCE_END.finditer(before)]
    if cuts:
        before = before[cuts[-1] :]
    elif window_start > 0:
        before = "…" + before.lstrip()
    after = body[end : end + limit]
    stop = _SENTENCE_END.search(after)
    if stop:
        # Keep the terminal punctuation, not the space or line break after it.
        after = after[: stop.start() + len(stop.group().rstrip())]
    elif end + limit < len(body):
        after = after.rstrip() + "…"
    return before, after


def first_words(body: str, count: int = HEADING_WORDS) -> str:
    words = body.split()
    text = " ".join(words[:count])
    return text + "…" if len(words) > count else text


def article_heading(article: Article) -> str:
    """What names an article in a list: its display title when the model offers one, its
    title, else the first words of its text (never "Untitled article")."""
    shown = getattr(article, "display_title", "") or article.title
    return shown or first_words(article.body) or f"Article {article.pk}"


@dataclass(frozen=True)
class QueueFilters:
    stance: str = ""
    outlet: int | None = None  # the publisher, or the outlet it was relayed through
    speaker: str = ""  # part of the speaker's name or of the words that name them
    article: int | None = None
    project: str = ""  # a project's slug

    @classmethod
    def from_query(cls, query) -> "QueueFilters":
        def number(name):
            value = (query.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        stance = query.get("stance") or ""
        return cls(
            stance=stance if stance in Stance.values else "",
            outlet=number("outlet"),
            speaker=" ".join((query.get("speaker") or "").split())[:300],
            article=number("article"),
            project=(query.get("project") or "").strip()[:200],
        )

    @property
    def active(self) -> bool:
        return bool(self.stance or self.outlet or self.speaker or self.article or self.project)

    def as_query(self) -> dict[str, str]:
        values = {
            "stance": self.stance,
            "outlet": self.outlet,
            "speaker": self.speaker,
            "article": self.article,
            "project": self.project,
        }
        return {name: str(value) for name, value in values.items() if value}


def _reviewable_pending(user, filters: QueueFilters):
    """Pending suggestions in the articles the user reviews, in the chosen project if any."""
    pending = statements_with_role(user, Role.REVIEWER, Statement.objects.pending())
    if filters.project:
        project = Project.objects.filter(slug=filters.project).first()
        pending = pending.filter(in_project_condition(project, "article_id")) if project else pending.none()
    return pending


def pending_for_review(filters: QueueFilters = QueueFilters(), *, user):
    """The queue's suggestions, oldest article first and in text order within each."""
    queryset = _reviewable_pending(user, filters).select_related(
        "article", "article__source", "speaker", "proposition", "via"
    )
    if filters.stance:
        queryset = queryset.filter(stance=filters.stance)
    if filters.outlet:
        queryset = queryset.filter(Q(article__source_id=filters.outlet) | Q(via_id=filters.outlet))
    if filters.speaker:
        queryset = queryset.filter(
            Q(speaker__name__icontains=filters.speaker) | Q(speaker_text__icontains=filters.speaker)
        )
    if filters.article:
        queryset = queryset.filter(article_id=filters.article)
    # Most likely accepted first, once a scorer has scored them; unscored ones after, in
    # the text order the queue had before any scorer.
    return queryset.select_related("score").order_by(
        F("score__confidence").desc(nulls_last=True), "article__published_at", "article_id", "start", "-end", "id"
    )


def below_threshold(threshold: float | None) -> Q:
    """The suggestions a reviewer's threshold hides: scored, and below it."""
    return Q(score__confidence__lt=threshold) if threshold else Q(pk__in=[])


def queue_split(filters: QueueFilters, threshold: float | None, *, user):
    """(the queue's suggestions at or above the threshold, how many it hides), of the
    articles `user` reviews."""
    queryset = pending_for_review(filters, user=user)
    if not threshold:
        return queryset, 0
    hidden = below_threshold(threshold)
    return queryset.exclude(hidden), queryset.filter(hidden).count()


@dataclass
class QueueItem:
    statement: Statement
    before: str
    after: str


@dataclass
class QueueGroup:
    article: Article
    heading: str
    items: list[QueueItem] = field(default_factory=list)


def queue_groups(statements) -> list[QueueGroup]:
    """One page of the queue, grouped by article, each quote with its sentence around it."""
    groups: list[QueueGroup] = []
    for statement in statements:
        article = statement.article
        if not groups or groups[-1].article.pk != article.pk:
            groups.append(QueueGroup(article=article, heading=article_heading(article)))
        before, after = quote_context(article.body, statement.start, statement.end)
        groups[-1].items.append(QueueItem(statement=statement, before=before, after=after))
    return groups


def queue_filter_options(filters: QueueFilters, *, user, article_limit: int = 100) -> dict:
    """The choices the filter bar offers: outlets, and the articles that have pending
    suggestions (the chosen one always among them)."""
    pending = _reviewable_pending(user, filters)
    outlets = Source.objects.filter(
        Q(pk__in=pending.values("article__source_id")) | Q(pk__in=pending.values("via_id"))
    ).order_by("name")
    # Only the opening of each body: enough for a heading, without loading whole articles.
    shown = Article.objects.annotate(opening=Substr("body", 1, 300)).values_list("id", "title", "opening")
    articles = list(shown.filter(pk__in=pending.values("article_id")).order_by("-id")[:article_limit])
    if filters.article and all(pk != filters.article for pk, _, _ in articles):
        articles += list(visible_articles(user, shown).filter(pk=filters.article))
    return {
        "outlets": list(outlets.only("id", "name")),
        "articles": [(pk, title or first_words(opening) or f"Article {pk}") for pk, title, opening in articles],
        "stances": Stance.choices,
    }
