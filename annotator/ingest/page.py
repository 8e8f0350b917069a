"""A fetched page as text, and what it says about itself beyond what the import reads.

The import pipeline (annotator.text.extract_html) already takes the title, the date and
the canonical address from the HTML; a fetched page also names its author and the
outlet that published it, which is read here."""

import codecs
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from annotator.text import decode_bytes

from .fetch import FetchedPage

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096


@dataclass(frozen=True)
class PageDetails:
    author: str | None = None
    site_name: str | None = None


def page_text(page: FetchedPage) -> str:
    """The page's text, in the encoding the server (or the page's <meta charset>) declares;
    undeclared or unknown, the upload's rules: UTF-8, else Windows-1252 byte by byte."""
    charset = page.charset
    if charset is None and page.content_type != "text/plain":
        found = _META_CHARSET.search(page.body[:_SNIFF_BYTES])
        charset = found.group(1).decode("ascii") if found else None
    if charset:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            codec = None
        # A declared UTF-8 (or nothing usable) goes through decode_bytes, which also
        # saves the pages that declare UTF-8 and mix in Windows-1252.
        if codec and codec not in ("utf-8", "ascii"):
            return page.body.decode(codec, errors="replace").replace("\x00", "").lstrip("\ufeff")
    return decode_bytes(page.body)


def page_details(html: str) -> PageDetails:
    """The author and the outlet's name as the page states them (meta tags, JSON-LD),
    None for what it does not state. The host name is not taken for an outlet's name."""
    if not html.strip():
        return PageDetails()
    import lxml.html
    from lxml import etree

    # Imported here for the same reason as in annotator.text.htmlpage: it is large.
    from trafilatura.metadata import extract_metadata

    try:
        tree = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1))
    except (etree.ParserError, ValueError):
        return PageDetails()
    document = extract_metadata(tree, extensive=False)
    site_name = _clean(document.sitename)
    hosts = {_host(document.url or ""), (document.hostname or "").removeprefix("www.")} - {""}
    if site_name and site_name.casefold().removeprefix("www.") in hosts:
        # trafilatura falls back on the host of the page's canonical address: not a name.
        site_name = None
    return PageDetails(author=_clean(document.author), site_name=site_name)


def same_site(first: str, second: str) -> bool:
    """Whether two addresses are on the same host, "www." aside."""
    return _host(first) == _host(second) != ""


def on_site(url: str, homepage: str) -> bool:
    """Whether `url` is on the site of `homepage`, or on one of its subdomains."""
    host, site = _host(url), _host(homepage)
    return site != "" and (host == site or host.endswith("." + site))


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.casefold().removeprefix("www.")


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value[:200] or None
