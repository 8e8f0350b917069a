"""Values as spreadsheet cells: text, safe to open. No Django here."""

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and
# carriage return, as the start of one after its own trimming).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
KINDS = frozenset({"int", "text", "datetime", "bool"})

# Spreadsheets trim more than they show: LibreOffice with "trim spaces" ran ` =2+3` as a
# formula, and a quote, a zero-width space or a byte-order mark before the `=` hides it
# from a check of the first character only. A cell is a formula risk when its first
# character that is neither blank nor invisible is a trigger once NFKC-folded (the
# fullwidth ＝＋－＠, the small and superscript signs). The two tables are every such
# character in the Unicode of Python's `unicodedata` (a test recomputes them), as
# code-point ranges, so that the same pattern serves Python's `re` and PostgreSQL's
# regular expressions (`copy_out` neutralises inside the COPY query).
#
# Blank or invisible: whitespace (str.isspace), the double quote, and the categories Cf
# (format: U+200B–U+200D, U+2060, U+FEFF, bidi marks...) and Zs (space separators).
INVISIBLE_RANGES = (
    (0x9, 0xD), (0x1C, 0x20), (0x22, 0x22), (0x85, 0x85), (0xA0, 0xA0), (0xAD, 0xAD),
    (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891),
    (0x8E2, 0x8E2), (0x1680, 0x1680), (0x180E, 0x180E), (0x2000, 0x200F), (0x2028, 0x202F),
    (0x205F, 0x2064), (0x2066, 0x206F), (0x3000, 0x3000), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
# Characters whose NFKC form starts with = + - or @.
TRIGGER_RANGES = (
    (0x2B, 0x2B), (0x2D, 0x2D), (0x3D, 0x3D), (0x40, 0x40), (0x207A, 0x207A), (0x207C, 0x207C),
    (0x208A, 0x208A), (0x208C, 0x208C), (0x2A75, 0x2A76), (0xFB29, 0xFB29), (0xFE62, 0xFE63),
    (0xFE66, 0xFE66), (0xFE6B, 0xFE6B), (0xFF0B, 0xFF0B), (0xFF0D, 0xFF0D), (0xFF1D, 0xFF1D),
    (0xFF20, 0xFF20),
)  # fmt: skip


def is_invisible(character: str) -> bool:
    """The definition the INVISIBLE_RANGES table is computed from."""
    return character.isspace() or character == '"' or unicodedata.category(character) in ("Cf", "Zs")


def is_trigger(character: str) -> bool:
    """The definition the TRIGGER_RANGES table is computed from."""
    return unicodedata.normalize("NFKC", character)[:1] in ("=", "+", "-", "@")


def _character_class(ranges: Iterable[tuple[int, int]]) -> str:
    # \UXXXXXXXX means the same code point to Python's re and to PostgreSQL's AREs.
    return "[" + "".join(f"\\U{a:08x}" + (f"-\\U{b:08x}" if b != a else "") for a, b in ranges) + "]"


# A leading tab or carriage return, or a trigger after any number of invisible characters.
_LEADING = _character_class(((0x9, 0x9), (0xD, 0xD)))
FORMULA_PATTERN = f"^(?:{_LEADING}|{_character_class(INVISIBLE_RANGES)}*{_character_class(TRIGGER_RANGES)})"
_FORMULA = re.compile(FORMULA_PATTERN)
# The characters a risky cell can start with: a cheap test before the pattern's.
_RISKY_FIRST = frozenset(chr(c) for a, b in (*INVISIBLE_RANGES, *TRIGGER_RANGES) for c in range(a, b + 1))


def is_formula_risk(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula (see FORMULA_PATTERN)."""
    return bool(text) and text[0] in _RISKY_FIRST and _FORMULA.match(text) is not None


def neutralise(text: str) -> str:
    """Make a cell inert in Excel, LibreOffice and Google Sheets: a leading apostrophe
    marks it as text (OWASP's advice for CSV injection). The apostrophe is visible in
    the file; a reader stripping it gets the original value back."""
    return "'" + text if is_formula_risk(text) else text


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
            if value and value[0] in _RISKY_FIRST and _FORMULA.match(value) is not None:
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
