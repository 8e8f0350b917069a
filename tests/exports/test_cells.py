"""Cells: what a spreadsheet would run as a formula is made inert."""

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.exports.cells import as_cell, neutralise, row_converter


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-5 degrees", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Iran denied it", "", "'quoted", " =spaced", "دولت ایران", "伊朗"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise(text) == text


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
