"""The matrix: actors x propositions, each cell a claim, a denial, both, or nothing."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from annotator.roles import can_view
from annotator.selectors import browse

from .decorators import role_required
from .matrix_cells import matrix_rows
from .partials import HtmxHttpRequest, page_or_partial


@require_GET
@role_required(can_view)
def matrix(request: HtmxHttpRequest):
    grid = browse.matrix(user=request.user, params=request.GET)
    context = {
        "matrix": grid,
        "rows": matrix_rows(grid, request),
        "filter": grid.filterset,
        "topics": browse.matrix_topics(user=request.user),
    }
    return render(request, page_or_partial(request, "matrix.html", "grid"), context)


urlpatterns = [path("matrix/", matrix, name="matrix")]
