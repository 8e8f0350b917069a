"""Mojibake repair with ftfy, applied only to the lines that can need it.

ftfy costs about a millisecond per few kilobytes; most lines of English news are plain
ASCII plus curly quotes and dashes, which no encoding accident produces on its own. Such
lines are left as they are, so a bulk import stays fast. Every other line goes through
ftfy exactly as `ftfy.fix_text` would treat it (ftfy works line by line too).
"""

import html
import re
import unicodedata

import ftfy
from ftfy import chardata, fixes

# Curly quotes are what analysts quote from: keep them as published. HTML entities are
# decoded here, not by ftfy, because ftfy decodes one level at a time and cleaning must
# give the same result when run again on its own output.
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False, explain=False)

# Characters that can be part of something ftfy would change: controls and C1 controls,
# the lead bytes of UTF-8 read as Latin-1/cp1252 (Â..ô), Latin Extended (cp1250 mojibake),
# Greek, Cyrillic and box drawing (cp437 / cp1251 mojibake), ligatures, full-width forms,
# surrogates, replacement characters, invisible formatting, HTML entities, terminal escapes.
_NEEDS_FTFY = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00c2-\u00f4\u0100-\u024f\u0370-\u04ff\u2500-\u259f"
    "\u206a-\u206f\u3000\ufb00-\ufb06\ufeff\uff00-\uffef\ud800-\udfff&]"
)


def fix_line(line: str, *, fast: bool = True) -> str:
    if _NEEDS_FTFY.search(line) is None and unicodedata.is_normalized("NFC", line):
        return line
    # As ftfy does: a line with "<" may be markup or code, where entities are meant literally.
    if "&" in line and "<" not in line:
        line = _unescape_fully(line)
    if fast and "\n" not in line and len(line) <= FTFY_CONFIG.max_decode_length:
        return _ftfy_one_segment(line)
    return ftfy.fix_text(line, FTFY_CONFIG)


def _char_class(table: dict[int, object]) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(chr(point)) for point in sorted(table)) + "]")


# ftfy's three table-driven fixers translate character by character, a dictionary look-up
# each: most of what ftfy costs on a line of news. A search for their tables' keys, in C,
# says when the translation would change nothing.
_TRANSLATIONS = tuple(
    (_char_class(table), table) for table in (chardata.LIGATURES, chardata.WIDTH_MAP)
)  # fix_latin_ligatures, then fix_character_width
_CONTROL_CHARS = _char_class(chardata.CONTROL_CHARS)


def _ftfy_one_segment(text: str) -> str:
    """`ftfy.fix_text(text, FTFY_CONFIG)` for a text of one segment (no "\n", shorter than
    max_decode_length): ftfy's own loop (fix_and_explain) with FTFY_CONFIG's steps in
    ftfy's order, each table translation done only when its table holds a character of
    the text. tests/text/test_fast_path.py checks it against ftfy.fix_text."""
    settled = None  # what fix_encoding last returned: it returns that unchanged
    while True:
        original = text
        if text != settled:
            # fix_encoding repeats its step until the text stays the same, and ftfy's
            # check that a text is not mojibake scans all of it: once is enough.
            text = settled = ftfy.fix_encoding(text)
        text = fixes.fix_c1_controls(text)
        for found, table in _TRANSLATIONS:
            if found.search(text) is not None:
                text = text.translate(table)
        text = fixes.fix_line_breaks(text)
        text = fixes.fix_surrogates(text)
        text = fixes.remove_terminal_escapes(text)
        if _CONTROL_CHARS.search(text) is not None:
            text = text.translate(chardata.CONTROL_CHARS)
        text = unicodedata.normalize("NFC", text)
        if text == original:
            return text


# Only complete entities: "AT&T" and "&copy 2014" are text, not markup.
_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,24};")


def _decode_entity(match: re.Match) -> str:
    return html.unescape(match.group())


def _unescape_fully(line: str) -> str:
    """Decode entities until none are left: scraped text is often escaped twice ("&amp;amp;")."""
    while True:
        decoded = _ENTITY.sub(_decode_entity, line)
        if decoded == line:
            return line
        line = decoded


def repair_line(line: str, *, fast: bool = True) -> str:
    """The line repaired and whitespace-normalised, to a fixed point: ftfy reads a line
    differently once spacing around it is gone ("\xa0Â\x81", "0\xa0Â¹"), and cleaning
    must give the same result when run again on its own output."""
    for _ in range(4):
        fixed = " ".join(fix_line(line, fast=fast).split())
        if fixed == line:
            break
        line = fixed
    return line


def fix_mojibake(text: str) -> str:
    """`text` with mojibake, control characters and odd line breaks repaired, line by
    line, with each line's spacing normalised."""
    return "\n".join(repair_line(line) for line in text.splitlines())
