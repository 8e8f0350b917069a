"""`{% article_rows page_obj.object_list %}`: the article list's 50 rows (issue 16).

Rendered by the template engine, the rows were most of the page's time: each row walks
some sixty nodes (a status form with a CSRF field, three options, row URLs, dates,
counts), about 0.4 ms a row on this machine. Here each row is one string built from the
same values, each passed through what the template does to a variable
(`render_value_in_context`: local time, localisation, escaping) or through the very tag
or filter the template uses (`row_url`, `date`, `{% csrf_token %}`). What a request
shares (the CSRF field, the `next` URL, the URL patterns) is worked out once per page.

The row's definition stays the template's partial `articles/list.html#article-row`:
tests/views/test_article_rows.py renders it for generated articles and users and
compares the bytes with these; `HTML_FAST_PATHS=0`, or anything this builder does not
know (an `oob_messages` context, a status outside the three), renders the partial."""

from html import escape

from django import template
from django.conf import settings
from django.template.base import render_value_in_context
from django.template.defaulttags import CsrfTokenNode
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from .row_urls import row_url

register = template.Library()

ROW_PARTIAL = "articles/list.html#article-row"
# The options of the status form, in the partial's order and spelling.
_STATUSES = (("new", "New"), ("in_progress", "In progress"), ("done", "Done"))


@register.simple_tag(takes_context=True)
def article_rows(context, articles) -> str:
    if not settings.HTML_FAST_PATHS or context.get("oob_messages") or any(a.status not in _KNOWN for a in articles):
        return mark_safe("".join(_rendered(context, articles)))
    return mark_safe("".join(_built(context, articles)))


_KNOWN = frozenset(value for value, _label in _STATUSES)


def _rendered(context, articles):
    """The partial itself, row by row, as `{% for article in ... %}` rendered it."""
    partial = context.template.engine.get_template(ROW_PARTIAL)
    for article in articles:
        with context.push(article=article):
            yield partial.render(context)


def _built(context, articles):
    autoescape = context.autoescape
    plain_numbers = not settings.USE_THOUSAND_SEPARATOR

    def show(value) -> str:
        """render_value_in_context(value, context), with its two common cases spelled out:
        a str is only escaped (Django's escape() is html.escape() of it, which conditional_escape
        calls for anything without __html__), and without thousand separators an int is only str()."""
        kind = type(value)
        if kind is str:
            return escape(value) if autoescape else value
        if kind is int and plain_numbers:
            return str(value)
        return render_value_in_context(value, context)

    picks = bool(context.get("managed_projects"))
    can_annotate = bool(context.get("can_annotate"))
    if can_annotate:
        csrf_field = CsrfTokenNode().render(context)
        # `{{ next_url|default:request.get_full_path }}`
        next_url = show(context.get("next_url") or context["request"].get_full_path())
    for article in articles:
        pk = article.pk
        pk_text = show(pk)
        title = show(str(article))
        url = show(row_url("article_detail", pk))
        parts = ["\n      <tr>\n        "]
        if picks:
            parts.append(
                f'<td><input type="checkbox" name="article" value="{pk_text}" form="add-to-project" '
                f'aria-label="Pick {title}"></td>'
            )
        parts.append(f'\n        <td class="cell-main"><a href="{url}">{title}</a></td>\n        <td>')
        source = article.source
        if source:
            parts.append(
                f'<a class="quiet-link" href="{show(row_url("source_detail", source.slug))}">{show(source.name)}</a>'
            )
        parts.append('</td>\n        <td class="nowrap">')
        published = article.published_at
        if published:
            local = template_localtime(published, use_tz=context.use_tz)
            # `|date:'c'` and `|date:'j M Y'`: the date filter formats with dateformat.format
            # (neither is the name of a format setting, so no setting replaces them).
            parts.append(f'<time datetime="{show(format_date(local, "c"))}">{show(format_date(local, "j M Y"))}</time>')
        else:
            parts.append('<span class="muted">—</span>')
        parts.append("</td>\n        <td>")
        status = article.status
        if can_annotate:
            status_url = show(row_url("article_status", pk))
            options = "".join(
                f'    <option value="{value}"{" selected" if status == value else ""}>{label}</option>\n'
                for value, label in _STATUSES
            )
            parts.append(
                f'\n\n<form id="status-{pk_text}" class="status-form" method="post" action="{status_url}"\n'
                f'      hx-post="{status_url}" hx-trigger="change, submit" hx-target="this" hx-swap="outerHTML" '
                f'hx-push-url="false">\n'
                f"  {csrf_field}\n"
                f'  <input type="hidden" name="next" value="{next_url}">\n'
                f'  <label class="visually-hidden" for="status-select-{pk_text}">Status of {title}</label>\n'
                f'  <select id="status-select-{pk_text}" name="status" class="status-select status-{show(status)}">\n'
                f"{options}"
                "  </select>\n"
                '  <button type="submit" class="button button-small">Set</button>\n'
                "</form>\n\n\n"
            )
        else:
            label = show(article.get_status_display())
            parts.append(f'\n\n<span class="status-label status-{show(status)}">{label}</span>\n\n\n')
        pending = article.pending_count
        parts.append(
            '</td>\n        <td class="num"><span class="stance-count stance-claim" title="Claims">'
            f'{show(article.claim_count)}</span></td>\n        <td class="num"><span class="stance-count '
            f'stance-denial" title="Denials">{show(article.denial_count)}</span></td>\n        <td>'
        )
        if pending:
            parts.append(f'<span class="badge badge-pending">{show(pending)} pending</span>')
        parts.append("</td>\n      </tr>\n      ")
        yield "".join(parts)
