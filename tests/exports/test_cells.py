"""Cells: what a spreadsheet would run as a formula is made inert."""

import datetime as dt

import pytest

from annotator.exports.cells import as_cell, neutralise


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-5 degrees", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Iran denied it", "", "'quoted", " =spaced", "دولت ایران", "伊朗"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise(text) == text


def test_numbers_booleans_dates_and_nothing_become_plain_cells():
    assert [as_cell(v) for v in (-3, True, False, None)] == ["-3", "true", "false", ""]
    assert as_cell(dt.datetime(2014, 12, 3, 9, 30, tzinfo=dt.UTC)) == "2014-12-03T09:30:00+00:00"
