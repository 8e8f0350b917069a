"""Agreement figures against values computed by hand on a small fixture.

Article 1 (annotators A and B; speakers s1..s4, propositions p1..p2, outlet v1):

    A: a1 [0,10)    claim   s1 p1 -      B: b1 [0,10)    claim   s1 p1 -     exact
       a2 [20,40)   denial  s2 p1 v1        b2 [22,40)   claim   s2 p2 v1    overlap 18/18
       a3 [50,60)   claim   s1 p2 -         b3 [55,70)   denial  s4 p2 -     overlap 5/10 = 0.5
       a4 [100,110) claim   s3 -  -         b5 [107,125) claim   s3 -  -     3/10 < 0.5: no match
                                            b4 [200,210) claim   -  -  -     nothing near

Article 2: A [0,5) claim, [10,20) denial; B the very same spans and stances (2 exact).
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotator.agreement import Span, align, align_rows, pair_counts, project_agreement
from annotator.agreement.coefficients import cohen_kappa, krippendorff_alpha

A1 = [
    Span("a1", 0, 10, "claim", "s1", "p1", None),
    Span("a2", 20, 40, "denial", "s2", "p1", "v1"),
    Span("a3", 50, 60, "claim", "s1", "p2", None),
    Span("a4", 100, 110, "claim", "s3", None, None),
]
B1 = [
    Span("b1", 0, 10, "claim", "s1", "p1", None),
    Span("b2", 22, 40, "claim", "s2", "p2", "v1"),
    Span("b3", 55, 70, "denial", "s4", "p2", None),
    Span("b4", 200, 210, "claim", None, None, None),
    Span("b5", 107, 125, "claim", "s3", None, None),
]
A2 = [Span("a5", 0, 5, "claim"), Span("a6", 10, 20, "denial")]
B2 = [Span("b6", 0, 5, "claim"), Span("b7", 10, 20, "denial")]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.UndefinedMetricWarning")
@pytest.mark.filterwarnings("ignore:A single label was found:UserWarning")
@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda n: st.tuples(
            st.lists(st.sampled_from(["claim", "denial", "none"]), min_size=n, max_size=n),
            st.lists(st.sampled_from(["claim", "denial", "none"]), min_size=n, max_size=n),
        )
    )
)
def test_cohens_kappa_is_scikit_learns(pair):
    """The textbook formula the app uses gives scikit-learn's figures (which the web
    workers do not load); both are undefined when chance agreement is total."""
    first, second = pair
    ours = cohen_kappa(first, second)
    theirs = cohen_kappa_score(first, second)
    if ours is None:
        assert len(set(first) | set(second)) == 1
        assert math.isnan(theirs)
    else:
        assert ours == pytest.approx(theirs)


def keys(alignment):
    return [(a.key, b.key) for a, b in alignment.pairs]


def test_spans_match_exactly_or_by_half_the_shorter_span():
    alignment = align(A1, B1)
    assert keys(alignment) == [("a1", "b1"), ("a2", "b2"), ("a3", "b3")]
    assert alignment.exact == 1
    assert [a.key for a in alignment.only_first] == ["a4"]
    assert [b.key for b in alignment.only_second] == ["b5", "b4"]


def test_an_exact_pair_is_taken_before_a_larger_overlap():
    """b covers a exactly; c holds a entirely too (share 1.0). The exact one wins."""
    a = [Span("a", 10, 20, "claim")]
    b = [Span("c", 0, 30, "claim"), Span("b", 10, 20, "claim")]
    assert keys(align(a, b)) == [("a", "b")]


def test_matching_is_one_to_one_best_share_first():
    """x [0,10) overlaps y [0,8) by 8/8 = 1.0 and z [5,15) by 5/10 = 0.5: x takes y, z stays."""
    alignment = align([Span("x", 0, 10, "claim")], [Span("z", 5, 15, "claim"), Span("y", 0, 8, "claim")])
    assert keys(alignment) == [("x", "y")]
    assert [s.key for s in alignment.only_second] == ["z"]


def test_article_one_by_hand():
    """|A| = 4, |B| = 5, exact matches 1, all matches 3.
    F1 exact = 2·1/9 = 0.2222; F1 overlap = 2·3/9 = 0.6667.
    Stances of the matched pairs: (c,c), (d,c), (c,d). p_o = 1/3.
    A: claim 2/3, denial 1/3; B the same. p_e = 4/9 + 1/9 = 5/9.
    kappa = (1/3 - 5/9) / (1 - 5/9) = (-2/9) / (4/9) = -0.5.
    Alpha (nominal): 6 values, claim 4, denial 2; coincidences o_cd = o_dc = 2, n = 6.
    D_o = 4/6; D_e = 2·4·2 / (6·5) = 16/30; alpha = 1 - (4/6)/(16/30) = 1 - 1.25 = -0.25.
    Speaker: s1=s1, s2=s2, s1≠s4 → 2/3. Proposition: p1=p1, p1≠p2, p2=p2 → 2/3.
    Via: -=-, v1=v1, -=- → 3/3."""
    c = pair_counts(A1, B1)
    assert (c.first_total, c.second_total, c.exact, c.matched) == (4, 5, 1, 3)
    assert c.f1_exact == pytest.approx(2 / 9)
    assert c.f1_overlap == pytest.approx(6 / 9)
    assert c.stance_agreement == pytest.approx(1 / 3)
    assert c.stance_kappa == pytest.approx(-0.5)
    assert c.stance_alpha == pytest.approx(-0.25)
    assert c.speaker_agreement == pytest.approx(2 / 3)
    assert c.proposition_agreement == pytest.approx(2 / 3)
    assert c.via_agreement == 1.0
    assert c.confusion() == {
        ("claim", "claim"): 1,
        ("claim", "denial"): 1,
        ("denial", "claim"): 1,
        ("denial", "denial"): 0,
    }


def test_project_pools_the_counts_of_its_articles():
    """Both articles: |A| = 6, |B| = 7, exact 1 + 2 = 3, all matches 3 + 2 = 5.
    F1 exact = 6/13; F1 overlap = 10/13.
    Stances: (c,c) (d,c) (c,d) (c,c) (d,d): p_o = 3/5; A claim 3/5, denial 2/5, B the same;
    p_e = 9/25 + 4/25 = 13/25; kappa = (15/25 - 13/25) / (12/25) = 1/6.
    Alpha: 10 values, claim 6, denial 4; o_cd + o_dc = 4; D_o = 4/10;
    D_e = 2·6·4 / (10·9) = 48/90; alpha = 1 - 0.4 / (48/90) = 1 - 0.75 = 0.25.
    Averaging the two articles' F1 instead would give (0.6667 + 1) / 2 = 0.8333, not 10/13."""
    result = project_agreement({1: {"A": A1, "B": B1}, 2: {"A": A2, "B": B2}})
    overall = result.overall
    assert overall.articles == 2
    assert overall.f1_exact == pytest.approx(6 / 13)
    assert overall.f1_overlap == pytest.approx(10 / 13)
    assert overall.stance_kappa == pytest.approx(1 / 6)
    assert overall.stance_alpha == pytest.approx(0.25)
    assert list(result.pairs) == [("A", "B")]
    assert [a.overall.f1_overlap for a in result.articles] == [pytest.approx(6 / 9), 1.0]


def test_every_pair_of_three_annotators_is_scored_once():
    """C marked exactly what A marked on article 2: pairs (A,B), (A,C), (B,C), each F1 1."""
    result = project_agreement({2: {"C": list(A2), "B": B2, "A": A2}})
    assert list(result.pairs) == [("A", "B"), ("A", "C"), ("B", "C")]
    assert all(c.f1_exact == 1.0 for c in result.pairs.values())
    assert result.overall.articles == 1


def test_an_annotator_who_marked_nothing_scores_zero_not_missing():
    c = pair_counts(A2, [])
    assert c.f1_exact == 0.0
    assert c.stance_kappa is None and c.speaker_agreement is None


def test_coefficients_are_undefined_when_every_label_is_the_same():
    """All claims: p_e = 1 and D_e = 0, so kappa and alpha have no value (not 1, not 0)."""
    assert cohen_kappa(["claim"] * 3, ["claim"] * 3) is None
    assert krippendorff_alpha(["claim"] * 3, ["claim"] * 3) is None


def test_perfect_agreement_on_two_labels_is_one():
    labels = ["claim", "denial", "claim"]
    assert cohen_kappa(labels, labels) == pytest.approx(1.0)
    assert krippendorff_alpha(labels, labels) == pytest.approx(1.0)


def test_rows_for_adjudication_hold_one_statement_per_annotator():
    """Three annotators: C's [0,9) overlaps row 1 (a1, b1) by 9/9; C's [300,310) is alone."""
    c = [Span("c1", 0, 9, "claim"), Span("c2", 300, 310, "denial")]
    rows = align_rows({"A": A1, "B": B1, "C": c})
    as_keys = [{who: s.key for who, s in row.items()} for row in rows]
    assert as_keys == [
        {"A": "a1", "B": "b1", "C": "c1"},
        {"A": "a2", "B": "b2"},
        {"A": "a3", "B": "b3"},
        {"A": "a4"},
        {"B": "b5"},
        {"B": "b4"},
        {"C": "c2"},
    ]
