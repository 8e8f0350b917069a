from base64 import b64decode
from datetime import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections, router
from django.utils import timezone
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

MAX_PAGE_SIZE = 200

INVALID_CURSOR = (
    "This cursor is not valid for this list (edited, truncated, or made for another ordering). "
    "Start again from the first page and follow `next`."
)


class KeysetPagination(CursorPagination):
    """Cursor pages for the big tables: a deep page costs what the first does, because
    the cursor is a position on an indexed key, not an OFFSET.

    The cursor comes from the client, so it is checked like any input: its position
    must be a value of the ordering's first field (DRF passes it to the query as it is,
    and a forged one raised a 500), and a bad cursor is a 400 naming `cursor` (DRF's
    is a 404, which reads as "the list is gone")."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        try:
            # DRF's decoding skips characters outside base64: "%%%" was the first page.
            if encoded is not None:
                b64decode(encoded.encode("ascii"), validate=True)
            cursor = super().decode_cursor(request)
        except (NotFound, ValueError):
            raise _invalid() from None
        if cursor is None or cursor.position is None:
            return cursor
        return cursor._replace(position=self._position(cursor.position))

    def _position(self, position: str):
        """The cursor's position as a value of the ordering's first field."""
        name = self.ordering[0].lstrip("-")
        try:
            field = self._model._meta.get_field(name)
        except FieldDoesNotExist:
            return position  # an annotation: DRF's own handling
        if "\x00" in position:
            raise _invalid()
        try:
            value = field.to_python(position)
            # Range checks (an id past the column's integers) and the like.
            field.run_validators(value)
            field.get_db_prep_value(field.get_prep_value(value), connection=_connection(self._model), prepared=False)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            raise _invalid() from None
        # DRF writes aware datetimes; a naive one was made by hand.
        if value is None or (isinstance(value, datetime) and settings.USE_TZ and timezone.is_naive(value)):
            raise _invalid()
        return value


def _connection(model):
    return connections[router.db_for_read(model)]


def _invalid() -> ValidationError:
    return ValidationError({"cursor": [INVALID_CURSOR]})


class SmallPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
