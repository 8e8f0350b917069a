"""The tagger's learned word classes: words used between the same neighbours share a
class, the same texts always give the same classes, and they travel with the weights."""

import itertools

import pytest

from annotator.suggest.tagger import clusters
from annotator.suggest.tagger.features import cluster_features

NAMES = ["Jones", "Smith", "Brown", "Garcia", "Miller", "Davis"]
VERBS = ["said", "argued", "claimed", "insisted", "warned", "stressed"]
THINGS = ["taxes", "wages", "prices", "rents", "tariffs", "fees"]
MOVES = ["rose", "fell", "doubled", "slipped", "soared", "dropped"]


def texts():
    """Sentences where names, reporting verbs, things and movements each have a slot
    of their own: 'Jones said on Monday that taxes rose sharply.'"""
    sentences = [
        f"{name} {verb} on Monday that {thing} {move} sharply."
        for name, verb, thing, move in itertools.product(NAMES, VERBS, THINGS, MOVES)
        if (NAMES.index(name) + VERBS.index(verb) + THINGS.index(thing) + MOVES.index(move)) % 3 == 0
    ]
    return [" ".join(sentences[k : k + 12]) for k in range(0, len(sentences), 12)]


def test_words_in_the_same_slot_share_a_class_and_other_slots_do_not():
    classes = clusters.learn(texts(), sizes=(4,), min_count=3)
    verbs = {classes[verb][0] for verb in VERBS}
    assert len(verbs) == 1
    assert not verbs & {classes[name.lower()][0] for name in NAMES}
    assert not verbs & {classes[thing][0] for thing in THINGS}


def test_the_same_texts_give_the_same_classes():
    assert clusters.learn(texts(), sizes=(4, 8), min_count=3) == clusters.learn(texts(), sizes=(4, 8), min_count=3)


def test_a_text_given_twice_counts_once():
    once = clusters.learn(texts(), sizes=(4,), min_count=3)
    assert clusters.learn(texts() + texts()[:3], sizes=(4,), min_count=3) == once


def test_too_few_words_for_the_classes_give_none():
    assert clusters.learn(["Jones said so."], sizes=(5,), min_count=1) == {}  # 4 words, 5 classes


def test_classes_are_looked_up_ignoring_case_and_only_near_the_token():
    classes = {"said": (3, 17)}
    assert cluster_features(classes, "Said") == ("0:c0=3", "0:c1=17")
    assert cluster_features(classes, "said", -1) == ("-1:c0=3", "-1:c1=17")
    assert cluster_features(classes, "said", 3) == ()
    assert cluster_features(classes, "told") == ()


def test_a_saved_file_loads_back_and_a_missing_one_means_no_classes(tmp_path):
    path = tmp_path / "model.clusters.tsv"
    classes = clusters.learn(texts(), sizes=(4, 8), min_count=3)
    clusters.save(path, classes)
    assert clusters.load(path) == classes
    assert clusters.load(tmp_path / "absent.tsv") == {}


def test_a_malformed_file_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "model.clusters.tsv"
    path.write_text("said\t3\t17\ntold\tmany\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        clusters.load(path)


def test_the_classes_file_sits_beside_its_weights(tmp_path):
    assert clusters.path_for(tmp_path / "model.crfsuite") == tmp_path / "model.clusters.tsv"


def test_a_token_reads_the_classes_of_its_neighbours_only_within_its_paragraph():
    from annotator.suggest.tagger.features import extract, rows

    classes = {"said": (1, 2), "so": (3, 4), "jones": (5, 6)}
    found = rows(extract("Jones said so\n\nJones said so"), classes)
    second_jones = found[3]
    assert "0:c0=5" in second_jones
    assert "1:c0=1" in second_jones and not any(f.startswith("-1:c0") for f in second_jones)
    assert not any(f.startswith(("1:c0", "2:c0")) for f in found[2])
