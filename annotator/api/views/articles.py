from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from annotator.api.errors import CONFLICT, LIST_ERRORS, OBJECT_ERRORS, WRITE_ERRORS, pop_read_at, validation_error_body
from annotator.api.fast.articles import article_detail, article_list
from annotator.api.fast.routing import FastPaths
from annotator.api.pagination import KeysetPagination
from annotator.api.permissions import ViewOrAnnotate
from annotator.api.serializers.articles import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleDuplicateSerializer,
    ArticleSerializer,
    ArticleUpdateSerializer,
)
from annotator.filters import ArticleFilter, include_pending
from annotator.models import ProjectRole
from annotator.projects_access import can_read_article, has_project_role, visible_articles
from annotator.roles import can_annotate_article
from annotator.selectors.exports import ARTICLE_ORDERING
from annotator.selectors.resources import article_queryset
from annotator.services.articles import article_import, article_update
from annotator.services.fetching import article_fetch
from annotator.services.projects import project_articles_add

from .base import ApiViewSet

INPUT_NAMES = {"body": "raw", "fmt": "format"}
DUPLICATE = OpenApiResponse(
    ArticleDuplicateSerializer,
    description="The same text was imported before: nothing was stored, `duplicate_of` names the existing article.",
)


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description="Without their text (see one article for `body`). Cursor-paginated: follow `next`.",
        responses={200: ArticleSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One article, with its text",
        description="Statement offsets index into `body`, counting Unicode code points.",
        responses={200: ArticleDetailSerializer, **OBJECT_ERRORS},
    ),
    create=extend_schema(
        summary="Import an article",
        description="From plain text or an HTML page, cleaned as on import; or, given only `url`, from the page "
        "fetched from that address. The same text twice is a duplicate: 409, with the id of the article that has it.",
        request=ArticleCreateSerializer,
        responses={201: ArticleDetailSerializer, **WRITE_ERRORS, 409: DUPLICATE},
    ),
    partial_update=extend_schema(
        summary="Change an article",
        description="The `body` cannot change once the article has statements (400 naming `body`).",
        request=ArticleUpdateSerializer,
        responses={200: ArticleDetailSerializer, **WRITE_ERRORS, 409: CONFLICT},
    ),
)
class ArticleViewSet(FastPaths, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    # The list's pages and one article are answered by hand when they can be:
    # annotator/api/fast (same answers, tested against this view).
    fast_paths = {"list": article_list, "retrieve": article_detail}
    filterset_class = ArticleFilter
    pagination_class = KeysetPagination
    # The same orders as the export, so a page and a file agree.
    ordering_fields = list(ARTICLE_ORDERING.allowed)
    ordering = list(ARTICLE_ORDERING.default)
    permission_classes = [ViewOrAnnotate]

    def get_queryset(self):
        articles = article_queryset(
            with_text=self.action != "list", include_pending=include_pending(self.request.query_params)
        )
        return visible_articles(self.request.user, articles)

    def get_serializer_class(self):
        return ArticleSerializer if self.action == "list" else ArticleDetailSerializer

    def _read(self, pk, code=status.HTTP_200_OK):
        return Response(ArticleDetailSerializer(self.get_queryset().get(pk=pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        incoming = ArticleCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        project = data.pop("project", None)
        if project is not None and not has_project_role(request.user, project, ProjectRole.ANALYST):
            raise ValidationError({"project": ["You may import only into projects where you are an analyst."]})
        try:
            if not data.get("raw"):
                # Only an address: the page is fetched, and read as an uploaded page would be.
                fetched = article_fetch(data["url"])
                data.update(raw=fetched.raw, format=fetched.fmt, url=fetched.url)
                data["source"] = data.get("source") or fetched.outlet
            with transaction.atomic():
                outcome = article_import(
                    raw=data["raw"],
                    fmt=data["format"],
                    title=data.get("title", ""),
                    url=data.get("url") or None,
                    source=data.get("source"),
                    published_at=data.get("published_at"),
                    user=request.user,
                )
                if project is not None and outcome.created:
                    project_articles_add(
                        project=project, article_ids=[outcome.article.pk], user=request.user, imported=True
                    )
        except DjangoValidationError as error:
            # The service names the stored article's fields; the client sent `raw` and `format`.
            body = validation_error_body(error)
            raise ValidationError({INPUT_NAMES.get(name, name): messages for name, messages in body.items()}) from None
        if outcome.duplicate_of is not None and not can_read_article(request.user, outcome.duplicate_of.pk):
            # Another project's article: said to exist (nothing is stored twice), not shown.
            body = {
                "detail": "This text was imported before, in a project you do not read; nothing was stored.",
                "duplicate_of": outcome.duplicate_of.pk,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        if outcome.duplicate_of is not None:
            existing = article_queryset().get(pk=outcome.duplicate_of.pk)
            body = {
                "detail": "This text was imported before; nothing was stored.",
                "duplicate_of": existing.pk,
                "current": ArticleSerializer(existing).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return self._read(outcome.article.pk, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        article = self.get_object()
        if not can_annotate_article(request.user, article.pk):
            raise PermissionDenied("You need the analyst role in one of this article's projects.")
        incoming = ArticleUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        read_at = pop_read_at(changes)
        article_update(article=article, user=request.user, read_at=read_at, **changes)
        return self._read(article.pk)
