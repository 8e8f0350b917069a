"""The features a reviewer's decision is predicted from: what the suggestion says (cue,
stance, direct or reported, the quote's length, who speaks, through which outlet) and
where it sits in its article and sentence.

`features(candidate)` returns a flat {name: value} map: 1.0 for a categorical feature
that holds ("cue=denied", "speaker=pronoun"), a number scaled to about 0..1 otherwise,
so a linear model's weights stay comparable. A name absent from a trained model simply
carries no weight (a cue word never seen in training)."""

import math
import re
from dataclasses import dataclass
from functools import cache

from ..cues import is_denial_cue, is_report_denial
from ..lexicon import forms
from ..stance import _negation

_PRONOUNS = frozenset("he she they it we i you him her them his their".split())
_QUOTE_CHARS = "\"“”‘’«»'"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?:\s+|$)|\n")
_HEDGES = re.compile(r"\b(?:may|might|could|would|reportedly|allegedly|possibly|perhaps|likely)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    """A suggestion as its features see it: its spans in `text` (the article's body, code
    point offsets) and what the suggester said about its speaker and outlet."""

    text: str
    start: int
    end: int
    stance: str  # "claim" or "denial"
    direct: bool = False
    cue: str = ""
    cue_start: int | None = None
    speaker_text: str = ""
    speaker_start: int | None = None
    speaker_linked: bool = False  # an existing actor was matched
    new_actor: bool = False  # a new actor is proposed by name
    speaker_kind: str = ""  # "person", "organisation", "anonymous" or ""
    via: bool = False  # relayed through an outlet


@cache
def _anonymous_heads() -> frozenset[str]:
    return frozenset(forms("anonymous"))


@cache
def _reporting_verbs() -> frozenset[str]:
    return frozenset(forms("reporting_verbs"))


def cue_class(cue: str) -> str:
    """Which of the rules' word lists the cue comes from."""
    words = cue.lower().split()
    if not words:
        return "none"
    if is_report_denial(cue.lower()):
        return "report-denial"
    if is_denial_cue(cue):
        return "denial"
    if words[-1] in _reporting_verbs() or " ".join(words) in _reporting_verbs():
        return "reporting"
    return "other"


def speaker_form(mention: str) -> str:
    """How the text names the speaker: a pronoun, an anonymous source, a name, or nothing."""
    words = re.findall(r"[\w'’-]+", mention)
    if not words:
        return "none"
    lowered = [word.lower() for word in words]
    if len(words) == 1 and lowered[0] in _PRONOUNS:
        return "pronoun"
    if lowered[-1] in _anonymous_heads() or (lowered[0] in ("sources", "people") and len(words) > 1):
        # "a senior Iranian official", "sources familiar with the talks": the head names nobody.
        return "anonymous"
    if any(word[:1].isupper() for word in words):
        return "named"
    return "description"


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 600), start)]
    sentence_start = before[-1] if before else max(0, start - 600)
    after = _SENTENCE_END.search(text, end, min(len(text), end + 600))
    return sentence_start, after.start() if after else min(len(text), end + 600)


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def features(candidate: Candidate) -> dict[str, float]:
    c = candidate
    quote = c.text[c.start : c.end]
    words = quote.split()
    cue = " ".join(c.cue.lower().split())
    form = speaker_form(c.speaker_text)
    values: dict[str, float] = {
        f"stance={c.stance}": 1.0,
        "direct": float(c.direct),
        f"cue_class={cue_class(c.cue)}": 1.0,
        f"cue_class*stance={cue_class(c.cue)}*{c.stance}": 1.0,
        f"speaker={form}": 1.0,
        f"speaker_kind={c.speaker_kind or 'unknown'}": 1.0,
        "speaker_linked": float(c.speaker_linked),
        "new_actor": float(c.new_actor),
        "speaker_unresolved": float(not c.speaker_linked and not c.new_actor),
        "via": float(c.via),
        "quote_words_log": math.log1p(len(words)) / 5,
        f"quote_words{_bucket(len(words), (3, 8, 20, 40))}": 1.0,
        "article_position": c.start / len(c.text) if c.text else 0.0,
        "in_opening": float(c.start < 400),
    }
    if cue:
        values[f"cue={cue}"] = 1.0
        values[f"cue*stance={cue}*{c.stance}"] = 1.0
    else:
        values["no_cue"] = 1.0
    if c.cue_start is not None:
        values["cue_after_content"] = float(c.cue_start >= c.end)
        gap = c.cue_start - c.end if c.cue_start >= c.end else c.start - c.cue_start
        values["cue_gap_log"] = math.log1p(max(0, gap)) / 6
    if c.speaker_start is not None:
        values["speaker_after_content"] = float(c.speaker_start >= c.end)
    bare = quote.strip(_QUOTE_CHARS + " ,.")
    negated = bool(_negation().search(bare))
    values["negation"] = float(negated)
    values[f"negation*stance={int(negated)}*{c.stance}"] = 1.0
    values["hedged"] = float(bool(_HEDGES.search(bare)))
    values["question"] = float("?" in quote)
    values["starts_with_quote_mark"] = float(quote[:1] in _QUOTE_CHARS)
    values["ends_with_quote_mark"] = float(quote.rstrip()[-1:] in _QUOTE_CHARS)
    values["starts_lowercase"] = float(bare[:1].islower())
    sentence_start, sentence_end = _sentence_bounds(c.text, c.start, c.end)
    sentence_length = max(1, sentence_end - sentence_start)
    values["sentence_share"] = min(1.0, (c.end - c.start) / sentence_length)
    inner = quote.rstrip().rstrip(_QUOTE_CHARS + ".!?…")
    values["crosses_sentence"] = float(bool(_SENTENCE_END.search(inner)))
    values["sentence_words_log"] = math.log1p(len(c.text[sentence_start:sentence_end].split())) / 5
    return values
