"""Lines that say who wrote an article, when, and for whom: bylines, date lines, wire
credits, source lines. Each is recognised by its shape and read into metadata, so the
cleaner can drop the line from the body and still keep what it told."""

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlparse

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?"
_ORDINAL = r"(?:st|nd|rd|th)"
_DATE_PATTERNS = (
    # October 23, 2017 · Nov 13, 2015 · March 2, 2020
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}){_ORDINAL}?,?\s+(\d{{4}})\b", re.I), ("month", "day", "year")),
    # 24th October 2017 · 12 of November 2015 · 19 august 2001
    (
        re.compile(rf"\b(\d{{1,2}}){_ORDINAL}?(?:\s+of)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I),
        ("day", "month", "year"),
    ),
    # 2015-01-22
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("year", "month", "day")),
    # 14.11.2015 (day first, as written outside the United States)
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), ("day", "month", "year")),
)
# What a date line is made of besides its date: times, weekdays, labels, relative ages.
_DATE_FILLER = re.compile(
    rf"\b(?:{_MONTH}|{_WEEKDAY})\b\.?|\b\d{{1,4}}{_ORDINAL}?\b|\b\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?"
    r"|\b[ap]\.?m\b\.?|\b(?:gmt|utc|edt|est|bst|cet|cest|ist|aest|aedt|pst|pdt|wat|eat|sast|pkt|ict|hkt|jst)\b"
    r"|\b(?:updated|published|posted|last|modified|date|on|at|of|the|a|an|ago|just|now|today|yesterday|"
    r"hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|months?|years?|in|with)\b",
    re.I,
)
_DATE_EVIDENCE = re.compile(
    rf"\b{_MONTH}\b\.?\s*\d|\d\s*{_ORDINAL}?(?:\s+of)?\s+{_MONTH}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b"
    r"|\bago\b|\b\d{1,2}:\d{2}\b",
    re.I,
)
_GLUED_LABEL = re.compile(r"\b(Published|Updated|Posted)(?=[A-Z0-9])")
_LEFTOVER = re.compile(r"[^\W\d_][\w'’.-]*")

# A name as bylines write it: capitalised words, initials, a few lower-case particles.
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]\.)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|da|del|van|von|der|al|el|bin|ibn|le|la|di|du|dos))" + "{0,4}"
_AGENCY = re.compile(
    r"^(?:Reuters|AFP|AP|Associated Press|Agence France-Presse|Bloomberg|Xinhua|TASS|RIA Novosti|Anadolu(?: Agency)?|"
    r"AA|Bernama|PTI|IANS|ANI|NAN|PANA|EFE|dpa|ANSA|Kyodo|Yonhap|IRNA|WAFA|SPA|Sputnik|UPI|CNA|APP|KUNA|"
    r"MENA|Fars|Tasnim|Interfax)$",
    re.I,
)
_BY = re.compile(rf"^(?:by|BY|By)[:\s]+(?P<name>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)(?P<rest>.*)$")
_HANDLE = re.compile(rf"^(?P<name>{_NAME})\s*\(@\w+\)(?P<rest>.*)$")
_STAFF = re.compile(r"^(?P<outlet>[\w .&-]{2,40}?)\s+Staff(?:\s+(?:Reporter|Writer|Correspondent))?$")
_AGENCY_PLACE = re.compile(r"^(?P<agency>[\w .-]{2,30}),\s*(?P<place>[A-Z][\w .'-]{1,30})$")
_CREDIT_VERB = (
    r"(?:reporting|reported|writing|written|editing|edited|compiled|translated|translation|produced|photos?|"
    r"reportagem|redação|tradução|edição|texto|reportaje|redacción|rédaction|reportage|bericht|redaktion|"
    r"additional reporting)"
)
_WIRE_CREDIT = re.compile(rf"^[(\[]*\s*{_CREDIT_VERB}\s+(?:by|de|por|von|par|:)\b", re.I)
_WIRE_NAME = re.compile(
    rf"\b(?i:reporting|written|writing|reportagem|reportaje|reportage)\s+(?i:by|de|por|par|von)\s+(?P<name>{_NAME})"
)
_DESK_CODE = re.compile(r"^\(\(.*\)\)")
_ISSUED = re.compile(rf"^(?i:issued|released|signed|statement issued)\s+(?i:by)\s+(?P<name>{_NAME})")
_WRITTEN = re.compile(
    rf"^\W*(?i:(?:this|the) (?:article|story|report|post) (?:was )?(?:written|reported|compiled|edited|prepared) by) "
    rf"(?P<name>{_NAME})"
)
_SOURCE = re.compile(r"^(?:source|sources|via|culled from|credit)\s*:\s*(?P<outlet>\S.{0,80})$", re.I)
_OUTLET_TAG = re.compile(r"^\(\s*(?P<outlet>[A-Za-z][\w.&-]{1,20}(?:\s*/\s*[A-Za-z][\w.&-]{1,20})?)\s*\)$")

DATE_LINE = "date line"
BYLINE = "byline"
CREDIT = "credit line"
SOURCE = "source line"


@dataclass(frozen=True)
class Meta:
    """What a metadata line told: its kind (the reason it leaves the body) and values."""

    kind: str
    author: str = ""
    published: dt.date | None = None
    outlet: str = ""

    def describe(self) -> str:
        told = [
            f"{label}: {value}"
            for label, value in (("author", self.author), ("date", self.published), ("outlet", self.outlet))
            if value
        ]
        return f"{self.kind} ({'; '.join(told)})" if told else self.kind


def find_date(text: str) -> dt.date | None:
    """The first full date (day, month and year) written in `text`."""
    best = None
    for pattern, order in _DATE_PATTERNS:
        for found in pattern.finditer(text):
            parts = dict(zip(order, found.groups(), strict=True))
            month = parts["month"]
            month = _MONTHS.get(month[:3].lower()) if not month.isdigit() else int(month)
            try:
                value = dt.date(int(parts["year"]), month, int(parts["day"]))
            except (TypeError, ValueError):
                continue
            if best is None or found.start() < best[0]:
                best = (found.start(), value)
            break
    return best[1] if best else None


def date_line(paragraph: str) -> Meta | None:
    """A line that is a date and nothing else ("October 23, 2017 / 10:18 PM / a day ago",
    "— 24th October 2017", "Updated: 2015-01-22 10:01", "2 hours ago")."""
    if len(paragraph) > 90:
        return None
    text = _GLUED_LABEL.sub(r"\1 ", paragraph)
    if not _DATE_EVIDENCE.search(text):
        return None
    leftover = _LEFTOVER.findall(_DATE_FILLER.sub(" ", text))
    # At most a place or an agency beside the date ("[ RT ]", "Nicosia"); words of a sentence are more.
    if len(leftover) > 2 or any(len(word) > 12 or word[0].islower() for word in leftover):
        return None
    return Meta(DATE_LINE, published=find_date(text))


def byline(paragraph: str) -> Meta | None:
    """ "By Jane Doe", "BY Jane Doe on March 3, 2015", "Jane Doe (@jdoe) 1 day ago …",
    "Reuters Staff", "AFP, Sydney", "By Reuters"."""
    if len(paragraph) > 140 or len(paragraph.split()) > 18:
        return None
    found = _BY.match(paragraph) or _HANDLE.match(paragraph)
    if found:
        rest = found.group("rest").strip(" ,|-–—")
        if rest and not _byline_rest(rest):
            return None
        name = found.group("name").strip()
        published = find_date(rest) if rest else None
        if _AGENCY.match(name):
            return Meta(BYLINE, outlet=name, published=published)
        return Meta(BYLINE, author=name, published=published)
    found = _STAFF.match(paragraph)
    if found and len(paragraph.split()) <= 5:
        return Meta(BYLINE, outlet=found.group("outlet").strip())
    found = _AGENCY_PLACE.match(paragraph)
    if found and _AGENCY.match(found.group("agency").strip()):
        return Meta(BYLINE, outlet=found.group("agency").strip())
    return None


def _byline_rest(rest: str) -> bool:
    # What may follow the name: a date, a role, an outlet — never a sentence.
    if date_line(rest) is not None:
        return True
    if re.match(r"^(?:on|in|for|at|from|and)\b", rest, re.I) and len(rest.split()) <= 10:
        return True
    return len(rest.split()) <= 6 and not re.search(r"[.!?]\s", rest) and not rest.endswith(".")


def credit(paragraph: str) -> Meta | None:
    """Wire and desk credits, issuers and sources: "(Reporting by …; Editing by …)",
    "Issued by …", "*This article was written by …", "Source: Legit.ng", "(Reuters)"."""
    words = len(paragraph.split())
    if words > 45:
        return None
    if _WIRE_CREDIT.match(paragraph) or _DESK_CODE.match(paragraph):
        found = _WIRE_NAME.search(paragraph)
        return Meta(CREDIT, author=_clean_name(found.group("name")) if found else "")
    found = _ISSUED.match(paragraph) or _WRITTEN.match(paragraph)
    if found:
        return Meta(CREDIT, author=_clean_name(found.group("name")), published=find_date(paragraph))
    found = _SOURCE.match(paragraph)
    if found and words <= 8:
        return Meta(SOURCE, outlet=_outlet_name(found.group("outlet")))
    return outlet_tag(paragraph)


def may_be_metadata(paragraph: str, lowered: str) -> bool:
    """False only when `outlet_tag`, `date_line`, `byline` and `credit` all return None:
    an outlet tag opens a parenthesis, a date line has a digit or says "ago", and the
    byline and credit rules are anchored at the start, cheap enough to run as they are."""
    if paragraph.startswith("("):
        return True
    if len(paragraph) <= 90 and (_DIGIT.search(paragraph) is not None or "ago" in lowered):
        return True
    # What byline's patterns need: "By" first, a handle, "Staff", or a comma near the start.
    if (
        len(paragraph) <= 140
        and (
            paragraph.startswith(("by", "BY", "By"))
            or "(@" in paragraph
            or "Staff" in paragraph
            or "," in paragraph[:32]
        )
        and byline(paragraph) is not None
    ):
        return True
    return _CREDIT_START.match(paragraph) is not None and credit(paragraph) is not None


_DIGIT = re.compile(r"\d")


def _anchored_union(*patterns: re.Pattern) -> re.Pattern:
    """One pattern that matches at the start where any of `patterns` does (all are
    anchored there), each with its own case rule: one call instead of one each."""
    parts = []
    for pattern in patterns:
        source = re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)
        parts.append(f"(?i:{source})" if pattern.flags & re.IGNORECASE else f"(?:{source})")
    return re.compile("|".join(parts))


# What credit() needs besides an opening parenthesis (which may_be_metadata takes first).
_CREDIT_START = _anchored_union(_WIRE_CREDIT, _DESK_CODE, _ISSUED, _WRITTEN, _SOURCE)


def outlet_tag(paragraph: str) -> Meta | None:
    """ "(Reuters)", "(AFP/Xinhua)" standing alone: the wire that carried the text."""
    found = _OUTLET_TAG.match(paragraph)
    if found and "photo" not in paragraph.casefold():
        return Meta(SOURCE, outlet=found.group("outlet").split("/")[0].strip())
    return None


def wire_author(paragraph: str) -> str:
    """The reporter a credit at the end of a paragraph names: "… (Reporting by Jane Doe)"."""
    found = _WIRE_NAME.search(paragraph)
    return _clean_name(found.group("name")) if found else ""


def may_name_wire_author(text: str) -> bool:
    """False only when `wire_author` finds no reporter in `text` or any part of it: each
    of its verbs holds "reporting", "reportag" or "writ", in any case (the dotted and
    dotless i are the only other characters its case-insensitive match takes for one of
    those letters). Three scans of a page cost less than the pattern's search of each
    paragraph."""
    lowered = text.lower()
    return (
        "reporting" in lowered
        or "reportag" in lowered
        or "writ" in lowered
        or (not text.isascii() and ("\u0130" in text or "\u0131" in text))
    )


def _clean_name(name: str) -> str:
    return name.strip().rstrip(",;.")


def _outlet_name(value: str) -> str:
    value = value.strip().rstrip(".")
    if value.startswith(("http://", "https://", "www.")):
        host = urlparse(value if "://" in value else f"https://{value}").hostname or value
        return host.removeprefix("www.")
    return value
