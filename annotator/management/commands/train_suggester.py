"""Train the suggestion scorer on the team's reviews (every accept, reject and correction
kept as a training example) and print how it did on the held-back reviews beside the
live scorer. It goes live only if it does no worse; either way the run is kept and shown
on the model page. A refusal is a normal outcome; `--check` makes it exit with status 1."""

from django.core.management.base import BaseCommand, CommandError

from annotator.models import Project, ScorerStatus
from annotator.services.learning import scorer_train
from annotator.suggest.confidence.metrics import Evaluation


def _line(label: str, figures: Evaluation | None) -> str:
    if figures is None:
        return f"  {label:<8} -"
    return (
        f"  {label:<8} precision {100 * figures.precision:5.1f}%  recall {100 * figures.recall:5.1f}%  "
        f"Brier {figures.brier:.4f}  average precision {figures.average_precision:.4f}  ({figures.count} reviews)"
    )


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--project", help="slug of the project whose scorer to train (default: the installation's)")
        parser.add_argument("--check", action="store_true", help="exit with status 1 if the new scorer was refused")

    def handle(self, *args, **options):
        project = None
        if options["project"]:
            project = Project.objects.filter(slug=options["project"]).first()
            if project is None:
                raise CommandError(f"No project with the slug {options['project']!r}.")
        row = scorer_train(project=project, trigger="command")
        self.stdout.write(f"Scorer {row.pk}: {row.get_status_display().lower()}: {row.reason}")
        self.stdout.write(f"  trained on {row.trained_on} reviews, judged on {row.held_back} held back")
        self.stdout.write(_line("before", Evaluation.from_json(row.before)))
        self.stdout.write(_line("after", Evaluation.from_json(row.after)))
        if options["check"] and row.status != ScorerStatus.LIVE:
            raise CommandError("The new scorer was refused.")
