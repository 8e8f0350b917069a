"""Import from a URL: the page is fetched (safely: annotator.ingest.fetch), then goes
through the import like an uploaded page. The import page, the API and
`import_articles --url` all come through `article_fetch`, so an address is refused the
same way, with the same reason, everywhere."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from annotator.ingest import FetchError, FetchPolicy, fetch, parse_networks
from annotator.ingest.page import on_site, page_details, page_text, same_site
from annotator.models import Source
from annotator.text import extract_html

DEFAULTS = {
    "ANNOTATOR_FETCH_ALLOW_NETWORKS": "",
    "ANNOTATOR_FETCH_ALLOWED_PORTS": "80,443",
    "ANNOTATOR_FETCH_MAX_BYTES": 5 * 1024 * 1024,
    "ANNOTATOR_FETCH_TIMEOUT": 15.0,
    "ANNOTATOR_FETCH_MAX_REDIRECTS": 5,
}


@dataclass(frozen=True)
class FetchedArticle:
    """A fetched page, ready for `article_preview` / `article_import` (raw, fmt, url),
    with what it says about itself."""

    url: str
    raw: str
    fmt: str  # "html" or "text"
    title: str | None = None
    published_at: dt.date | dt.datetime | None = None
    author: str | None = None
    site_name: str | None = None
    source: Source | None = None  # the known outlet whose homepage is on the page's host

    @property
    def outlet(self) -> Source | str | None:
        """Who published it: the known outlet of that site, else the name the page gives."""
        return self.source or self.site_name

    @property
    def outlet_name(self) -> str:
        return self.source.name if self.source else self.site_name or ""


def fetch_policy() -> FetchPolicy:
    """The fetcher's limits, from the settings (ANNOTATOR_FETCH_*)."""

    def setting(name):
        return getattr(settings, name, DEFAULTS[name])

    ports = setting("ANNOTATOR_FETCH_ALLOWED_PORTS")
    if isinstance(ports, str):
        ports = ports.replace(",", " ").split()
    # An upload may be no larger: the preview sends the page back through the form.
    max_bytes = min(int(setting("ANNOTATOR_FETCH_MAX_BYTES")), int(settings.ANNOTATOR_MAX_UPLOAD_BYTES))
    try:
        networks = parse_networks(setting("ANNOTATOR_FETCH_ALLOW_NETWORKS"))
        ports = frozenset(int(port) for port in ports)
    except ValueError as error:
        raise ImproperlyConfigured(f"ANNOTATOR_FETCH_ALLOW_NETWORKS or _ALLOWED_PORTS: {error}") from None
    return FetchPolicy(
        allowed_ports=ports,
        allowed_networks=networks,
        max_bytes=max_bytes,
        timeout=float(setting("ANNOTATOR_FETCH_TIMEOUT")),
        max_redirects=int(setting("ANNOTATOR_FETCH_MAX_REDIRECTS")),
    )


def article_fetch(url: str) -> FetchedArticle:
    """The page at `url`, as text, with its details. ValidationError on "url" saying why
    when it cannot or may not be fetched. Nothing is stored."""
    try:
        page = fetch(url, fetch_policy())
    except FetchError as error:
        raise ValidationError({"url": str(error)}, code="fetch") from None
    raw = page_text(page)
    if not raw.strip():
        raise ValidationError({"url": "The page at that address is empty."}, code="fetch")
    address = page.final_url
    if page.content_type == "text/plain":
        return FetchedArticle(url=address, raw=raw, fmt="text", source=_known_source(address))
    # The same reading of the page as on import (which reads it again from `raw`): shown here
    # so the caller can say what was found before anything is stored.
    extracted = extract_html(raw)
    details = page_details(raw)
    # The page's own canonical address, when it is on the same site, drops the tracking
    # parameters and finds the article again when it is imported from another link.
    if extracted.url and same_site(extracted.url, address):
        address = extracted.url
    return FetchedArticle(
        url=address,
        raw=raw,
        fmt="html",
        title=extracted.title,
        published_at=extracted.published,
        author=details.author,
        site_name=details.site_name,
        source=_known_source(address),
    )


def _known_source(url: str) -> Source | None:
    """The outlet whose homepage is on this address's site (reuters.com for
    uk.reuters.com too). One query over the outlets that have a homepage: a few hundred."""
    for source in Source.objects.exclude(homepage="").order_by("name"):
        if on_site(url, source.homepage):
            return source
    return None
