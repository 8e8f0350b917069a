from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response

from annotator.api.errors import CONFLICT, LIST_ERRORS, OBJECT_ERRORS, WRITE_ERRORS, pop_read_at
from annotator.api.permissions import ViewOrAnnotate
from annotator.api.serializers.actors import ActorSerializer, ActorUpdateSerializer, ActorWriteSerializer
from annotator.filters import ActorFilter, include_pending
from annotator.projects_access import visible_actors
from annotator.projects_counting import counting_within
from annotator.selectors.exports import ACTOR_ORDERING
from annotator.selectors.resources import actor_queryset
from annotator.services.actors import actor_create, actor_merge, actor_update
from annotator.services.unmerge import actor_unmerge

from .base import ApiViewSet
from .merging import merge_action, unmerge_action


@extend_schema_view(
    list=extend_schema(summary="List actors", responses={200: ActorSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(summary="One actor", responses={200: ActorSerializer, **OBJECT_ERRORS}),
    create=extend_schema(
        summary="Create an actor", request=ActorWriteSerializer, responses={201: ActorSerializer, **WRITE_ERRORS}
    ),
    partial_update=extend_schema(
        summary="Change an actor",
        request=ActorUpdateSerializer,
        responses={200: ActorSerializer, **WRITE_ERRORS, 409: CONFLICT},
    ),
)
class ActorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Who speaks: people, organisations, government bodies, anonymous sources."""

    serializer_class = ActorSerializer
    filterset_class = ActorFilter
    # The same orders as the export, so a page and a file agree.
    ordering_fields = list(ACTOR_ORDERING.allowed)
    ordering = list(ACTOR_ORDERING.default)
    permission_classes = [ViewOrAnnotate]

    def get_queryset(self):
        params = self.request.query_params
        actors = actor_queryset(
            include_pending=include_pending(params), within=counting_within(self.request.user, params)
        )
        return visible_actors(self.request.user, actors)

    def create(self, request, *args, **kwargs):
        incoming = ActorWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actor = actor_create(**incoming.validated_data, user=request.user)
        return Response(ActorSerializer(self.get_queryset().get(pk=actor.pk)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        actor = self.get_object()
        incoming = ActorUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        read_at = pop_read_at(changes)
        actor_update(actor=actor, user=request.user, read_at=read_at, **changes)
        return Response(ActorSerializer(self.get_queryset().get(pk=actor.pk)).data)

    merge = merge_action(what="actor", response_serializer=ActorSerializer, service=actor_merge)
    unmerge = unmerge_action(what="actor", response_serializer=ActorSerializer, service=actor_unmerge)
