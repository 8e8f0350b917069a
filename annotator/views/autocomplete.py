"""Autocomplete for the statement form: the option lists re-rendered as the analyst types.

Each answer is the radio group of the form (a partial of `statements/form.html`), so picking
an option is an ordinary form choice that works from the keyboard and without JavaScript."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from annotator import roles

from .decorators import role_required
from .partials import HtmxHttpRequest
from .reader import proposition_options_context, speaker_options_context

FORM = "statements/form.html"


@require_GET
@role_required(roles.can_annotate)
def autocomplete_actors(request: HtmxHttpRequest):
    context = speaker_options_context(
        user=request.user,
        query=request.GET.get("speaker_query", request.GET.get("q", "")),
        selected=request.GET.get("speaker", ""),
        kind=request.GET.get("new_speaker_kind", ""),
        role=request.GET.get("new_speaker_role", ""),
    )
    return render(request, f"{FORM}#speaker_options", context)


@require_GET
@role_required(roles.can_annotate)
def autocomplete_propositions(request: HtmxHttpRequest):
    context = proposition_options_context(
        user=request.user,
        query=request.GET.get("proposition_query", request.GET.get("q", "")),
        selected=request.GET.get("proposition", ""),
    )
    return render(request, f"{FORM}#proposition_options", context)


urlpatterns = [
    path("autocomplete/actors", autocomplete_actors, name="autocomplete_actors"),
    path("autocomplete/propositions", autocomplete_propositions, name="autocomplete_propositions"),
]
