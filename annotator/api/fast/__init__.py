"""Hand-built answers for the API's hottest requests (issue 16), beside the DRF views.

The serializers stay the one definition of the shapes and of the OpenAPI schema; the
fast paths read them (shapes.py), use the views' own querysets, FilterSets, paginators,
permission and throttle classes (gate.py, pages.py), compile each query once and run it
prepared, and hand anything but the plain case to the DRF view (routing.py). Which rows
a caller may see is decided in one place, visibility.py."""
