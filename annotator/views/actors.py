"""Actors: the list with claim and denial counts, everything one actor said, merging duplicates."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from annotator.filters import include_pending
from annotator.roles import can_merge, can_view
from annotator.selectors import browse
from annotator.services.actors import actor_merge as merge_actors

from .decorators import role_required
from .merging import just_merged, merge_page
from .partials import HtmxHttpRequest, page_or_partial

STATEMENTS_PER_PAGE = 100


@require_GET
@role_required(can_view)
def actor_list(request: HtmxHttpRequest):
    filterset, page, sort = browse.actor_list(user=request.user, params=request.GET, sort=request.GET.get("sort"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "sort": sort,
        "sorts": browse.ACTOR_SORTS,
        "export_ordering": browse.ACTOR_SORTS[sort],
    }
    return render(request, page_or_partial(request, "actors/list.html", "results"), context)


@require_GET
@role_required(can_view)
def actor_detail(request: HtmxHttpRequest, pk: int):
    actor = browse.actor_get(pk, user=request.user)
    pending = include_pending(request.GET)
    statements = browse.actor_statements(
        user=request.user,
        actor=actor,
        include_pending=pending,
        project=browse.project_in(request.GET, user=request.user),
    )
    context = {
        "actor": actor,
        "page_obj": Paginator(statements, STATEMENTS_PER_PAGE).get_page(request.GET.get("page")),
        "merged_from": browse.actors_merged_into(actor=actor),
        "just_merged": just_merged(request, actor),
        "include_pending": pending,
        "export_ordering": browse.ACTOR_STATEMENTS_ORDER,
        # What the switch would add: said beside it, so nobody takes the page for all there is.
        "pending_count": browse.actor_pending_count(user=request.user, actor=actor),
    }
    return render(request, "actors/detail.html", context)


@require_http_methods(["GET", "POST"])
@role_required(can_merge)
def actor_merge(request: HtmxHttpRequest, pk: int):
    """Merge this actor (a duplicate) into another: statements move, names become aliases."""
    return merge_page(
        request,
        browse.actor_get(pk, user=request.user),
        merge=merge_actors,
        detail="actor_detail",
        template="actors/merge.html",
        merged_message=lambda actor, target: (
            f"{actor.name} was merged into {target.name}; their statements moved here."
        ),
    )


urlpatterns = [
    path("actors/", actor_list, name="actor_list"),
    path("actors/<int:pk>/", actor_detail, name="actor_detail"),
    path("actors/<int:pk>/merge/", actor_merge, name="actor_merge"),
]
