"""Cells: what a spreadsheet would run as a formula is made inert."""

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.exports.cells import (
    INVISIBLE_RANGES,
    TRIGGER_RANGES,
    as_cell,
    is_invisible,
    is_trigger,
    neutralise,
    row_converter,
)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-5 degrees", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    [
        " =2+3",  # LibreOffice with "trim spaces" evaluated this to 5
        "\t\t=1",
        '"=1+1',
        '" =1+1',
        "\u200b=1",  # zero-width space
        "\u200c\u200d+1",  # zero-width non-joiner, joiner
        "\u2060@SUM(A1)",  # word joiner
        "\ufeff=1",  # byte-order mark
        "\u00a0\u3000-1",  # no-break space, ideographic space
        "\u202e=1",  # right-to-left override (Cf)
        "\n=1",
        "＝1+1",  # fullwidth
        "＋1",
        "－1",
        "＠SUM(A1)",
        " ﹦1",  # small equals sign
        "⁺1",  # superscript plus
    ],
)
def test_a_trigger_behind_blank_or_invisible_characters_or_fullwidth_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["Iran denied it", "", "'quoted", "'=quoted", "a = b", " spaced ", "دولت ایران", "伊朗"]
)
def test_ordinary_text_is_left_alone(text):
    assert neutralise(text) == text


def _ranges_of(predicate) -> tuple[tuple[int, int], ...]:
    found = [code for code in range(0x110000) if predicate(chr(code))]
    ranges, start = [], found[0]
    for before, code in zip(found, found[1:], strict=False):
        if code != before + 1:
            ranges.append((start, before))
            start = code
    ranges.append((start, found[-1]))
    return tuple(ranges)


def test_the_character_tables_are_exactly_their_definitions_in_this_unicode():
    # Recomputed over every code point: a newer Python with a newer Unicode fails here
    # until the tables are regenerated (the SQL of the COPY path reads the same tables).
    assert _ranges_of(is_invisible) == INVISIBLE_RANGES
    assert _ranges_of(is_trigger) == TRIGGER_RANGES


def _spec_neutralise(text: str) -> str:
    """The rule as written: a leading tab or CR, or a first character that is neither
    blank nor invisible and NFKC-folds to = + - @."""
    if text[:1] in ("\t", "\r"):
        return "'" + text
    visible = next((character for character in text if not is_invisible(character)), "")
    return "'" + text if visible and is_trigger(visible) else text


_INVISIBLE = st.sampled_from(' \t\r\n"\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000\u202e\U000e0020')
_TRIGGERS = st.sampled_from("=+-@＝＋－＠﹦⁼₊﹣")


@given(st.text(_INVISIBLE, max_size=4), st.text(_TRIGGERS, max_size=1), st.text(max_size=12))
def test_the_pattern_is_the_rule_as_written(prefix, trigger, rest):
    text = prefix + trigger + rest
    assert neutralise(text) == _spec_neutralise(text)


def test_numbers_booleans_dates_and_nothing_become_plain_cells():
    assert [as_cell(v) for v in (-3, True, False, None)] == ["-3", "true", "false", ""]
    assert as_cell(dt.datetime(2014, 12, 3, 9, 30, tzinfo=dt.UTC)) == "2014-12-03T09:30:00+00:00"


_VALUES = {
    "int": st.none() | st.integers(),
    "text": st.none() | st.text(),
    "datetime": st.none() | st.datetimes(timezones=st.just(dt.UTC)),
    "bool": st.booleans(),
}


@given(
    st.lists(st.sampled_from(sorted(_VALUES)), min_size=1, max_size=8).flatmap(
        lambda kinds: st.tuples(st.just(tuple(kinds)), st.tuples(*(_VALUES[kind] for kind in kinds)))
    )
)
def test_the_typed_row_converter_writes_the_same_csv_as_converting_every_cell(kinds_and_row):
    kinds, row = kinds_and_row
    typed = io.StringIO()
    generic = io.StringIO()
    csv.writer(typed).writerow(row_converter(kinds)(row))
    csv.writer(generic).writerow([as_cell(value) for value in row])
    assert typed.getvalue() == generic.getvalue()


def test_an_unknown_column_kind_is_refused():
    with pytest.raises(ValueError, match="money"):
        row_converter(("int", "money"))
