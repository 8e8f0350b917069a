"""What a search box's text becomes before it reaches a query."""

# Longer than any name or proposition; a longer "term" is a paste, not a search.
MAX_TERM = 1000


def search_term(text: str | None) -> str:
    """`text` as a query term: whitespace collapsed, NUL characters dropped (no stored text
    holds one, and PostgreSQL refuses them in a query instead of matching nothing)."""
    return " ".join((text or "").replace("\x00", "").split())[:MAX_TERM]
