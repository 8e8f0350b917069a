from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from annotator.api.errors import LIST_ERRORS, OBJECT_ERRORS, WRITE_ERRORS
from annotator.api.fast.create import statement_create_fast
from annotator.api.fast.routing import FastPaths
from annotator.api.fast.statements import statements_of_article
from annotator.api.pagination import KeysetPagination
from annotator.api.permissions import (
    CanDeleteStatement,
    CanEditStatement,
    CanSetReviewStatus,
    IsAnalyst,
    IsViewer,
    ReadOnly,
)
from annotator.api.serializers.statements import (
    StatementConflictSerializer,
    StatementCreateSerializer,
    StatementSerializer,
    StatementUpdateSerializer,
)
from annotator.db import prepared
from annotator.filters import StatementFilter
from annotator.projects_access import can_read_article, scope_of, visible_statements
from annotator.roles import can_annotate_article
from annotator.selectors.exports import STATEMENT_ORDERING
from annotator.selectors.resources import statement_queryset
from annotator.services.statements import StatementConflict, statement_create, statement_delete, statement_update

from .base import ApiViewSet

CONFLICT = OpenApiResponse(
    StatementConflictSerializer, description="Someone saved the statement since you read it; nothing was changed."
)
VERSION_PARAMETER = OpenApiParameter(
    "version", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True, description="The version you read."
)


def _fewer_joins(statements):
    """The list for a reader of some projects: the speaker, proposition, relaying outlet
    and annotator come in four lookups by key instead of joins. With the projects'
    condition (a semi-join) the six joins made one join problem that PostgreSQL took
    41-67 ms to plan at a million statements, and 1.6-8 ms to run; the same joins
    without the condition plan in 0.3 ms. Four more queries, whatever the page's size."""
    return (
        statements.select_related(None)
        .select_related("article", "article__source")
        .prefetch_related("speaker", "proposition", "via", "annotator")
    )


class _VersionQuery(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


@extend_schema_view(
    list=extend_schema(
        summary="List statements",
        description="Filtered with the same parameters as the browse pages and `/export/statements.csv`. "
        "Accepted statements only, unless `include_pending=true` (pending suggestions too) or `review_status` "
        "asks otherwise: a suggestion is not a fact until a reviewer accepts it. Cursor-paginated: follow `next`.",
        responses={200: StatementSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="One statement", responses={200: StatementSerializer, **OBJECT_ERRORS}),
    create=extend_schema(
        summary="Create a statement",
        description="Validated as in the reader: 0 <= start < end <= len(body), and `quote` (optional) must equal "
        "the article text at those offsets. Offsets count Unicode code points.",
        request=StatementCreateSerializer,
        responses={201: StatementSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a statement",
        description="Send `version` as you read it. If someone saved in between, the answer is 409 with the "
        "statement as it is now, and nothing is overwritten.",
        request=StatementUpdateSerializer,
        responses={200: StatementSerializer, **WRITE_ERRORS, 409: CONFLICT},
    ),
    destroy=extend_schema(
        summary="Delete a statement",
        description="It stays in the history and can be restored.",
        parameters=[VERSION_PARAMETER],
        responses={204: None, **WRITE_ERRORS, 409: CONFLICT},
    ),
)
class StatementViewSet(FastPaths, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    # The statements of one article, and a create, are answered by hand when they can be:
    # annotator/api/fast (same answers, tested against this view).
    fast_paths = {"list": statements_of_article, "create": statement_create_fast}
    serializer_class = StatementSerializer
    filterset_class = StatementFilter
    pagination_class = KeysetPagination
    # The same orders as the export, so a page and a file agree.
    ordering_fields = list(STATEMENT_ORDERING.allowed)
    ordering = list(STATEMENT_ORDERING.default)
    permission_classes = [IsViewer, ReadOnly | IsAnalyst, CanEditStatement, CanDeleteStatement, CanSetReviewStatus]

    def get_queryset(self):
        # The projects the user reads; the filters then choose the canonical set or independent versions.
        statements = visible_statements(self.request.user, statement_queryset())
        if self.action == "list":
            return statements if scope_of(self.request.user).everything else _fewer_joins(statements)
        # One statement by its id: another annotator's independent version is not there.
        return statements.visible_to(self.request.user)

    def filter_queryset(self, queryset):
        # The filters (and their default, accepted statements only) narrow the list; one
        # statement named by its id is found whatever its review state: a reviewer
        # accepts a pending suggestion by its id.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _read(self, pk, code=status.HTTP_200_OK):
        return Response(StatementSerializer(get_object_or_404(self.get_queryset(), pk=pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        incoming = StatementCreateSerializer(data=request.data, context={"request": request})
        # Lookups by key and inserts, the same every time: see annotator.db.prepared.
        with prepared():
            incoming.is_valid(raise_exception=True)
            article = incoming.validated_data["article"]
            if not can_read_article(request.user, article.pk):
                raise ValidationError({"article": [f'Invalid pk "{article.pk}" - object does not exist.']})
            if not can_annotate_article(request.user, article.pk):
                raise PermissionDenied("You need the analyst role in one of this article's projects.")
            statement = statement_create(**incoming.validated_data, annotator=request.user)
        # Every related object was loaded to validate the request: no need to read it back.
        return Response(StatementSerializer(statement).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        statement = self.get_object()
        incoming = StatementUpdateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        version = changes.pop("version")
        statement_update(statement=statement.pk, version=version, user=request.user, **changes)
        return self._read(statement.pk)

    def destroy(self, request, *args, **kwargs):
        statement = self.get_object()
        query = _VersionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        statement_delete(statement=statement.pk, version=query.validated_data["version"], user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def handle_exception(self, exc):
        if isinstance(exc, StatementConflict):
            body = {"detail": str(exc), "current": StatementSerializer(exc.current).data}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)
