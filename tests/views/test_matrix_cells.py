"""The matrix's cells, built in Python for speed, are the markup the template wrote: the
same link (the page's filters kept, the speaker added), the same words, escaped alike."""

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory

from annotator.selectors.browse import Cell, Matrix
from annotator.views.matrix_cells import matrix_rows
from tests.factories import ActorFactory, PropositionFactory

pytestmark = pytest.mark.django_db

# The cell as templates/matrix.html wrote it before the cells moved to Python.
TEMPLATE_CELL = Template(
    "{% for proposition, cells in matrix.rows %}"
    "{% for actor, cell in cells %}"
    '<td class="matrix-cell">{% if cell %}<a class="mark mark-{{ cell.kind }}{% if cell.pending %} mark-pending'
    '{% endif %}" href="{% url \'proposition_detail\' proposition.pk %}{% querystring speaker=actor.pk %}" '
    'title="{{ actor.name }}: {{ cell.claims }} claim{{ cell.claims|pluralize }}, {{ cell.denials }} '
    'denial{{ cell.denials|pluralize }}{% if cell.pending %}, of which {{ cell.pending }} pending review{% endif %}" '
    'aria-label="{{ actor.name }} on “{{ proposition.text }}”: {{ cell.claims }} claim{{ cell.claims|pluralize }}, '
    "{{ cell.denials }} denial{{ cell.denials|pluralize }}{% if cell.pending %}, of which {{ cell.pending }} pending "
    "review{% endif %}\">{% if cell.kind == 'both' %}±{% elif cell.kind == 'claim' %}+{% else %}−{% endif %}"
    '{% if cell.pending %}<sup class="pending-mark" aria-hidden="true">?</sup>{% endif %}</a>{% endif %}</td>'
    "{% if not forloop.last %}\n          {% endif %}{% endfor %}|{% endfor %}"
)


def test_cells_are_the_markup_the_template_wrote():
    actors = [ActorFactory(name='Kirby & "Co" <press>'), ActorFactory(name="Zarif"), ActorFactory(name="Ali")]
    propositions = [PropositionFactory(text="Iran's <b>drones</b> & missiles"), PropositionFactory(text="Calm")]
    cells = {
        (actors[0].pk, propositions[0].pk): Cell(claims=1, denials=0),
        (actors[1].pk, propositions[0].pk): Cell(claims=2, denials=3, pending=1),
        (actors[2].pk, propositions[1].pk): Cell(claims=0, denials=1, pending=1),
    }
    grid = Matrix(filterset=None, actors=actors, propositions=propositions, cells=cells)
    request = RequestFactory().get("/matrix/", {"topic": "iran & co", "include_pending": "true", "speaker": "9"})

    expected = TEMPLATE_CELL.render(RequestContext(request, {"matrix": grid}))

    assert "|".join(str(cells) for _, cells in matrix_rows(grid, request)) + "|" == expected
    assert [proposition for proposition, _ in matrix_rows(grid, request)] == propositions
