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

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

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
        parser.add_argument("--tagger", action="store_true", help="also score the trained tagger, beside the rules")

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
        if options["tagger"]:
            if not tagger.available():
                raise CommandError(f"{tagger.MODEL}: no tagger weights; build them with `manage.py train_tagger`.")
            self.stdout.write(f"\n{total.articles} articles, {path.name}, tagger")
            self.stdout.write(evaluate.evaluate(articles, tagger.predict)[0].table())

    def _devset(self, path: Path, options) -> None:
        try:
            excerpts = list(devset.load(path, limit=options["limit"]))
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        if not excerpts:
            raise CommandError(f"{path}: no excerpts in it.")
        report = devset.evaluate(excerpts, suggest)
        if options["verbose"]:
            for mistake in report.mistakes:
                self.stdout.write(
                    f"{mistake.excerpt:<10} {mistake.kind:<8} gold: {mistake.gold} | got: {mistake.predicted}"
                )
            self.stdout.write("")
        self.stdout.write(f"{report.excerpts} excerpts, {report.statements.gold} statements, {path.name}")
        self.stdout.write(report.table())
