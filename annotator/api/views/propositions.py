from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response

from annotator.api.errors import CONFLICT, LIST_ERRORS, OBJECT_ERRORS, WRITE_ERRORS, pop_read_at
from annotator.api.permissions import ViewOrAnnotate
from annotator.api.serializers.propositions import (
    PropositionSerializer,
    PropositionUpdateSerializer,
    PropositionWriteSerializer,
)
from annotator.filters import PropositionFilter, include_pending
from annotator.projects_access import visible_propositions
from annotator.projects_counting import counting_within
from annotator.selectors.exports import PROPOSITION_ORDERING
from annotator.selectors.resources import proposition_queryset
from annotator.services.propositions import proposition_create, proposition_merge, proposition_update
from annotator.services.unmerge import proposition_unmerge

from .base import ApiViewSet
from .merging import merge_action, unmerge_action


@extend_schema_view(
    list=extend_schema(
        summary="List propositions",
        description="Each with its claimants and deniers summarised (speaker and number of statements).",
        responses={200: PropositionSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="One proposition", responses={200: PropositionSerializer, **OBJECT_ERRORS}),
    create=extend_schema(
        summary="Create a proposition",
        request=PropositionWriteSerializer,
        responses={201: PropositionSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a proposition",
        request=PropositionUpdateSerializer,
        responses={200: PropositionSerializer, **WRITE_ERRORS, 409: CONFLICT},
    ),
)
class PropositionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """What is claimed or denied, as one canonical sentence."""

    serializer_class = PropositionSerializer
    filterset_class = PropositionFilter
    # The same orders as the export, so a page and a file agree.
    ordering_fields = list(PROPOSITION_ORDERING.allowed)
    ordering = list(PROPOSITION_ORDERING.default)
    permission_classes = [ViewOrAnnotate]

    def get_queryset(self):
        return visible_propositions(self.request.user, proposition_queryset())

    def get_serializer_context(self):
        params = self.request.query_params
        return {
            **super().get_serializer_context(),
            "include_pending": include_pending(params),
            "within": counting_within(self.request.user, params),
        }

    def _read(self, pk, code=status.HTTP_200_OK):
        proposition = self.get_queryset().get(pk=pk)
        return Response(PropositionSerializer(proposition, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        incoming = PropositionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        proposition = proposition_create(**incoming.validated_data, user=request.user)
        return self._read(proposition.pk, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        proposition = self.get_object()
        incoming = PropositionUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        read_at = pop_read_at(changes)
        proposition_update(proposition=proposition, user=request.user, read_at=read_at, **changes)
        return self._read(proposition.pk)

    merge = merge_action(what="proposition", response_serializer=PropositionSerializer, service=proposition_merge)
    unmerge = unmerge_action(what="proposition", response_serializer=PropositionSerializer, service=proposition_unmerge)
