"""Reads for the reader: the article, its statements in text order, and the body cut into
segments so that overlapping and nested statements all render.

`paragraph_segments` is pure Python (no Django): it works on offsets and keys only."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.db import prepared
from annotator.models import Actor, Article, Proposition, ReviewStatus, Source, Statement
from annotator.projects_access import (
    can_read_article,
    visible_actors,
    visible_articles,
    visible_propositions,
    visible_statements,
)

from .search_terms import search_term

PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class Segment:
    """A stretch of text covered by the same statements throughout.

    `keys` are the covering spans' keys, outermost first (earlier start, then longer);
    `opens` and `closes` are the keys whose span starts or ends exactly here."""

    start: int
    end: int
    text: str
    keys: tuple = ()
    opens: frozenset = frozenset()
    closes: frozenset = frozenset()


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    segments: tuple[Segment, ...]


def paragraph_bounds(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: the body split at every blank-line separator "\\n\\n"."""
    bounds = []
    start = 0
    while True:
        cut = body.find(PARAGRAPH_BREAK, start)
        if cut == -1:
            bounds.append((start, len(body)))
            return bounds
        bounds.append((start, cut))
        start = cut + len(PARAGRAPH_BREAK)


def paragraph_segments(body: str, spans: Iterable[tuple[int, int, object]]) -> list[Paragraph]:
    """Cut `body` into paragraphs, and each paragraph into segments at every span boundary.

    `spans` are (start, end, key) with 0 <= start < end <= len(body); they may overlap,
    nest, repeat and cross paragraph breaks. Each segment lists every span that covers it.
    A span's part that falls on a paragraph break is not shown (the break is not rendered)."""
    ordered = sorted(((s, e, k) for s, e, k in spans if 0 <= s < e <= len(body)), key=lambda x: (x[0], -x[1]))
    order = {id(span): rank for rank, span in enumerate(ordered)}
    paragraphs = []
    cursor = 0  # spans before `cursor` in `ordered` start before the current paragraph
    for p_start, p_end in paragraph_bounds(body):
        while cursor < len(ordered) and ordered[cursor][1] <= p_start:
            cursor += 1
        inside = []
        for span in ordered[cursor:]:
            if span[0] >= p_end:  # sorted by start: no later span reaches into this paragraph
                break
            if span[1] > p_start:
                inside.append(span)
        cuts = {p_start, p_end}
        for s, e, _ in inside:
            cuts.update(x for x in (s, e) if p_start < x < p_end)
        edges = sorted(cuts)
        segments = []
        for a, b in zip(edges, edges[1:], strict=False):
            covering = sorted((span for span in inside if span[0] <= a and span[1] >= b), key=lambda x: order[id(x)])
            segments.append(
                Segment(
                    start=a,
                    end=b,
                    text=body[a:b],
                    keys=tuple(k for _, _, k in covering),
                    opens=frozenset(k for s, _, k in covering if s == a),
                    closes=frozenset(k for _, e, k in covering if e == b),
                )
            )
        if not segments:  # an empty paragraph (three newlines in a row) still has a place
            segments.append(Segment(start=p_start, end=p_end, text=""))
        paragraphs.append(Paragraph(start=p_start, end=p_end, segments=tuple(segments)))
    return paragraphs


@dataclass(frozen=True)
class Mark:
    """One statement's highlight over one segment."""

    statement: Statement
    opens: bool
    closes: bool


@dataclass(frozen=True)
class MarkedSegment:
    start: int
    end: int
    text: str
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class MarkedParagraph:
    start: int
    segments: tuple[MarkedSegment, ...]


@dataclass
class ReaderData:
    article: Article
    statements: list[Statement]
    paragraphs: list[MarkedParagraph]
    pending_count: int = 0
    by_id: dict[int, Statement] = field(default_factory=dict)


def article_for_reader(*, article_id: int, user) -> Article:
    """The article with its publisher, if `user` may read it; raises Article.DoesNotExist."""
    with prepared():
        return visible_articles(user, Article.objects.select_related("source")).get(pk=article_id)


def statements_for_reader(*, article: Article) -> list[Statement]:
    """The statements the reader shows (rejected suggestions stay hidden), in text order,
    with everything the panel shows loaded in the same query."""
    statements = (
        Statement.objects.for_article(article)
        .live()
        .select_related("speaker", "proposition", "via", "annotator", "responds_to", "responds_to__speaker")
        .in_text_order()
    )
    # Seven tables joined: planning it cost more than running it, on every page view.
    with prepared():
        return list(statements)


def marked_paragraphs(body: str, statements: Sequence[Statement]) -> list[MarkedParagraph]:
    by_id = {s.pk: s for s in statements}
    result = []
    for paragraph in paragraph_segments(body, ((s.start, s.end, s.pk) for s in statements)):
        segments = tuple(
            MarkedSegment(
                start=seg.start,
                end=seg.end,
                text=seg.text,
                marks=tuple(Mark(by_id[k], k in seg.opens, k in seg.closes) for k in seg.keys),
            )
            for seg in paragraph.segments
        )
        result.append(MarkedParagraph(start=paragraph.start, segments=segments))
    return result


def reader_data(*, article: Article) -> ReaderData:
    """Everything the reader page shows about an article, in a fixed number of queries."""
    statements = statements_for_reader(article=article)
    return ReaderData(
        article=article,
        statements=statements,
        paragraphs=marked_paragraphs(article.body, statements),
        pending_count=sum(1 for s in statements if s.review_status == ReviewStatus.PENDING),
        by_id={s.pk: s for s in statements},
    )


def actors_matching(term: str, *, user, limit: int = 10) -> list[Actor]:
    """Autocomplete: live (not merged away) actors by name, alias or role, among those the user may read."""
    actors = visible_actors(user, Actor.objects.search(search_term(term)).filter(merged_into__isnull=True))
    return list(actors.order_by("name", "id")[:limit])


def propositions_matching(term: str, *, user, limit: int = 10) -> list[Proposition]:
    propositions = Proposition.objects.search(search_term(term)).filter(merged_into__isnull=True)
    return list(visible_propositions(user, propositions).order_by("text", "id")[:limit])


def sources_for_select() -> list[Source]:
    return list(Source.objects.only("id", "name").order_by("name"))


def statement_for_edit(*, statement_id: int, user) -> Statement | None:
    """The statement, if it exists and `user` may read its article (else None, as if gone)."""
    statements = Statement.objects.select_related("article", "article__source", "speaker", "proposition")
    return visible_statements(user, statements).filter(pk=statement_id).first()


def deleted_statement(*, statement_id: int, user):
    """The last state of a deleted statement, from its history (None if it exists, never
    did, or was in an article the user may not read)."""
    if Statement.objects.filter(pk=statement_id).exists():
        return None
    record = (
        Statement.history.filter(id=statement_id, history_type="-").order_by("-history_date", "-history_id").first()
    )
    return record if record is not None and can_read_article(user, record.article_id) else None


def actor_by_id(actor_id: int, *, user) -> Actor | None:
    return visible_actors(user).filter(pk=actor_id).first()


def proposition_by_id(proposition_id: int, *, user) -> Proposition | None:
    return visible_propositions(user).filter(pk=proposition_id).first()
