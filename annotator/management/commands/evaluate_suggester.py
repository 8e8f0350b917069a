"""Score the suggester on gold data: the real-news development set (records with
"statements", see annotator/suggest/devset.py for its measures and matching rule) or
PolNeAR attributions (records with "attributions").

Dev set: statement P/R, denial and claim P/R/F1, and on matched statements stance and
speaker accuracy and the relaying outlet where the gold names one. A suggestion matches
a gold statement when they share at least half of the shorter span, one to one, greedily.

PolNeAR matching definitions (per article, per role: source, cue, content; one gold span to at
most one predicted span):

- a span is its pieces: the `fragments` of a discontinuous gold span when present,
  else [start, end); a prediction's content pieces are the pieces of a quotation split
  around its cue. Pieces are trimmed of surrounding whitespace, nothing else;
- exact: predicted pieces equal gold pieces character for character. This is
  span-level, stricter than the token-level exact match of the published PolNeAR
  results (a span missing one word, or keeping a full stop the annotator left out, is
  wrong here);
- overlap: predicted and gold pieces share at least one character, pairs matched one to
  one, largest overlap first.

Gold attributions with a null source (or cue) have no gold span for that role.
Precision = matched predictions / predictions, recall = matched gold spans / gold
spans, micro-averaged over all articles (an article annotated twice counts twice)."""

from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotator import suggest as suggest_package
from annotator.suggest import devset, evaluate, suggest, tagger


class Command(BaseCommand):
    help = __doc__

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help="gold data: the dev set or PolNeAR, JSON Lines (one article a line)")
        parser.add_argument(
            "--verbose", action="store_true", help="also print F1 per article (PolNeAR) or every mistake (dev set)"
        )
        parser.add_argument("--limit", type=int, help="score only the first N articles")
        parser.add_argument(
            "--tagger",
            action="store_true",
            help="also score the trained tagger alone (PolNeAR) and the suggester as the app runs it, the tagger's "
            "spans combined with the rules (ANNOTATOR_SUGGEST_* settings), beside the rules",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be 1 or more.")
        if devset.is_devset(path):
            return self._devset(path, options)
        try:
            articles = list(evaluate.load(path, limit=options["limit"]))
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        if not articles:
            raise CommandError(f"{path}: no articles in it.")
        total, per_article = evaluate.evaluate(articles, evaluate.predict_with_suggester)
        tagger_options = self._tagger_options() if options["tagger"] else None
        if options["verbose"]:
            self.stdout.write(f"{'article':<60} {'src ex':>6} {'cue ex':>6} {'cnt ex':>6} {'cnt ov':>6}")
            for article_id, report in per_article:
                self.stdout.write(
                    f"{article_id[:60]:<60} {100 * report.f1('exact', 'source'):6.1f} "
                    f"{100 * report.f1('exact', 'cue'):6.1f} {100 * report.f1('exact', 'content'):6.1f} "
                    f"{100 * report.f1('overlap', 'content'):6.1f}"
                )
            self.stdout.write("")
        self.stdout.write(f"{total.articles} articles, {path.name}" + (", rules" if options["tagger"] else ""))
        self.stdout.write(total.table())
        if tagger_options is not None:
            alone = partial(tagger.predict, model=tagger_options.model, lm_dir=tagger_options.lm_dir)
            self.stdout.write(f"\n{total.articles} articles, {path.name}, tagger")
            self.stdout.write(evaluate.evaluate(articles, alone)[0].table())
            self.stdout.write(
                f"\n{total.articles} articles, {path.name}, rules with the tagger ({tagger_options.merge})"
            )
            wired = partial(evaluate.predict_with_suggester, tagger=tagger_options)
            self.stdout.write(evaluate.evaluate(articles, wired)[0].table())

    def _tagger_options(self):
        from annotator.services.suggestions import tagger_options

        options = tagger_options() or suggest_package.TaggerOptions()
        if not options.available():
            raise CommandError(f"{options.model}: no tagger weights; build them with `manage.py train_tagger`.")
        return options

    def _devset(self, path: Path, options) -> None:
        try:
            excerpts = list(devset.load(path, limit=options["limit"]))
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        if not excerpts:
            raise CommandError(f"{path}: no excerpts in it.")
        report = devset.evaluate(excerpts, suggest)
        if options["tagger"]:
            tagger_options = self._tagger_options()
            with_tagger = devset.evaluate(excerpts, partial(suggest, tagger=tagger_options))
        if options["verbose"]:
            for mistake in report.mistakes:
                self.stdout.write(
                    f"{mistake.excerpt:<10} {mistake.kind:<8} gold: {mistake.gold} | got: {mistake.predicted}"
                )
            self.stdout.write("")
        self.stdout.write(
            f"{report.excerpts} excerpts, {report.statements.gold} statements, {path.name}"
            + (", rules" if options["tagger"] else "")
        )
        self.stdout.write(report.table())
        if options["tagger"]:
            self.stdout.write(
                f"\n{report.excerpts} excerpts, {path.name}, rules with the tagger ({tagger_options.merge})"
            )
            self.stdout.write(with_tagger.table())
