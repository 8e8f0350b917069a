"""Bytes to text: uploaded and imported files come in whatever encoding the scraper used."""

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _cp1252_table() -> str:
    # cp1252 leaves five bytes undefined; there Latin-1 is the best guess, so no byte is lost.
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(bytes([byte]).decode("latin-1"))
    return "".join(chars)


_CP1252 = _cp1252_table()


def _windows_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes that are not UTF-8 as Windows-1252, a superset of Latin-1 for text."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1").translate(_CP1252_FROM_LATIN1), error.end


# Latin-1 maps byte N to code point N, so translating code points 0x80-0x9F gives cp1252.
_CP1252_FROM_LATIN1 = {byte: _CP1252[byte] for byte in range(0x80, 0xA0)}

codecs.register_error("annotator-cp1252", _windows_fallback)


def decode_bytes(data: bytes) -> str:
    """Text from bytes in UTF-8 (with or without BOM), UTF-16/32 with a BOM, Windows-1252
    or Latin-1. Bytes that are not valid UTF-8 are read as Windows-1252 one by one, so a
    file that mixes the two (a common scraper accident) keeps its UTF-8 parts intact.
    Never raises on bad input; NUL bytes and a leading BOM are dropped."""
    data = bytes(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            break
    else:
        text = data.decode("utf-8", errors="annotator-cp1252")
    return text.replace("\x00", "").lstrip("\ufeff")
