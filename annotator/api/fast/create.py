"""Creating a statement without DRF's request machinery: `POST /api/v1/statements/`.

What it keeps, and how:
- input: each field is checked against StatementCreateSerializer's own field objects
  (type, range, length, blank, choices, null), but only in the strict form a JSON client
  sends ("start": 12, not "12"); anything else goes to the DRF view, which answers it,
  error shape and all. A field kind or validator this module does not know raises at
  import, so the serializer cannot gain a rule the fast path skips.
- links: the article, speaker, proposition, via-source and responded-to statement are
  read together by one prepared query (links.py); the speaker and proposition refused
  when merged, as `not_merged` does; a missing one goes to the DRF view, and so does one
  the user may not see (each field's own `visible` rule, as VisibleRelatedField applies
  it: a query only for a user whose projects narrow anything).
- rules: `statement_errors()`, the function Statement.clean() runs; any error goes to
  the DRF view, which reports it with the same words.
- permissions and throttles: the view's own classes (annotator/api/fast/gate.py).
- the write: `statement_create()`, the service every path uses: full_clean, the insert
  (the database triggers check it again), the history row with its author, the
  article's move to In progress, one transaction."""

from __future__ import annotations

import json

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import IntegrityError
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator
from rest_framework.views import exception_handler

from annotator.api.errors import translate
from annotator.api.serializers.refs import VisibleRelatedField, not_merged
from annotator.api.serializers.statements import StatementCreateSerializer
from annotator.db import prepared
from annotator.models import Origin, ReviewStatus
from annotator.models.statements import statement_errors
from annotator.roles import can_annotate_article
from annotator.services.statements import statement_create

from .gate import DELEGATE, FastRequest, authenticated_user, json_response, permitted, throttled
from .links import load_links
from .statements import STATEMENT

_KNOWN_VALIDATORS = (
    MinValueValidator,
    MaxValueValidator,
    MaxLengthValidator,
    MinLengthValidator,
    ProhibitNullCharactersValidator,
    ProhibitSurrogateCharactersValidator,
)
_KNOWN_FIELDS = (
    serializers.IntegerField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.BooleanField,
    serializers.PrimaryKeyRelatedField,
    VisibleRelatedField,
)
FIELDS = StatementCreateSerializer().fields
for _name, _field in FIELDS.items():
    if type(_field) not in _KNOWN_FIELDS:
        raise TypeError(f"StatementCreateSerializer.{_name}: the fast create does not know {type(_field).__name__}")
    for _validator in _field.validators:
        if not isinstance(_validator, _KNOWN_VALIDATORS) and _validator is not not_merged:
            raise TypeError(f"StatementCreateSerializer.{_name}: the fast create does not know {_validator!r}")


def _plain_int(value) -> bool:
    return type(value) is int


def _valid(field, value) -> bool:
    """Whether DRF's `field` certainly accepts `value` unchanged (False: let DRF decide)."""
    if value is None:
        return field.allow_null
    kind = type(field)
    if kind is serializers.IntegerField:
        return (
            _plain_int(value)
            and (field.min_value is None or value >= field.min_value)
            and (field.max_value is None or value <= field.max_value)
        )
    if kind is serializers.CharField:
        if type(value) is not str or "\x00" in value or _has_surrogate(value):
            return False
        if field.trim_whitespace and value != value.strip():
            return False  # DRF would strip it: its answer, not ours
        if value == "":
            return field.allow_blank
        return (field.max_length is None or len(value) <= field.max_length) and (
            field.min_length is None or len(value) >= field.min_length
        )
    if kind is serializers.ChoiceField:
        return type(value) is str and value in field.choices
    if kind is serializers.BooleanField:
        return type(value) is bool
    # A link: an id, checked against the database below.
    return _plain_int(value) and 1 <= value <= 2**63 - 1


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _parse(request):
    if request.content_type != "application/json":
        return None
    try:
        data = json.loads(request.body, parse_constant=_refuse)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _refuse(constant):
    raise ValueError(f"{constant} is not JSON DRF accepts")


def statement_create_fast(request, allow: str):
    user = authenticated_user(request)
    if user is None:
        return DELEGATE
    data = _parse(request)
    if data is None:
        return DELEGATE
    values = {}
    for name, field in FIELDS.items():
        if name not in data:
            if field.required:
                return DELEGATE
            continue
        if not _valid(field, data[name]):
            return DELEGATE
        values[name] = data[name]
    linked = load_links(values)
    for name, obj in linked.items():
        if values.get(name) is None:
            continue
        if obj is None or (name in ("speaker", "proposition") and obj.merged_into_id is not None):
            return DELEGATE
        values[name] = obj
    if _broken_rules(values):
        return DELEGATE
    # Reading every project is not annotating in each: the article's own projects decide.
    if not can_annotate_article(user, values["article"].pk):
        return DELEGATE
    if _hidden_link(user, values):
        return DELEGATE
    view = _view()
    fast = FastRequest(request, user, data)
    if not permitted(fast, view) or throttled(fast, view):
        return DELEGATE
    try:
        with prepared():
            statement = statement_create(**values, annotator=user)
    except (DjangoValidationError, ObjectDoesNotExist, IntegrityError) as error:
        # Only a concurrent write gets here (the rules were checked): the DRF view's answer.
        response = exception_handler(translate(error), {})
        return json_response(response.data, status=response.status_code, allow=allow)
    return json_response(STATEMENT.from_instance(statement), status=201, allow=allow)


def _hidden_link(user, values: dict) -> bool:
    """Whether a link names a record `user` may not see (the DRF view then answers 400,
    as for an id that does not exist). A rule that leaves the candidates as they are
    (the user reads every project) costs no query."""
    for name, field in FIELDS.items():
        visible, linked = getattr(field, "visible", None), values.get(name)
        if visible is None or linked is None:
            continue
        candidates = field.queryset.filter(pk=linked.pk)
        narrowed = visible(user, candidates)
        if narrowed is not candidates and not narrowed.exists():
            return True
    return False


def _broken_rules(values: dict) -> bool:
    """statement_errors() on what statement_create() would build from `values`."""
    article = values["article"]
    body = article.body
    start, end = values["start"], values["end"]
    quote = values.get("quote")
    if quote is None:
        quote = body[start:end] if 0 <= start < end <= len(body) else ""
    origin = values.get("origin", Origin.MANUAL)
    review_status = values.get("review_status") or (
        ReviewStatus.PENDING if origin == Origin.SUGGESTED else ReviewStatus.ACCEPTED
    )
    speaker, responds_to = values.get("speaker"), values.get("responds_to")
    rule_values = {
        **{k: values.get(k) for k in ("start", "end", "cue_start", "cue_end", "speaker_start", "speaker_end")},
        "quote": quote,
        "review_status": review_status,
        "speaker_id": None if speaker is None else speaker.pk,
        "responds_to_id": None if responds_to is None else responds_to.pk,
    }
    return bool(statement_errors(body, rule_values))


def _view():
    from annotator.api.views.statements import StatementViewSet

    return StatementViewSet
