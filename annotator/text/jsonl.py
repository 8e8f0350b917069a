"""JSON Lines batches: one article a line, each checked on its own so one bad line
is reported by number and the rest still go in."""

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

from .htmlpage import parse_datetime

_STRING_FIELDS = ("title", "url", "source", "language")


@dataclass(frozen=True)
class JsonlRecord:
    line: int
    text: str | None = None
    html: str | None = None
    title: str = ""
    url: str | None = None
    source: str | None = None
    published_at: dt.date | dt.datetime | None = None
    language: str | None = None

    @property
    def fmt(self) -> str:
        """ "text" when the line gives clean text, else "html"."""
        return "text" if self.text else "html"

    @property
    def content(self) -> str:
        return self.text or self.html or ""


@dataclass(frozen=True)
class JsonlError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def parse_jsonl(text: str) -> Iterator[JsonlRecord | JsonlError]:
    """Each non-blank line of `text` as a record, or as an error saying what is wrong with it.
    A line holds an object with `text` or `html` (a string; `text` wins when both are
    given) and optionally `title`, `url`, `source`, `language` (strings) and `published_at`
    (an ISO 8601 date or date-time). Other keys are ignored."""
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if line.strip():
            yield _record(number, line)


def _record(number: int, line: str) -> JsonlRecord | JsonlError:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return JsonlError(number, f"invalid JSON: {error.msg} at column {error.colno}")
    except RecursionError:
        return JsonlError(number, "invalid JSON: nested too deeply")
    if not isinstance(data, dict):
        return JsonlError(number, f"not a JSON object but {_json_type(data)}")
    for key in ("text", "html", *_STRING_FIELDS):
        if data.get(key) is not None and not isinstance(data[key], str):
            return JsonlError(number, f'"{key}" must be a string, not {_json_type(data[key])}')
    content = {key: data.get(key) for key in ("text", "html") if (data.get(key) or "").strip()}
    if not content:
        return JsonlError(number, 'no article text: give "text" or "html"')
    url = _stripped(data.get("url"))
    if url is not None and not url.startswith(("http://", "https://")):
        return JsonlError(number, f'"url" must start with http:// or https://, got {url[:80]!r}')
    published = data.get("published_at")
    if published is not None:
        if not isinstance(published, str):
            return JsonlError(number, f'"published_at" must be an ISO date string, not {_json_type(published)}')
        published = parse_datetime(published) if published.strip() else None
        if published is None and data["published_at"].strip():
            return JsonlError(number, f'"published_at" is not an ISO 8601 date: {data["published_at"][:40]!r}')
    return JsonlRecord(
        line=number,
        text=content.get("text"),
        html=content.get("html"),
        title=_stripped(data.get("title")) or "",
        url=url,
        source=_stripped(data.get("source")),
        published_at=published,
        language=_stripped(data.get("language")),
    )


def _stripped(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.replace("\x00", "").split())
    return value or None


def _json_type(value) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    if isinstance(value, bool | dict | list | str) or value is None:
        return names[type(value)]
    return "a number"
