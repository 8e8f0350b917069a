"""The tagger inside the suggester: its numpy scorer labels as CRFsuite does, `suggest`
uses its spans with the rules' later stages on top, the rules run alone without its
weights, and the app's settings choose."""

from pathlib import Path

import pycrfsuite
import pytest
from django.test import override_settings

from annotator.services.suggestions import tagger_options
from annotator.suggest import TaggerOptions, suggest, tagger
from annotator.suggest.tagger import clusters, features
from annotator.suggest.tagger.scorer import Weights

from .test_tagger import synthetic_corpus, tiny_model  # noqa: F401 - the fixture

TEXTS = [
    'Jones denied that the vote was close. "The plan was fair," Officials claimed.',
    "The minister told reporters the talks had failed.\n\nA spokesman argued that taxes would rise, and "
    "Ms. Smith said nothing changed.",
    '"Nothing changed," Jones said. "Taxes would rise."',
]


def crfsuite_labels(model: Path, text: str) -> list[str]:
    """What CRFsuite's own tagger gives, paragraph by paragraph, for the same features."""
    found = features.extract(text)
    rows = features.rows(found, clusters.load(clusters.path_for(model)))
    crf = pycrfsuite.Tagger()
    crf.open(str(model))
    labels = ["O"] * len(rows)
    for first, end in found.paragraphs:
        labels[first:end] = crf.tag(rows[first:end])
    return labels


@pytest.mark.parametrize("text", TEXTS)
def test_the_numpy_scorer_labels_exactly_as_crfsuite(tiny_model, text):  # noqa: F811
    assert Weights(tiny_model).label(features.extract(text)) == crfsuite_labels(tiny_model, text)


def test_the_shipped_weights_label_exactly_as_crfsuite():
    text = " ".join(record["text"] for record in synthetic_corpus()[:4])
    assert Weights(tagger.MODEL).label(features.extract(text)) == crfsuite_labels(tagger.MODEL, text)


def test_suggest_with_the_tagger_takes_its_spans_and_keeps_the_rules_stance_and_speaker(tiny_model):  # noqa: F811
    text = "Jones denied that the vote was close."
    (found,) = tagger.tagged(text, model=tiny_model)
    (suggestion,) = suggest(text, tagger=TaggerOptions(model=tiny_model, merge="tagger"))
    assert (suggestion.source.text, suggestion.cue.text, suggestion.quote) == (
        found.source.text,
        found.cue.text,
        found.content[0].text,
    )
    assert suggestion.stance == "denial"  # the rules' stage, on the tagger's cue
    assert suggestion.speaker == "Jones"


def test_without_the_weights_file_suggest_gives_what_the_rules_give(tmp_path):
    missing = TaggerOptions(model=tmp_path / "absent.crfsuite")
    for text in TEXTS:
        assert suggest(text, tagger=missing) == suggest(text)


def test_a_direct_quotation_the_rules_attribute_keeps_the_rules_spans_when_merging(tiny_model):  # noqa: F811
    text = '"Taxes would rise," Jones said. "Nothing changed."'
    rules = suggest(text)
    merged = suggest(text, tagger=TaggerOptions(model=tiny_model, merge="quotes"))
    assert [(s.start, s.end, s.continues) for s in merged] == [(s.start, s.end, s.continues) for s in rules]


def test_an_unknown_merge_is_refused():
    with pytest.raises(ValueError, match="merge must be one of"):
        TaggerOptions(merge="sometimes")


def test_the_app_uses_the_tagger_by_default_and_the_settings_turn_it_off(tmp_path):
    options = tagger_options()
    assert options is not None and options.model == tagger.MODEL and options.lm_dir is None
    with override_settings(ANNOTATOR_SUGGEST_TAGGER=False):
        assert tagger_options() is None
    with override_settings(ANNOTATOR_SUGGEST_TAGGER_MODEL=str(tmp_path / "m.crfsuite"), ANNOTATOR_SUGGEST_LM_DIR="lm"):
        options = tagger_options()
        assert (options.model, options.lm_dir) == (tmp_path / "m.crfsuite", Path("lm"))


def test_a_text_of_many_distinct_words_labels_as_crfsuite_when_the_word_table_grows(tiny_model):  # noqa: F811
    weights = Weights(tiny_model)
    words = " ".join(f"word{k}" for k in range(1500))
    text = f"Jones said that {words}. Officials denied that the vote was close."
    assert weights.label(features.extract(text)) == crfsuite_labels(tiny_model, text)
    assert weights.label(features.extract(TEXTS[0])) == crfsuite_labels(tiny_model, TEXTS[0])
