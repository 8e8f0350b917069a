"""What a history page may show a user of the records its versions name.

A version is about its record, and whoever reads the record reads all its versions (a
record both projects read keeps its whole life, whoever changed it). But a version also
names other records, and those are read as they are read anywhere else:

- a linked record (a statement's speaker, proposition, answered statement; an actor's
  merge target) is named only if the user may read it now: an actor both projects once
  quoted and only project B quotes now, renamed there since, is not project A's to read;
- a merge leaves a version on the record it was merged into (the other's name became an
  alias, its topics were added): while the other is merged in, it is read as its target
  is, but once the merge is undone, those versions are about the other record again,
  and shown only to who may read that one;
- a record deleted while only B read it: its projects are unknown once it is gone, so
  its history is for who read what named it (an actor or proposition), or who reads
  every project (an article, and the statements that went with it).

Each check is one query, whatever the page holds."""

import re

from django.db.models import Exists, OuterRef

from annotator.models import Actor, Article, Proposition, Statement
from annotator.projects_access import (
    article_condition,
    scope_of,
    visible_actors,
    visible_articles,
    visible_propositions,
    visible_statements,
)

# A linked record the user may not read, named without its id or anything of it.
NOT_YOURS = "(a record not yours to read)"
# The change reasons merges and their undoing record (services/merging.py, unmerge.py).
MERGE_REASON = re.compile(r"^(?:un)?merged (actor|proposition) (\d+) (?:into|from) (\d+)$")
MERGE_REASON_SQL = r"^(un)?merged (actor|proposition) [0-9]+ (into|from) [0-9]+$"
VISIBLE = {
    Actor: visible_actors,
    Proposition: visible_propositions,
    Article: visible_articles,
}


def reads_everything(user) -> bool:
    """No project's article is closed to `user` (admins; a role in every project)."""
    return user is None or article_condition(user) is None


def readable_condition(model, user):
    """An Exists saying whether `user` may read the `model` row of the outer query, or
    None when they read every row of it (users and sources are read by all)."""
    if user is None:
        return None
    if model is Statement:
        if scope_of(user).is_admin:
            return None
        # One by one: another annotator's independent version is not theirs either.
        return Exists(visible_statements(user, Statement.objects.filter(pk=OuterRef("pk"))).visible_to(user))
    visible = VISIBLE.get(model)
    if visible is None or reads_everything(user):
        return None
    return Exists(visible(user, model.objects.filter(pk=OuterRef("pk"))))


def hidden_merge_reasons(records, *, kind: str, pk: int, user) -> tuple[list[str], int]:
    """The change reasons of `records` (the versions of one actor or proposition) that
    record a merge with, or its undoing from, a record `user` may not read, and how many
    versions carry them."""
    if kind not in ("actor", "proposition") or reads_everything(user):
        return [], 0
    reasons = list(
        records.filter(history_change_reason__regex=MERGE_REASON_SQL).values_list("history_change_reason", flat=True)
    )
    others = {}
    for reason in set(reasons):
        match = MERGE_REASON.match(reason)
        if match and match.group(1) == kind:
            other = int(match.group(3)) if int(match.group(2)) == pk else int(match.group(2))
            others[reason] = other
    if not others:
        return [], 0
    model = Actor if kind == "actor" else Proposition
    readable = set(VISIBLE[model](user, model.objects.filter(pk__in=set(others.values()))).values_list("pk", flat=True))
    hidden = [reason for reason, other in others.items() if other not in readable]
    return hidden, sum(1 for reason in reasons if reason in hidden)


def may_read_deleted(user, kind: str, pk: int, last) -> bool:
    """Whether `user` may read the history of the `kind` record `pk`, deleted since
    (`last`: its last version). An actor or proposition: if a statement they may read
    (in an article that still exists) ever named it, or none ever did. An article, or a
    statement of a deleted article: only who reads every project."""
    if reads_everything(user):
        return True
    if kind == "article":
        return False
    if kind == "statement":
        return Article.objects.filter(pk=last.article_id).exists()
    link = "speaker_id" if kind == "actor" else "proposition_id"
    naming = Statement.history.filter(**{link: pk})
    condition = article_condition(user, "article_id")
    existing = Exists(Article.objects.filter(pk=OuterRef("article_id")))
    return naming.filter(condition, existing).exists() or not naming.exists()
