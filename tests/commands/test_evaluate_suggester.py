import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

TEXT = "Jones said the talks had failed. Smith said the vote was close."


def span(text):
    start = TEXT.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def write_gold(path):
    record = {
        "id": "gold:1",
        "text": TEXT,
        "attributions": [
            {"source": span("Jones"), "cue": span("said"), "content": span("the talks had failed")},
            {"source": None, "cue": span("Smith said"), "content": span("the vote was close")},
        ],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")


def run(*args) -> str:
    out = StringIO()
    call_command("evaluate_suggester", *args, stdout=out)
    return out.getvalue()


def test_prints_precision_recall_f1_per_role_exact_and_overlap(tmp_path):
    path = tmp_path / "gold.jsonl"
    write_gold(path)
    output = run(str(path))
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in output.splitlines()[2:]}
    # source: Jones exact; Smith predicted against a null gold source.
    assert rows[("source", "exact")][:3] == ["50.0", "100.0", "66.7"]
    # cue: "said" exact; "said" inside "Smith said" only overlaps.
    assert rows[("cue", "exact")][:3] == ["50.0", "50.0", "50.0"]
    assert rows[("cue", "overlap")][:3] == ["100.0", "100.0", "100.0"]
    assert rows[("content", "exact")][:3] == ["100.0", "100.0", "100.0"]


def test_verbose_prints_each_article(tmp_path):
    path = tmp_path / "gold.jsonl"
    write_gold(path)
    assert "gold:1" in run(str(path), "--verbose")


def test_help_states_the_matching_definitions():
    from annotator.management.commands.evaluate_suggester import Command

    assert "exact: predicted pieces equal gold pieces" in Command.help
    assert "overlap: predicted and gold pieces share at least one character" in Command.help


def test_bad_input_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: not a PolNeAR attribution record"):
        run(str(bad))
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.jsonl"))
    with pytest.raises(CommandError, match="--limit must be 1 or more"):
        run(str(bad), "--limit", "0")


def write_devset(path):
    text = 'Peskov denied that troops had crossed. "We never sent anyone," he told NHK.'
    first = text.index("that troops")
    second = text.index('"We never')
    record = {
        "id": "a-001",
        "url": "https://example.com/x",
        "text": text,
        "statements": [
            {
                "start": first,
                "end": first + len("that troops had crossed"),
                "stance": "denial",
                "speaker": "Dmitry Peskov",
                "via": None,
            },
            {
                "start": second,
                "end": second + len('"We never sent anyone,"'),
                "stance": "denial",
                "speaker": "Dmitry Peskov",
                "via": "NHK",
            },
        ],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")


def test_a_devset_file_gets_statement_stance_speaker_and_via_scores(tmp_path):
    path = tmp_path / "realnews_dev.jsonl"
    write_devset(path)
    output = run(str(path))
    assert "1 excerpts, 2 statements" in output
    rows = {line.split()[0]: line for line in output.splitlines()[1:]}
    assert rows["statements"].split()[1:4] == ["100.0", "100.0", "100.0"]
    assert rows["denials"].split()[1:4] == ["100.0", "100.0", "100.0"]
    assert "(2 of 2)" in rows["speaker"]
    assert "(1 of 1)" in rows["via"]


def test_devset_verbose_lists_the_mistakes(tmp_path):
    path = tmp_path / "realnews_dev.jsonl"
    record = {
        "id": "b-7",
        "text": "Nobody spoke here at all.",
        "statements": [{"start": 0, "end": 6, "stance": "claim", "speaker": "x", "via": None}],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    output = run(str(path), "--verbose")
    assert "b-7" in output and "missed" in output


def test_the_held_out_set_is_scored_like_the_development_set():
    from pathlib import Path

    holdout = Path(__file__).resolve().parents[1] / "data" / "suggest" / "realnews_holdout.jsonl"
    output = run(str(holdout))
    assert output.splitlines()[0].startswith("60 excerpts, 185 statements, realnews_holdout.jsonl")
    assert any(line.startswith("denials") for line in output.splitlines())
