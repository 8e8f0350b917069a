"""The real-news development set (tests/data/suggest/realnews_dev*.jsonl) and the held-out
set (realnews_holdout*.jsonl, pages never looked at while writing rules) keep the format
of their annotation guide: every offset points at the text it claims to, every stance is a
claim or a denial, and a denial's `responds_to` names a claim of the same excerpt.

The scores the suggester is held to are computed on these files, so a broken offset here
would silently move a floor; this test is what makes a hand-edited line safe to merge."""

import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "suggest"
DEV_FILES = sorted(DATA.glob("realnews_dev*.jsonl"))
HOLDOUT_FILES = sorted(DATA.glob("realnews_holdout*.jsonl"))
FILES = DEV_FILES + HOLDOUT_FILES
STANCES = {"claim", "denial"}
EXCERPT_KEYS = {"id", "url", "outlet", "country", "topic", "text", "statements"}
STATEMENT_KEYS = {"start", "end", "quote", "stance", "speaker", "speaker_span", "cue", "via", "direct", "responds_to"}
# The guide: excerpts of one to three paragraphs, at most four excerpts from one page.
MAX_PARAGRAPHS = 3
MAX_PER_PAGE = 4


def load(path: Path) -> list[dict]:
    excerpts = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                excerpts.append(json.loads(line))
            except json.JSONDecodeError as error:
                pytest.fail(f"{path.name}:{number}: not JSON ({error})")
    return excerpts


def excerpts_of(path: Path) -> list[tuple[str, dict]]:
    return [(f"{path.name}:{e.get('id')}", e) for e in load(path)]


ALL = [item for path in FILES for item in excerpts_of(path)]


def test_the_development_and_held_out_sets_are_present():
    assert DEV_FILES, f"no realnews_dev*.jsonl in {DATA}"
    assert HOLDOUT_FILES, f"no realnews_holdout*.jsonl in {DATA}"
    assert all(load(path) for path in FILES), "an empty development-set file"


def test_no_held_out_page_is_in_the_development_set():
    # A page seen while writing rules would make the held-out scores in-sample.
    dev_pages = {e["url"] for path in DEV_FILES for e in load(path)}
    shared = {e["url"] for path in HOLDOUT_FILES for e in load(path)} & dev_pages
    assert not shared, f"pages in both sets: {sorted(shared)}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_ids_are_unique_within_a_file(path):
    ids = Counter(e["id"] for e in load(path))
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"


def test_an_id_shared_by_two_files_is_the_same_excerpt():
    # The coordinator concatenates the halves into realnews_dev.jsonl; the halves may stay.
    seen: dict[str, dict] = {}
    for _, excerpt in ALL:
        assert seen.setdefault(excerpt["id"], excerpt) == excerpt, f"id {excerpt['id']} names two different excerpts"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_page_gives_at_most_four_excerpts(path):
    pages = Counter(e["url"] for e in load(path))
    assert not {url: n for url, n in pages.items() if n > MAX_PER_PAGE}


@pytest.mark.parametrize(("where", "excerpt"), ALL, ids=[w for w, _ in ALL])
def test_excerpt_keeps_the_format(where, excerpt):
    assert set(excerpt) == EXCERPT_KEYS, f"keys {sorted(set(excerpt) ^ EXCERPT_KEYS)}"
    url = urlparse(excerpt["url"])
    assert url.scheme in ("http", "https") and url.netloc, "the page's URL is missing"
    assert excerpt["outlet"].strip() and excerpt["topic"].strip()
    assert len(excerpt["country"]) == 2 and excerpt["country"].isupper(), "country is an ISO 3166 alpha-2 code"
    text = excerpt["text"]
    assert text.strip() == text and text, "the text is empty or padded"
    assert 1 <= len(text.split("\n\n")) <= MAX_PARAGRAPHS
    assert excerpt["statements"], "an excerpt without statements"

    statements = excerpt["statements"]
    for index, s in enumerate(statements):
        at = f"statement {index}"
        assert set(s) == STATEMENT_KEYS, f"{at}: keys {sorted(set(s) ^ STATEMENT_KEYS)}"
        assert 0 <= s["start"] < s["end"] <= len(text), f"{at}: offsets out of the text"
        assert text[s["start"] : s["end"]] == s["quote"], f"{at}: text[start:end] is not the quote"
        assert s["quote"] == s["quote"].strip(), f"{at}: the content span keeps surrounding spaces"
        assert s["stance"] in STANCES, f"{at}: stance {s['stance']!r}"
        assert isinstance(s["speaker"], str) and s["speaker"].strip(), f"{at}: no speaker"
        for role in ("speaker_span", "cue"):
            span = s[role]
            if span is not None:
                assert set(span) == {"start", "end", "text"}, f"{at}: {role} keys"
                assert 0 <= span["start"] < span["end"] <= len(text), f"{at}: {role} out of the text"
                assert text[span["start"] : span["end"]] == span["text"], f"{at}: {role} offsets"
        assert s["via"] is None or (s["via"].strip() and not s["via"].startswith("The ")), f"{at}: via {s['via']!r}"
        assert isinstance(s["direct"], bool), f"{at}: direct is not a boolean"
        target = s["responds_to"]
        if target is not None:
            assert s["stance"] == "denial", f"{at}: only a denial responds to a claim"
            assert isinstance(target, int) and 0 <= target < len(statements) and target != index, f"{at}: responds_to"
            assert statements[target]["stance"] == "claim", f"{at}: responds_to points at a denial"


def test_counts_are_reported(capsys):
    """Print what each file holds (run with -s to see it); the floors live with the scores."""
    lines = []
    for path in FILES:
        excerpts = load(path)
        statements = [s for e in excerpts for s in e["statements"]]
        denials = sum(s["stance"] == "denial" for s in statements)
        lines.append(
            f"{path.name}: {len(excerpts)} excerpts, {len(statements)} statements, {denials} denials, "
            f"{sum(bool(s['via']) for s in statements)} with via, "
            f"{sum(any(s['stance'] == 'denial' for s in e['statements']) for e in excerpts)} excerpts with a denial, "
            f"{len({urlparse(e['url']).netloc.removeprefix('www.') for e in excerpts})} outlets (hosts), "
            f"{len({e['country'] for e in excerpts})} countries"
        )
        assert denials and len(statements) > denials, f"{path.name}: needs both claims and denials"
    with capsys.disabled():
        print("\n" + "\n".join(lines))
