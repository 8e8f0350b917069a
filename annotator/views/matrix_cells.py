"""The matrix's cells as HTML, built in Python: 1,200 cells through the template engine
(a URL, a query string and a dozen variables each) were most of the page's time once the
counts came from the tallies. The markup is the one the template wrote, escaped the same."""

from django.template.defaultfilters import pluralize
from django.template.defaulttags import querystring
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

SYMBOLS = {"both": "±", "claim": "+", "denial": "−"}


class _Context:
    """What the `querystring` tag reads of a template context."""

    def __init__(self, request):
        self.request = request


def _label(cell) -> str:
    text = f"{cell.claims} claim{pluralize(cell.claims)}, {cell.denials} denial{pluralize(cell.denials)}"
    return f"{text}, of which {cell.pending} pending review" if cell.pending else text


def matrix_rows(grid, request) -> list[tuple]:
    """(proposition, the row's cells as one HTML string) for each row of `grid`."""
    context = _Context(request)
    # Each column's link keeps the page's filters and names its actor: the same for every row.
    queries = {actor.pk: escape(querystring(context, speaker=actor.pk)) for actor in grid.actors}
    names = {actor.pk: escape(actor.name) for actor in grid.actors}
    rows = []
    for proposition, cells in grid.rows():
        url = escape(reverse("proposition_detail", args=[proposition.pk]))
        text = escape(proposition.text)
        html = []
        for actor, cell in cells:
            if cell is None:
                html.append('<td class="matrix-cell"></td>')
                continue
            name, label = names[actor.pk], escape(_label(cell))
            pending = " mark-pending" if cell.pending else ""
            sup = '<sup class="pending-mark" aria-hidden="true">?</sup>' if cell.pending else ""
            html.append(
                f'<td class="matrix-cell"><a class="mark mark-{cell.kind}{pending}" href="{url}{queries[actor.pk]}" '
                f'title="{name}: {label}" aria-label="{name} on “{text}”: {label}">{SYMBOLS[cell.kind]}{sup}</a></td>'
            )
        rows.append((proposition, mark_safe("\n          ".join(html))))  # noqa: S308 - every part escaped above
    return rows
