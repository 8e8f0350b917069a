"""The CSV export opened in a real spreadsheet: LibreOffice, headless, reading the file
with its most trusting import options (evaluate formulas, trim spaces) and saving it as
OpenDocument, where a cell it evaluated carries a `table:formula`. No cell of the export
may be one; the same texts written without neutralisation are (so the check can fail)."""

import csv
import io
import os
import re
import subprocess
import zipfile

import pytest
from django.http import QueryDict

from annotator.exports import pipeline
from tests.conftest import SOFFICE
from tests.factories import ArticleFactory, StatementFactory

pytestmark = [pytest.mark.spreadsheet, pytest.mark.django_db]

# Each would be the number 5 if a spreadsheet ran it.
HOSTILE = [
    "=2+3",
    " =2+3",
    "  +2+3",
    "\t=2+3",
    '"=2+3',
    "\u200b=2+3",
    "\u200c\u200d=2+3",
    "\u2060=2+3",
    "\ufeff=2+3",
    "\u00a0=2+3",
    "\u3000=2+3",
    "＝2+3",
    "＋2+3",
    " ＝2+3",
    "-2+7",
    "@SUM(2;3)",
    "\r=2+3",
]

# Import options, in LibreOffice's order: comma-separated, double-quoted, UTF-8, from
# line 1, standard cells, default language, quoted fields not forced to text, detect
# special numbers, (two export options), trim spaces, all sheets, evaluate formulas.
TRUSTING = "CSV:44,34,76,1,,0,false,true,false,false,{trim},-1,true"


def formulas_in(csv_bytes: bytes, tmp_path, *, trim: bool) -> list[str]:
    """The formulas LibreOffice found in a CSV file."""
    source = tmp_path / "export.csv"
    source.write_bytes(csv_bytes)
    out = tmp_path / "out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            f"--infilter={TRUSTING.format(trim='true' if trim else 'false')}",
            "--convert-to",
            "ods",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    content = zipfile.ZipFile(out / "export.ods").read("content.xml").decode()
    assert "<table:table-cell" in content  # it did read the file
    return re.findall(r'table:formula="([^"]*)"', content)


def raw_csv(texts: list[str]) -> bytes:
    """The texts as a naive exporter writes them: quoted only where CSV requires it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["title"])
    for text in texts:
        writer.writerow([text])
    return out.getvalue().encode()


@pytest.mark.parametrize("trim", [True, False], ids=["trim spaces", "keep spaces"])
def test_no_cell_of_the_statements_csv_is_evaluated_by_libreoffice(tmp_path, trim):
    for n, text in enumerate(HOSTILE):
        article = ArticleFactory(title=text, body=f"Item {n}. Some text. The end.", url=None)
        StatementFactory(article=article, text="Some text", cue=text)
    exported = b"".join(pipeline.export_chunks("statements", "csv", QueryDict(""), bom=True))
    assert formulas_in(exported, tmp_path, trim=trim) == []


def test_a_formula_behind_a_space_unneutralised_is_evaluated_so_the_check_can_fail(tmp_path):
    # What the tester saw: with "trim spaces", ` =2+3` became 5.
    assert formulas_in(raw_csv([" =2+3"]), tmp_path, trim=True) == ["of:=2+3"]
    assert formulas_in(raw_csv(["Iran denied it"]), tmp_path, trim=True) == []
