"""The generator's text: deterministic, and every statement's offsets point at its quote."""

from bench.corpus import Corpus, Scale, statement_counts


def small(seed=1) -> Corpus:
    return Corpus(Scale(articles=40, statements=400, seed=seed), ["Reuters", "AFP", "BBC"], [0, 1])


def test_same_seed_gives_the_same_archive_byte_for_byte():
    first = [doc.body for _i, _f, doc in small().documents()]
    again = [doc.body for _i, _f, doc in small().documents()]
    other = [doc.body for _i, _f, doc in small(seed=2).documents()]
    assert first == again
    assert first != other


def test_every_span_cue_and_speaker_lies_inside_its_article():
    for _index, _first, doc in small().documents():
        for span in doc.spans:
            assert 0 <= span.start < span.end <= len(doc.body)
            assert span.start <= span.cue_start < span.cue_end <= span.end
            assert doc.body[span.cue_start : span.cue_end] == span.cue
            assert doc.body[span.speaker_start : span.speaker_end].casefold() == span.speaker_text.casefold()


def test_statement_counts_sum_to_the_requested_total_with_the_reader_article_first():
    scale = Scale(articles=300, statements=3000)
    counts = statement_counts(scale)
    assert sum(counts) == 3000
    assert counts[0] == scale.reader_statements == 200
    assert min(counts) == 0  # some articles have no statements, as in a real archive


def test_articles_are_unique_news_like_texts_of_the_requested_length():
    corpus = Corpus(Scale(articles=60, statements=300, min_chars=2000, max_chars=6000), ["Reuters"], [0])
    bodies = [doc.body for _i, _f, doc in corpus.documents()]
    assert len(set(bodies)) == len(bodies)
    assert all(1800 <= len(body) <= 6600 for body in bodies)


def test_hot_proposition_gets_its_share_of_statements():
    corpus = small()
    about_first = sum(span.proposition == 0 for _i, _f, doc in corpus.documents() for span in doc.spans)
    assert about_first == corpus.scale.hot_statements == 100
