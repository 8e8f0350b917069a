"""The suggester's inputs and outputs: plain dataclasses, no Django."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class SourceName:
    """A known outlet, as the suggester needs it: to recognise "told Reuters"."""

    id: int | None
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorName:
    """A known speaker, as the suggester needs it: to link a mention to it."""

    id: int | None
    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One proposed attributed statement.

    `start`/`end`/`quote` is the content (the statement span); for a quotation split
    around its cue it runs from the first piece to the last, and `fragments` holds the
    pieces. `speaker` is the resolved name ("Rear Admiral John Kirby" for "he" or
    "Kirby"), `role` comes from an apposition, `via` is the relaying outlet's canonical
    name. `actor_id` links an existing actor; `new_actor` says a new one is proposed.
    A continued quotation has no source or cue of its own: `continues` names the
    statement it continues, whose speaker and outlet it shares."""

    start: int
    end: int
    quote: str
    stance: str  # "claim" or "denial"
    direct: bool
    source: Span | None
    cue: Span | None
    speaker: str | None = None
    role: str | None = None
    via: str | None = None
    actor_id: int | None = None
    new_actor: bool = False
    fragments: tuple[Span, ...] = field(default=())
    speaker_kind: str | None = None  # "person", "organisation" or "anonymous"
    via_id: int | None = None
    # Indexes into the list `suggest` returns: the statement whose quotation this one
    # continues (`"A," he said. "B."`), and the claim this denial answers.
    continues: int | None = None
    responds_to: int | None = None

    def as_dict(self) -> dict:
        """The JSON form printed by `manage.py suggest FILE`."""
        return {
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "stance": self.stance,
            "direct": self.direct,
            "source": self.source.as_dict() if self.source else None,
            "cue": self.cue.as_dict() if self.cue else None,
            "speaker": self.speaker,
            "role": self.role,
            "via": self.via,
            "fragments": [piece.as_dict() for piece in self.fragments],
            "continues": self.continues,
            "responds_to": self.responds_to,
        }
