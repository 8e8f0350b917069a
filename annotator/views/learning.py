"""The model page: how the suggestion scorer learns from reviews (held-back precision,
recall and calibration before and after each retrain, and every retrain, live or
refused), and a reviewer's request to retrain now."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from annotator import roles
from annotator.selectors.learning import scorer_page
from annotator.tasks import retrain_suggester

from .decorators import role_required


@require_GET
@role_required(roles.can_review)
def scorer_model(request):
    context = scorer_page()
    # Built by annotator.plots from numbers, every label escaped.
    context["charts"] = {name: mark_safe(svg) for name, svg in context["charts"].items()}  # noqa: S308
    return render(request, "review_model.html", context)


@require_POST
@role_required(roles.can_review)
def scorer_retrain(request):
    """Queue a retrain on every review so far (the immediate backend runs it at once)."""
    user_id = request.user.pk

    def enqueue():
        retrain_suggester.enqueue(None, True, user_id)

    transaction.on_commit(enqueue)
    messages.success(request, "Retraining queued: the history below shows it once it has run.")
    return redirect("scorer_model")


urlpatterns = [
    path("review/model/", scorer_model, name="scorer_model"),
    path("review/model/retrain", scorer_retrain, name="scorer_retrain"),
]
