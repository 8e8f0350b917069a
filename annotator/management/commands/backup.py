from django.core.management.base import BaseCommand, CommandError

from annotator.services.backup import BackupInvalid, Verification, backup_verify, backup_write


class Command(BaseCommand):
    help = (
        "Write everything (users, articles, statements, history...) to FILE (.jsonl or .jsonl.gz), "
        "as of one moment however busy the app is, with FILE.manifest.json beside it; then check the file. "
        "With --verify, only check an existing FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Check FILE, written before: whole, every reference in it, every row's history, the counts.",
        )

    def handle(self, *args, file, verify, **options):
        if verify:
            verification = backup_verify(file)
        else:
            try:
                verification = backup_write(file)
            except BackupInvalid as error:
                verification = error.verification
            except (ValueError, OSError, RuntimeError) as error:
                raise CommandError(str(error)) from error
        self._report(verification)
        if not verification.ok:
            raise CommandError(f"{file} does not verify: do not restore it.")
        done = "verified" if verify else "written and verified"
        self.stdout.write(self.style.SUCCESS(f"Backup {done}: {file}"))

    def _report(self, verification: Verification) -> None:
        # The file's own counts, read back from it (not the database's, which may have moved on).
        for label, count in verification.counts.items():
            self.stdout.write(f"{label:40} {count:>10}")
        if verification.manifest:
            self.stdout.write(f"Snapshot taken at {verification.manifest.get('taken_at')}")
        for error in verification.errors:
            self.stderr.write(f"  ✗ {error}")
