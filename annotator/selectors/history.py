"""Reads of the history: the versions of one article, actor, proposition or statement, each
with who made it, when, and what changed field by field; and the recently deleted
statements of an article.

A page of versions costs a fixed number of queries whatever it holds: the records and
their authors in one, then one query per kind of linked record to name them."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr

from annotator.models import Actor, Article, Proposition, Source, Statement
from annotator.selectors.history_access import NOT_YOURS, hidden_merge_reasons, readable_condition
from annotator.text import headline_from_body

PER_PAGE = 50
RECENTLY_DELETED = 100
# Fields every change touches, or that no analyst edits: they would only hide the real changes.
NOT_SHOWN = {"version", "cleaning_report", "content_hash"}
# Past this many characters a value is shown around its first difference.
LONG = 300
CONTEXT = 80

ACTION = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class Version:
    record: models.Model
    action: str
    user: str
    date: object
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class History:
    subject: object  # the live record, or the last known state of a deleted one
    deleted: bool
    page: Page
    versions: list[Version]


HISTORIED = {"article": Article, "actor": Actor, "proposition": Proposition, "statement": Statement}


def _records(model, pk: int):
    return model.history.filter(id=pk).select_related("history_user").order_by("-history_date", "-history_id")


def object_history(*, kind: str, pk: int, page: str | int | None = None, user=None) -> History | None:
    """The versions of the `kind` record `pk`, newest first, one page of them; None if it
    never existed. With `user`, what they name is read as `user` may read it
    (history_access): other records' names, and versions about another's merge."""
    model = HISTORIED[kind]
    records = _records(model, pk)
    live = model.objects.filter(pk=pk).first()
    if live is None:
        last = records.first()
        if last is None:
            return None
        subject = last
    else:
        subject = live
    hidden, hidden_count = hidden_merge_reasons(records, kind=kind, pk=pk, user=user)
    listed = records.exclude(history_change_reason__in=hidden) if hidden else records
    paginator = Paginator(listed, PER_PAGE)
    current = paginator.get_page(page)
    start = current.start_index() - 1 if paginator.count else 0
    shown, before_of = _page_and_predecessors(records, listed, start, hidden_count)
    labels = _labels(model, [*shown, *before_of.values()], user)
    versions = []
    for record in shown:
        before = before_of.get(record.history_id)
        versions.append(
            Version(
                record=record,
                action=_action(record, before),
                user=record.history_user.get_username() if record.history_user else "",
                date=record.history_date,
                reason=record.history_change_reason or "",
                changes=_changes(model, record, before, labels),
            )
        )
    return History(subject=subject, deleted=live is None, page=current, versions=versions)


def _page_and_predecessors(records, listed, start: int, hidden_count: int) -> tuple[list, dict]:
    """The page's versions, and for each the version just before it in the whole history
    (what it changed is told against that one, a hidden version or not)."""
    if not hidden_count:
        # One record past the page: the version before the oldest shown, to diff against.
        window = list(records[start : start + PER_PAGE + 1])
        shown = window[:PER_PAGE]
        return shown, {record.history_id: window[index + 1] for index, record in enumerate(window[:-1])}
    shown = list(listed[start : start + PER_PAGE])
    if not shown:
        return [], {}
    newest = shown[0]
    # Every version from the newest shown down to the one before the oldest: at most the
    # shown, the hidden and one more.
    window = list(
        records.filter(
            Q(history_date__lt=newest.history_date)
            | Q(history_date=newest.history_date, history_id__lte=newest.history_id)
        )[: len(shown) + hidden_count + 1]
    )
    position = {record.history_id: index for index, record in enumerate(window)}
    before_of = {}
    for record in shown:
        index = position.get(record.history_id)
        if index is not None and index + 1 < len(window):
            before_of[record.history_id] = window[index + 1]
    return shown, before_of


def _action(record, before) -> str:
    """What the version did; a creation right after a deletion brought the record back."""
    if record.history_type == "+" and before is not None and before.history_type == "-":
        return "restored"
    return ACTION.get(record.history_type, record.history_type)


def _shown_fields(model) -> list[models.Field]:
    tracked = {f.name for f in model.history.model.tracked_fields if f.editable}
    return [f for f in model._meta.concrete_fields if f.name in tracked and f.name not in NOT_SHOWN]


def _changes(model, record, before, labels) -> list[FieldChange]:
    if record.history_type == "-":
        return []
    shown = _shown_fields(model)
    if before is None or before.history_type == "-":
        # The first version (or one restored after a delete): every field that has a value.
        names = [f.name for f in shown if _raw(f, record) not in (None, "", [], {})]
    else:
        delta = record.diff_against(before, included_fields=[f.name for f in shown])
        names = [change.field for change in delta.changes]
    by_name = {f.name: f for f in shown}
    result = []
    for name in names:
        model_field = by_name[name]
        old = _display(model_field, _raw(model_field, before), labels) if before and before.history_type != "-" else ""
        new = _display(model_field, _raw(model_field, record), labels)
        old, new = _shorten(old, new)
        result.append(FieldChange(field=name, label=str(model_field.verbose_name).capitalize(), old=old, new=new))
    return result


def _raw(model_field: models.Field, record):
    return getattr(record, model_field.attname)


def _display(model_field: models.Field, value, labels: dict) -> str:
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        return labels.get((model_field.related_model, value), f"#{value} (deleted)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def _shorten(old: str, new: str) -> tuple[str, str]:
    """Long texts (an article body) around their first difference, so the change is visible."""
    if len(old) <= LONG and len(new) <= LONG:
        return old, new
    common = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        common += 1
    begin = max(0, common - CONTEXT)

    def cut(text: str) -> str:
        if not text:
            return ""
        piece = text[begin : common + CONTEXT]
        return ("…" if begin else "") + piece + ("…" if common + CONTEXT < len(text) else "") + f" ({len(text)} chars)"

    return cut(old), cut(new)


def _labels(model, records: list, user=None) -> dict:
    """Names for the linked records of these versions: one query per linked model. One
    `user` may not read is named NOT_YOURS (history_access)."""
    wanted: dict[type, set] = defaultdict(set)
    relations = [f for f in _shown_fields(model) if f.is_relation]
    for record in records:
        for relation in relations:
            value = getattr(record, relation.attname)
            if value is not None:
                wanted[relation.related_model].add(value)
    labels = {}
    for related, ids in wanted.items():
        for pk, label in _names(related, related.objects.filter(pk__in=ids), readable_condition(related, user)):
            labels[(related, pk)] = label
    return labels


def _names(related, rows, readable):
    """(pk, label) of `rows`; NOT_YOURS for a row `readable` (an Exists, or None: all) denies."""
    if related is get_user_model():
        fields, label = [related.USERNAME_FIELD], lambda pk, name: name
    elif related is Statement:
        fields, label = ["quote"], lambda pk, quote: f"statement {pk}: “{quote[:60]}”"
    elif related is Article:
        rows = rows.annotate(head=Substr("body", 1, 400))
        fields, label = ["title", "head"], lambda pk, title, head: title or headline_from_body(head)
    elif related is Proposition:
        fields, label = ["text"], lambda pk, text: text
    elif related in (Actor, Source):
        fields, label = ["name"], lambda pk, name: name
    else:
        return ((obj.pk, str(obj)) for obj in rows)
    if readable is None:
        return ((pk, label(pk, *values)) for pk, *values in rows.values_list("pk", *fields))
    rows = rows.annotate(readable=readable).values_list("pk", "readable", *fields)
    return ((pk, label(pk, *values) if shown else NOT_YOURS) for pk, shown, *values in rows)


@dataclass
class DeletedStatement:
    record: models.Model  # the statement's last state, from its history
    deleted_by: str
    deleted_at: object
    speaker: str
    proposition: str


def recently_deleted_statements(*, article_id: int, limit: int = RECENTLY_DELETED, user=None) -> list[DeletedStatement]:
    """Statements of the article that are deleted now, most recently deleted first, with
    what they said and who deleted them. Ones restored since are not listed. Their
    speaker and proposition are named as `user` may read them now (history_access)."""
    deletions = (
        Statement.history.filter(article_id=article_id, history_type="-")
        .exclude(id__in=Statement.objects.filter(article_id=article_id).values("pk"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    latest: dict[int, models.Model] = {}
    # A statement deleted, restored and deleted again has several deletions: keep the last.
    for record in deletions[: limit * 4]:
        latest.setdefault(record.id, record)
        if len(latest) >= limit:
            break
    records = list(latest.values())
    actors = dict(
        _names(
            Actor,
            Actor.objects.filter(pk__in={r.speaker_id for r in records if r.speaker_id}),
            readable_condition(Actor, user),
        )
    )
    propositions = dict(
        _names(
            Proposition,
            Proposition.objects.filter(pk__in={r.proposition_id for r in records if r.proposition_id}),
            readable_condition(Proposition, user),
        )
    )
    return [
        DeletedStatement(
            record=record,
            deleted_by=record.history_user.get_username() if record.history_user else "",
            deleted_at=record.history_date,
            speaker=actors.get(record.speaker_id, "") or record.speaker_text,
            proposition=propositions.get(record.proposition_id, ""),
        )
        for record in records
    ]
