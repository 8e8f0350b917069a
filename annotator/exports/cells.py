"""Values as spreadsheet cells: text, safe to open. No Django here."""

from datetime import date, datetime

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and
# carriage return, as the start of one after its own trimming).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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
