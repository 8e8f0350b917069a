from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from annotator.api.errors import LIST_ERRORS, OBJECT_ERRORS
from annotator.api.permissions import IsViewer
from annotator.api.serializers.sources import SourceSerializer
from annotator.selectors.resources import source_queryset

from .base import ApiViewSet


@extend_schema_view(
    list=extend_schema(summary="List sources", responses={200: SourceSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(summary="One source", responses={200: SourceSerializer, **OBJECT_ERRORS}),
)
class SourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """News outlets and agencies: they publish articles and relay statements. Read-only
    here; admins manage them in the admin site."""

    serializer_class = SourceSerializer
    ordering_fields = ["id", "name"]
    ordering = ["name"]
    permission_classes = [IsViewer]

    def get_queryset(self):
        return source_queryset()
