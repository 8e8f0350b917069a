"""Errors as JSON the client can act on, and their shapes for the OpenAPI schema."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings

from annotator.services.locking import StaleEdit
from annotator.services.records import DuplicateRecord


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with the data as it is now."
    default_code = "conflict"


def validation_error_body(error: DjangoValidationError) -> dict[str, list[str]]:
    """Django's model errors keyed by field, with `__all__` under DRF's name for it."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
        for field, messages in error.message_dict.items()
    }


def translate(exc: Exception) -> Exception:
    """Turn the errors services raise into the API errors DRF renders."""
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(validation_error_body(exc))
    if isinstance(exc, StaleEdit):
        return Conflict(str(exc))
    if isinstance(exc, ObjectDoesNotExist):
        # Deleted between the permission check and the write.
        return exceptions.NotFound(str(exc))
    if isinstance(exc, IntegrityError):
        # Validation ran first; only a concurrent write can get here.
        return Conflict("Someone else saved conflicting data at the same moment; reload and try again.")
    return exc


def pop_read_at(changes: dict):
    """The `updated_at` a PATCH carries (the version the client read), out of the changes."""
    read_at = changes.pop("updated_at", None)
    if read_at is None:
        raise exceptions.ValidationError(
            {"updated_at": ["Send the `updated_at` you read, so that a change saved meanwhile is not overwritten."]}
        )
    return read_at


class TranslateServiceErrors:
    """Viewset mixin: service errors answer 400 / 409 instead of 500."""

    def handle_exception(self, exc):
        if isinstance(exc, DuplicateRecord):
            # The field, and the id (a number, not DRF's error strings) of the record to use
            # instead, or to merge into.
            body = {**validation_error_body(exc), "existing_id": exc.existing.pk}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(translate(exc))


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each key names a bad field (`non_field_errors` for the object as a whole); "
    "each value lists what is wrong with it.",
    "additionalProperties": {},
    "example": {"end": ["End must be after start."]},
}


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_REQUEST = OpenApiResponse(VALIDATION_ERROR_SCHEMA, description="Invalid input; every bad field is named.")
UNAUTHORIZED = error("No credentials, or an invalid or revoked token.")
FORBIDDEN = error("Your role does not allow this.")
NOT_FOUND = error("No such object.")
THROTTLED = error("Too many requests; retry after the number of seconds in the Retry-After header.")
CONFLICT = error("A concurrent write got there first; nothing was saved.")

READ_ERRORS = {401: UNAUTHORIZED, 403: FORBIDDEN, 429: THROTTLED}
LIST_ERRORS = {400: BAD_REQUEST, **READ_ERRORS}
OBJECT_ERRORS = {**READ_ERRORS, 404: NOT_FOUND}
WRITE_ERRORS = {400: BAD_REQUEST, **OBJECT_ERRORS}
