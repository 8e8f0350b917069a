"""Reads for the reader: the article, its statements in text order, and the body cut into
segments so that overlapping and nested statements all render.

`paragraph_segments` is pure Python (no Django): it works on offsets and keys only."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q

from annotator.db import prepared
from annotator.double import is_double
from annotator.models import Actor, Article, Proposition, ReviewStatus, Source, Statement
from annotator.projects_access import (
    can_read_article,
    visible_actors,
    visible_articles,
    visible_propositions,
    visible_statements,
)
from annotator.text.windows import Window, window_at, window_bounds

from .search_terms import search_term

# The statement panel shows this many statements at first, and loads as many more at a time.
PANEL_PAGE = 200

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


def paragraph_segments(
    body: str, spans: Iterable[tuple[int, int, object]], *, start: int = 0, end: int | None = None
) -> list[Paragraph]:
    """Cut `body[start:end]` (a window of the reader; the whole body by default) into
    paragraphs, and each paragraph into segments at every span boundary.

    `spans` are (start, end, key) with 0 <= start < end <= len(body); they may overlap,
    nest, repeat and cross paragraph breaks and window edges. Each segment lists every span
    that covers it; offsets stay absolute. A span's part that falls on a paragraph break is
    not shown (the break is not rendered)."""
    window_start, window_end = start, len(body) if end is None else end
    ordered = sorted(((s, e, k) for s, e, k in spans if 0 <= s < e <= len(body)), key=lambda x: (x[0], -x[1]))
    order = {id(span): rank for rank, span in enumerate(ordered)}
    paragraphs = []
    cursor = 0  # spans before `cursor` in `ordered` start before the current paragraph
    bounds = paragraph_bounds(body[window_start:window_end])
    for p_start, p_end in ((a + window_start, b + window_start) for a, b in bounds):
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


@dataclass(frozen=True)
class BodyWindow:
    """One window of the text: its marked paragraphs, or None while it is not loaded."""

    window: Window
    paragraphs: list[MarkedParagraph] | None = None

    @property
    def index(self) -> int:
        return self.window.index

    @property
    def start(self) -> int:
        return self.window.start

    @property
    def end(self) -> int:
        return self.window.end

    @property
    def ends_paragraph(self) -> bool:
        return self.window.ends_paragraph


@dataclass
class Panel:
    """Pages `first_page`..`last_page` of the statement panel (PANEL_PAGE statements each, in
    text order), and the article's counts."""

    statements: list[Statement]
    first_page: int
    last_page: int
    total: int
    pending: int

    @property
    def previous_page(self) -> int | None:
        return self.first_page - 1 if self.first_page > 0 else None

    @property
    def next_page(self) -> int | None:
        return self.last_page + 1 if (self.last_page + 1) * PANEL_PAGE < self.total else None

    @property
    def pages(self) -> range:
        return range(self.first_page, self.last_page + 1)

    @property
    def offset(self) -> int:
        return self.first_page * PANEL_PAGE

    @property
    def before(self) -> int:
        return self.offset

    @property
    def after(self) -> int:
        return max(0, self.total - self.offset - len(self.statements))


@dataclass
class ReaderData:
    article: Article
    windows: list[BodyWindow]
    panel: Panel
    by_id: dict[int, Statement] = field(default_factory=dict)

    @property
    def statements(self) -> list[Statement]:
        return self.panel.statements

    @property
    def pending_count(self) -> int:
        return self.panel.pending

    @property
    def total_count(self) -> int:
        return self.panel.total

    @property
    def windowed(self) -> bool:
        return len(self.windows) > 1


def article_for_reader(*, article_id: int, user) -> Article:
    """The article with its publisher, if `user` may read it; raises Article.DoesNotExist."""
    with prepared():
        # Without `raw`, the input as imported (an HTML page can be many times the text),
        # which the reader never shows.
        articles = Article.objects.select_related("source").defer("raw").annotate(is_double=is_double())
        return visible_articles(user, articles).get(pk=article_id)


PANEL_RELATED = ("speaker", "proposition", "via", "annotator", "responds_to", "responds_to__speaker", "score")
# The columns the panel shows (and the permission checks read): building the 26 fields of a
# statement and the 11 of a user for every row cost more than the query.
PANEL_FIELDS = (
    *("id", "article_id", "start", "end", "quote", "stance", "review_status", "origin", "speaker_text", "cue"),
    *("direct", "note", "version", "annotator_id", "speaker_id", "proposition_id", "via_id", "responds_to_id"),
    *("speaker__name", "speaker__role", "proposition__text", "via__name", "annotator__username"),
    *("responds_to__stance", "responds_to__speaker_text", "responds_to__speaker_id", "responds_to__speaker__name"),
    "responds_to__article_id",  # an answer to another article's statement is shown to its readers only
    *("score__confidence", "score__stance_doubt"),
)
# What a highlight shows: its stance, whether it is a suggestion, and who speaks.
MARK_FIELDS = ("id", "article_id", "start", "end", "stance", "review_status", "speaker_text", "speaker__name")


def shown(article: Article, own_of=None):
    """The statements of `article` the reader shows: the canonical set without rejected
    suggestions, or, for an annotator working independently on a double article
    (`own_of`), only their own versions."""
    statements = Statement.objects.for_article(article)
    return statements.own_versions(own_of) if own_of is not None else statements.live()


def statements_for_reader(*, article: Article, own_of=None) -> list[Statement]:
    """The statements the reader shows, in text order (the pending suggestions the scorer
    has ranked, most likely first), with everything the panel shows loaded in the same query."""
    statements = shown(article, own_of).select_related(*PANEL_RELATED).only(*PANEL_FIELDS).in_text_order()
    # Eight tables joined: planning it cost more than running it, on every page view.
    with prepared():
        return by_confidence(list(statements))


def _confidence(statement: Statement) -> float | None:
    try:
        return statement.score.confidence
    except ObjectDoesNotExist:
        return None


def by_confidence(statements: list[Statement]) -> list[Statement]:
    """Statements in text order, then the pending suggestions, the most likely accepted
    first, once the scorer has scored them (unscored ones after, in text order). With no
    score at all, text order throughout."""
    pending = [s for s in statements if s.review_status == ReviewStatus.PENDING]
    if not any(_confidence(s) is not None for s in pending):
        return statements
    decided = [s for s in statements if s.review_status != ReviewStatus.PENDING]
    ranked = sorted(pending, key=lambda s: -(_confidence(s) if _confidence(s) is not None else -1.0))
    return decided + ranked


def marked_paragraphs(
    body: str, statements: Sequence[Statement], *, start: int = 0, end: int | None = None
) -> list[MarkedParagraph]:
    by_id = {s.pk: s for s in statements}
    result = []
    spans = ((s.start, s.end, s.pk) for s in statements)
    for paragraph in paragraph_segments(body, spans, start=start, end=end):
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


def _marked_window(body: str, window: Window, statements: Sequence[Statement]) -> BodyWindow:
    inside = [s for s in statements if s.start < window.end and window.start < s.end]
    return BodyWindow(window, marked_paragraphs(body, inside, start=window.start, end=window.end))


def _marks_in(article: Article, windows: Sequence[Window], own_of=None) -> list[Statement]:
    """The shown statements that show in any of `windows`, with only what a highlight needs."""
    overlapping = Q()
    for window in windows:
        overlapping |= Q(start__lt=window.end, end__gt=window.start)
    return list(shown(article, own_of).filter(overlapping).select_related("speaker").only(*MARK_FIELDS).in_text_order())


def _counts(article: Article, own_of=None) -> tuple[int, int]:
    counts = shown(article, own_of).aggregate(
        total=Count("id"), pending=Count("id", filter=Q(review_status=ReviewStatus.PENDING))
    )
    return counts["total"], counts["pending"]


def _panel_page_statements(article: Article, first_page: int, last_page: int, own_of=None) -> list[Statement]:
    statements = shown(article, own_of).select_related(*PANEL_RELATED).only(*PANEL_FIELDS).in_text_order()
    return list(statements[first_page * PANEL_PAGE : (last_page + 1) * PANEL_PAGE])


def reader_data(
    *, article: Article, windows: Iterable[int] = (0,), panel_pages: tuple[int, int] = (0, 0), own_of=None
) -> ReaderData:
    """Everything the reader page shows about an article: the windows of the text listed in
    `windows` marked (the others left to load as the analyst scrolls) and the panel's pages
    `panel_pages` (first, last). A text of one window takes one query; a longer one three
    (its windows' highlights, the panel's page, the counts), whatever the statement count.
    `own_of`: the annotator working independently on a double article (only theirs show)."""
    bounds = window_bounds(article.body)
    wanted = {i for i in windows if 0 <= i < len(bounds)} or {0}
    first_page, last_page = max(0, panel_pages[0]), max(0, panel_pages[0], panel_pages[1])
    if len(bounds) == 1:
        statements = statements_for_reader(article=article, own_of=own_of)
        body_windows = [_marked_window(article.body, bounds[0], statements)]
        total = len(statements)
        first_page = min(first_page, max(0, (total - 1) // PANEL_PAGE))
        last_page = max(first_page, min(last_page, max(0, (total - 1) // PANEL_PAGE)))
        page = statements[first_page * PANEL_PAGE : (last_page + 1) * PANEL_PAGE]
        pending = sum(1 for s in statements if s.review_status == ReviewStatus.PENDING)
        panel = Panel(page, first_page, last_page, total, pending)
    else:
        marks = _marks_in(article, [bounds[i] for i in sorted(wanted)], own_of)
        body_windows = [
            _marked_window(article.body, window, marks) if window.index in wanted else BodyWindow(window)
            for window in bounds
        ]
        total, pending = _counts(article, own_of)
        statements = _panel_page_statements(article, first_page, last_page, own_of)
        panel = Panel(statements, first_page, last_page, total, pending)
    return ReaderData(article=article, windows=body_windows, panel=panel, by_id={s.pk: s for s in panel.statements})


def reader_window(*, article: Article, index: int, own_of=None) -> BodyWindow | None:
    """One window of the text with its highlights (one query); None past the last one."""
    bounds = window_bounds(article.body)
    if not 0 <= index < len(bounds):
        return None
    return _marked_window(article.body, bounds[index], _marks_in(article, [bounds[index]], own_of))


def panel_page(*, article: Article, page: int, own_of=None) -> Panel:
    """One page of the statement panel, with the counts (two queries)."""
    total, pending = _counts(article, own_of)
    return Panel(_panel_page_statements(article, page, page, own_of), page, page, total, pending)


def statement_place(*, article: Article, statement_id: int, own_of=None) -> tuple[int, int] | None:
    """Where a live statement of `article` is: (its window, its panel page); None if it is not
    there. Two queries: the statement, and how many come before it in text order."""
    statement = shown(article, own_of).filter(pk=statement_id).only("id", "start", "end").first()
    if statement is None:
        return None
    before = (
        shown(article, own_of)
        .filter(
            Q(start__lt=statement.start)
            | Q(start=statement.start, end__gt=statement.end)
            | Q(start=statement.start, end=statement.end, id__lt=statement.pk)
        )
        .count()
    )
    window = window_at(window_bounds(article.body), statement.start)
    return window.index, before // PANEL_PAGE


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
