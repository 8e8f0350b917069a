"""Task workers forked from the web server's master, for a one-machine install.

A task worker started on its own (`manage.py worker`) loads Django and the app again:
about 75 MiB of its own, as much as two web workers. Set ANNOTATOR_WEB_TASK_QUEUES and
gunicorn's master (gunicorn.conf.py) forks the task workers from its loaded, frozen heap
instead, so they share it with the web workers: one worker per space-separated entry,
each entry being what `manage.py worker --queue-name` takes ("*", "imports",
"default,exports"). A team server that runs its workers in their own containers
(docker-compose.yml) leaves it unset.

gunicorn supervises only its own web workers, so the master forks one small supervisor
that forks the task workers and restarts one that dies (after 1 s, doubling up to 60 s
while it keeps dying at start). The supervisor stops its workers, letting each finish
its current task as `manage.py worker` does on SIGTERM, when gunicorn stops (the
`on_exit` hook) or when the master is gone. A job a worker was running when it died is
resumed by the heartbeat watch (annotator/services/job_recovery.py), as with separate
workers."""

from __future__ import annotations

import logging
import os
import signal
import time

logger = logging.getLogger(__name__)

ENV = "ANNOTATOR_WEB_TASK_QUEUES"
FIRST_BACKOFF_S = 1.0
MAX_BACKOFF_S = 60.0
# A worker that ran this long before dying was not failing at start: restart it at once.
HEALTHY_AFTER_S = 30.0
STOP_GRACE_S = 30.0


def queue_specs(value: str | None = None) -> list[str]:
    """The --queue-name of each task worker to fork; [] when none are asked for."""
    value = os.environ.get(ENV, "") if value is None else value
    return value.split()


def run_task_worker(queues: str) -> None:
    """The body of one forked task worker: `manage.py worker --queue-name QUEUES`."""
    from django.core.management import call_command

    call_command("worker", queue_name=queues, reload=False, verbosity=1)


class Supervisor:
    """Runs in its own process, forked from gunicorn's master."""

    def __init__(self, specs: list[str], master_pid: int, run=run_task_worker):
        self.specs = specs
        self.master_pid = master_pid
        self.run_worker = run
        self.children: dict[int, str] = {}
        self.backoff = dict.fromkeys(specs, FIRST_BACKOFF_S)
        self.started: dict[str, float] = {}
        self.stopping = False

    def fork_worker(self, spec: str) -> None:
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                self.run_worker(spec)
            except BaseException:
                logger.exception("task worker for %r stopped with an error", spec)
                code = 1
            finally:
                os._exit(code)
        self.children[pid] = spec
        self.started[spec] = time.monotonic()

    def _stop(self, signum, frame) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for spec in self.specs:
            self.fork_worker(spec)
        restart_at: dict[str, float] = {}
        while not self.stopping:
            if os.getppid() != self.master_pid:
                logger.warning("gunicorn's master is gone: stopping the task workers")
                break
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid, status = 0, 0
            if pid and pid in self.children:
                spec = self.children.pop(pid)
                ran = time.monotonic() - self.started[spec]
                if ran >= HEALTHY_AFTER_S:
                    self.backoff[spec] = FIRST_BACKOFF_S
                delay = self.backoff[spec]
                self.backoff[spec] = min(delay * 2, MAX_BACKOFF_S)
                logger.warning("task worker for %r exited (status %s); restarting in %.0f s", spec, status, delay)
                restart_at[spec] = time.monotonic() + delay
            now = time.monotonic()
            for spec, when in list(restart_at.items()):
                if now >= when:
                    del restart_at[spec]
                    self.fork_worker(spec)
            time.sleep(0.2)
        self.stop_children()
        return 0

    def stop_children(self) -> None:
        for pid in self.children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + STOP_GRACE_S
        while self.children and time.monotonic() < deadline:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid:
                self.children.pop(pid, None)
            else:
                time.sleep(0.1)
        for pid in self.children:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.children.clear()


def start_supervisor(specs: list[str], *, close_in_child=(), run=run_task_worker) -> int:
    """Fork the supervisor from this process (gunicorn's master, whose heap is loaded and
    frozen); returns its pid. The master's own signal handlers and listening sockets are
    dropped in the child: they are the master's business."""
    master = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        for each in (signal.SIGHUP, signal.SIGQUIT, signal.SIGTTIN, signal.SIGTTOU, signal.SIGUSR1,
                     signal.SIGUSR2, signal.SIGWINCH, signal.SIGCHLD):  # fmt: skip
            signal.signal(each, signal.SIG_DFL)
        for each in close_in_child:
            each.close()
        code = Supervisor(specs, master, run).run()
    except BaseException:
        logger.exception("the task worker supervisor stopped with an error")
        code = 1
    finally:
        os._exit(code)


def stop_supervisor(pid: int, timeout: float = STOP_GRACE_S + 5) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return  # gunicorn's master reaped it already
        if done:
            return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
