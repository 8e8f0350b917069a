from django.core.management.base import BaseCommand, CommandError

from annotator.services.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database's users, articles, statements and history with a backup FILE. "
        "The file is verified first; meanwhile the app answers 503 (maintenance mode). "
        "All or nothing: a failure leaves the database as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file, yes, **options):
        if not yes:
            answer = input("This replaces all annotator data in this database. Type 'restore' to go on: ")
            if answer.strip() != "restore":
                raise CommandError("Restore cancelled.")
        try:
            counts = backup_restore(file)
        except Exception as error:  # any failure: the transaction rolled back; say why
            raise CommandError(f"Restore failed, nothing changed: {error}") from error
        for label, count in counts.items():
            self.stdout.write(f"{label:40} {count:>10}")
        self.stdout.write(self.style.SUCCESS(f"Restored from {file}"))
