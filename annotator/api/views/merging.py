from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from annotator.api.errors import WRITE_ERRORS
from annotator.api.permissions import IsReviewer, IsViewer
from annotator.api.serializers.actors import MergeSerializer
from annotator.services.merging import MergeNotPermitted


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


def unmerge_action(*, what: str, response_serializer, service):
    """A `POST {id}/unmerge/` action for reviewers: undo the merge of this object into
    another, as the history page's button does. Refused (403, saying why) unless the
    reviewer reads every statement naming it or its target, as for the merge itself."""

    @extend_schema(
        summary=f"Undo the merge of this {what}",
        description=f"For reviewers. The statements the merge moved go back to this {what}, which is no longer "
        f"marked `merged_into` and is returned. 403 when statements you may not read name it or its target; "
        f"400 when it is not merged.",
        request=None,
        responses={
            200: OpenApiResponse(response_serializer, description=f"This {what}, separate again."),
            **WRITE_ERRORS,
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsViewer, IsReviewer])
    def unmerge(self, request, pk=None, format=None):  # format: the router's `.json` suffix
        record = self.get_object()
        if record.merged_into_id is None:
            raise ValidationError({"merged_into": [f"This {what} is not merged into another; nothing to undo."]})
        try:
            service(**{what: record}, user=request.user)
        except MergeNotPermitted as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        return Response(response_serializer(self.get_queryset().get(pk=record.pk)).data)

    return unmerge
