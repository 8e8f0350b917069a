"""The tagger's second stage: choosing again where a found content starts and ends."""

import pytest

from annotator.suggest import tagger
from annotator.suggest.tagger import extent
from annotator.suggest.tagger.decode import attributions
from annotator.suggest.tagger.features import extract

TEXT = "Jones said that the talks had failed, and that the vote was close. Smith disagreed."


def labelled(text, marks):
    """The features of `text` and BIO labels putting each (role, words) of `marks` on
    the first occurrence of those words."""
    features = extract(text)
    starts, ends = features.tokens.starts, features.tokens.ends
    labels = ["O"] * len(starts)
    for role, words in marks:
        start = text.index(words)
        first = starts.index(start)
        last = ends.index(start + len(words))
        labels[first : last + 1] = [f"B-{role}"] + [f"I-{role}"] * (last - first)
    return features, labels


def found_in(text, marks):
    features, labels = labelled(text, marks)
    return features, labels, attributions(text, features.tokens, labels, features.sentence_starts)


def test_weights_that_favour_the_sentence_end_carry_a_content_cut_at_a_comma_to_it():
    features, labels, found = found_in(TEXT, [("SRC", "Jones"), ("CUE", "said"), ("CNT", "that the talks had failed")])
    assert [p.text for p in found[0].content] == ["that the talks had failed"]
    weights = extent.Extent({"end": {"send1": 3.0, "d=0": 1.0, "xs+1": -1.0}, "start": {"d=0": 1.0}})
    (refined,) = weights.refine(TEXT, features, labels, found)
    assert [p.text for p in refined.content] == ["that the talks had failed, and that the vote was close"]
    assert refined.cue == found[0].cue and refined.source == found[0].source


def test_without_a_reason_to_move_an_edge_stays_where_the_tagger_put_it():
    features, labels, found = found_in(TEXT, [("CUE", "said"), ("CNT", "the talks had failed")])
    (refined,) = extent.Extent({"end": {}, "start": {}}).refine(TEXT, features, labels, found)
    assert refined == found[0]


def test_a_start_never_moves_back_over_the_cue_it_follows():
    features, labels, found = found_in(TEXT, [("CUE", "said"), ("CNT", "talks had failed")])
    weights = extent.Extent({"end": {"d=0": 1.0}, "start": {"d=-4-6": 5.0, "d=-3": 4.0, "d=-2": 3.0}})
    (refined,) = weights.refine(TEXT, features, labels, found)
    assert refined.content[0].text == "that the talks had failed"  # two back; the third is the cue


def test_the_table_scores_equal_the_sum_of_the_spelled_out_features():
    weights = tagger._weights(None, None).extent
    if weights is None:
        pytest.fail("the shipped tagger must come with its edge weights (model.extent.tsv)")
    text = (
        'Jones said that the talks had failed, and that the vote was close. "It is over," Smith said.\n\n'
        "Officials denied the report on Tuesday, according to Reuters, which cited two sources."
    )
    features = extract(text)
    labels = tagger._weights(None, None).label(features)
    found = attributions(text, features.tokens, labels, features.sentence_starts)
    context = extent.Context(features, labels)
    starts, ends = features.tokens.starts, features.tokens.ends
    edges = [
        (extent._token_range(starts, ends, a.cue), *extent._token_range(starts, ends, a.content[0]))
        for a in found
        if len(a.content) == 1
    ]
    assert len(edges) >= 2
    compared = 0
    for side in extent.SIDES:
        scored, groups = weights.scores(side, context, edges)
        for (cue, first, last), scores, candidates in zip(edges, scored, groups, strict=True):
            assert list(candidates) == extent.CANDIDATES[side](context, cue, first, last)
            for score, c in zip(scores, candidates, strict=True):
                assert score == pytest.approx(weights.score(side, context, cue, first, last, int(c)), abs=1e-9)
                compared += 1
    assert compared > 20


def test_training_examples_mark_the_gold_edge_among_the_candidates():
    features, labels, found = found_in(TEXT, [("CUE", "said"), ("CNT", "that the talks had failed")])
    gold_start = TEXT.index("that the talks")
    gold = [(gold_start, TEXT.index(". Smith"))]
    groups = dict(extent.examples(features, labels, found, gold))
    assert set(groups) == {"start", "end"}
    for side, group in groups.items():
        assert sum(is_gold for _, is_gold in group) == 1, side
    (gold_end_features,) = [names for names, is_gold in groups["end"] if is_gold]
    assert "send1" in gold_end_features and "xc+1" in gold_end_features  # before the full stop, over the comma


def test_an_edge_inside_a_token_gives_no_example():
    features, labels, found = found_in(TEXT, [("CUE", "said"), ("CNT", "that the talks had failed")])
    assert list(extent.examples(features, labels, found, [(TEXT.index("hat the"), TEXT.index(", and"))])) == []


def test_the_weights_are_saved_and_read_back_and_a_bad_file_is_refused(tmp_path):
    weights = extent.Extent({"start": {"w=that": 1.5, "d=0": 0.25}, "end": {"send": -2.0}})
    path = tmp_path / "model.extent.tsv"
    weights.save(path)
    assert extent.Extent.load(path).weights == weights.weights
    assert extent.Extent.load(tmp_path / "absent.tsv") is None
    path.write_text("middle\tw=that\t1.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        extent.Extent.load(path)
    assert extent.path_for(tmp_path / "model.crfsuite") == tmp_path / "model.extent.tsv"


def test_attributions_left_out_by_only_keep_the_tagger_s_edges():
    features, labels, found = found_in(TEXT, [("CUE", "said"), ("CNT", "that the talks had failed")])
    weights = extent.Extent({"end": {"send1": 3.0, "d=0": 1.0, "xs+1": -1.0}, "start": {"d=0": 1.0}})
    assert weights.refine(TEXT, features, labels, found, only=lambda attribution: False) == found
    assert weights.refine(TEXT, features, labels, found, only=lambda attribution: True) != found
