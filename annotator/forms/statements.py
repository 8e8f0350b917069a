"""The statement form of the reader: one form for new statements, edits and corrected suggestions.

It resolves what the analyst picked (an existing actor or proposition, or one to create) and
checks the quote against the article, so the service receives plain values. The model's own
rules run again in the service (`full_clean`), the same for the form, the API and the importer."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from annotator.models import Actor, ActorKind, Article, Proposition, Source, Stance, Statement
from annotator.models.statements import span_errors
from annotator.projects_access import visible_actors, visible_propositions
from annotator.selectors.duplicates import actor_named
from annotator.services.suggestions import PROPOSED_ACTOR

NEW = "new"


def check_selection(body: str, start, end, quote: str) -> tuple[int, int, str]:
    """The selection as (start, end, quote) in code points, with whitespace at its edges
    dropped; raises ValidationError unless `quote` is exactly the body's text there."""
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise forms.ValidationError("Select the text of the statement in the article first.") from None
    quote = quote or ""
    # Whitespace at the edges of a selection is never part of what was said.
    start += len(quote) - len(quote.lstrip())
    end -= len(quote) - len(quote.rstrip())
    quote = quote.strip()
    if not quote:
        raise forms.ValidationError("The selection is empty: select the words of the statement.")
    # The model's own rule and words, so the form, the API and the importer say the same thing.
    errors = span_errors(body, start, end, quote)
    if errors:
        raise forms.ValidationError(next(iter(errors.values())))
    return start, end, quote


class StatementForm(forms.Form):
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quote = forms.CharField(strip=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Where the text names the speaker and where the cue is: code points, corrected in place.
    speaker_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    speaker_end = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    cue_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    cue_end = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    stance = forms.ChoiceField(choices=Stance.choices, widget=forms.RadioSelect, initial=Stance.CLAIM)
    speaker_query = forms.CharField(
        required=False, max_length=300, label="Speaker", help_text="Type a name, alias or role to search."
    )
    speaker = forms.CharField(required=False)
    new_speaker_kind = forms.ChoiceField(
        choices=ActorKind.choices, required=False, initial=ActorKind.PERSON, label="Kind"
    )
    new_speaker_role = forms.CharField(
        required=False, max_length=300, label="Role", help_text='e.g. "Pentagon chief spokesperson"'
    )
    proposition_query = forms.CharField(
        required=False, max_length=1000, label="Proposition", help_text="What is claimed or denied."
    )
    proposition = forms.CharField(required=False)
    via = forms.ModelChoiceField(
        queryset=Source.objects.order_by("name"),
        required=False,
        label="Relayed via",
        empty_label="— not relayed —",
        help_text='The outlet that relayed it ("told Reuters").',
    )
    cue = forms.CharField(required=False, max_length=200, label="Cue", help_text='"said", "denied", "told".')
    direct = forms.TypedChoiceField(
        choices=[("0", "Reported speech"), ("1", "Direct quote")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
        label="Form",
    )
    responds_to = forms.ModelChoiceField(
        queryset=Statement.objects.none(),
        required=False,
        label="Responds to",
        empty_label="— nothing —",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note")

    def __init__(
        self,
        *args,
        article: Article,
        statement: Statement | None = None,
        require_speaker=True,
        user=None,
        own_of=None,
        **kwargs,
    ):
        """`user`: whose projects decide which speakers and propositions may be picked
        (None: any, for a caller that checked). `own_of`: the annotator working
        independently on a doubly annotated article, who may answer only their own
        statements (annotator.double)."""
        super().__init__(*args, **kwargs)
        self.article = article
        self.statement = statement
        self.require_speaker = require_speaker
        self.user = user
        others = Statement.objects.for_article(article)
        others = others.own_versions(own_of) if own_of is not None else others.live()
        others = others.select_related("speaker").in_text_order()
        if statement is not None:
            others = others.exclude(pk=statement.pk)
        self.fields["responds_to"].queryset = others
        self.fields["responds_to"].label_from_instance = _statement_label
        if statement is not None:
            self.fields["version"].required = True

    @classmethod
    def initial_for(cls, statement: Statement, *, user=None) -> dict:
        speaker = statement.speaker
        proposition = statement.proposition
        initial = {
            "start": statement.start,
            "end": statement.end,
            "quote": statement.quote,
            "version": statement.version,
            "speaker_start": statement.speaker_start,
            "speaker_end": statement.speaker_end,
            "cue_start": statement.cue_start,
            "cue_end": statement.cue_end,
            "stance": statement.stance,
            "speaker": str(speaker.pk) if speaker else "",
            "speaker_query": speaker.name if speaker else statement.speaker_text,
            "proposition": str(proposition.pk) if proposition else "",
            "proposition_query": proposition.text if proposition else "",
            "via": statement.via_id,
            "cue": statement.cue,
            "direct": "1" if statement.direct else "0",
            "responds_to": statement.responds_to_id,
            "note": statement.note,
        }
        if speaker is None:
            initial.update(_proposed_speaker(statement, user))
        return initial

    def clean(self):
        data = super().clean()
        self._clean_span(data)
        self._clean_mentions(data)
        self._clean_speaker(data)
        self._clean_proposition(data)
        return data

    def _clean_span(self, data):
        start, end, quote = data.get("start"), data.get("end"), data.get("quote")
        if start is None or end is None or quote is None:
            # The span travels in hidden fields: say what to do, not which hidden field failed.
            self.add_error(None, "Select the text of the statement in the article first.")
            return
        try:
            start, end, quote = check_selection(self.article.body, start, end, quote)
        except forms.ValidationError as error:
            self.add_error(None, error)
        else:
            data.update(start=start, end=end, quote=quote)

    def _clean_mentions(self, data):
        """The speaker's and the cue's spans, as `spans` for the service. The speaker's words
        are read from the article at those offsets; a cue span is kept only while the cue field
        still holds the words there (typing another cue means the old position no longer fits)."""
        body = self.article.body
        spans = {}
        for prefix, limit in (("speaker", 300), ("cue", 200)):
            start, end = data.get(f"{prefix}_start"), data.get(f"{prefix}_end")
            if start is None and end is None:
                spans.update({f"{prefix}_start": None, f"{prefix}_end": None})
                continue
            if start is None or end is None or not 0 <= start < end <= len(body):
                self.add_error(None, f"The {prefix} span is outside the article: mark it again or clear it.")
                return
            if end - start > limit:
                self.add_error(None, f"The {prefix} span is longer than {limit} characters: shorten it.")
                return
            spans.update({f"{prefix}_start": start, f"{prefix}_end": end})
        if spans["speaker_start"] is not None:
            spans["speaker_text"] = body[spans["speaker_start"] : spans["speaker_end"]]
        if (
            spans["cue_start"] is not None
            and (data.get("cue") or "").strip() != body[spans["cue_start"] : spans["cue_end"]].strip()
        ):
            spans.update(cue_start=None, cue_end=None)
        data["spans"] = spans

    def _clean_speaker(self, data):
        choice = (data.get("speaker") or "").strip()
        query = " ".join((data.get("speaker_query") or "").split())
        data["new_speaker"] = None
        if choice == NEW:
            if not query:
                self.add_error("speaker_query", "Type the new speaker's name.")
            elif (existing := actor_named(query, user=self.user)) is not None:
                # No silent duplicate: offer the actor there is (it is among the options).
                self.add_error("speaker_query", _already_exists(existing))
            else:
                data["new_speaker"] = {
                    "name": query,
                    "kind": data.get("new_speaker_kind") or ActorKind.PERSON,
                    "role": data.get("new_speaker_role", ""),
                }
            data["speaker"] = None
        elif choice:
            actor = self._visible(Actor, visible_actors).filter(pk=int(choice) if choice.isdigit() else None).first()
            if actor is None:
                self.add_error("speaker_query", "That speaker no longer exists; pick another.")
            elif actor.merged_into_id:
                self.add_error("speaker_query", f"{actor.name} was merged into another actor; pick that one.")
            data["speaker"] = actor
        else:
            data["speaker"] = None
            if self.require_speaker:
                self.add_error(
                    "speaker_query",
                    "Pick the speaker from the list, or create a new one."
                    if query
                    else "Name the speaker: type to search, then pick one or create it.",
                )

    def _clean_proposition(self, data):
        choice = (data.get("proposition") or "").strip()
        query = " ".join((data.get("proposition_query") or "").split())
        data["new_proposition"] = None
        data["proposition"] = None
        if choice == NEW:
            if not query:
                self.add_error("proposition_query", "Type the proposition's text.")
            else:
                data["new_proposition"] = query
        elif choice:
            proposition = (
                self._visible(Proposition, visible_propositions)
                .filter(pk=int(choice) if choice.isdigit() else None)
                .first()
            )
            if proposition is None:
                self.add_error("proposition_query", "That proposition no longer exists; pick another.")
            elif proposition.merged_into_id:
                self.add_error("proposition_query", "That proposition was merged into another; pick that one.")
            data["proposition"] = proposition
        elif query:
            self.add_error("proposition_query", "Pick the proposition from the list, or create a new one.")

    def _visible(self, model, visible):
        # A record only another project names is answered as one that no longer exists.
        return model.objects.all() if self.user is None else visible(self.user, model.objects.all())

    @property
    def selected_speaker_id(self) -> str:
        return str(self._value("speaker") or "")

    @property
    def selected_proposition_id(self) -> str:
        return str(self._value("proposition") or "")

    def _value(self, name):
        if self.is_bound:
            return self.data.get(name, "")
        return self.initial.get(name, "")

    def value_of(self, name) -> str:
        return str(self._value(name) or "")


def _already_exists(actor: Actor):
    return format_html(
        '<a href="{}">{}</a> already exists: pick it from the list rather than creating a duplicate.',
        reverse("actor_detail", args=[actor.pk]),
        str(actor),
    )


def _statement_label(statement: Statement) -> str:
    marker = "▲" if statement.stance == Stance.CLAIM else "▼"
    who = statement.speaker.name if statement.speaker else (statement.speaker_text or "unknown speaker")
    quote = statement.quote if len(statement.quote) <= 60 else statement.quote[:57] + "…"
    return f"{marker} {who}: “{quote}”"


def _proposed_speaker(statement: Statement, user) -> dict:
    """A suggestion's proposed speaker, ready to pick: the actor of that name if one exists
    that `user` may read, else "create" with the name, role and kind the suggester proposed
    in its note."""
    match = PROPOSED_ACTOR.search(statement.note or "")
    if match is None:
        return {}
    name = match.group("name").strip()
    existing = actor_named(name, user=user)
    if existing is not None:
        return {"speaker": str(existing.pk), "speaker_query": existing.name}
    kind = match.group("kind") or ""
    return {
        "speaker": NEW,
        "speaker_query": name,
        "new_speaker_role": (match.group("role") or "").strip(),
        "new_speaker_kind": kind if kind in ActorKind.values else ActorKind.PERSON,
    }
