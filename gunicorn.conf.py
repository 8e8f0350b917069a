"""gunicorn's settings for annotator. gunicorn reads this file from the directory it starts
in: the Docker image (/app) and the benchmark (the checkout) both start there. Command
line flags (`--workers`, `--bind`) still win."""

# The app is loaded once, in the master, and the workers are forked from it: the code
# every worker imports (Django, DRF, psycopg, the models and views, about 60 MiB) is then
# shared between them instead of loaded by each (issue 16: idle memory, PSS).
preload_app = True


def when_ready(server):
    # Called after the app is loaded and before the first worker is forked. Django imports
    # the URLconf, and with it every view, serializer and template tag module, on the
    # first request: done here, in the master, those modules are shared by all workers
    # instead of imported again by each (5 workers after a round of every page: 673 ->
    # 343 MiB PSS with the task worker, together with the agreement module no longer
    # importing scikit-learn).
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf
    # Everything alive now lives as long as the process: frozen and immortal, neither the
    # garbage collector nor reference counting writes to (and so copies) those shared pages
    # in every worker (annotator/prefork.py).
    from django.db import connections

    from annotator.prefork import freeze_heap, warm_up
    from annotator.web_tasks import queue_specs, start_supervisor

    warm_up()
    # No connection may be shared with the forked processes.
    connections.close_all()
    freeze_heap()
    # A one-machine install may run its task workers from here too, sharing this heap
    # (annotator/web_tasks.py): ANNOTATOR_WEB_TASK_QUEUES="*".
    if specs := queue_specs():
        server.annotator_task_supervisor = start_supervisor(specs, close_in_child=server.LISTENERS)


def on_exit(server):
    from annotator.web_tasks import stop_supervisor

    if pid := getattr(server, "annotator_task_supervisor", None):
        stop_supervisor(pid)
