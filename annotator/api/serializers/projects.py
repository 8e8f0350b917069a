from rest_framework import serializers

from annotator.models import Project, ProjectRole


class ProjectSerializer(serializers.ModelSerializer):
    my_role = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "slug", "name", "description", "guidelines", "is_default", "my_role", "created_at"]
        read_only_fields = fields

    def get_my_role(self, obj) -> str | None:
        """The caller's role in the project (viewer, analyst, reviewer or manager)."""
        from annotator.projects_access import project_role

        role = project_role(self.context["request"].user, obj)
        return ProjectRole(role).value if role else None
