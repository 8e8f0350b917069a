"""Cursor pages for the fast reads, with the DRF view's own paginator doing the cursor work.

The position comes from the view's KeysetPagination (`decode_cursor`, with its checks),
and the `next` / `previous` links from its `get_next_link` / `get_previous_link`, fed the
page as `paginate_queryset` would have set it. Only forward cursors at offset 0 are read
here (every `next` link over a unique key is one); a `previous` link or a page size is
handed to the DRF view."""

from __future__ import annotations

from dataclasses import dataclass

from rest_framework.exceptions import APIException

ALLOWED_PARAMS = frozenset({"cursor"})


class _Params:
    """What a paginator reads from a request: its query parameters."""

    def __init__(self, request):
        self.query_params = request.GET


@dataclass
class Position:
    paginator: object
    value: object  # None: the first page


def position(request, view_class, model) -> Position | None:
    """Where the page starts, or None when the DRF view must answer (a bad cursor, a
    backwards one, a page size)."""
    paginator = view_class.pagination_class()
    paginator.ordering = tuple(view_class.ordering)
    paginator._model = model
    paginator.page_size = paginator.page_size  # the default: `page_size` is not ours
    try:
        cursor = paginator.decode_cursor(_Params(request))
    except (APIException, ValueError, TypeError):
        return None
    paginator.cursor = cursor
    if cursor is None:
        return Position(paginator, None)
    if cursor.reverse or cursor.offset != 0 or cursor.position is None:
        return None
    return Position(paginator, cursor.position)


def page_body(request, start: Position, items: list[dict]) -> dict:
    """The paginated answer for `items` (up to page_size + 1 of them, in order)."""
    paginator = start.paginator
    size = paginator.page_size
    page = items[:size]
    has_following = len(items) > size
    paginator.base_url = request.build_absolute_uri()
    paginator.page = page
    paginator.has_next = has_following
    paginator.has_previous = start.value is not None
    if has_following:
        paginator.next_position = paginator._get_position_from_instance(items[-1], paginator.ordering)
    if paginator.has_previous:
        paginator.previous_position = start.value
    return {"next": paginator.get_next_link(), "previous": paginator.get_previous_link(), "results": page}
