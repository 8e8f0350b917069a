"""Run the suggester: on a stored article (creating pending suggestions), or on a text
file (printing them, one JSON object a line, storing nothing)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from annotator import suggest as suggester
from annotator.models import Article
from annotator.services.suggestions import known_actor_index, source_names, suggestions_generate, tagger_options
from annotator.text import clean_text, decode_bytes


class Command(BaseCommand):
    help = (
        "Suggest attributed statements. `suggest --article ID` stores pending suggestions for a stored article "
        "and prints the counts; `suggest FILE` prints the suggestions for a text file, one JSON object a line "
        "(start, end, quote, stance, direct, source, cue, speaker, via), with offsets into the cleaned text, or "
        "into the file's text as is with --no-clean."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a text file to read (nothing is stored)")
        parser.add_argument("--article", type=int, help="the id of a stored article to suggest for")
        parser.add_argument("--no-clean", action="store_true", help="use the file's text as is, without cleaning")
        parser.add_argument("--format", choices=["jsonl", "text"], default="jsonl", help="output format")

    def handle(self, *args, **options):
        if (options["article"] is None) == (options["file"] is None):
            raise CommandError("Give either --article ID or a FILE, not both and not neither.")
        if options["article"] is not None:
            return self._article(options["article"])
        return self._file(options["file"], clean=not options["no_clean"], fmt=options["format"])

    def _article(self, article_id: int) -> None:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise CommandError(f"No article with id {article_id}.")
        run = suggestions_generate(article=article)
        self.stdout.write(
            f"Article {article.pk}: {run.created} created, {run.skipped_existing} already there, "
            f"{run.skipped_rejected} rejected before (not proposed again)"
            + (f", {run.dropped} dropped over the per-article cap." if run.dropped else ".")
        )

    def _file(self, name: str, *, clean: bool, fmt: str) -> None:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"{name}: no such file.")
        try:
            text = decode_bytes(path.read_bytes())
        except (OSError, UnicodeError, ValueError) as error:
            raise CommandError(f"{name}: cannot be read as text ({error}).") from error
        if clean:
            text = clean_text(text).body
        try:  # the outlets and actors already known are read from the database
            sources, actors = source_names(None), known_actor_index()
        except DatabaseError as error:
            raise CommandError(
                f"The database is not ready ({error}). Run `manage.py migrate` first (`make run` does)."
            ) from error
        suggestions = suggester.suggest(text, sources=sources, actors=actors, tagger=tagger_options())
        for suggestion in suggestions:
            if fmt == "jsonl":
                row = suggestion.as_dict()
                row = {
                    key: row[key]
                    for key in ("start", "end", "quote", "stance", "direct", "source", "cue", "speaker", "via")
                }
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                who = suggestion.speaker or (suggestion.source.text if suggestion.source else "?")
                via = f" via {suggestion.via}" if suggestion.via else ""
                self.stdout.write(
                    f"{suggestion.start}-{suggestion.end} {suggestion.stance} {who}{via}: {suggestion.quote[:100]}"
                )
