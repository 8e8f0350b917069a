"""Inter-annotator agreement on attributed statements, in pure Python (no Django).

Two annotators' statements on one article are aligned (`align`), then scored
(`scores`): statement-level F1 with exact and with overlapping spans, and on the
statements both marked, agreement on stance (observed, Cohen's kappa, Krippendorff's
alpha), speaker, proposition and relaying outlet, with a claim-vs-denial confusion table.
Scores of several articles or pairs of annotators add up (`PairCounts.__add__`), so a
project's figure is computed from the pooled counts, not averaged from ratios."""

from .align import Alignment, Span, align, align_rows
from .project import ArticleAgreement, ProjectAgreement, project_agreement
from .scores import PairCounts, pair_counts

__all__ = [
    "Alignment",
    "ArticleAgreement",
    "PairCounts",
    "ProjectAgreement",
    "Span",
    "align",
    "align_rows",
    "pair_counts",
    "project_agreement",
]
