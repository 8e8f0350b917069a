from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from annotator.api.errors import WRITE_ERRORS
from annotator.api.permissions import IsReviewer, IsViewer
from annotator.api.serializers.actors import MergeSerializer


def merge_action(*, what: str, response_serializer, service):
    """A `POST {id}/merge/` action for reviewers: this object is a duplicate of `target`."""

    @extend_schema(
        summary=f"Merge this {what} into another",
        description=f"For reviewers. This {what} is a duplicate of `target`: its statements move to `target`, which "
        f"is returned. This {what} is kept, marked `merged_into`, so the merge can be undone.",
        request=MergeSerializer,
        responses={200: OpenApiResponse(response_serializer, description=f"The surviving {what}."), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsViewer, IsReviewer])
    def merge(self, request, pk=None, format=None):  # format: the router's `.json` suffix
        source = self.get_object()
        incoming = MergeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        target = self.get_queryset().filter(pk=incoming.validated_data["target"]).first()
        if target is None:
            raise ValidationError({"target": [f"There is no {what} {incoming.validated_data['target']}."]})
        service(source=source, target=target, user=request.user)
        return Response(response_serializer(self.get_queryset().get(pk=target.pk)).data)

    return merge
