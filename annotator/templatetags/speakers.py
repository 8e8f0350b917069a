"""How a page names the speaker of a statement that no actor is linked to yet."""

from django import template

from annotator.services.suggestions import PROPOSED_ACTOR

register = template.Library()


@register.filter
def named_speaker(statement) -> str:
    """Who the text names as the speaker: the actor the suggester proposed (it resolved "he"
    to a name), else the text's own words ("a senior Iranian official"); "" when neither.
    A pending suggestion is not "Speaker not named" when the article named the speaker."""
    match = PROPOSED_ACTOR.search(statement.note or "")
    return match.group("name").strip() if match else statement.speaker_text
