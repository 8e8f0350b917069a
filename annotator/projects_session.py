"""The current project, kept in the session by the nav's switcher, narrows every page.

A page read without `?project=` is read as if it carried the session's project: its
filters, its counts, its export links and its "prepare as a file" forms all build on
`request.GET`, so narrowing it there narrows them all at once, the same way a typed
`?project=` would. `?project=` with no value asks for all projects, this once. The API
is left alone: a script says what it wants in each request."""

SESSION_KEY = "annotator_project"
NOT_NARROWED = ("/api/", "/admin/", "/static/", "/accounts/")


class CurrentProjectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and "project" not in request.GET
            and not request.path.startswith(NOT_NARROWED)
        ):
            slug = getattr(request, "session", {}).get(SESSION_KEY, "")
            if slug:
                query = request.GET.copy()
                query["project"] = slug
                request.GET = query
        return self.get_response(request)
