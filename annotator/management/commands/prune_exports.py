"""Remove prepared export files older than a number of days (run it daily, e.g. from cron)."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from annotator.services.export_files import export_files_prune


class Command(BaseCommand):
    help = (
        "Remove the files of background exports finished more than --days ago (default: ANNOTATOR_EXPORT_KEEP_DAYS), "
        "and files in the export directory that no job names. The jobs stay; their pages say the file was removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=float, default=None, help="keep files younger than this many days")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else settings.ANNOTATOR_EXPORT_KEEP_DAYS
        if not days >= 0:
            raise CommandError(f"--days must be 0 or more, not {days}.")
        pruned = export_files_prune(older_than=dt.timedelta(days=days))
        self.stdout.write(
            f"Removed {pruned.files} export file(s) older than {days:g} day(s) ({filesizeformat(pruned.bytes)}) "
            f"and {pruned.leftovers} file(s) no job names."
        )
