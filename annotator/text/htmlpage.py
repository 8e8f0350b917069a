"""Main text and metadata from a saved web page. Parsing only: nothing is ever fetched."""

import datetime as dt
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

# Elements whose text is never article text.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")
_BLOCKS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 article section header footer blockquote pre tr table ul ol figure "
    "figcaption dd dt main aside nav".split()
)
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    url: str | None = None
    author: str | None = None


def extract_html(html: str) -> Extracted:
    """The article in `html`: its main text (one paragraph a line), title, publication
    date, canonical URL and author when the page states them."""
    if not html or not html.strip():
        return Extracted(text="")
    # lxml refuses str input that declares a byte encoding; the text is decoded already.
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return Extracted(text="")
    # Imported here: trafilatura is 28 MB in every process that loads it, and most
    # processes (web workers serving pages, a worker suggesting) never read a web page.
    import trafilatura

    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"},
    )
    # trafilatura may rewrite the tree it was given; the fallbacks read a fresh one.
    fresh = lxml.html.document_fromstring(html)
    text = (getattr(document, "text", None) or "").strip() or _visible_text(fresh)
    title = _clean(getattr(document, "title", None)) or _meta_title(fresh)
    if title:
        text = _without_leading_title(text, title)
    url = _clean(getattr(document, "url", None)) or _canonical_url(fresh)
    return Extracted(
        text=text,
        title=title,
        published=_published(fresh, getattr(document, "date", None)),
        url=url,
        author=_clean(getattr(document, "author", None)) or _first(_meta(fresh, "author", "article:author")),
    )


def _first(values: list[str]) -> str | None:
    return next((_clean(value) for value in values if _clean(value)), None)


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _without_leading_title(text: str, title: str) -> str:
    # The page's headline is the title, stored apart; it is not the body's first paragraph.
    first, _, rest = text.partition("\n")
    if first.strip().casefold() == title.casefold():
        return rest.lstrip("\n")
    return text


def _visible_text(tree) -> str:
    """Every visible text node, a line per block element: used when trafilatura finds no main text."""
    for element in list(tree.iter(*_INVISIBLE, etree.Comment, etree.ProcessingInstruction)):
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            parts.append("\n")
        if isinstance(element.tag, str) and element.text:
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def _meta(tree, *names: str) -> list[str]:
    wanted = {name.lower() for name in names}
    values = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in wanted and meta.get("content"):
            values.append(meta.get("content").strip())
    return values


def _meta_title(tree) -> str | None:
    for value in _meta(tree, "og:title", "twitter:title"):
        if _clean(value):
            return _clean(value)
    found = tree.find(".//title")
    return _clean(found.text_content()) if found is not None else None


def _canonical_url(tree) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and (link.get("href") or "").startswith(
            ("http://", "https://")
        ):
            return link.get("href").strip()
    for value in _meta(tree, "og:url"):
        if value.startswith(("http://", "https://")):
            return value
    return None


def _published(tree, trafilatura_date) -> dt.date | dt.datetime | None:
    candidates = _meta(tree, *_PUBLISHED_META)
    candidates += [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    for value in candidates:
        parsed = parse_datetime(value)
        if parsed is not None:
            return parsed
    return parse_datetime(trafilatura_date) if isinstance(trafilatura_date, str) else None


def parse_datetime(value: str) -> dt.date | dt.datetime | None:
    """An ISO 8601 date or date-time, or None when `value` is not one."""
    value = value.strip()
    try:
        if len(value) == 10 and _DATE_ONLY.fullmatch(value):
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
