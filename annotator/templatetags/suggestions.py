"""`{{ s|speaker_outcome }}`: in the review queue, which actor a suggestion's speaker
becomes when it is accepted (see `annotator.services.suggestions.speaker_outcome`)."""

from django import template

from annotator.services.suggestions import speaker_outcome as _speaker_outcome

register = template.Library()


@register.filter
def speaker_outcome(statement) -> str:
    return _speaker_outcome(statement)
