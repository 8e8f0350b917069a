"""Files arrive in whatever encoding the scraper or the analyst's editor used."""

import codecs

import pytest

from annotator.text import clean_text, decode_bytes

TEXT = "“Iran has never been involved,” the official told Reuters — café talks résumé."


def test_utf8_is_read_as_is():
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT


def test_utf8_bom_is_stripped():
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    assert decode_bytes(bom + TEXT.encode(encoding)) == TEXT


def test_windows_1252_curly_quotes_are_read_as_curly_quotes():
    data = b"\x93Iran has never been involved,\x94 the official said \x96 it\x92s caf\xe9 talk."
    assert decode_bytes(data) == "“Iran has never been involved,” the official said – it’s café talk."


def test_latin1_accents_are_read():
    assert decode_bytes("Le café où l'on débat à Genève".encode("latin-1")) == "Le café où l'on débat à Genève"


def test_bytes_undefined_in_windows_1252_are_kept_not_lost():
    assert decode_bytes(b"caf\xe9 \x81") == "café \x81"


def test_a_utf8_file_with_one_stray_windows_byte_keeps_its_utf8_text():
    data = "Genève — “talks”".encode() + b" \x93ok\x94"
    assert decode_bytes(data) == "Genève — “talks” “ok”"


def test_nul_bytes_are_removed():
    assert decode_bytes(b"Iran\x00 denies\x00") == "Iran denies"


@pytest.mark.parametrize(
    "data", [b"", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\xff\xfe\x00", bytes(range(256)), b"\x00" * 10, b"\xed\xa0\x80"]
)
def test_any_bytes_decode_without_an_error(data):
    text = decode_bytes(data)
    assert isinstance(text, str)
    assert "\x00" not in text
    clean_text(text)


def test_a_utf8_file_read_as_windows_1252_somewhere_upstream_is_repaired_by_cleaning():
    text = "The official’s café — ‘talks’ in Genève."
    garbled = text.encode("utf-8").decode("cp1252").encode("utf-8")
    assert garbled.decode("utf-8") == "The officialâ€™s cafÃ© â€” â€˜talksâ€™ in GenÃ¨ve."
    assert clean_text(decode_bytes(garbled)).body == text
