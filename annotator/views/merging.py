"""The merge page both actors and propositions use: pick the record to keep, merge into it."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from annotator import roles
from annotator.forms.merge import MergeForm
from annotator.models import Actor
from annotator.projects_access import visible_actors, visible_propositions
from annotator.selectors import browse
from annotator.services.merging import MergeNotPermitted

from .partials import HtmxHttpRequest, page_or_partial


def merge_page(
    request: HtmxHttpRequest,
    record,
    *,
    merge: Callable,
    detail: str,
    template: str,
    merged_message: Callable[[object, object], str],
):
    """GET: the candidates (an htmx search re-renders them); POST: merge `record` into the
    chosen one and open it. `record` is in the context under its model's name."""
    model = type(record)
    noun = model._meta.model_name
    if record.merged_into_id:
        messages.info(request, f"This {noun} was already merged into this one.")
        return redirect(detail, pk=record.merged_into_id)
    visible = visible_actors if model is Actor else visible_propositions
    form = MergeForm(
        request.POST if request.method == "POST" else None,
        model=model,
        source=record,
        visible=lambda rows: visible(request.user, rows),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            merge(source=record, target=target, user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except MergeNotPermitted as refusal:
            # Said on the form, where the reviewer looks; a 403 for whoever scripts it.
            form.add_error(None, str(refusal))
            status = 403
        else:
            messages.success(request, merged_message(record, target))
            # The page the merge lands on offers its undo (`?merged=`), right where the reviewer looks.
            return redirect(f"{reverse(detail, args=[target.pk])}?merged={record.pk}")
    term = request.GET.get("q", "")
    context = {
        noun: record,
        "form": form,
        "q": term,
        "candidates": browse.merge_candidates(model, user=request.user, exclude=record.pk, term=term),
    }
    return render(request, page_or_partial(request, template, "candidates"), context, status=status)


def just_merged(request: HtmxHttpRequest, record):
    """The record the reviewer has just merged into `record` (named by `?merged=` on the
    page the merge lands on), while the merge stands, to offer its undo; else None."""
    merged = request.GET.get("merged", "")
    if not merged.isdigit() or not roles.can_merge(request.user):
        return None
    return type(record).objects.filter(pk=int(merged), merged_into=record).first()
