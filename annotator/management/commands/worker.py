"""`manage.py worker`: django-tasks-db's `db_worker` (same options: --queue-name, --batch,
--interval...) that also resumes the jobs of dead workers. As it starts, and then every
ANNOTATOR_JOB_HEARTBEAT_SECONDS from a thread beside the task it runs, it queues again
every running job whose worker has not beaten for ANNOTATOR_JOB_STALE_SECONDS
(`jobs_resume_stalled`); whichever worker takes that queue carries the job on where it
stopped. Resuming is an UPDATE filtered on the job's attempt, so many workers may look
at once and a job is resumed once."""

import logging
import os
import threading

from django.db import DatabaseError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from annotator.services.job_recovery import jobs_resume_stalled

logger = logging.getLogger(__name__)


def resume_stalled_jobs() -> list[int]:
    try:
        return jobs_resume_stalled()
    except DatabaseError:
        logger.warning("Could not look for stalled jobs; trying again later", exc_info=True)
        return []


class Watch:
    """A thread that resumes stalled jobs every `every` seconds until stopped."""

    def __init__(self, every: float):
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stalled-job-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        try:
            while not self._stop.wait(self.every):
                resume_stalled_jobs()
        finally:
            connections.close_all()


class Command(DbWorkerCommand):
    help = "Run a background worker that also resumes the jobs of workers that died."

    def handle(self, *args, **options):
        from django.conf import settings

        # Under the autoreloader the parent process only restarts its child: the child watches.
        reloading_parent = options.get("reload") and not options.get("batch")
        if reloading_parent and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            return super().handle(*args, **options)
        resumed = resume_stalled_jobs()
        if resumed and options.get("verbosity", 1):
            self.stdout.write(f"Resumed {len(resumed)} stalled job(s): {', '.join(map(str, resumed))}")
        if options.get("batch"):
            return super().handle(*args, **options)
        watch = Watch(settings.ANNOTATOR_JOB_HEARTBEAT_SECONDS or 5)
        watch.start()
        try:
            return super().handle(*args, **options)
        finally:
            watch.stop()
