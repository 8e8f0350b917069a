"""Writes for suggestions: run the suggester on an article, and accept or reject what it
proposed.

A suggestion is a Statement with origin "suggested" and review status "pending". Its
speaker is an existing Actor when one matches; otherwise the speaker stays empty, the
mention is kept in `speaker_text`, and the proposed actor is written in the note
("Proposed new actor: ...") for the reviewer to see. The actor is only created when the
suggestion is accepted, so rejected suggestions leave no stray actors behind. An outlet
the project has no Source for is kept the same way ("Relayed via X (not a known
source)") and its Source is made (or found by alias) only on accept. A denial that
answers another suggestion of the same run gets it as `responds_to`.

Accepting never turns raw text into an alias: the mention becomes an alias only when it
is another name for the actor (`annotator.suggest.names.alias_from_mention`).

Re-running is safe: a suggestion whose (start, end, stance) already exists in the
article in any state, or ever existed as a rejected one, is not created again, and an
analyst's own statements are never touched.

A run's new suggestions are written in bulk (`suggestion_store`), and an article holds at
most ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE of them: the rest are counted as dropped."""

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max

from annotator import suggest as suggester
from annotator.models import Actor, ActorKind, Article, Origin, ReviewStatus, Source, Statement
from annotator.projects_access import actors_known_to_article
from annotator.selectors.duplicates import actor_named
from annotator.services.actors import actor_create
from annotator.services.articles import source_resolve
from annotator.services.learning import suggestion_scores_refresh
from annotator.services.statements import statement_update
from annotator.services.suggestion_store import suggestions_store
from annotator.suggest.names import alias_from_mention

RELAYED_VIA = re.compile(r"^Relayed via (?P<name>.+) \(not a known source\)$", re.MULTILINE)
PROPOSED_ACTOR = re.compile(
    r"^Proposed new actor: (?P<name>.+?)(?: \((?P<role>[^()]*(?:\([^()]*\)[^()]*)*)\))?(?: \[(?P<kind>\w+)\])?$",
    re.MULTILINE,
)
_KINDS = {"person": ActorKind.PERSON, "organisation": ActorKind.ORGANISATION, "anonymous": ActorKind.ANONYMOUS}


@dataclass
class SuggestRun:
    article_id: int
    created: int = 0
    skipped_existing: int = 0
    skipped_rejected: int = 0
    # New ones not stored: the article holds ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE.
    dropped: int = 0

    @property
    def proposed(self) -> int:
        return self.created + self.skipped_existing + self.skipped_rejected + self.dropped


def tagger_options() -> "suggester.TaggerOptions | None":
    """How the suggester uses its trained tagger, from the ANNOTATOR_SUGGEST_* settings
    (None: the rules alone)."""
    if not settings.ANNOTATOR_SUGGEST_TAGGER:
        return None
    from annotator.suggest.tagger import MODEL

    return suggester.TaggerOptions(
        model=Path(settings.ANNOTATOR_SUGGEST_TAGGER_MODEL or MODEL),
        lm_dir=Path(settings.ANNOTATOR_SUGGEST_LM_DIR) if settings.ANNOTATOR_SUGGEST_LM_DIR else None,
        merge=settings.ANNOTATOR_SUGGEST_TAGGER_MERGE,
    )


def source_names(sources) -> list[suggester.SourceName]:
    """The outlets as the suggester knows them (all of them when `sources` is None)."""
    return [
        suggester.SourceName(id=source.pk, name=source.name, aliases=tuple(source.aliases or ()))
        for source in (Source.objects.all() if sources is None else sources)
    ]


def _known_actors() -> list[suggester.ActorName]:
    rows = Actor.objects.filter(merged_into__isnull=True).values_list("pk", "name", "aliases", "role")
    return [
        suggester.ActorName(id=pk, name=name, aliases=tuple(aliases or ()), role=role or "")
        for pk, name, aliases, role in rows
    ]


_actor_index_lock = threading.Lock()
_actor_index: tuple[tuple, suggester.ActorIndex] | None = None


def known_actor_index() -> suggester.ActorIndex:
    """The suggester's index of the live actors, rebuilt only when they changed.

    An archive knows thousands of actors: loading and indexing them for every article
    cost more than suggesting for it (18 articles/s with 5,000 actors). One aggregate
    query tells whether the index is current: every save moves `updated_at` (auto_now),
    and a merge, unmerge or delete changes how many live actors there are."""
    global _actor_index
    version = tuple(
        Actor.objects.filter(merged_into__isnull=True)
        .aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
        .values()
    )
    with _actor_index_lock:
        if _actor_index is not None and _actor_index[0] == version:
            return _actor_index[1]
    index = suggester.ActorIndex(tuple(_known_actors()))
    with _actor_index_lock:
        _actor_index = (version, index)
    return index


def _note(suggestion: suggester.Suggestion, via_known: bool) -> str:
    lines = []
    if suggestion.new_actor and suggestion.speaker:
        line = f"Proposed new actor: {suggestion.speaker}"
        if suggestion.role:
            line += f" ({suggestion.role})"
        if suggestion.speaker_kind:
            line += f" [{suggestion.speaker_kind}]"
        lines.append(line)
    elif suggestion.speaker is None and suggestion.source is not None:
        lines.append(f"Speaker not resolved: {suggestion.source.text!r}")
    if suggestion.via and not via_known:
        lines.append(f"Relayed via {suggestion.via} (not a known source)")
    return "\n".join(lines)


def _source_for(suggestion: suggester.Suggestion, by_id: dict[int, Source], by_name: dict[str, Source]):
    if suggestion.via_id is not None and suggestion.via_id in by_id:
        return by_id[suggestion.via_id]
    if suggestion.via:
        return by_name.get(suggestion.via.casefold())
    return None


@transaction.atomic
def suggestions_generate(*, article: Article, user=None, use_copy: bool | None = None) -> SuggestRun:
    """Run the suggester on `article.body` and store what is new as pending suggestions
    (with COPY where the database has it; `use_copy` as in `suggestions_store`)."""
    # Serialise concurrent runs on one article, so two of them cannot both create a suggestion.
    article = Article.objects.select_for_update().get(pk=article.pk)
    run = SuggestRun(article_id=article.pk)
    sources = list(Source.objects.all())
    by_id = {source.pk: source for source in sources}
    by_name = {}
    for source in sources:
        for name in source.names:
            by_name.setdefault(name.casefold(), source)
    suggestions = suggester.suggest(
        article.body, sources=source_names(sources), actors=known_actor_index(), tagger=tagger_options()
    )
    linked = {s.actor_id for s in suggestions if s.actor_id is not None}
    # Only actors this article's readers may read: another project's speaker is left
    # unnamed (the reviewer names one), not linked, and not proposed under its name.
    actors = Actor.objects.in_bulk(actors_known_to_article(article.pk, linked))
    existing_ids = {
        (start, end, stance): pk
        for start, end, stance, pk in Statement.objects.filter(article=article).values_list(
            "start", "end", "stance", "pk"
        )
    }
    existing = set(existing_ids)
    stored: dict[int, Statement | int] = {}  # suggestion index -> its statement (or id), for responds_to
    rejected = set(
        Statement.history.filter(article_id=article.pk, review_status=ReviewStatus.REJECTED).values_list(
            "start", "end", "stance"
        )
    )
    room = _room_for_suggestions(article)
    new: list[Statement] = []
    for number, suggestion in enumerate(suggestions):
        key = (suggestion.start, suggestion.end, suggestion.stance)
        if key in rejected:
            run.skipped_rejected += 1
            continue
        if key in existing:
            run.skipped_existing += 1
            if key in existing_ids:
                stored[number] = existing_ids[key]
            continue
        if len(new) >= room:
            # Over the article's cap: counted, not stored. What is kept comes first in the
            # text, and a kept denial's claim is always kept (it comes before it).
            run.dropped += 1
            continue
        via = _source_for(suggestion, by_id, by_name)
        source, cue = suggestion.source, suggestion.cue
        answered = stored.get(suggestion.responds_to) if suggestion.responds_to is not None else None
        statement = Statement(
            article=article,
            start=suggestion.start,
            end=suggestion.end,
            quote=suggestion.quote,
            stance=suggestion.stance,
            speaker=actors.get(suggestion.actor_id) if suggestion.actor_id is not None else None,
            via=via,
            cue=cue.text[:200] if cue else "",
            cue_start=cue.start if cue and len(cue.text) <= 200 else None,
            cue_end=cue.end if cue and len(cue.text) <= 200 else None,
            speaker_text=source.text[:300] if source else "",
            speaker_start=source.start if source and len(source.text) <= 300 else None,
            speaker_end=source.end if source and len(source.text) <= 300 else None,
            direct=suggestion.direct,
            note=_note(suggestion, via_known=via is not None),
            origin=Origin.SUGGESTED,
            review_status=ReviewStatus.PENDING,
            annotator=None,
        )
        if isinstance(answered, Statement):
            statement.responds_to = answered  # new in this run: stored before this one
        elif answered is not None:
            statement.responds_to_id = answered  # an existing statement's id
        stored[number] = statement
        new.append(statement)
        existing.add(key)
    suggestions_store(article=article, statements=new, user=_real_user(user), use_copy=use_copy)
    run.created = len(new)
    # The live scorer's confidence for what was just proposed, in one bulk write.
    suggestion_scores_refresh(new)
    return run


def _room_for_suggestions(article: Article) -> int:
    """How many more suggestions `article` may hold under ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE
    (every suggestion it holds counts, whatever its review status)."""
    held = Statement.objects.filter(article=article, origin=Origin.SUGGESTED).count()
    return max(0, settings.ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE - held)


def _real_user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _pending(statement: Statement | int) -> Statement:
    pk = statement if isinstance(statement, int) else statement.pk
    current = Statement.objects.select_related("speaker").filter(pk=pk).first()
    if current is None:
        raise Statement.DoesNotExist(f"Statement {pk} does not exist (it may have been deleted).")
    if current.origin != Origin.SUGGESTED:
        raise ValidationError("Only suggestions can be accepted or rejected; this statement was made by an analyst.")
    if current.review_status != ReviewStatus.PENDING:
        raise ValidationError(
            f"Only pending suggestions can be accepted or rejected; this one is already {current.review_status}."
        )
    return current


def _proposed_actor(statement: Statement, user) -> Actor | None:
    """The actor the suggester proposed in the note, found by name among those `user` may
    read (actor_named: another project's actor stays theirs) or created now."""
    match = PROPOSED_ACTOR.search(statement.note or "")
    if match is None:
        return None
    name = match.group("name").strip()
    existing = actor_named(name, user=user)
    if existing is not None:
        return existing
    kind = _KINDS.get(match.group("kind") or "", ActorKind.PERSON)
    # The mention as written ("The spokeswoman, Maria Costa,", "he") is text, not a name:
    # only another name for the actor becomes an alias.
    alias = alias_from_mention(statement.speaker_text or "", name)
    return actor_create(
        name=name,
        role=(match.group("role") or "").strip()[:300],
        kind=kind,
        aliases=[alias] if alias else [],
        user=user,
    )


def _proposed_source(statement: Statement, user) -> Source | None:
    """The outlet named in the note ("Relayed via X (not a known source)"): a Source of
    that name or alias, made now if there is none. Suggesting never creates sources."""
    match = RELAYED_VIA.search(statement.note or "")
    return source_resolve(match.group("name"), user=user) if match else None


def speaker_outcome(statement: Statement) -> str:
    """What accepting a suggestion makes its speaker, for the review queue: the linked
    actor's name, "new actor: X" for the proposed one, or a request to name one. (An
    actor created since the suggestion with exactly the proposed name is reused.)"""
    if statement.speaker_id is not None:
        return statement.speaker.name
    match = PROPOSED_ACTOR.search(statement.note or "")
    if match is not None:
        return f"new actor: {match.group('name').strip()}"
    return "no speaker yet: name one before accepting"


@transaction.atomic
def suggestion_accept(*, statement: Statement | int, version: int, user, speaker=None, proposition=None) -> Statement:
    """Accept a pending suggestion, optionally correcting its speaker and naming its
    proposition. With no speaker given or linked, the proposed actor is created.
    Raises StatementConflict when someone changed it since `version`."""
    current = _pending(statement)
    changes: dict = {"review_status": ReviewStatus.ACCEPTED}
    if speaker is not None:
        changes["speaker"] = speaker
    elif current.speaker_id is None:
        proposed = _proposed_actor(current, user)
        if proposed is None:
            raise ValidationError({"speaker": "Name the speaker: the suggester could not tell who this is."})
        changes["speaker"] = proposed
    if proposition is not None:
        changes["proposition"] = proposition
    if current.via_id is None:
        outlet = _proposed_source(current, user)
        if outlet is not None:
            changes["via"] = outlet
    return statement_update(statement=current.pk, version=version, user=user, take_over=True, **changes)


@transaction.atomic
def suggestion_reject(*, statement: Statement | int, version: int, user) -> Statement:
    """Reject a pending suggestion. It is kept (so re-running never proposes it again)."""
    current = _pending(statement)
    return statement_update(statement=current.pk, version=version, user=user, review_status=ReviewStatus.REJECTED)


@transaction.atomic
def suggestions_accept_all(*, article: Article, user) -> int:
    """Accept every pending suggestion of `article` whose speaker is known or proposed.
    Returns how many were accepted; ones with no speaker at all stay pending."""
    accepted = 0
    pending = Statement.objects.filter(
        article=article, origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING
    ).order_by("start", "id")
    for statement in pending.select_for_update():
        if statement.speaker_id is None and PROPOSED_ACTOR.search(statement.note or "") is None:
            continue
        suggestion_accept(statement=statement, version=statement.version, user=user)
        accepted += 1
    return accepted
