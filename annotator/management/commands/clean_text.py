"""Show what the cleaner makes of a file, without storing anything."""

import sys
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotator.text import (
    HTML,
    JSONL,
    CleanResult,
    UnsupportedFormat,
    clean_text,
    decode_bytes,
    extract_html,
    sniff_format,
)
from annotator.text.scoring import SetScore, format_scores, gold_pairs, paragraphs_of, score_page

_SHOWN = 100


def read_input(name: str, stdin) -> bytes:
    """The bytes of file `name` ("-" for standard input), or a CommandError saying why not."""
    if name == "-":
        data = (stdin.buffer if hasattr(stdin, "buffer") else stdin).read()
        return data.encode("utf-8") if isinstance(data, str) else data
    path = Path(name)
    if not path.exists():
        raise CommandError(f"{name}: no such file.")
    if path.is_dir():
        raise CommandError(f"{name}: is a folder, not a file.")
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"{name}: cannot be read ({error.strerror or error}).") from error


def format_report(result: CleanResult) -> str:
    """What the page told (title, author, date, outlet), what cleaning set apart, kept
    but flagged, and dropped, grouped by reason, one line per paragraph."""
    lines = []
    told = [
        f"{label}: {value}"
        for label, value in (
            ("Title", result.title),
            ("Author", result.author),
            ("Published", result.published),
            ("Outlet", result.outlet),
        )
        if value
    ]
    lines.extend(told)
    if result.flagged:
        lines.append("Kept, but check (the cleaner was unsure):")
        lines.extend(f"  {_short(item.text)} ({item.reason})" for item in result.flagged)
    if result.caption:
        lines.append("Caption (kept apart from the body):")
        lines.extend(f"  {_short(caption)}" for caption in result.caption.split("\n\n"))
    if not result.dropped:
        lines.append("Nothing was dropped.")
        return "\n".join(lines)
    grouped: dict[str, list[str]] = defaultdict(list)
    for item in result.dropped:
        grouped[item.reason].append(item.text)
    lines.append(f"Dropped {len(result.dropped)} paragraph{'s' if len(result.dropped) != 1 else ''}:")
    for reason, texts in grouped.items():
        lines.append(f"  {reason} ({len(texts)}):")
        lines.extend(f"    - {_short(text)}" for text in texts)
    return "\n".join(lines)


def score_folder(folder: str) -> SetScore:
    """Every page of a gold folder cleaned and scored against its hand-cleaned body."""
    path = Path(folder)
    if not path.is_dir():
        raise CommandError(f"{folder}: not a folder of NAME.raw.txt and NAME.gold.txt files.")
    pairs = gold_pairs(path)
    if not pairs:
        raise CommandError(f"{folder}: has no NAME.gold.txt file with its NAME.raw.txt beside it.")
    pages = []
    for name, raw, gold in pairs:
        cleaned = clean_text(decode_bytes(raw.read_bytes()))
        pages.append(score_page(name, cleaned.paragraphs, paragraphs_of(decode_bytes(gold.read_bytes()))))
    return SetScore(pages)


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


class Command(BaseCommand):
    help = (
        'Print the cleaned body of a text or HTML file ("-" reads standard input). '
        "With --report, say on standard error what was dropped and why. "
        "With --score GOLD, score the cleaner on a folder of raw pages and hand-cleaned bodies."
    )

    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help='the file to clean, or "-" for standard input')
        parser.add_argument(
            "--score",
            metavar="GOLD",
            help="score the cleaner on a folder of NAME.raw.txt pages and their hand-cleaned NAME.gold.txt bodies: "
            "paragraph precision and recall per page and on average",
        )
        parser.add_argument("--report", action="store_true", help="list what was dropped and why (on stderr)")
        parser.add_argument(
            "--format", choices=["auto", "text", "html"], default="auto", help="how to read the file (default: sniff)"
        )

    def handle(self, *args, **options):
        if options.get("score"):
            self.stdout.write(format_scores(score_folder(options["score"])))
            return
        name = options["file"]
        if not name:
            raise CommandError('Name a file to clean ("-" for standard input), or give --score GOLD.')
        data = read_input(name, options.get("stdin") or sys.stdin)
        if not data.strip():
            raise CommandError(f"{name}: is empty.")
        fmt = options["format"]
        if fmt == "auto":
            try:
                fmt = sniff_format(name, data)
            except UnsupportedFormat as error:
                raise CommandError(str(error)) from error
        if fmt == JSONL:
            raise CommandError(f"{name}: is JSON Lines (many articles); import it with import_articles.")
        text = decode_bytes(data)
        if fmt == HTML:
            text = extract_html(text).text
        result = clean_text(text)
        if options["report"]:
            self.stderr.write(format_report(result))
        if not result.body:
            raise CommandError(f"{name}: nothing is left after cleaning.")
        self.stdout.write(result.body)
