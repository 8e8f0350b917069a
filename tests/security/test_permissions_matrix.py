"""One permission model for the pages, the API and the exports: every URL the project serves,
collected from the URL configuration, against every role and an anonymous visitor.

viewer reads and exports; analyst also imports, annotates and edits (statements: their own);
reviewer also reviews suggestions, merges and unmerges, edits and restores anyone's
statements; admin may do all of that. The admin site is Django's own and for staff only.

A URL added without a row in EXPECTED fails `test_every_served_url_has_an_expected_row`;
a refused request must also leave the database exactly as it was.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.admin.sites import site as admin_site
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from annotator.models import (
    Actor,
    ApiToken,
    Article,
    Assignment,
    Job,
    JobKind,
    JobStatus,
    Origin,
    Project,
    ProjectArticle,
    ProjectMember,
    ProjectRole,
    Proposition,
    ReviewStatus,
    Statement,
)
from annotator.services.actors import actor_merge
from annotator.services.projects import default_project
from annotator.services.propositions import proposition_merge
from annotator.services.statements import statement_delete
from annotator.services.tokens import token_create
from annotator.tasks import export_dir
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

IDENTITIES = ["anonymous", "none", "viewer", "analyst", "reviewer", "admin", "superuser"]
LEVEL = {"none": 0, "viewer": 1, "analyst": 2, "reviewer": 3, "admin": 4, "superuser": 4}
LOGIN = "login"  # a redirect to the log-in page
ADMIN_LOGIN = "admin login"
ALL_METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"]


def _join(prefix: str, pattern) -> str:
    # As Django joins the routes of nested patterns (ResolverMatch.route).
    part = str(pattern)
    return prefix + part.removeprefix("^") if prefix else part


def served_routes(patterns=None, prefix: str = "") -> list[str]:
    """Every route of the URL configuration, nested includes walked."""
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            routes += served_routes(pattern.url_patterns, _join(prefix, pattern.pattern))
        elif isinstance(pattern, URLPattern):
            routes.append(_join(prefix, pattern.pattern))
    return routes


# Expectations per identity ---------------------------------------------------------------


def page(minimum: str, ok: int = 200) -> dict:
    """An HTML page or form behind a role: anonymous to the log-in, too low a role 403."""
    return {"anonymous": LOGIN, **{who: ok if LEVEL[who] >= LEVEL[minimum] else 403 for who in IDENTITIES[1:]}}


def export(minimum: str = "viewer") -> dict:
    return page(minimum, 200)


def api(minimum: str, ok: int = 200) -> dict:
    """The API: anonymous 401 (with a token challenge), too low a role 403."""
    return {"anonymous": 401, **{who: ok if LEVEL[who] >= LEVEL[minimum] else 403 for who in IDENTITIES[1:]}}


def signed_in(ok: int) -> dict:
    """Anyone signed in, role or not (their own account and tokens)."""
    return {"anonymous": LOGIN, **{who: ok for who in IDENTITIES[1:]}}


def anyone(ok: int) -> dict:
    return dict.fromkeys(IDENTITIES, ok)


@dataclass
class Method:
    expect: dict
    body: Callable | None = None  # (scene, user) -> dict
    query: Callable | None = None  # (scene, user) -> dict


@dataclass
class Row:
    methods: dict[str, Method]
    kwargs: Callable = lambda scene, user: {}  # noqa: E731
    api: bool = False  # JSON bodies


@dataclass
class Scene:
    """Real objects for the URL arguments. The statements belong to another analyst, so an
    analyst's rights over *someone else's* statement are what is tried."""

    owner: object
    article: Article
    statement: Statement
    suggestion: Statement
    deleted_id: int
    actor: Actor
    other_actor: Actor
    merged_actor: Actor
    proposition: Proposition
    other_proposition: Proposition
    merged_proposition: Proposition
    users: dict = field(default_factory=dict)


def make_scene(make_user, django_user_model) -> Scene:
    owner = make_user("analyst", username="owner")
    project = default_project()
    ProjectMember.objects.create(project=project, user=owner, role=ProjectRole.ANALYST)
    article = ArticleFactory(title="Iran denies strikes")
    actor, other_actor = ActorFactory(name="John Kirby"), ActorFactory(name="Ali Shamkhani")
    proposition, other_proposition = PropositionFactory(), PropositionFactory()
    statement = StatementFactory(article=article, speaker=actor, proposition=proposition, annotator=owner)
    suggestion = StatementFactory(
        article=article,
        text="has never been involved",
        speaker=actor,
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.PENDING,
    )
    doomed = StatementFactory(article=article, text="have flown these missions", speaker=actor, annotator=owner)
    deleted_id = statement_delete(statement=doomed, version=doomed.version, user=owner)
    merged_actor = ActorFactory(name="J. Kirby")
    StatementFactory(article=article, text="Pentagon spokesperson", speaker=merged_actor, annotator=owner)
    actor_merge(source=merged_actor, target=actor, user=owner)
    merged_proposition = PropositionFactory()
    proposition_merge(source=merged_proposition, target=proposition, user=owner)
    users = {who: make_user(who, username=f"as-{who}") for who in ("viewer", "analyst", "reviewer", "admin")} | {
        "none": make_user(None, username="as-none"),
        "superuser": django_user_model.objects.create_superuser("as-superuser", "root@example.org", "pw"),
    }
    return Scene(
        owner=owner,
        article=article,
        statement=statement,
        suggestion=suggestion,
        deleted_id=deleted_id,
        actor=actor,
        other_actor=other_actor,
        merged_actor=Actor.objects.get(pk=merged_actor.pk),
        proposition=proposition,
        other_proposition=other_proposition,
        merged_proposition=Proposition.objects.get(pk=merged_proposition.pk),
        users=users,
    )


def _selection(article: Article, text: str) -> dict:
    start = article.body.index(text)
    return {"start": start, "end": start + len(text), "quote": text}


def _statement_form(s: Scene, u) -> dict:
    return {
        **_selection(s.article, "Iranian officials"),
        "stance": "claim",
        "speaker": str(s.actor.pk),
        "speaker_query": s.actor.name,
        "direct": "0",
    }


def _edit_form(s: Scene, u) -> dict:
    statement = s.statement
    return {
        "start": statement.start,
        "end": statement.end,
        "quote": statement.quote,
        "version": statement.version,
        "stance": statement.stance,
        "speaker": str(statement.speaker_id),
        "speaker_query": statement.speaker.name,
        "proposition": str(statement.proposition_id),
        "proposition_query": statement.proposition.text,
        "direct": "0",
        "note": "checked",
    }


def _own_token(s: Scene, u) -> dict:
    token, _ = token_create(user=u or s.owner, name="matrix")
    return {"token_id": token.pk}


def _others_job(kind: str, status: str, **fields):
    """A job of the scene's owner: someone else's, for every identity tried."""

    def make(s: Scene, u) -> dict:
        job = Job.objects.create(kind=kind, status=status, label="matrix", started_by=s.owner, **fields)
        if kind == JobKind.EXPORT:
            name = f"job-{job.pk}-matrix.csv"
            export_dir().mkdir(parents=True, exist_ok=True)
            (export_dir() / name).write_bytes(b"statement_id\r\n")
            Job.objects.filter(pk=job.pk).update(file=name, result={"filename": "statements.csv"})
        return {"pk": job.pk}

    return make


def _default_project(s: Scene, u) -> dict:
    """The default project, where site roles are project roles, with the scene's article
    assigned to two people (so a sample for double annotation can be drawn)."""
    project = Project.objects.get(is_default=True)
    ProjectArticle.objects.get_or_create(project=project, article=s.article)
    for who in (s.owner, s.users["analyst"]):
        Assignment.objects.get_or_create(project=project, article=s.article, assignee=who)
    return {"slug": project.slug}


def _double_article(s: Scene, u) -> dict:
    """The scene's article made double, with two annotators' versions of one statement."""
    project = Project.objects.get(is_default=True)
    ProjectArticle.objects.update_or_create(project=project, article=s.article, defaults={"double": True})
    s.versions = [
        StatementFactory(article=s.article, text="denied accusations", independent=True, annotator=who, stance=stance)
        for who, stance in ((s.owner, "claim"), (s.users["analyst"], "denial"))
    ]
    return {"article_id": s.article.pk}


def _adjudication(s: Scene, u) -> dict:
    first, second = s.versions
    return {"chosen": second.pk, "chosen_version": second.version, "row": f"{first.pk},{second.pk}", "row_index": 0}


def _api_routes(path: str, row: Row) -> dict[str, Row]:
    """A router path and its `.json` twin (DRF's format suffix)."""
    row.api = True
    suffixed = Row(methods=row.methods, kwargs=lambda s, u, k=row.kwargs: {**k(s, u), "format": "json"}, api=True)
    return {f"api/v1/{path}/$": row, f"api/v1/{path}\\.(?P<format>[a-z0-9]+)/?$": suffixed}


PK = "(?P<pk>[^/.]+)"


def EDITED(record) -> dict:  # noqa: N802
    """The `updated_at` a client would have read just now (an edit must name it)."""
    return {"updated_at": type(record).objects.get(pk=record.pk).updated_at.isoformat()}


EXPECTED: dict[str, Row] = {
    # Log-in and account
    # Django's form views answer PUT as they answer POST; PUT carries no form data, so the
    # form comes back with its errors and nothing changes.
    "accounts/login/": Row(
        {
            "GET": Method(anyone(200)),
            "POST": Method(anyone(200), body=lambda s, u: {}),
            "PUT": Method(anyone(200)),
        }
    ),
    "accounts/logout/": Row({"POST": Method(anyone(302))}),
    # The icon, for pages that name none (the admin's): a redirect to the static file.
    "favicon.ico": Row({"GET": Method(anyone(302))}),
    "accounts/password/": Row(
        {
            "GET": Method(signed_in(200)),
            "POST": Method(signed_in(200), body=lambda s, u: {}),
            "PUT": Method(signed_in(200)),
        }
    ),
    "accounts/password/done/": Row({"GET": Method(signed_in(200))}),
    "": Row({"GET": Method(signed_in(302))}),
    "profile/": Row({"GET": Method(signed_in(200))}),
    "profile/tokens/": Row({"POST": Method(signed_in(201), body=lambda s, u: {"name": "script"})}),
    "profile/tokens/<int:token_id>/revoke/": Row({"POST": Method(signed_in(302))}, kwargs=_own_token),
    # Reading
    "articles/": Row({"GET": Method(page("viewer"))}),
    "articles/<int:article_id>/": Row({"GET": Method(page("viewer"))}, lambda s, u: {"article_id": s.article.pk}),
    "propositions/": Row({"GET": Method(page("viewer"))}),
    "propositions/<int:pk>/": Row({"GET": Method(page("viewer"))}, lambda s, u: {"pk": s.proposition.pk}),
    "actors/": Row({"GET": Method(page("viewer"))}),
    "actors/<int:pk>/": Row({"GET": Method(page("viewer"))}, lambda s, u: {"pk": s.actor.pk}),
    "sources/": Row({"GET": Method(page("viewer"))}),
    "sources/<slug:slug>/": Row({"GET": Method(page("viewer"))}, lambda s, u: {"slug": s.article.source.slug}),
    "matrix/": Row({"GET": Method(page("viewer"))}),
    # History
    "articles/<int:pk>/history/": Row({"GET": Method(page("viewer"))}, lambda s, u: {"pk": s.article.pk}),
    "actors/<int:pk>/history/": Row({"GET": Method(page("viewer"))}, lambda s, u: {"pk": s.merged_actor.pk}),
    "propositions/<int:pk>/history/": Row(
        {"GET": Method(page("viewer"))}, lambda s, u: {"pk": s.merged_proposition.pk}
    ),
    "statements/<int:pk>/history/": Row({"GET": Method(page("viewer"))}, lambda s, u: {"pk": s.deleted_id}),
    "articles/<int:article_id>/deleted/": Row(
        {"GET": Method(page("viewer"))}, lambda s, u: {"article_id": s.article.pk}
    ),
    # Importing and annotating
    "articles/new/": Row(
        {
            "GET": Method(page("analyst")),
            "POST": Method(
                page("analyst", 302), body=lambda s, u: {"text": "A new text about jets over Iraq.", "action": "save"}
            ),
        }
    ),
    "articles/<int:pk>/status/": Row(
        {"POST": Method(page("analyst", 302), body=lambda s, u: {"status": "done"})},
        lambda s, u: {"pk": s.article.pk},
    ),
    "articles/<int:article_id>/statements/new": Row(
        {"GET": Method(page("analyst")), "POST": Method(page("analyst", 302), body=_statement_form)},
        lambda s, u: {"article_id": s.article.pk},
    ),
    "statements/<int:statement_id>/edit": Row(
        {"GET": Method(page("reviewer")), "POST": Method(page("reviewer", 302), body=_edit_form)},
        lambda s, u: {"statement_id": s.statement.pk},
    ),
    "statements/<int:statement_id>/delete": Row(
        {"POST": Method(page("reviewer", 302), body=lambda s, u: {"version": s.statement.version})},
        lambda s, u: {"statement_id": s.statement.pk},
    ),
    "statements/<int:statement_id>/restore": Row(
        {"POST": Method(page("reviewer", 302))}, lambda s, u: {"statement_id": s.deleted_id}
    ),
    "autocomplete/actors": Row({"GET": Method(page("analyst"))}),
    "autocomplete/propositions": Row({"GET": Method(page("analyst"))}),
    "articles/<int:article_id>/suggest": Row(
        {"POST": Method(page("analyst", 302))}, lambda s, u: {"article_id": s.article.pk}
    ),
    # Reviewing, merging
    "review/": Row({"GET": Method(page("reviewer"))}),
    "review/bulk": Row({"POST": Method(page("reviewer", 302))}),
    "review/undo": Row({"POST": Method(page("reviewer", 302))}),
    # How the suggestion ranking learns from reviews, and retraining it: reviewers only.
    "review/model/": Row({"GET": Method(page("reviewer"))}),
    "review/model/retrain": Row({"POST": Method(page("reviewer", 302))}),
    "statements/<int:statement_id>/accept": Row(
        {"POST": Method(page("reviewer", 302), body=lambda s, u: {"version": s.suggestion.version})},
        lambda s, u: {"statement_id": s.suggestion.pk},
    ),
    "statements/<int:statement_id>/reject": Row(
        {"POST": Method(page("reviewer", 302), body=lambda s, u: {"version": s.suggestion.version})},
        lambda s, u: {"statement_id": s.suggestion.pk},
    ),
    "articles/<int:article_id>/accept-all": Row(
        {"POST": Method(page("reviewer", 302))}, lambda s, u: {"article_id": s.article.pk}
    ),
    # Double annotation: agreement (the default project's, where site roles apply: a
    # viewer reads it, an admin manages it), and adjudication (reviewers).
    "projects/<slug:slug>/agreement/": Row({"GET": Method(page("viewer"))}, _default_project),
    "projects/<slug:slug>/agreement.csv": Row({"GET": Method(export("viewer"))}, _default_project),
    "projects/<slug:slug>/agreement/double": Row(
        {"POST": Method(page("admin", 302), body=lambda s, u: {"sample": "1"})}, _default_project
    ),
    "api/v1/projects/<slug:slug>/agreement/": Row({"GET": Method(api("viewer"))}, _default_project, api=True),
    "articles/<int:article_id>/adjudicate/": Row({"GET": Method(page("reviewer"))}, _double_article),
    "articles/<int:article_id>/adjudicate/decide": Row(
        {"POST": Method(page("reviewer", 302), body=_adjudication)}, _double_article
    ),
    "actors/<int:pk>/merge/": Row(
        {
            "GET": Method(page("reviewer")),
            "POST": Method(page("reviewer", 302), body=lambda s, u: {"target": s.other_actor.pk}),
        },
        lambda s, u: {"pk": s.actor.pk},
    ),
    "propositions/<int:pk>/merge/": Row(
        {
            "GET": Method(page("reviewer")),
            "POST": Method(page("reviewer", 302), body=lambda s, u: {"target": s.other_proposition.pk}),
        },
        lambda s, u: {"pk": s.proposition.pk},
    ),
    "actors/<int:pk>/unmerge/": Row({"POST": Method(page("reviewer", 302))}, lambda s, u: {"pk": s.merged_actor.pk}),
    "propositions/<int:pk>/unmerge/": Row(
        {"POST": Method(page("reviewer", 302))}, lambda s, u: {"pk": s.merged_proposition.pk}
    ),
    # Background jobs: everyone sees their own, reviewers everyone's (these are the owner's);
    # starting one needs the role of its kind (suggestions: analyst; an export: any role).
    "jobs/": Row({"GET": Method(page("viewer"))}),
    "jobs/suggest/": Row({"POST": Method(page("analyst", 302), body=lambda s, u: {"status": "new"})}),
    "jobs/export/": Row(
        {"POST": Method(page("viewer", 302), body=lambda s, u: {"resource": "statements", "fmt": "csv"})}
    ),
    "jobs/<int:pk>/": Row({"GET": Method(page("reviewer"))}, _others_job(JobKind.IMPORT, JobStatus.RUNNING)),
    "jobs/<int:pk>/retry/": Row(
        {"POST": Method(page("reviewer", 302))},
        _others_job(JobKind.IMPORT, JobStatus.FAILED, input_text='{"text": "Jets flew over Iraq, officials said."}'),
    ),
    "jobs/<int:pk>/stop/": Row({"POST": Method(page("reviewer", 302))}, _others_job(JobKind.IMPORT, JobStatus.RUNNING)),
    "jobs/<int:pk>/download/": Row(
        {"GET": Method(page("reviewer"))}, _others_job(JobKind.EXPORT, JobStatus.SUCCEEDED, input={"fmt": "csv"})
    ),
    # Projects. The scene's articles are the default project's, where a site role is the
    # project role (admin: manager); site admins create projects; managers run them.
    "projects/": Row({"GET": Method(page("viewer"))}),
    "projects/new/": Row(
        {"GET": Method(page("admin")), "POST": Method(page("admin", 302), body=lambda s, u: {"name": "Desk B"})}
    ),
    "projects/switch": Row({"POST": Method(page("viewer", 302), body=lambda s, u: {"project": ""})}),
    "projects/add-articles": Row(
        {"POST": Method(page("admin", 302), body=lambda s, u: {"to_project": "default", "article": [s.article.pk]})}
    ),
    "projects/<slug:slug>/": Row({"GET": Method(page("viewer"))}, lambda s, u: {"slug": "default"}),
    "projects/<slug:slug>/members": Row(
        {"POST": Method(page("admin", 302), body=lambda s, u: {"username": "owner", "role": "reviewer"})},
        lambda s, u: {"slug": "default"},
    ),
    "projects/<slug:slug>/members/<int:user_id>/remove": Row(
        {"POST": Method(page("admin", 302))}, lambda s, u: {"slug": "default", "user_id": s.owner.pk}
    ),
    "projects/<slug:slug>/assign": Row(
        {
            "POST": Method(
                page("admin", 302),
                body=lambda s, u: {"article": [s.article.pk], "assignee": [s.owner.pk], "mode": "split"},
            )
        },
        lambda s, u: {"slug": "default"},
    ),
    "projects/<slug:slug>/guidelines/": Row({"GET": Method(page("viewer"))}, lambda s, u: {"slug": "default"}),
    "projects/<slug:slug>/guidelines/edit": Row(
        {
            "GET": Method(page("admin")),
            "POST": Method(page("admin", 302), body=lambda s, u: {"guidelines": "# Mark every denial"}),
        },
        lambda s, u: {"slug": "default"},
    ),
    # My work: anyone with a role; marking done is the assignee's own (others are told so).
    "work/": Row({"GET": Method(page("viewer"))}),
    "work/next": Row({"GET": Method(page("viewer", 302))}),
    # Skipping is the assignee's own, as marking done is (others are told there is nothing to skip).
    "work/skip/<int:article_id>": Row({"POST": Method(page("viewer", 302))}, lambda s, u: {"article_id": s.article.pk}),
    "projects/<slug:slug>/articles/<int:article_id>/done": Row(
        {"POST": Method(page("viewer", 302), body=lambda s, u: {"done": "1"})},
        lambda s, u: {"slug": "default", "article_id": s.article.pk},
    ),
    # Exports: any role, signed in
    **{
        f"export/{resource}.{fmt}": Row({"GET": Method(export())})
        for resource in ("statements", "articles", "actors", "propositions", "sources")
        for fmt in ("csv", "jsonl")
    },
    "export/statements.jsonld": Row({"GET": Method(export())}),
    # The API and its description (the schema and its documentation are public)
    "api/schema/": Row({"GET": Method(anyone(200))}),
    "api/docs/": Row({"GET": Method(anyone(200))}),
    **_api_routes(
        "articles",
        Row(
            {
                "GET": Method(api("viewer")),
                "POST": Method(api("analyst", 201), body=lambda s, u: {"raw": "A brand new text about jets."}),
            }
        ),
    ),
    **_api_routes(
        f"articles/{PK}",
        Row(
            {
                "GET": Method(api("viewer")),
                "PATCH": Method(api("analyst"), body=lambda s, u: {"title": "Renamed", **EDITED(s.article)}),
            },
            lambda s, u: {"pk": s.article.pk},
        ),
    ),
    **_api_routes("sources", Row({"GET": Method(api("viewer"))})),
    **_api_routes("projects", Row({"GET": Method(api("viewer"))})),
    **_api_routes("projects/(?P<slug>[^/.]+)", Row({"GET": Method(api("viewer"))}, lambda s, u: {"slug": "default"})),
    **_api_routes(f"sources/{PK}", Row({"GET": Method(api("viewer"))}, lambda s, u: {"pk": s.article.source_id})),
    **_api_routes(
        "actors",
        Row({"GET": Method(api("viewer")), "POST": Method(api("analyst", 201), body=lambda s, u: {"name": "New One"})}),
    ),
    **_api_routes(
        f"actors/{PK}",
        Row(
            {
                "GET": Method(api("viewer")),
                "PATCH": Method(api("analyst"), body=lambda s, u: {"role": "spokesman", **EDITED(s.actor)}),
            },
            lambda s, u: {"pk": s.actor.pk},
        ),
    ),
    **_api_routes(
        f"actors/{PK}/unmerge",
        Row({"POST": Method(api("reviewer"))}, lambda s, u: {"pk": s.merged_actor.pk}),
    ),
    **_api_routes(
        f"actors/{PK}/merge",
        Row(
            {"POST": Method(api("reviewer"), body=lambda s, u: {"target": s.other_actor.pk})},
            lambda s, u: {"pk": s.actor.pk},
        ),
    ),
    **_api_routes(
        "propositions",
        Row(
            {
                "GET": Method(api("viewer")),
                "POST": Method(api("analyst", 201), body=lambda s, u: {"text": "Jets flew over Iraq."}),
            }
        ),
    ),
    **_api_routes(
        f"propositions/{PK}",
        Row(
            {
                "GET": Method(api("viewer")),
                "PATCH": Method(api("analyst"), body=lambda s, u: {"topics": ["iran"], **EDITED(s.proposition)}),
            },
            lambda s, u: {"pk": s.proposition.pk},
        ),
    ),
    **_api_routes(
        f"propositions/{PK}/unmerge",
        Row({"POST": Method(api("reviewer"))}, lambda s, u: {"pk": s.merged_proposition.pk}),
    ),
    **_api_routes(
        f"propositions/{PK}/merge",
        Row(
            {"POST": Method(api("reviewer"), body=lambda s, u: {"target": s.other_proposition.pk})},
            lambda s, u: {"pk": s.proposition.pk},
        ),
    ),
    **_api_routes(
        "statements",
        Row(
            {
                "GET": Method(api("viewer")),
                "POST": Method(
                    api("analyst", 201),
                    body=lambda s, u: {
                        "article": s.article.pk,
                        **_selection(s.article, "Iranian officials"),
                        "stance": "claim",
                        "speaker": s.actor.pk,
                    },
                ),
            }
        ),
    ),
    **_api_routes(
        f"statements/{PK}",
        Row(
            {
                "GET": Method(api("viewer")),
                "PATCH": Method(api("reviewer"), body=lambda s, u: {"version": s.statement.version, "note": "ok"}),
                "DELETE": Method(api("reviewer", 204), query=lambda s, u: {"version": s.statement.version}),
            },
            lambda s, u: {"pk": s.statement.pk},
        ),
    ),
}

# Django's admin site: its URLs follow the registered models; all are for staff only.
ADMIN_PREFIX = "admin/"


def admin_expectation(route: str, method: str) -> dict:
    if route == "admin/login/":
        # A signed-in staff member is sent on to the index; everyone else sees the form.
        return {**anyone(200), "superuser": 302 if method == "GET" else 200}
    if route == "admin/logout/":
        # Non-staff are sent to the index (which asks for a staff login) before the method is looked at.
        return {**anyone(302), "superuser": 405 if method == "GET" else 302}
    return {**dict.fromkeys(IDENTITIES, ADMIN_LOGIN), "superuser": "staff"}


def admin_kwargs(route: str, scene: Scene) -> dict:
    kwargs = {}
    parts = route.split("/")
    model = None
    if len(parts) > 3 and parts[2]:
        try:
            model = apps.get_model(parts[1], parts[2])
        except (LookupError, ValueError):
            model = None
    if "<path:object_id>" in route:
        if route.startswith("admin/r/"):
            kwargs["content_type_id"] = ContentType.objects.get_for_model(Actor).pk
            kwargs["object_id"] = scene.actor.pk
        else:
            instance = model._default_manager.order_by("pk").first()
            kwargs["object_id"] = instance.pk if instance is not None else 1
    if "/history/([^/]+)/" in route:
        # simple-history's page of one past version: positional (object id, history id).
        instance = model._default_manager.order_by("pk").first()
        history_id = model.history.filter(id=instance.pk).values_list("history_id", flat=True)[0]
        kwargs["args"] = [instance.pk, history_id]
    if "<id>" in route:
        kwargs["id"] = scene.owner.pk
    if "app_label" in route:
        kwargs["app_label"] = "annotator"
    if "(?P<url>" in route:
        kwargs["url"] = "no-such-page/"
    return kwargs


def build_url(route: str, kwargs: dict) -> str:
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
    positional = iter(kwargs.get("args", []))
    url = re.sub(r"\((?!\?)[^)]*\)", lambda m: str(next(positional)), url)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "")


def fingerprint() -> tuple:
    """Enough of the database to see that a refused request changed nothing."""
    return (
        Article.objects.count(),
        tuple(Article.objects.order_by("pk").values_list("status", "title", "updated_at")),
        tuple(Actor.objects.order_by("pk").values_list("merged_into", "role", "updated_at")),
        tuple(Proposition.objects.order_by("pk").values_list("merged_into", "topics", "updated_at")),
        Statement.objects.count(),
        Statement.objects.aggregate(total=Sum("version"))["total"],
        tuple(Statement.objects.order_by("pk").values_list("review_status", "speaker", "note")),
        ApiToken.objects.count(),
        Group.objects.count(),
        tuple(Job.objects.order_by("pk").values_list("status", "attempt")),
        tuple(Project.objects.order_by("pk").values_list("slug", "guidelines")),
        tuple(ProjectMember.objects.order_by("pk").values_list("user_id", "role")),
        ProjectArticle.objects.count(),
        tuple(Assignment.objects.order_by("pk").values_list("assignee_id", "done_at")),
    )


@pytest.fixture(autouse=True)
def _private_export_dir(settings, tmp_path):
    settings.ANNOTATOR_EXPORT_DIR = tmp_path / "exports"


def _cases():
    cases = []
    for route in sorted(set(served_routes())):
        if route.startswith(ADMIN_PREFIX):
            cases += [pytest.param(route, method, id=f"{method} /{route}") for method in ("GET", "POST")]
        elif route in EXPECTED:
            cases += [pytest.param(route, method, id=f"{method} /{route}") for method in ALL_METHODS]
    return cases


def _send(client, method: str, url: str, row: Row | None, spec: Method | None, scene, user):
    body = spec.body(scene, user) if spec and spec.body else {}
    if spec and spec.query:
        url += "?" + "&".join(f"{k}={v}" for k, v in spec.query(scene, user).items())
    if method == "GET":
        return client.get(url)
    if row is not None and row.api:
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    if method == "POST":
        return client.post(url, body)
    return client.generic(method, url, "")


def _check(response, expected, who: str, label: str) -> None:
    status = response.status_code
    where = f"{label} as {who}: got {status}"
    if expected == LOGIN:
        assert status == 302 and response.url.startswith("/accounts/login/"), where
    elif expected == ADMIN_LOGIN:
        assert status == 302 and response.url.startswith("/admin/login/"), where
    elif expected == "staff":
        # Inside, Django's own model permissions apply (no one adds login records by hand);
        # what matters here is that a superuser is let in and nothing fails.
        assert status < 500, where
        assert not (status == 302 and "/login/" in response.url), where
    else:
        assert status == expected, where


def test_every_served_url_has_an_expected_row():
    served = {route for route in served_routes() if not route.startswith(ADMIN_PREFIX)}
    missing = served - set(EXPECTED)
    stale = set(EXPECTED) - served
    assert not missing, f"URLs without a row in EXPECTED (say who may use them): {sorted(missing)}"
    assert not stale, f"Rows in EXPECTED for URLs no longer served: {sorted(stale)}"


def test_the_admin_site_is_in_the_url_configuration():
    # The admin rule above covers its URLs; make sure it is the admin site it covers.
    assert any(route.startswith(ADMIN_PREFIX) for route in served_routes())
    assert Statement in admin_site._registry


@pytest.mark.django_db
@pytest.mark.parametrize("route, method", _cases())
def test_permission(client, make_user, django_user_model, route, method):
    cache.clear()  # throttle counters
    scene = make_scene(make_user, django_user_model)
    row = EXPECTED.get(route)
    spec = row.methods.get(method) if row else None
    for who in IDENTITIES:
        user = scene.users.get(who)
        with transaction.atomic():
            client.logout()
            if user is not None:
                client.force_login(user)
            if route.startswith(ADMIN_PREFIX):
                kwargs, expected = admin_kwargs(route, scene), admin_expectation(route, method)[who]
            else:
                kwargs = row.kwargs(scene, user)
                expected = spec.expect[who] if spec else None
            url = build_url(route, kwargs)
            assert resolve(url.split("?")[0]).route == route, f"{url} does not reach {route}"
            before = fingerprint()
            response = _send(client, method, url, row, spec, scene, user)
            label = f"{method} {url}"
            if expected is None:
                # A method the URL does not serve: refused, whoever asks, and nothing changes.
                assert response.status_code in (302, 401, 403, 405), f"{label} as {who}: {response.status_code}"
                assert response.status_code != 302 or "/login/" in response.url, label
            else:
                _check(response, expected, who, label)
            refused = response.status_code in (401, 403, 405) or expected in (LOGIN, ADMIN_LOGIN)
            if refused:
                assert fingerprint() == before, f"{label} as {who} was refused but changed data"
            transaction.set_rollback(True)


def test_the_scene_fills_every_argument_of_every_route(make_user, django_user_model, db):
    """Guard for the table: each row's arguments really resolve to its own route."""
    scene = make_scene(make_user, django_user_model)
    for route, row in EXPECTED.items():
        url = build_url(route, row.kwargs(scene, scene.users["reviewer"]))
        assert resolve(url).route == route, (route, url)
    assert model_to_dict(scene.merged_actor)["merged_into"] == scene.actor.pk
