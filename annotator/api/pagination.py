from rest_framework.pagination import CursorPagination, PageNumberPagination

MAX_PAGE_SIZE = 200


class KeysetPagination(CursorPagination):
    """Cursor pages for the big tables: a deep page costs what the first does, because
    the cursor is a position on an indexed key, not an OFFSET."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class SmallPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
