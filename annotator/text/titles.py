"""A title for an article that has none: the start of its text, shortened."""

import re

TITLE_LENGTH = 90
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?…])[\"”’'»)]*(?:\s|$)")


def headline_from_body(body: str, limit: int = TITLE_LENGTH) -> str:
    """The body's first sentence (of its first paragraph), cut at a word boundary with
    "…" when longer than `limit`; "" only for an empty body."""
    first = next((line.strip() for line in (body or "").splitlines() if line.strip()), "")
    first = " ".join(first.split())
    found = _FIRST_SENTENCE.match(first)
    sentence = found.group(1) if found and len(found.group(1)) >= 20 else first
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"
