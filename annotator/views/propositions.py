"""Propositions: the list with claim and denial counts, the claimed-by / denied-by page, merging."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from annotator.forms.merge import MergeForm
from annotator.models import Proposition
from annotator.roles import can_merge, can_view
from annotator.selectors import browse
from annotator.services.propositions import proposition_merge as merge_propositions

from .decorators import role_required
from .partials import HtmxHttpRequest, page_or_partial

PER_PAGE = 50
SIDE_PER_PAGE = 100


@require_GET
@role_required(can_view)
def proposition_list(request: HtmxHttpRequest):
    filterset, propositions, sort = browse.proposition_list(params=request.GET, sort=request.GET.get("sort"))
    page = Paginator(propositions, PER_PAGE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page_obj": page, "sort": sort, "sorts": browse.PROPOSITION_SORTS}
    return render(request, page_or_partial(request, "propositions/list.html", "results"), context)


@require_GET
@role_required(can_view)
def proposition_detail(request: HtmxHttpRequest, pk: int):
    proposition = browse.proposition_get(pk)
    sides = browse.proposition_sides(proposition=proposition, params=request.GET)
    claims = Paginator(sides.claims, SIDE_PER_PAGE).get_page(request.GET.get("claims_page"))
    denials = Paginator(sides.denials, SIDE_PER_PAGE).get_page(request.GET.get("denials_page"))
    context = {
        "proposition": proposition,
        "filter": sides.filterset,
        "claims": claims,
        "denials": denials,
        "contested": claims.paginator.count > 0 and denials.paginator.count > 0,
        "narrowed": any(request.GET.get(name) for name in sides.filterset.filters),
    }
    return render(request, "propositions/detail.html", context)


@require_http_methods(["GET", "POST"])
@role_required(can_merge)
def proposition_merge(request: HtmxHttpRequest, pk: int):
    """Merge this proposition into another: its statements move, the page of the one kept opens."""
    proposition = browse.proposition_get(pk)
    if proposition.merged_into_id:
        messages.info(request, "This proposition was already merged into this one.")
        return redirect("proposition_detail", pk=proposition.merged_into_id)
    form = MergeForm(request.POST if request.method == "POST" else None, model=Proposition, source=proposition)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            merge_propositions(source=proposition, target=target, user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"“{proposition.text}” was merged into this proposition.")
            return redirect("proposition_detail", pk=target.pk)
    term = request.GET.get("q", "")
    context = {
        "proposition": proposition,
        "form": form,
        "q": term,
        "candidates": browse.merge_candidates(Proposition, exclude=proposition.pk, term=term),
    }
    return render(request, page_or_partial(request, "propositions/merge.html", "candidates"), context)


urlpatterns = [
    path("propositions/", proposition_list, name="proposition_list"),
    path("propositions/<int:pk>/", proposition_detail, name="proposition_detail"),
    path("propositions/<int:pk>/merge/", proposition_merge, name="proposition_merge"),
]
