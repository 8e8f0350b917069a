from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from annotator.api.errors import TranslateServiceErrors
from annotator.api.ordering import StrictOrderingFilter
from annotator.api.pagination import SmallPagination
from annotator.api.throttling import AnonymousThrottledFirst


class ApiViewSet(AnonymousThrottledFirst, TranslateServiceErrors, viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    pagination_class = SmallPagination
    # PUT would have to mean "replace every field"; PATCH says what it does.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def write_context(self):
        return {"request": self.request}
