"""`{% window_text w %}`: the paragraphs of a reader window with their highlights, as HTML.

The markup is what the reader template wrote with nested loops (a paragraph per <p>, a
<mark> per covering statement, the words for screen readers at each opening and closing),
built here in one pass with plain string joins: a window of 30,000 characters holds a
thousand segments or more, and the template language spent most of the page's time on them."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from annotator.models import ReviewStatus, Stance

register = template.Library()

STANCE_WORD = {value: label.lower() for value, label in Stance.choices}
PENDING = ReviewStatus.PENDING.value


def _speaker(statement) -> str:
    if statement.speaker_id is not None and statement.speaker is not None:
        return statement.speaker.name
    return statement.speaker_text or "unknown speaker"


def _opening(mark, depth: int) -> str:
    st = mark.statement
    pending = st.review_status == PENDING
    classes = f"st st-{st.stance}{' st-pending' if pending else ''}{' st-open' if mark.opens else ''}"
    classes += f"{' st-close' if mark.closes else ''} depth-{min(depth, 3)}"
    html = f'<mark class="{escape(classes)}" data-statement="{st.pk}">'
    if mark.opens:
        said = f"{'suggested ' if pending else ''}{STANCE_WORD.get(st.stance, st.stance)} by {_speaker(st)}"
        html += f'<span class="visually-hidden sr-mark" dir="ltr">[{escape(said)}: </span>'
    return html


def _closing(mark) -> str:
    if not mark.closes:
        return "</mark>"
    word = STANCE_WORD.get(mark.statement.stance, mark.statement.stance)
    return f'<span class="visually-hidden sr-mark" dir="ltr">, end of {escape(word)}]</span></mark>'


def paragraphs_html(paragraphs) -> str:
    parts = []
    for paragraph in paragraphs:
        parts.append(f'<p dir="auto" data-start="{paragraph.start}">')
        for seg in paragraph.segments:
            parts.extend(_opening(mark, depth) for depth, mark in enumerate(seg.marks))
            parts.append(f'<span class="seg" data-start="{seg.start}">{escape(seg.text)}</span>')
            parts.extend(_closing(mark) for mark in reversed(seg.marks))
        parts.append("</p>\n")
    return "".join(parts)


@register.simple_tag
def window_text(window) -> str:
    return mark_safe(paragraphs_html(window.paragraphs or ()))  # noqa: S308 - every text in it is escaped above
