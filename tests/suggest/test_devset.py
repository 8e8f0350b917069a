"""The real-news dev-set measures: matching by half the shorter span, one to one, and
what counts as the right speaker and the right relaying outlet."""

import json

import pytest

from annotator.suggest import devset
from annotator.suggest.types import Suggestion

TEXT = 'Peskov denied that troops had crossed. "We never sent anyone," he told Reuters. Critics said it was a lie.'


def gold(quote, stance, speaker, via=None):
    start = TEXT.index(quote)
    return devset.GoldStatement(start, start + len(quote), stance, speaker, via)


def suggested(quote, stance, speaker, via=None):
    start = TEXT.index(quote)
    return Suggestion(start, start + len(quote), quote, stance, True, None, None, speaker=speaker, via=via)


@pytest.mark.parametrize(
    ("gold_name", "predicted", "right"),
    [
        ("Dmitry Peskov", "Dmitry Peskov", True),
        ("Dmitry Peskov", "Peskov", True),  # the surname alone
        ("Dmitry Peskov", "Kremlin spokesman Dmitry Peskov", True),  # contained word by word
        ("Dmitry Peskov", "Mr. Peskov", True),
        ("John Kirby", "Rear Admiral John Kirby", True),
        ("police", "the police", True),
        ("Dmitry Peskov", "Sergei Lavrov", False),
        ("Dmitry Peskov", "Kremlin", False),
        ("Dmitry Peskov", None, False),
    ],
)
def test_speaker_rule(gold_name, predicted, right):
    assert devset.same_speaker(gold_name, predicted) is right


@pytest.mark.parametrize(
    ("gold_via", "predicted", "right"),
    [
        ("Associated Press", "The Associated Press", True),
        ("Associated Press", "AP", True),
        ("BBC", "the BBC", True),
        ("X", "Twitter", True),
        ("NHK", "nhk", True),
        ("Reuters", "AFP", False),
        ("Reuters", None, False),
    ],
)
def test_outlet_rule(gold_via, predicted, right):
    assert devset.same_outlet(gold_via, predicted) is right


def test_a_suggestion_matches_when_it_shares_half_of_the_shorter_span():
    g = [gold("that troops had crossed", "denial", "Dmitry Peskov")]
    assert devset.match(g, [suggested("troops had crossed", "denial", "Peskov")]) == [(0, 0)]
    assert devset.match(g, [suggested("Peskov denied that", "denial", "Peskov")]) == []


def test_matching_is_one_to_one_best_first():
    g = [gold("that troops had crossed", "denial", "Dmitry Peskov")]
    predicted = [
        suggested("denied that troops had crossed", "claim", None),
        suggested("that troops had crossed", "denial", "Peskov"),
    ]
    assert devset.match(g, predicted) == [(0, 1)]


def test_report_counts_stance_speaker_and_via():
    excerpt = devset.Excerpt(
        "x",
        TEXT,
        [
            gold("that troops had crossed", "denial", "Dmitry Peskov"),
            gold('"We never sent anyone,"', "denial", "Dmitry Peskov", via="Reuters"),
            gold("it was a lie", "claim", "critics"),
        ],
    )
    predicted = [
        suggested("that troops had crossed", "denial", "Peskov"),
        suggested('"We never sent anyone,"', "claim", "Peskov"),  # stance wrong, outlet missed
        suggested("Critics said", "claim", "Critics"),  # no overlap with any gold span
    ]
    report = devset.DevReport()
    devset.score_excerpt(excerpt, predicted, report)
    assert (report.statements.gold, report.statements.predicted, report.statements.matched) == (3, 3, 2)
    assert (report.denials.predicted, report.denials.gold, report.denials.matched) == (1, 2, 1)
    assert (report.claims.predicted, report.claims.gold, report.claims.matched) == (2, 1, 0)
    assert (report.stance.right, report.stance.total) == (1, 2)
    assert (report.speaker.right, report.speaker.total) == (2, 2)
    assert (report.via.right, report.via.total, report.via_none) == (0, 1, 1)
    assert {m.kind for m in report.mistakes} == {"stance", "via", "missed", "spurious"}


def test_load_rejects_a_span_outside_the_text(tmp_path):
    path = tmp_path / "dev.jsonl"
    record = {"id": "a", "text": "short", "statements": [{"start": 0, "end": 50, "stance": "claim"}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert devset.is_devset(path)
    with pytest.raises(ValueError, match="line 1"):
        list(devset.load(path))
