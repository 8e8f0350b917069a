"""Propositions: the list with claim and denial counts, the claimed-by / denied-by page, merging."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from annotator.roles import can_merge, can_view
from annotator.selectors import browse
from annotator.services.propositions import proposition_merge as merge_propositions

from .decorators import role_required
from .merging import just_merged, merge_page
from .partials import HtmxHttpRequest, page_or_partial

# Two columns of fifty: a screenful each way, and half the page a hundred each made.
SIDE_PER_PAGE = 50


@require_GET
@role_required(can_view)
def proposition_list(request: HtmxHttpRequest):
    filterset, page, sort = browse.proposition_list(user=request.user, params=request.GET, sort=request.GET.get("sort"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "sort": sort,
        "sorts": browse.PROPOSITION_SORTS,
        "export_ordering": browse.PROPOSITION_SORTS[sort],
    }
    return render(request, page_or_partial(request, "propositions/list.html", "results"), context)


@require_GET
@role_required(can_view)
def proposition_detail(request: HtmxHttpRequest, pk: int):
    proposition = browse.proposition_get(pk, user=request.user)
    sides = browse.proposition_sides(user=request.user, proposition=proposition, params=request.GET)
    claims = Paginator(sides.claims, SIDE_PER_PAGE).get_page(request.GET.get("claims_page"))
    denials = Paginator(sides.denials, SIDE_PER_PAGE).get_page(request.GET.get("denials_page"))
    context = {
        "proposition": proposition,
        "filter": sides.filterset,
        "claims": claims,
        "denials": denials,
        "contested": claims.paginator.count > 0 and denials.paginator.count > 0,
        # The switch for pending suggestions is not a narrowing: it has its own line.
        "narrowed": any(request.GET.get(name) for name in sides.filterset.filters if name != "include_pending"),
        "include_pending": sides.filterset.pending_included,
        "export_ordering": browse.PROPOSITION_STATEMENTS_ORDER,
        "just_merged": just_merged(request, proposition),
    }
    return render(request, "propositions/detail.html", context)


@require_http_methods(["GET", "POST"])
@role_required(can_merge)
def proposition_merge(request: HtmxHttpRequest, pk: int):
    """Merge this proposition into another: its statements move, the page of the one kept opens."""
    return merge_page(
        request,
        browse.proposition_get(pk, user=request.user),
        merge=merge_propositions,
        detail="proposition_detail",
        template="propositions/merge.html",
        merged_message=lambda proposition, target: f"“{proposition.text}” was merged into this proposition.",
    )


urlpatterns = [
    path("propositions/", proposition_list, name="proposition_list"),
    path("propositions/<int:pk>/", proposition_detail, name="proposition_detail"),
    path("propositions/<int:pk>/merge/", proposition_merge, name="proposition_merge"),
]
