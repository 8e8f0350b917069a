"""Reads for the model page: the live scorer, the history of retrains with their held-back
figures before and after, the reviews kept as training examples, and the charts."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from annotator.models import ReviewExample, ReviewOutcome, ScorerModel, ScorerStatus
from annotator.plots import calibration_chart, line_chart
from annotator.services.learning import reviews_since_last_training
from annotator.suggest.confidence import Scorer
from annotator.suggest.confidence.metrics import Evaluation

HISTORY_LIMIT = 50
BEFORE, AFTER = "#9a3412", "#1d4ed8"


@dataclass
class Retrain:
    row: ScorerModel
    before: Evaluation | None
    after: Evaluation | None


def _bins(figures: Evaluation | None):
    if figures is None:
        return []
    return [(b.predicted, b.observed) if b.count else None for b in figures.calibration]


def _charts(history: list[Retrain]) -> dict[str, str]:
    judged = [item for item in reversed(history) if item.after is not None]  # oldest first
    charts = {}
    if not judged:
        return charts
    ticks = [(number, f"#{item.row.pk}") for number, item in enumerate(judged, 1)]
    low, high = 0.5, len(judged) + 0.5

    def points(which: str, measure: str):
        return [(n, getattr(getattr(item, which), measure)) for n, item in enumerate(judged, 1) if getattr(item, which)]

    for measure in ("precision", "recall"):
        charts[measure] = line_chart(
            f"{measure.capitalize()} on held-back reviews, before and after each retrain",
            [
                ("before (model replaced)", BEFORE, points("before", measure), True),
                ("after (retrained)", AFTER, points("after", measure), False),
            ],
            x_label="retrain",
            y_label=measure,
            x_ticks=ticks,
            low=low,
            high=high,
        )
    latest = judged[-1]
    charts["calibration"] = calibration_chart(
        f"Calibration of retrain #{latest.row.pk} on held-back reviews",
        [("before", BEFORE, _bins(latest.before), True), ("after", AFTER, _bins(latest.after), False)],
    )
    return charts


def scorer_page(project=None) -> dict:
    rows = list(ScorerModel.objects.filter(project=project).select_related("started_by")[:HISTORY_LIMIT])
    history = [Retrain(row, Evaluation.from_json(row.before), Evaluation.from_json(row.after)) for row in rows]
    live = next((item for item in history if item.row.status == ScorerStatus.LIVE), None)
    if live is None:  # older than the page's history
        row = ScorerModel.objects.filter(project=project, status=ScorerStatus.LIVE).first()
        live = Retrain(row, Evaluation.from_json(row.before), Evaluation.from_json(row.after)) if row else None
    counts = dict(
        ReviewExample.objects.filter(project=project).values_list("outcome").annotate(n=Count("id")).order_by()
    )
    return {
        "history": history,
        "live": live,
        "weights": Scorer.from_json(live.row.coefficients).top_weights(10) if live else [],
        "outcomes": [(label, counts.get(value, 0)) for value, label in ReviewOutcome.choices],
        "reviews": sum(counts.values()),
        "since_training": reviews_since_last_training(project),
        "every": settings.ANNOTATOR_RETRAIN_EVERY,
        "charts": _charts(history),
    }
