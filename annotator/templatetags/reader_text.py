"""`{% window_text w %}`: the paragraphs of a reader window with their highlights, as HTML.

The markup is what the reader template wrote with nested loops (a paragraph per <p>, a
<mark> per covering statement, the words for screen readers at each opening and closing),
built here in one pass with plain string joins: a window of 30,000 characters holds a
thousand segments or more, and the template language spent most of the page's time on them."""

from html import escape

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from annotator.models import ReviewStatus, Stance

from .row_urls import row_url

register = template.Library()

STANCE_LABEL = dict(Stance.choices)
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


# ---- the statement panel ----------------------------------------------------------------------
# A panel page lists up to 200 statements; through the template language each cost ~180 µs
# (half of a 200-statement reader's time), here a tenth of that. Same markup as before.


def _who(statement) -> str:
    speaker = statement.speaker if statement.speaker_id is not None else None
    return speaker.name if speaker is not None else (statement.speaker_text or "unknown speaker")


def _form(action: str, url: str, csrf: str, version: int, button: str) -> str:
    return (
        f'<form method="post" action="{url}" hx-post="{url}" hx-target="#statement-form-slot" hx-swap="outerHTML" '
        f'data-action="{action}">\n                {csrf}<input type="hidden" name="version" value="{version}">\n'
        f"                {button}\n              </form>"
    )


def panel_item_html(s, *, editable: bool, deletable: bool, can_review: bool, csrf: str) -> str:
    pending = s.review_status == PENDING
    stance_label = escape(STANCE_LABEL.get(s.stance, s.stance))
    who = escape(_who(s))
    facts = []
    if s.proposition_id is not None and s.proposition is not None:
        facts.append(f"<dt>Proposition</dt><dd>{escape(s.proposition.text)}</dd>")
    if s.via_id is not None and s.via is not None:
        facts.append(f"<dt>Via</dt><dd>{escape(s.via.name)}</dd>")
    if s.cue:
        facts.append(f"<dt>Cue</dt><dd>“{escape(s.cue)}”</dd>")
    facts.append(f"<dt>Form</dt><dd>{'direct quote' if s.direct else 'reported speech'}</dd>")
    if s.responds_to_id is not None and s.responds_to is not None:
        answered = s.responds_to
        arrow = "▲" if answered.stance == Stance.CLAIM else "▼"
        facts.append(
            f'<dt>Responds to</dt><dd><a href="#statement-{answered.pk}" class="st-link" '
            f'data-statement="{answered.pk}">{arrow} {escape(_who(answered))}</a></dd>'
        )
    if s.note:
        facts.append(f"<dt>Note</dt><dd>{escape(s.note)}</dd>")
    if s.annotator_id is not None and s.annotator is not None:
        facts.append(f"<dt>By</dt><dd>{escape(s.annotator.get_username())}</dd>")
    actions = [f'<a class="button button-small button-quiet" href="{row_url("statement_history", s.pk)}">History</a>']
    if editable:
        edit = row_url("statement_edit", s.pk)
        actions.append(
            f'<a class="button button-small" data-action="edit" href="{edit}" hx-get="{edit}" '
            f'hx-target="#statement-form-slot" hx-swap="outerHTML">{"Correct" if pending else "Edit"} <kbd>e</kbd></a>'
        )
    if deletable:
        button = '<button type="submit" class="button button-small button-danger">Delete <kbd>x</kbd></button>'
        actions.append(_form("delete", row_url("statement_delete", s.pk), csrf, s.version, button))
    if pending and can_review:
        button = '<button type="submit" class="button button-small button-primary">Accept <kbd>a</kbd></button>'
        actions.append(_form("accept", row_url("statement_accept", s.pk), csrf, s.version, button))
        button = '<button type="submit" class="button button-small">Reject <kbd>r</kbd></button>'
        actions.append(_form("reject", row_url("statement_reject", s.pk), csrf, s.version, button))
    role = ""
    if s.speaker_id is not None and s.speaker is not None and s.speaker.role:
        role = f'\n              <span class="st-role">{escape(s.speaker.role)}</span>'
    joined_actions = "\n              ".join(actions)
    return (
        f'<li id="statement-{s.pk}" class="st-item st-item-{escape(s.stance)}{" st-item-pending" if pending else ""}" '
        f'data-statement="{s.pk}" tabindex="-1"\n'
        f'              aria-label="{"Suggested " if pending else ""}{stance_label} by {who}">\n'
        f'            <p class="st-head">\n'
        f'              <span class="stance-badge stance-{escape(s.stance)}">'
        f"{'▲' if s.stance == Stance.CLAIM else '▼'} {stance_label}</span>\n"
        + ('              <span class="badge badge-pending">Suggested</span>\n' if pending else "")
        + _confidence_html(s, pending)
        + f'              <strong class="st-speaker">{who}</strong>{role}\n'
        f"            </p>\n"
        f'            <blockquote class="st-quote">{escape(Truncator(s.quote).chars(220))}</blockquote>\n'
        f'            <dl class="st-facts">\n              ' + "\n              ".join(facts) + "\n            </dl>\n"
        f'            <div class="st-actions">\n              {joined_actions}\n            </div>\n'
        f"          </li>\n"
    )


def _confidence_html(s, pending: bool) -> str:
    """The scorer's confidence, on a pending suggestion it has scored."""
    if not pending:
        return ""
    try:
        score = s.score
    except ObjectDoesNotExist:
        return ""
    if score is None:
        return ""
    return (
        '              <span class="st-confidence" title="Chance a reviewer accepts it as it is, '
        f'learnt from past reviews">confidence {score.confidence:.2f}</span>\n'
    )


@register.simple_tag(takes_context=True)
def panel_items(context, panel) -> str:
    """The panel page's statements, each offering only what the user may do with it."""
    token = context.get("csrf_token")
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">' if token else ""
    editable, deletable = context.get("editable_ids", set()), context.get("deletable_ids", set())
    can_review = bool(context.get("can_review"))
    items = (
        panel_item_html(s, editable=s.pk in editable, deletable=s.pk in deletable, can_review=can_review, csrf=csrf)
        for s in panel.statements
    )
    return mark_safe("".join(items))  # noqa: S308 - every text in it is escaped above
