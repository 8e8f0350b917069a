"""Learning from reviews: what a reviewer's decision on a suggestion is predicted from.

Pure Python, no Django (like the rest of `annotator.suggest`):

- `features`: a suggestion and its article's text -> named feature values;
- `scorer`: a trained model as plain JSON (feature weights), and the confidences it gives;
- `train`: fitting that model on reviewed examples (scikit-learn, imported only to train);
- `metrics`: precision, recall, calibration and Brier score on held-back reviews, and the
  rule that lets a retrained model go live."""

from .features import Candidate, features
from .metrics import Evaluation, evaluate
from .scorer import Scorer

__all__ = ["Candidate", "Evaluation", "Scorer", "evaluate", "features"]
