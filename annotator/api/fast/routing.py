"""How a viewset hands its hot requests to a fast path first.

`FastPaths` wraps the view the router builds for each route: a request whose action has
a fast path (`fast_paths = {"list": handler}`) is offered to the handler, which answers
it or returns None (DELEGATE); then the DRF view runs as before. The wrapper carries the
DRF view's attributes (`cls`, `actions`, `csrf_exempt`), so URL reversing and the OpenAPI
schema see the same viewset. `API_FAST_PATHS=0` turns every fast path off (the benchmark
compares both; tests compare their answers)."""

from django.conf import settings


class FastPaths:
    fast_paths: dict = {}

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        view = super().as_view(actions, **initkwargs)
        routed = (actions or {}).items()
        handlers = {method.upper(): cls.fast_paths[action] for method, action in routed if action in cls.fast_paths}
        if not handlers:
            return view
        allow = _allow_header(cls, actions, initkwargs)

        def fast_or_drf(request, *args, **kwargs):
            handler = handlers.get(request.method)
            # A format suffix (`/articles/1.json`) asks DRF's content negotiation: its answer.
            if handler is not None and settings.API_FAST_PATHS and "format" not in kwargs:
                response = handler(request, *args, allow=allow, **kwargs)
                if response is not None:
                    return response
            return view(request, *args, **kwargs)

        fast_or_drf.__dict__.update(view.__dict__)
        fast_or_drf.__name__ = view.__name__
        fast_or_drf.__doc__ = view.__doc__
        return fast_or_drf


def _allow_header(cls, actions: dict, initkwargs: dict) -> str:
    """The `Allow` header DRF sends for this route (APIView.allowed_methods)."""
    instance = cls(**initkwargs)
    for method, action in actions.items():
        setattr(instance, method, getattr(instance, action))
    if "get" in actions and "head" not in actions:
        instance.head = getattr(instance, actions["get"])
    return ", ".join(instance.allowed_methods)
