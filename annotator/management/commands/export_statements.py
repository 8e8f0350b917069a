"""Export statements as the web export does, filtered by the same parameters:

manage.py export_statements --stance denial --source 3 --q iran --format csv -o denials.csv
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from annotator.exports.pipeline import export_chunks
from annotator.filters import StatementFilter
from annotator.selectors.exports import STATEMENT_ORDERING, ExportFilterError


class Command(BaseCommand):
    help = "Export statements (CSV, JSONL or W3C Web Annotation JSON-LD), filtered like the API and the web export."

    def add_arguments(self, parser):
        for name, filter_ in StatementFilter.base_filters.items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=str(filter_.label or name))
        parser.add_argument(
            "--ordering",
            help=f"Comma-separated, of {', '.join(sorted(STATEMENT_ORDERING.names))}; prefix with - for descending.",
        )
        parser.add_argument("--format", choices=["csv", "jsonl", "w3c"], default="csv")
        parser.add_argument("--bom", action="store_true", help="Start the CSV with a UTF-8 byte-order mark.")
        parser.add_argument("-o", "--output", help="File to write; standard output when left out.")

    def handle(self, *args, **options):
        params = QueryDict(mutable=True)
        for name in [*StatementFilter.base_filters, "ordering"]:
            if options.get(name) is not None:
                params[name] = options[name]
        try:
            chunks = export_chunks("statements", options["format"], params, bom=options["bom"])
        except ExportFilterError as error:
            raise CommandError(str(error)) from None
        if options["output"]:
            with open(options["output"], "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
        else:
            # Bytes straight to a real stdout; text to a StringIO (call_command in tests).
            stream = getattr(self.stdout, "_out", sys.stdout)
            binary = getattr(stream, "buffer", None)
            for chunk in chunks:
                if binary is not None:
                    binary.write(chunk)
                else:
                    stream.write(chunk.decode("utf-8"))
            (binary or stream).flush()
