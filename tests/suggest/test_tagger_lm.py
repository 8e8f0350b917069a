"""The language-model hook: a local directory's token embeddings become tagger features.
Tested with a tiny randomly initialised model written in the test (no download)."""

import json

import numpy as np
import pycrfsuite
import pytest

from annotator.suggest import TaggerOptions, suggest, tagger
from annotator.suggest.tagger import features, train
from annotator.suggest.tagger.lm import Embeddings, LanguageModelError
from annotator.suggest.tagger.scorer import Weights

from .test_tagger import run, synthetic_corpus, write

VOCAB = ["jones", "said", "denied", "claimed", "the", "vote", "was", "close", "that", "taxes", "would", "rise"]


def write_model(directory, dimensions=4, seed=7):
    """A tiny language model in the hook's format: vocab.txt, embeddings.npy, config.json."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    vectors = np.random.default_rng(seed).normal(size=(len(VOCAB), dimensions)).astype(np.float32)
    np.save(directory / "embeddings.npy", vectors)
    (directory / "config.json").write_text(json.dumps({"lowercase": True}), encoding="utf-8")
    return directory, vectors


@pytest.fixture(scope="module")
def lm_model(tmp_path_factory):
    directory, vectors = write_model(tmp_path_factory.mktemp("lm") / "tiny-lm")
    path = directory.parent / "with-lm.crfsuite"
    # No L1 penalty: on twelve articles it prunes the embeddings away.
    train.train(synthetic_corpus(), path, {"max_iterations": 30, "c1": 0.0}, lm=Embeddings.load(directory))
    return directory, vectors, path


def test_the_embeddings_are_looked_up_by_word_and_unknown_words_get_zeros(tmp_path):
    directory, vectors = write_model(tmp_path / "lm")
    embeddings = Embeddings.load(directory)
    (jones, unknown) = embeddings.features(["Jones", "Zanzibar"])
    signed = [jones.get(f"lm{k}+", 0.0) - jones.get(f"lm{k}-", 0.0) for k in range(4)]
    assert signed == pytest.approx(vectors[0].tolist())
    assert all(value > 0 for value in jones.values())  # each dimension by its sign
    assert unknown == {}


def test_the_trained_model_has_weights_for_the_embedding_dimensions(lm_model):
    _, _, path = lm_model
    crf = pycrfsuite.Tagger()
    crf.open(str(path))
    dimensions = {attribute.rstrip("+-") for attribute, _ in crf.info().state_features if attribute.startswith("lm")}
    assert dimensions == {"lm0", "lm1", "lm2", "lm3"}


def test_with_the_model_directory_the_scorer_labels_exactly_as_crfsuite(lm_model):
    directory, _, path = lm_model
    embeddings = Embeddings.load(directory)
    text = 'Jones said that taxes would rise. "The vote was close," Officials denied.'
    found = features.extract(text)
    rows = [
        train._with_values(row, lm)
        for row, lm in zip(features.rows(found), embeddings.features(found.words), strict=True)
    ]
    crf = pycrfsuite.Tagger()
    crf.open(str(path))
    expected = ["O"] * len(rows)
    for first, end in found.paragraphs:
        expected[first:end] = crf.tag(pycrfsuite.ItemSequence(rows[first:end]))
    assert Weights(path, embeddings).label(found) == expected


def test_suggest_runs_the_tagger_with_the_model_directory(lm_model):
    directory, _, path = lm_model
    text = "Jones denied that the vote was close."
    found = tagger.tagged(text, model=path, lm_dir=directory)
    assert [(a.source.text, a.cue.text) for a in found] == [("Jones", "denied")]
    (suggestion,) = suggest(text, tagger=TaggerOptions(model=path, lm_dir=directory, merge="tagger"))
    assert suggestion.stance == "denial"


def test_a_model_directory_without_its_files_is_refused_naming_the_file(tmp_path):
    (tmp_path / "vocab.txt").write_text("jones\n", encoding="utf-8")
    with pytest.raises(LanguageModelError, match="embeddings.npy"):
        Embeddings.load(tmp_path)
    np.save(tmp_path / "embeddings.npy", np.zeros((3, 2)))
    with pytest.raises(LanguageModelError, match=r"shape \(3, 2\)"):
        Embeddings.load(tmp_path)


def test_train_tagger_takes_the_model_directory(tmp_path, lm_model):
    directory, _, path = lm_model
    data = write(tmp_path / "train.jsonl", synthetic_corpus())
    output = tmp_path / "model.crfsuite"
    printed = run(
        "train_tagger",
        str(data),
        "--output",
        str(output),
        "--iterations",
        "30",
        "--c1",
        "0",
        "--lm-dir",
        str(directory),
    )
    assert "with the embeddings of" in printed
    assert output.read_bytes() == path.read_bytes()
