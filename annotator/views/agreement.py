"""A project's agreement page: how far its annotators agree on the doubly annotated
articles (a table and an SVG chart per pair of annotators and per article), its CSV,
and the form a manager marks a sample for double annotation with."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from annotator import double, roles
from annotator.agreement.chart import bar_chart
from annotator.exports.cells import as_cell
from annotator.forms.double import DoubleSampleForm
from annotator.models import Project, ProjectRole
from annotator.selectors.agreement import AgreementData, project_agreement_data, project_by_slug
from annotator.services.double import double_sample_mark

from .decorators import role_required

TEMPLATE = "agreement.html"


def _project(request, slug: str) -> Project:
    project = project_by_slug(slug)
    # Another project's agreement is answered as a project that does not exist would be:
    # a 403 told a member of project A that B's slug is taken.
    if project is None or not double.can_read_agreement(request.user, project):
        raise Http404("No such project.")
    return project


def agreement_rows(data: AgreementData):
    """(scope, article id, article title, first annotator, second annotator, figures) for
    the whole project, each pair of annotators, and each pair on each article."""
    yield "project", None, "", "", "", data.result.overall.as_dict()
    for (a, b), counts in data.result.pairs.items():
        yield "pair", None, "", data.names.get(a, a), data.names.get(b, b), counts.as_dict()
    for article in data.result.articles:
        for (a, b), counts in article.pairs.items():
            title = data.titles.get(article.article, "")
            yield "article", article.article, title, data.names.get(a, a), data.names.get(b, b), counts.as_dict()


def _short(title: str, limit: int = 28) -> str:
    """A chart's label fits its 200 px column."""
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _render(request, project: Project, *, form=None, status: int = 200):
    data = project_agreement_data(project)
    pair_groups = [(data.pair_label(pair), counts.as_dict()) for pair, counts in data.result.pairs.items()]
    article_groups = [
        (_short(data.titles.get(a.article, str(a.article))), a.overall.as_dict())
        for a in data.result.articles
        if a.pairs
    ]
    figures = {a.article: a.overall.as_dict() for a in data.result.articles if a.pairs}
    context = {
        "project": project,
        "data": data,
        "overall": data.result.overall,
        "pairs": [(data.pair_label(pair), counts) for pair, counts in data.result.pairs.items()],
        "figures": data.result.overall.as_dict(),
        "article_rows": [(a, figures.get(a.pk)) for a in data.articles],
        "pair_chart": bar_chart(pair_groups) if pair_groups else None,
        "article_chart": bar_chart(article_groups) if article_groups else None,
        "can_mark": double.can_mark_double(request.user, project),
        # Every annotator's version is theirs to export who may adjudicate them.
        "can_export_versions": double.has_project_role(request.user, project, ProjectRole.REVIEWER),
        "form": form or DoubleSampleForm(),
    }
    return render(request, TEMPLATE, context, status=status)


@require_http_methods(["GET"])
@role_required(roles.can_view)
def project_agreement(request, slug: str):
    return _render(request, _project(request, slug))


@require_http_methods(["GET"])
@role_required(roles.can_view)
def project_agreement_csv(request, slug: str):
    project = _project(request, slug)
    data = project_agreement_data(project)
    out = io.StringIO()
    writer = csv.writer(out)
    header_written = False
    for scope, article_id, title, first, second, figures in agreement_rows(data):
        if not header_written:
            writer.writerow(["scope", "article_id", "article_title", "first_annotator", "second_annotator", *figures])
            header_written = True
        writer.writerow([as_cell(v) for v in (scope, article_id, title, first, second, *figures.values())])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agreement-{project.slug}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["POST"])
@role_required(roles.can_view)
def project_double_sample(request, slug: str):
    project = _project(request, slug)
    if not double.can_mark_double(request.user, project):
        raise PermissionDenied
    form = DoubleSampleForm(request.POST)
    if form.is_valid():
        try:
            marked = double_sample_mark(project=project, **form.cleaned_data["sample"])
        except ValidationError as error:
            for messages_ in error.message_dict.values():
                for message in messages_:
                    form.add_error("sample", message)
        else:
            text = f"{len(marked)} more article{'s' if len(marked) != 1 else ''} marked for double annotation."
            messages.success(request, text if marked else "The sample already has that many articles.")
            return redirect(reverse("project_agreement", args=[project.slug]))
    return _render(request, project, form=form, status=422)


urlpatterns = [
    path("projects/<slug:slug>/agreement/", project_agreement, name="project_agreement"),
    path("projects/<slug:slug>/agreement.csv", project_agreement_csv, name="project_agreement_csv"),
    path("projects/<slug:slug>/agreement/double", project_double_sample, name="project_double_sample"),
]
