from django.core.management.base import BaseCommand, CommandError

from annotator.services.backup import backup_counts, backup_write


class Command(BaseCommand):
    help = "Write everything (users, articles, statements, history...) to FILE (.jsonl or .jsonl.gz)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            backup_write(file)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        for label, count in backup_counts().items():
            self.stdout.write(f"{label:40} {count:>10}")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {file}"))
