"""The tagger's plumbing that needs no model: tokens, gold labels and decoding."""

from annotator.suggest.tagger.decode import attributions, chunks
from annotator.suggest.tagger.features import featurize
from annotator.suggest.tagger.tokens import tokenize
from annotator.suggest.tagger.train import bilou, gold_labels

TEXT = '"It is going well so far," Ross said. "Police are out there."\n\nSmith told reporters the vote was close.'


def span(text, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return {"start": start, "end": start + len(text), "text": text}


GOLD = [
    {
        "source": span("Ross"),
        "cue": span("said"),
        "content": {
            **span('"It is going well so far," Ross said. "Police are out there."'),
            "fragments": [span('"It is going well so far,"'), span('"Police are out there."')],
        },
    },
    {"source": span("Smith"), "cue": span("told reporters"), "content": span("the vote was close")},
]


def decoded(text, labels):
    tokens, _, sentence_starts = featurize(text)
    return attributions(text, tokens, labels, sentence_starts)


def test_span_edges_fall_on_token_edges():
    tokens = tokenize("Obama's aides didn't say the U.S. would act.")
    assert [t.text for t in tokens] == [
        "Obama",
        "'s",
        "aides",
        "didn",
        "'",
        "t",
        "say",
        "the",
        "U.S.",
        "would",
        "act",
        ".",
    ]


def test_gold_attributions_become_one_label_per_token():
    tokens = tokenize(TEXT)
    labels = dict(zip((t.text for t in tokens), gold_labels(tokens, GOLD), strict=False))
    assert labels["Ross"] == "B-SRC"
    assert labels["said"] == "B-CUE"
    assert labels["It"] == "I-CNT"
    assert labels["Police"] == "I-CNT"
    assert labels["told"] == "B-CUE" and labels["reporters"] == "I-CUE"
    assert labels["vote"] == "I-CNT"
    assert gold_labels(tokens, GOLD)[0] == "B-CNT"
    assert gold_labels(tokens, GOLD)[-1] == "O"  # the final full stop is nobody's


def test_decoding_gold_labels_gives_back_the_gold_spans():
    tokens = tokenize(TEXT)
    found = decoded(TEXT, gold_labels(tokens, GOLD))
    assert len(found) == 2
    ross, smith = found
    assert ross.source.text == "Ross" and ross.cue.text == "said"
    # A quotation split around its cue, continued in the next sentence: one content in pieces.
    assert [p.text for p in ross.content] == ['"It is going well so far,"', '"Police are out there."']
    assert smith.source.text == "Smith" and smith.cue.text == "told reporters"
    assert [p.text for p in smith.content] == ["the vote was close"]


def test_a_content_running_over_a_paragraph_break_is_cut_into_pieces():
    text = 'He said "the first part\n\nand the second part."'
    labels = ["B-SRC", "B-CUE"] + ["B-CNT"] + ["I-CNT"] * 9
    tokens, _, _ = featurize(text)
    assert len(tokens) == len(labels)
    (found,) = decoded(text, labels)
    assert [p.text for p in found.content] == ['"the first part', 'and the second part."']


def test_one_source_serves_two_cues_and_a_cue_may_have_no_source():
    text = "Jones said the talks failed and added that the vote was close."
    words = [t.text for t in tokenize(text)]
    labels = ["O"] * len(words)
    labels[0] = "B-SRC"
    labels[1] = "B-CUE"
    labels[2:5] = ["B-CNT", "I-CNT", "I-CNT"]
    labels[6] = "B-CUE"
    labels[7:12] = ["B-CNT"] + ["I-CNT"] * 4
    first, second = decoded(text, labels)
    assert first.source.text == second.source.text == "Jones"
    assert [p.text for p in second.content] == ["that the vote was close"]
    labels[0] = "O"
    assert all(a.source is None for a in decoded(text, labels))


def test_an_i_label_after_o_opens_a_chunk():
    assert [(c.role, c.first, c.last) for c in chunks(["O", "I-SRC", "I-SRC", "B-CUE", "I-CNT"])] == [
        ("SRC", 1, 2),
        ("CUE", 3, 3),
        ("CNT", 4, 4),
    ]


def test_bilou_labels_mark_where_each_span_ends():
    assert bilou(["B-SRC", "B-CUE", "B-CNT", "I-CNT", "I-CNT", "O", "B-CNT", "B-CNT", "I-CNT"]) == [
        "U-SRC",
        "U-CUE",
        "B-CNT",
        "I-CNT",
        "L-CNT",
        "O",
        "U-CNT",
        "B-CNT",
        "L-CNT",
    ]


def test_bilou_labels_decode_to_the_same_chunks_as_bio():
    tokens = tokenize(TEXT)
    bio = gold_labels(tokens, GOLD)
    assert gold_labels(tokens, GOLD, "BILOU") == bilou(bio)
    as_spans = [(c.role, c.first, c.last) for c in chunks(bio)]
    assert [(c.role, c.first, c.last) for c in chunks(bilou(bio))] == as_spans
    # A U or an L closes its chunk: an I after it opens the next.
    assert [(c.role, c.first, c.last) for c in chunks(["U-CNT", "I-CNT", "L-CNT", "I-CNT"])] == [
        ("CNT", 0, 0),
        ("CNT", 1, 2),
        ("CNT", 3, 3),
    ]


def test_a_quotation_without_a_cue_continues_the_one_before_only_in_the_same_paragraph():
    # PolNeAR: the next paragraph's quotation is most often someone else's, whose cue
    # the tagger missed, not the same speaker going on.
    same = '"Here he is," she said. "Donald is here."'
    apart = '"Here he is," she said.\n\n"Trump walked onto the stage."'
    for text, pieces in ((same, ['"Here he is,"', '"Donald is here."']), (apart, ['"Here he is,"'])):
        words = [t.text for t in tokenize(text)]
        labels = ["O"] * len(words)
        close = words.index('"', 1)
        labels[: close + 1] = ["B-CNT"] + ["I-CNT"] * close
        labels[close + 1] = "B-SRC"
        labels[close + 2] = "B-CUE"
        labels[close + 4 :] = ["B-CNT"] + ["I-CNT"] * (len(words) - close - 5)
        (found,) = decoded(text, labels)
        assert [p.text for p in found.content] == pieces
