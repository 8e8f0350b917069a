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


def fix_line(line: str) -> str:
    if _NEEDS_FTFY.search(line) is None and unicodedata.is_normalized("NFC", line):
        return line
    # As ftfy does: a line with "<" may be markup or code, where entities are meant literally.
    if "&" in line and "<" not in line:
        line = _unescape_fully(line)
    return ftfy.fix_text(line, FTFY_CONFIG)


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


def repair_line(line: str) -> str:
    """The line repaired and whitespace-normalised, to a fixed point: ftfy reads a line
    differently once spacing around it is gone ("\xa0Â\x81", "0\xa0Â¹"), and cleaning
    must give the same result when run again on its own output."""
    for _ in range(4):
        fixed = " ".join(fix_line(line).split())
        if fixed == line:
            break
        line = fixed
    return line


def fix_mojibake(text: str) -> str:
    """`text` with mojibake, control characters and odd line breaks repaired, line by
    line, with each line's spacing normalised."""
    return "\n".join(repair_line(line) for line in text.splitlines())
