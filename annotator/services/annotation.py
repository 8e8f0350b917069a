"""What saving the reader's statement form writes, as one transaction: create the speaker or
the proposition the analyst typed in place, then create or update the statement through the
statement services. If any step fails, nothing of it is kept."""

from dataclasses import dataclass

from django.db import transaction

from annotator.models import Actor, Article, Proposition, ReviewStatus, Statement
from annotator.selectors.duplicates import proposition_worded
from annotator.services.actors import actor_create
from annotator.services.propositions import proposition_create
from annotator.services.statements import statement_create, statement_update
from annotator.services.suggestions import suggestion_accept


@dataclass(frozen=True)
class Annotation:
    """The analyst's answer, as the statement form resolved it."""

    start: int
    end: int
    quote: str
    stance: str
    speaker: Actor | None = None
    new_speaker: dict | None = None  # {"name", "kind", "role"} of an actor to create
    proposition: Proposition | None = None
    new_proposition: str | None = None  # text of a proposition to create (or reuse, if it exists)
    via: object = None
    cue: str = ""
    direct: bool = False
    responds_to: Statement | None = None
    note: str = ""
    # Where the speaker and the cue are named: {"speaker_start", "speaker_end", "speaker_text",
    # "cue_start", "cue_end"} as the form corrected them; None leaves them as they are.
    spans: dict | None = None

    @classmethod
    def from_form(cls, data: dict) -> "Annotation":
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__ if name in data})


def _speaker(annotation: Annotation, user) -> Actor | None:
    if annotation.new_speaker:
        return actor_create(**annotation.new_speaker, user=user)
    return annotation.speaker


def _proposition(annotation: Annotation, user) -> Proposition | None:
    if annotation.new_proposition:
        # Typing the text of an existing proposition means that proposition, not a duplicate;
        # only one the user may read, though: linking to one only another project uses would
        # show them its topics and history (and that it exists).
        existing = proposition_worded(annotation.new_proposition, user=user)
        return existing or proposition_create(text=annotation.new_proposition, user=user)
    return annotation.proposition


def _fields(annotation: Annotation, user) -> dict:
    return (annotation.spans or {}) | {
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "stance": annotation.stance,
        "speaker": _speaker(annotation, user),
        "proposition": _proposition(annotation, user),
        "via": annotation.via,
        "cue": annotation.cue or "",
        "direct": bool(annotation.direct),
        "responds_to": annotation.responds_to,
        "note": annotation.note or "",
    }


@transaction.atomic
def annotation_create(*, article: Article, annotation: Annotation, user) -> Statement:
    return statement_create(article=article, annotator=user, **_fields(annotation, user))


@transaction.atomic
def annotation_update(
    *, statement: Statement, version: int, annotation: Annotation, user, accept: bool = False
) -> Statement:
    """Save an edit made from `version`. With `accept`, a pending suggestion saved after
    correction is then accepted, in the same transaction (the history shows both steps).

    Raises StatementConflict when someone saved in between; nothing is written then."""
    fields = _fields(annotation, user)
    if fields["cue"] != statement.cue and annotation.spans is None:
        # The cue's recorded position belongs to the old wording; a stale span would mislead.
        fields.update(cue_start=None, cue_end=None)
    saved = statement_update(statement=statement, version=version, user=user, **fields)
    if accept and saved.review_status == ReviewStatus.PENDING:
        saved = suggestion_accept(statement=saved, version=saved.version, user=user, speaker=saved.speaker)
    return saved
