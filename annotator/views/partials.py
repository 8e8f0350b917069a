"""Full page or fragment: one template per page, its htmx swap targets are its partials."""

from django.http import HttpRequest
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """A real htmx request swaps a fragment; boosted navigation and history restores need the whole page."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def page_or_partial(request: HtmxHttpRequest, template: str, partial: str) -> str:
    return f"{template}#{partial}" if wants_fragment(request) else template


def navigate(request: HtmxHttpRequest, url: str):
    """After a write: a real redirect, or for htmx a full navigation (not a swap of the next page)."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
