"""Create, edit, delete and restore statements from the reader.

Every change answers an htmx request with the reader's changed regions and any other request
with a redirect back to the reader; a form with errors comes back with its errors."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from annotator import roles
from annotator.forms.statements import StatementForm, check_selection
from annotator.models import ReviewStatus, Stance, Statement
from annotator.selectors.reader import deleted_statement, statement_for_edit
from annotator.services.annotation import Annotation, annotation_create, annotation_update
from annotator.services.statements import StatementConflict, statement_delete, statement_restore

from .decorators import role_required
from .partials import HtmxHttpRequest
from .reader import form_context, get_article, own_versions_of, render_reader, respond_changed

STANCE_WORD = {Stance.CLAIM: "Claim", Stance.DENIAL: "Denial"}


def _show_form(request, article, form, *, statement=None, conflict=None):
    # A form that comes back with errors is a 422 (base.html tells htmx to swap it all the same).
    status = 422 if form.is_bound else 200
    return render_reader(
        request,
        article,
        partial="form_slot",
        status=status,
        **form_context(form, user=request.user, statement=statement, conflict=conflict),
    )


def _form_kwargs(request, article) -> dict:
    """The form sees what the user sees: their projects' speakers and propositions, and on
    a double article they annotate independently, only their own statements to answer."""
    return {"article": article, "user": request.user, "own_of": own_versions_of(request, article)}


def _add_service_errors(form: StatementForm, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _editable_statement(request, statement_id: int) -> Statement | None:
    """The statement if the user may edit it (403 otherwise); None if it no longer exists."""
    statement = statement_for_edit(statement_id=statement_id, user=request.user)
    if statement is not None and not roles.can_edit_statement(request.user, statement):
        raise PermissionDenied
    return statement


def _gone(request, statement_id: int):
    """The statement was deleted meanwhile: say so in its reader, rather than a bare 404."""
    record = deleted_statement(statement_id=statement_id, user=request.user)
    if record is None:
        raise Http404("No such statement.")
    article = get_article(record.article_id, request.user)
    return respond_changed(
        request, article, notice={"text": "This statement was deleted by someone else meanwhile.", "error": True}
    )


@require_http_methods(["GET", "POST"])
@role_required(roles.can_annotate)
def statement_new(request: HtmxHttpRequest, article_id: int):
    article = get_article(article_id, request.user, need=roles.Role.ANALYST)
    if request.method == "GET":
        initial = {
            "start": request.GET.get("start", ""),
            "end": request.GET.get("end", ""),
            "quote": request.GET.get("quote", ""),
            "stance": request.GET.get("stance") if request.GET.get("stance") in Stance.values else Stance.CLAIM,
        }
        form = StatementForm(initial=initial, **_form_kwargs(request, article))
        try:
            start, end, quote = check_selection(article.body, initial["start"], initial["end"], initial["quote"])
        except ValidationError as error:
            form.selection_error = error.messages[0]
        else:
            form.initial.update(start=start, end=end, quote=quote)
        return _show_form(request, article, form)
    form = StatementForm(request.POST, **_form_kwargs(request, article))
    if not form.is_valid():
        return _show_form(request, article, form)
    try:
        statement = annotation_create(
            article=article, annotation=Annotation.from_form(form.cleaned_data), user=request.user
        )
    except ValidationError as error:
        _add_service_errors(form, error)
        return _show_form(request, article, form)
    notice = {"text": f"{STANCE_WORD[statement.stance]} saved."}
    return respond_changed(request, article, saved=statement, notice=notice)


@require_http_methods(["GET", "POST"])
@role_required(roles.can_annotate)
def statement_edit(request: HtmxHttpRequest, statement_id: int):
    statement = _editable_statement(request, statement_id)
    if statement is None:
        return _gone(request, statement_id)
    article = statement.article
    pending = statement.review_status == ReviewStatus.PENDING
    # Saving a corrected suggestion accepts it, which is a reviewer's call; an analyst's
    # correction keeps it pending, and a pending statement may still lack a speaker.
    accepts = pending and roles.can_review_article(request.user, article.pk)
    form_kwargs = {**_form_kwargs(request, article), "statement": statement, "require_speaker": not pending or accepts}
    if request.method == "GET":
        form = StatementForm(initial=StatementForm.initial_for(statement, user=request.user), **form_kwargs)
        return _show_form(request, article, form, statement=statement)
    form = StatementForm(request.POST, **form_kwargs)
    if not form.is_valid():
        return _show_form(request, article, form, statement=statement)
    try:
        saved = annotation_update(
            statement=statement,
            version=form.cleaned_data["version"],
            annotation=Annotation.from_form(form.cleaned_data),
            user=request.user,
            accept=accepts,
        )
    except StatementConflict as conflict:
        return _refuse_stale_edit(request, statement, conflict.current, form_kwargs)
    except Statement.DoesNotExist:
        return _gone(request, statement_id)
    except ValidationError as error:
        _add_service_errors(form, error)
        return _show_form(request, article, form, statement=statement)
    if accepts:
        text = "Suggestion corrected and accepted."
    elif pending:
        text = "Suggestion corrected; it awaits a reviewer."
    else:
        text = f"{STANCE_WORD[saved.stance]} updated."
    return respond_changed(request, article, saved=saved, notice={"text": text})


def _refuse_stale_edit(request, statement: Statement, current: Statement, form_kwargs: dict):
    """Someone saved first. Keep the analyst's input, show what is stored now, and let a second,
    deliberate save replace it (the form now carries the current version)."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = StatementForm(data, **form_kwargs)
    form.is_valid()
    form.add_error(
        None,
        f"Not saved: {_who(current)} changed this statement while you were editing "
        f"(it is now at version {current.version}). Nothing was overwritten. Compare with the current "
        "version below; save again to replace it with yours, or discard your changes.",
    )
    return _show_form(request, statement.article, form, statement=statement, conflict=current)


def _who(statement: Statement) -> str:
    record = statement.history.order_by("-history_date").select_related("history_user").first()
    user = record.history_user if record else None
    return f"{user.get_username()}" if user else "someone else"


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


@require_POST
@role_required(roles.can_annotate)
def statement_delete_view(request: HtmxHttpRequest, statement_id: int):
    statement = _editable_statement(request, statement_id)
    if statement is None:
        return _gone(request, statement_id)
    if not roles.can_delete_statement(request.user, statement):
        raise PermissionDenied("Only reviewers delete suggestions and other people's statements.")
    article = statement.article
    version = _version(request)
    if version is None:
        notice = {
            "text": "Not deleted: the request did not say which version you saw. Reload and retry.",
            "error": True,
        }
        return respond_changed(request, article, notice=notice)
    try:
        statement_delete(statement=statement, version=version, user=request.user)
    except StatementConflict as conflict:
        notice = {
            "text": f"Not deleted: {_who(conflict.current)} changed this statement since you loaded it. "
            "The panel now shows the current version; delete again if you still want to.",
            "error": True,
        }
        return respond_changed(request, article, notice=notice, saved=conflict.current)
    except Statement.DoesNotExist:
        return _gone(request, statement_id)
    return respond_changed(request, article, notice={"text": "Statement deleted.", "undo": statement_id})


@require_POST
@role_required(roles.can_annotate)
def statement_restore_view(request: HtmxHttpRequest, statement_id: int):
    record = deleted_statement(statement_id=statement_id, user=request.user)
    if record is None:
        raise Http404("No deleted statement with this id.")
    if not roles.can_delete_statement(request.user, record):
        raise PermissionDenied
    article = get_article(record.article_id, request.user)
    try:
        restored = statement_restore(statement_id=statement_id, user=request.user)
    except ValueError:
        return respond_changed(request, article, notice={"text": "This statement is already back."})
    except ValidationError as error:
        notice = {"text": "It cannot be restored: " + " ".join(error.messages), "error": True}
        return respond_changed(request, article, notice=notice)
    return respond_changed(request, article, saved=restored, notice={"text": "Statement restored."})


urlpatterns = [
    path("articles/<int:article_id>/statements/new", statement_new, name="statement_new"),
    path("statements/<int:statement_id>/edit", statement_edit, name="statement_edit"),
    path("statements/<int:statement_id>/delete", statement_delete_view, name="statement_delete"),
    path("statements/<int:statement_id>/restore", statement_restore_view, name="statement_restore"),
]
