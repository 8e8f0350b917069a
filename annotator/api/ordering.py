from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    """DRF drops unknown ordering fields silently; a caller asking for an order it does
    not get deserves a 400 naming the fields it may use."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
        bad = [term for term in fields if term.removeprefix("-") not in valid]
        if bad:
            raise ValidationError(
                {"ordering": [f"Cannot order by {', '.join(bad)}; use one of {', '.join(sorted(valid))}."]}
            )
        return list(fields)

    def get_schema_operation_parameters(self, view):
        fields = [name for name, _ in self.get_valid_fields(view.get_queryset(), view, {})]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Order by one of {', '.join(fields)}; prefix with - for descending. "
                f"Default: {', '.join(view.ordering)}.",
                "schema": {"type": "string", "enum": [*fields, *(f"-{name}" for name in fields)]},
            }
        ]
