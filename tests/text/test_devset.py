"""The cleaner on 60 real scraped pages (tests/data/ingest/clean): paragraph precision
and recall against hand-cleaned bodies, held above floors set from measured figures,
and the metadata a reader can see on the page read back."""

import datetime as dt
import json
from pathlib import Path

import pytest

from annotator.text import clean_text
from annotator.text.scoring import SetScore, gold_pairs, paragraphs_of, score_page, similarity

DEV_SET = Path(__file__).resolve().parent.parent / "data" / "ingest" / "clean"

# Measured on the set when the floors were set: precision 0.997, recall 1.000 on
# average; lowest page 0.818 precision (a live blog whose entry headings read as
# sentences), 1.000 recall. The floors leave a small margin for rule changes, and sit
# above the targets (0.95 / 0.97 on average, no page under 0.8).
AVERAGE_PRECISION_FLOOR = 0.98
AVERAGE_RECALL_FLOOR = 0.99
PAGE_FLOOR = 0.8


def scores() -> SetScore:
    pages = []
    for name, raw, gold in gold_pairs(DEV_SET):
        cleaned = clean_text(raw.read_text(encoding="utf-8"))
        pages.append(score_page(name, cleaned.paragraphs, paragraphs_of(gold.read_text(encoding="utf-8"))))
    return SetScore(pages)


def index() -> list[dict]:
    return json.loads((DEV_SET / "index.json").read_text(encoding="utf-8"))["pages"]


def test_the_dev_set_has_forty_pages_or_more_from_many_outlets_and_countries():
    pages = index()
    assert len(gold_pairs(DEV_SET)) == len(pages) >= 40
    assert len({page["outlet"] for page in pages}) >= 30
    assert len({page["country"] for page in pages}) >= 20


def test_average_precision_and_recall_stay_above_the_floors():
    result = scores()
    assert result.precision >= AVERAGE_PRECISION_FLOOR, result.precision
    assert result.recall >= AVERAGE_RECALL_FLOOR, result.recall


def test_no_page_falls_under_the_page_floor_on_either_figure():
    low = [(p.name, round(p.precision, 3), round(p.recall, 3)) for p in scores().pages]
    low = [row for row in low if row[1] < PAGE_FLOOR or row[2] < PAGE_FLOOR]
    assert low == []


@pytest.mark.parametrize("page", [p for p in index() if "expect" in p], ids=lambda p: p["stem"])
def test_metadata_the_page_states_is_read(page):
    result = clean_text((DEV_SET / f"{page['stem']}.raw.txt").read_text(encoding="utf-8"))
    read = {
        "title": result.title,
        "author": result.author,
        "published": result.published.isoformat() if result.published else "",
        "outlet": result.outlet,
    }
    assert {key: read[key] for key in page["expect"]} == page["expect"]


def test_every_dropped_line_of_every_page_has_a_reason_and_nothing_is_lost_silently():
    for _name, raw, _gold in gold_pairs(DEV_SET):
        text = raw.read_text(encoding="utf-8")
        result = clean_text(text)
        assert all(item.reason for item in result.dropped)
        accounted = result.paragraphs + result.caption.split("\n\n") + [item.text for item in result.dropped]
        assert len(" ".join(accounted).split()) >= 0.95 * len(text.split())


def test_the_scorer_matches_a_paragraph_with_a_dateline_left_on_but_not_half_a_paragraph():
    gold = "Egyptian authorities have accused Reuters and the BBC of inaccurate coverage of clashes in the desert."
    assert similarity("LONDON (Reuters) - " + gold, gold) >= 0.8
    assert similarity(gold[: len(gold) // 2], gold) < 0.8
    assert score_page("p", [gold, "Share this article"], [gold]).precision == 0.5


def test_published_dates_are_dates():
    result = clean_text((DEV_SET / "04_sunnewsonline.com.raw.txt").read_text(encoding="utf-8"))
    assert result.published == dt.date(2017, 10, 24)
