from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from annotator.api.errors import LIST_ERRORS, OBJECT_ERRORS
from annotator.api.permissions import IsViewer
from annotator.api.serializers.projects import ProjectSerializer
from annotator.projects_access import visible_projects

from .base import ApiViewSet


@extend_schema_view(
    list=extend_schema(
        summary="List my projects",
        description="The projects you hold a role in (admins: all). Narrow any list or export to one with "
        "`project=<slug>`.",
        responses={200: ProjectSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="One project", responses={200: ProjectSerializer, **OBJECT_ERRORS}),
)
class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Projects group articles and have members with a role in each. Read-only here; the
    project pages manage members, articles and assignments."""

    serializer_class = ProjectSerializer
    lookup_field = "slug"
    ordering_fields = ["id", "name"]
    ordering = ["name"]
    permission_classes = [IsViewer]

    def get_queryset(self):
        return visible_projects(self.request.user)
