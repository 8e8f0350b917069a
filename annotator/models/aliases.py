"""Aliases: other spellings under which an outlet or an actor appears in text."""

from django.core.exceptions import ValidationError


def normalise_aliases(value) -> list[str]:
    """A clean, de-duplicated list of non-empty alias strings, order kept."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace("\r", "\n").replace(",", "\n").split("\n")
    if not isinstance(value, (list, tuple)):
        raise ValidationError("Aliases must be a list of names.")
    seen: set[str] = set()
    result: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ValidationError("Each alias must be text.")
        alias = " ".join(item.split())
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            result.append(alias)
    return result


def validate_aliases(value) -> None:
    normalise_aliases(value)
    for alias in value or []:
        if len(alias) > 200:
            raise ValidationError("An alias is at most 200 characters.")
