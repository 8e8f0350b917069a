"""`manage.py clean_text FILE`: the cleaned body on stdout, the report on stderr."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.text.seed import SEED_PARAGRAPHS, seed_path

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest" / "folder"


def run(*args, stdin=None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    extra = {"stdin": stdin} if stdin is not None else {}
    call_command("clean_text", *args, stdout=out, stderr=err, **extra)
    return out.getvalue(), err.getvalue()


def test_prints_the_cleaned_seed_body():
    out, err = run(str(seed_path()))
    assert out == "\n\n".join(SEED_PARAGRAPHS) + "\n"
    assert err == ""


def test_report_says_what_was_dropped_and_why_on_stderr():
    out, err = run(str(seed_path()), "--report")
    assert out == "\n\n".join(SEED_PARAGRAPHS) + "\n"
    assert "Caption (kept apart from the body):" in err
    assert "Dropped 33 paragraphs:" in err
    assert "newsletter/donation appeal (5):" in err
    assert "repeated paragraph (24):" in err
    assert "    - SUBSCRIBE TO OUR FREE NEWSLETTER" in err
    assert "colour code (2):" in err and "    - #FFFFFF" in err


def test_report_of_a_clean_text_says_nothing_was_dropped(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("The talks resumed in Geneva on Monday.")
    out, err = run(str(path), "--report")
    assert out == "The talks resumed in Geneva on Monday.\n"
    assert "Nothing was dropped." in err


def test_reads_standard_input_with_a_dash():
    out, _ = run("-", stdin=io.BytesIO(b"\x93Talks resumed,\x94 he said.\n5\n"))
    assert out == "“Talks resumed,” he said.\n"


def test_html_files_are_extracted_first():
    out, _ = run(str(DATA / "nested" / "kirby.html"))
    assert out.startswith("Pentagon chief spokesperson Rear Admiral John Kirby said")
    assert "SHOULD_NOT_APPEAR" not in out and "display: none" not in out


def test_windows_1252_files_are_decoded():
    out, _ = run(str(DATA / "windows.txt"))
    assert out.startswith("“Iran has never been involved in any air strikes,” an Iranian official told a café")


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no-such-file.txt: no such file"):
        run("no-such-file.txt")


def test_a_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        run(str(tmp_path))


def test_an_unreadable_file_is_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("text")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(CommandError, match="locked.txt: cannot be read \\(Permission denied\\)"):
        run(str(path))


def test_an_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b" \n\n")
    with pytest.raises(CommandError, match="empty.txt: is empty"):
        run(str(path))


def test_a_file_of_nothing_but_junk_is_a_clear_error_and_the_report_says_why(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_text("5\n#000000\nShare this article\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing is left after cleaning"):
        call_command("clean_text", str(path), "--report", stdout=io.StringIO(), stderr=err)
    assert "lone number or symbol (1):" in err.getvalue()


def test_jsonl_and_binary_files_are_refused_with_the_reason(tmp_path):
    with pytest.raises(CommandError, match="JSON Lines"):
        run(str(DATA / "nested" / "batch.jsonl"))
    pdf = tmp_path / "report.txt"
    pdf.write_bytes(b"%PDF-1.7 binary")
    with pytest.raises(CommandError, match="is a PDF document"):
        run(str(pdf))


def test_score_prints_precision_and_recall_per_page_and_on_average():
    gold = Path(__file__).resolve().parent.parent / "data" / "ingest" / "clean"
    out, _ = run("--score", str(gold))
    lines = out.splitlines()
    assert lines[0].split() == ["page", "kept", "gold", "match", "P", "R"]
    assert any(line.startswith("04_sunnewsonline.com ") for line in lines)
    average = next(line for line in lines if line.startswith("average of 60 pages"))
    precision, recall = (float(value) for value in average.split()[-2:])
    assert precision >= 0.95 and recall >= 0.97
    assert lines[-1].startswith("lowest precision:")


def test_score_scores_a_page_against_its_gold(tmp_path):
    (tmp_path / "a.raw.txt").write_text("Share this article\nThe talks resumed in Geneva on Monday.\n")
    (tmp_path / "a.gold.txt").write_text("The talks resumed in Geneva on Monday.\n\nOfficials declined to comment.\n")
    out, _ = run("--score", str(tmp_path))
    assert out.splitlines()[1].split() == ["a", "1", "2", "1", "1.000", "0.500"]


def test_score_of_a_folder_without_gold_files_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="has no NAME.gold.txt"):
        run("--score", str(tmp_path))


def test_report_names_the_metadata_the_page_stated(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("Iran denies strikes\n\nBy Jane Doe\n\nThe talks resumed in Geneva on Monday.\n")
    _, err = run(str(path), "--report")
    assert "Title: Iran denies strikes" in err and "Author: Jane Doe" in err
    assert "byline (author: Jane Doe) (1):" in err
