"""Values as spreadsheet cells: text, safe to open. No Django here."""

from collections.abc import Callable
from datetime import date, datetime

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and
# carriage return, as the start of one after its own trimming).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER_CHARACTERS = frozenset(FORMULA_TRIGGERS)
KINDS = frozenset({"int", "text", "datetime", "bool"})


def neutralise(text: str) -> str:
    """Make a cell inert in Excel, LibreOffice and Google Sheets: a leading apostrophe
    marks it as text (OWASP's advice for CSV injection). The apostrophe is visible in
    the file; a reader stripping it gets the original value back."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def as_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def as_json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row_converter(kinds: tuple[str, ...]) -> Callable[[tuple], list]:
    """A function making a row whose columns hold `kinds` into CSV cells, with the same
    result as `as_cell` on every value (the CSV writer writes None as empty and numbers
    as `str` does). It touches only the columns that need it: calling `as_cell` for each
    of 25 million values was most of a million-row export's time."""
    unknown = set(kinds) - KINDS
    if unknown:
        raise ValueError(f"Unknown column kinds: {', '.join(sorted(unknown))}")
    texts = [i for i, kind in enumerate(kinds) if kind == "text"]
    dates = [i for i, kind in enumerate(kinds) if kind == "datetime"]
    flags = [i for i, kind in enumerate(kinds) if kind == "bool"]

    def convert(row: tuple) -> list:
        cells = list(row)
        for i in texts:
            value = cells[i]
            if value and value[0] in _TRIGGER_CHARACTERS:
                cells[i] = "'" + value
        for i in dates:
            value = cells[i]
            if value is not None:
                cells[i] = value.isoformat()
        for i in flags:
            value = cells[i]
            if value is not None:
                cells[i] = "true" if value else "false"
        return cells

    return convert
