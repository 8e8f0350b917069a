"""The scorer's matching definitions."""

import json

import pytest

from annotator.suggest import evaluate

TEXT = '"It is going well so far," Ross said. "Police are out there."'


def article(attributions):
    return evaluate.Article(
        id="a",
        text=TEXT,
        gold={
            role: [evaluate.pieces_of(TEXT, a[role]) for a in attributions if a.get(role)] for role in evaluate.ROLES
        },
    )


def span(text, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return {"start": start, "end": start + len(text), "text": text}


GOLD = {
    "source": span("Ross"),
    "cue": span("said"),
    "content": {
        **span(TEXT),
        "fragments": [span('"It is going well so far,"'), span('"Police are out there."')],
    },
}


def as_pieces(*spans):
    return tuple((s["start"], s["end"]) for s in spans)


def test_exact_match_needs_the_same_pieces():
    report = evaluate.score_article(
        article([GOLD]),
        {
            "source": [as_pieces(span("Ross"))],
            "cue": [as_pieces(span("said"))],
            "content": [as_pieces(*GOLD["content"]["fragments"])],
        },
    )
    for role in evaluate.ROLES:
        assert report.f1("exact", role) == 1.0


def test_a_span_without_the_pieces_only_overlaps():
    report = evaluate.score_article(article([GOLD]), {"content": [as_pieces(span('"It is going well so far,"'))]})
    assert report.counts[("exact", "content")].matched == 0
    assert report.counts[("overlap", "content")].matched == 1


def test_whitespace_around_a_span_is_trimmed_before_comparing():
    padded = {"start": GOLD["source"]["start"] - 1, "end": GOLD["source"]["end"] + 1}
    report = evaluate.score_article(article([GOLD]), {"source": [((padded["start"], padded["end"]),)]})
    assert report.counts[("exact", "source")].matched == 1


def test_matching_is_one_to_one():
    report = evaluate.score_article(article([GOLD]), {"cue": [as_pieces(span("said"))] * 2})
    counts = report.counts[("overlap", "cue")]
    assert (counts.matched, counts.predicted, counts.gold) == (1, 2, 1)
    assert counts.precision == 0.5 and counts.recall == 1.0


def test_null_source_has_no_gold_span():
    report = evaluate.score_article(article([{**GOLD, "source": None}]), {"source": [as_pieces(span("Ross"))]})
    counts = report.counts[("exact", "source")]
    assert (counts.gold, counts.predicted, counts.matched) == (0, 1, 0)


def test_load_reads_polnear_jsonl_and_rejects_a_bad_line(tmp_path):
    good = {"id": "x", "text": TEXT, "attributions": [GOLD]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(good) + "\n" + "{not json\n", encoding="utf-8")
    loaded = evaluate.load(path)
    first = next(loaded)
    assert first.gold["content"] == [as_pieces(*GOLD["content"]["fragments"])]
    with pytest.raises(ValueError, match="line 2"):
        next(loaded)
