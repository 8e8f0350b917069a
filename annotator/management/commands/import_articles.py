"""Import articles from files and folders (text, HTML and JSON Lines), or from web pages
by their addresses (--url, fetched as the import page fetches them).

Articles go in by batches (`articles_import_batches`: one duplicate lookup, one insert
and one commit per batch, the next batch cleaned while one is stored). One bad file or
line costs only itself: it is reported by name (and line) with the reason, the rest are
imported, and the command exits non-zero at the end. Importing the same text again
stores nothing new.
"""

import itertools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from annotator.models import Project
from annotator.services.articles import ImportItem, ImportResult, SourceResolver, articles_import_batches
from annotator.services.fetching import article_fetch
from annotator.text import (
    HTML,
    JSONL,
    JsonlError,
    UnsupportedFormat,
    decode_bytes,
    parse_jsonl,
    sniff_format,
)

EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}
PROGRESS_EVERY = 100
# Articles per transaction: large enough that the commit is cheap per article, small
# enough that a batch (texts included) stays a few megabytes in memory.
BATCH_SIZE = 200


@dataclass
class Tally:
    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def seen(self) -> int:
        return self.imported + self.duplicates + self.failed


def collect_files(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]], list[tuple[str, str]]]:
    """The files to import under `paths` (folders recursively, in name order), the files
    skipped for their type, and the paths that do not exist, each with a reason."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    missing: list[tuple[str, str]] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for folder, subfolders, filenames in os.walk(path):
                # Hidden folders (.git, .cache) hold no articles.
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for filename in sorted(filenames):
                    _sort(Path(folder) / filename, files, skipped)
        elif path.exists():
            _sort(path, files, skipped)
        else:
            missing.append((name, "no such file or folder"))
    return files, skipped, missing


def _sort(path: Path, files: list[Path], skipped: list[tuple[str, str]]) -> None:
    if path.suffix.lower() in EXTENSIONS:
        files.append(path)
    else:
        skipped.append((str(path), f"not a .txt, .html/.htm or .jsonl file ({path.suffix or 'no extension'})"))


@contextmanager
def _fast_commits(*, enabled: bool):
    """On PostgreSQL, commits that do not wait for the disk, for the length of the import.

    Each article commits on its own, and waiting for each commit to be flushed halves the
    import rate. A crash can then lose the last fraction of a second of commits, never
    consistency; running the same import again stores exactly what is missing, since the
    articles already stored count as duplicates."""
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .html/.htm and .jsonl files and folders (recursively), and from web pages "
        "(--url). "
        "Duplicates are reported and stored once; failures are reported and make the command exit non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to import")
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            metavar="URL",
            help="fetch the article at this address and import it (repeatable); public http(s) addresses only",
        )
        parser.add_argument("--source", default="", help="publisher of articles that do not name one")
        parser.add_argument("--user", default="", help="username recorded as the creator of the articles")
        parser.add_argument(
            "--project", default="", help="slug of the project the new articles join (default: the default project)"
        )
        parser.add_argument("--no-suggest", action="store_true", help="do not queue the suggester for new articles")
        parser.add_argument(
            "--fast",
            action="store_true",
            help="on PostgreSQL, do not wait for each commit to reach the disk (about twice as fast; a crash may "
            "then lose the last moment of an import, which running it again completes)",
        )

    def handle(self, *args, **options):
        if not options["paths"] and not options["url"]:
            raise CommandError("Name files or folders to import, or pages to fetch with --url.")
        self.verbosity = options["verbosity"]
        self.suggest = not options["no_suggest"]
        self.user = self._user(options["user"])
        self.project = self._project(options["project"])
        self.sources = SourceResolver(user=self.user)
        self.default_source = self.sources(options["source"]) if options["source"].strip() else None
        self.tally = Tally()
        self.started = time.monotonic()
        with _fast_commits(enabled=options["fast"]):
            files, skipped, missing = collect_files(options["paths"])
            for name, reason in missing:
                self._fail(name, reason)
            for name, reason in skipped:
                self.tally.skipped += 1
                if self.verbosity >= 1:
                    self.stdout.write(f"skipped {name}: {reason}")
            items = itertools.chain(
                (item for path in files for item in self._items_of(path)),
                (item for url in options["url"] for item in self._items_at(url)),
            )
            batches = articles_import_batches(
                itertools.batched(items, BATCH_SIZE, strict=False),
                user=self.user,
                suggest=self.suggest,
                sources=self.sources,
                # Linked in each batch's transaction: no article is stored outside its project.
                project=self.project,
            )
            for results in batches:
                for result in results:
                    self._report(result)

        tally = self.tally
        elapsed = time.monotonic() - self.started
        summary = (
            f"Imported {tally.imported}, duplicates {tally.duplicates}, failed {tally.failed}, "
            f"skipped {tally.skipped} ({elapsed:.1f}s)."
        )
        if tally.failed:
            self.stdout.write(self.style.WARNING(summary))
            plural = "s" if tally.failed != 1 else ""
            raise CommandError(f"{tally.failed} import{plural} failed; see the messages above.")
        self.stdout.write(self.style.SUCCESS(summary))

    def _project(self, slug: str):
        if not slug.strip():
            return None
        project = Project.objects.filter(slug=slug.strip()).first()
        if project is None:
            raise CommandError(f"No project with the slug {slug.strip()!r}.")
        return project

    def _user(self, username: str):
        if not username:
            return None
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(f"No user called {username!r}.") from error

    def _items_of(self, path: Path) -> Iterator[ImportItem]:
        """The articles in the file at `path`; what cannot be read is reported as failed."""
        try:
            data = path.read_bytes()
        except OSError as error:
            self._fail(str(path), f"cannot be read ({error.strerror or error})")
            return
        if not data.strip():
            self._fail(str(path), "the file is empty")
            return
        try:
            fmt = sniff_format(path.name, data)
        except UnsupportedFormat as error:
            self._fail(str(path), str(error))
            return
        text = decode_bytes(data)
        if fmt != JSONL:
            yield ImportItem(raw=text, fmt="html" if fmt == HTML else "text", source=self.default_source, ref=str(path))
            return
        for record in parse_jsonl(text):
            where = f"{path}:{record.line}"
            if isinstance(record, JsonlError):
                self._fail(where, record.reason)
                continue
            yield ImportItem.of_record(record, ref=where, source=self.default_source)

    def _items_at(self, url: str) -> Iterator[ImportItem]:
        """The article fetched from `url`; an address that cannot be fetched is reported as failed."""
        try:
            fetched = article_fetch(url)
        except ValidationError as error:
            self._fail(url, " ".join(error.messages))
            return
        if self.verbosity >= 2:
            self.stdout.write(f"fetched {url}" + (f" (from {fetched.url})" if fetched.url != url else ""))
        yield ImportItem(
            raw=fetched.raw,
            fmt=fetched.fmt,
            url=fetched.url,
            source=self.default_source or fetched.outlet,
            ref=url,
        )

    def _report(self, result: ImportResult) -> None:
        where = result.item.ref
        if result.error is not None:
            self._fail(where, result.reason)
        elif result.outcome.created:
            self.tally.imported += 1
            if self.verbosity >= 2:
                self.stdout.write(f"imported {where} as article {result.outcome.article.pk}")
        else:
            self.tally.duplicates += 1
            if self.verbosity >= 1:
                self.stdout.write(f"duplicate {where}: already stored as article {result.outcome.duplicate_of.pk}")
        self._progress()

    def _fail(self, where: str, reason: str) -> None:
        self.tally.failed += 1
        self.stderr.write(f"FAILED {where}: {reason}")

    def _progress(self) -> None:
        if self.verbosity >= 1 and self.tally.seen % PROGRESS_EVERY == 0:
            tally = self.tally
            rate = tally.seen / max(time.monotonic() - self.started, 1e-9)
            self.stderr.write(
                f"… {tally.seen} articles: {tally.imported} imported, {tally.duplicates} duplicates, "
                f"{tally.failed} failed ({rate:.0f}/s)"
            )
            self.stderr.flush()
