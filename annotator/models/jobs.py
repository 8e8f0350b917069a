"""Background jobs: a bulk import, a suggester run over many articles, an export to a file.

A Job is what the analyst sees (status, progress, result); the task framework's own
record (django-tasks-db's DBTaskResult with the database backend) is what the worker
sees. The job keeps its whole input, so a worker in another container can read it and a
retry has it, and its result is written as it goes: a retry resumes where the last run
stopped.

Every write to a job is a column-specific UPDATE filtered on `attempt` (see
`annotator.services.jobs`): a run that a retry superseded finds no row to update and
stops, so two runs of one job never both write."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobKind(models.TextChoices):
    IMPORT = "import", "Import"
    SUGGEST = "suggest", "Suggestions"
    EXPORT = "export", "Export"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
# The error of a job someone stopped (a stopped job is a failed one: it can be retried).
STOPPED_BY = "Stopped by "


def stale_after() -> dt.timedelta:
    """A running job with no progress write for this long has lost its worker."""
    return dt.timedelta(seconds=settings.ANNOTATOR_JOB_STALE_SECONDS)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user, *, everyone: bool):
        return self if everyone else self.filter(started_by=user)

    def without_payload(self):
        """What a list shows: the input text, the input parameters and the full result
        can be megabytes, and a list needs none of them."""
        return self.defer("input_text", "input", "result", "error_detail")


class Job(models.Model):
    kind = models.CharField(max_length=16, choices=JobKind.choices)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    label = models.CharField(max_length=300, help_text="What the job does, in a line.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    # Input: the uploaded text of an import (JSON Lines), and each kind's parameters
    # (import: default source; suggest: the article ids, frozen when the job was started,
    # and the filter that chose them; export: resource, format and filter parameters).
    input_text = models.TextField(blank=True)
    input = models.JSONField(default=dict, blank=True)
    # Progress: `done` of `total` items (lines, articles, rows). For an import or a
    # suggester run, `done` is also where a retry resumes: `result` holds exactly the
    # outcomes of the first `done` items.
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=300, blank=True, help_text="The result, in a line (for lists).")
    error = models.TextField(blank=True, help_text="Why the last run failed, for the analyst.")
    error_detail = models.TextField(blank=True, help_text="The traceback of the last failure, for the operator.")
    # An export's file, a bare name inside ANNOTATOR_EXPORT_DIR; set only once it is complete.
    file = models.CharField(max_length=200, blank=True)
    attempt = models.PositiveIntegerField(default=1, help_text="Raised by each retry; a run of an older one stops.")
    # Automatic retries after a failure (with back-off, up to ANNOTATOR_TASK_RETRIES), and
    # resumptions after its worker stopped beating: neither counts a retry someone asked for.
    retries = models.PositiveIntegerField(default=0, help_text="Automatic retries after a failure.")
    resumes = models.PositiveIntegerField(default=0, help_text="Times resumed after its worker stopped.")
    # The article a suggester run failed on: its page says so until the suggester succeeds there.
    failed_article = models.ForeignKey(
        "annotator.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="failed_jobs"
    )
    task_result_id = models.CharField(max_length=64, blank=True, help_text="The task framework's id of the last run.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="The last beat of its worker.")
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="job_started_by_created")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=JobKind.values), name="job_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="job_status_valid"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.label}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def is_stalled(self) -> bool:
        """Running, but its worker has not beaten for longer than a live one ever is: it
        died (the next worker resumes the job)."""
        if self.status != JobStatus.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at or self.created_at
        return last < timezone.now() - stale_after()

    @property
    def is_stopped(self) -> bool:
        return self.status == JobStatus.FAILED and self.error.startswith(STOPPED_BY)

    @property
    def can_be_retried(self) -> bool:
        return self.status == JobStatus.FAILED or self.is_stalled

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
