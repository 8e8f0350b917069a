"""Prepared export files are kept for a while, then removed: an archive export is
hundreds of megabytes, and every "Prepare as a file" writes a new one.

The job stays, with its row count and size, and its page says when the file was
removed; preparing it again is one click. A job stops naming its file before the file
is deleted, so a download never finds a name without its file."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from annotator.models import Job, JobKind, JobStatus


@dataclass
class Pruned:
    files: int = 0
    bytes: int = 0
    leftovers: int = 0


def export_files_prune(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> Pruned:
    """Remove the files of exports finished more than `older_than` ago, and any file in
    the export directory no job names (a deleted job's, a crashed run's partial one)
    untouched for as long."""
    from annotator.tasks import EXPORT_FILE, PARTIAL_EXPORT_FILE, export_dir, export_path

    now = now or timezone.now()
    cutoff = now - older_than
    directory = export_dir()
    pruned = Pruned()
    expired = Job.objects.filter(kind=JobKind.EXPORT, status=JobStatus.SUCCEEDED, finished_at__lt=cutoff).exclude(
        file=""
    )
    for job in expired.only("id", "file", "result"):
        result = {**job.result, "file_removed_at": now.isoformat()}
        # Filtered on the name: a retry that wrote a new file meanwhile keeps it.
        if Job.objects.filter(pk=job.pk, file=job.file).update(file="", result=result):
            pruned.files += 1
            if (path := export_path(job.file)) is not None:
                pruned.bytes += _unlink(path)
    if directory.is_dir():
        named = set(Job.objects.exclude(file="").values_list("file", flat=True))
        for path in directory.iterdir():
            # Only what the export task writes is ours to delete.
            ours = EXPORT_FILE.fullmatch(path.name) or PARTIAL_EXPORT_FILE.fullmatch(path.name)
            if not ours or path.name in named:
                continue
            if dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC) < cutoff:
                _unlink(path)
                pruned.leftovers += 1
    return pruned


def _unlink(path) -> int:
    try:
        size = path.stat().st_size
        path.unlink()
    except FileNotFoundError:
        return 0
    return size
