"""On the team server the worker writes export files and the web app serves them: both
mount one volume at the export directory, and the image has that directory, owned by
the app's user (a volume mounted on a missing directory would be root's, and unwritable)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_web_and_worker_share_the_export_directory_as_a_volume():
    where = COMPOSE["services"]["web"]["environment"]["ANNOTATOR_EXPORT_DIR"]
    assert COMPOSE["services"]["worker"]["environment"]["ANNOTATOR_EXPORT_DIR"] == where
    for name in ("web", "worker"):
        mounts = COMPOSE["services"][name]["volumes"]
        assert f"exports:{where}" in mounts, name
    assert "exports" in COMPOSE["volumes"]


def test_the_image_creates_the_export_directory_before_handing_the_app_to_its_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    where = COMPOSE["services"]["web"]["environment"]["ANNOTATOR_EXPORT_DIR"]
    assert where.startswith("/app/")
    relative = where.removeprefix("/app/")
    assert f"mkdir -p {relative}" in dockerfile
    assert dockerfile.index(f"mkdir -p {relative}") < dockerfile.index("chown -R app:app /app")


def _worker_queues(service: dict) -> str | None:
    """The queues a service's `manage.py worker` takes, or None when it runs no worker."""
    command = service.get("command") or []
    if command[:3] != ["python", "manage.py", "worker"]:
        return None
    return command[command.index("--queue-name") + 1] if "--queue-name" in command else "default"


def test_two_workers_one_taking_imports_alone_so_an_import_never_waits_behind_the_suggester():
    queues = {name: _worker_queues(service) for name, service in COMPOSE["services"].items()}
    workers = {name: queue for name, queue in queues.items() if queue is not None}
    assert len(workers) == 2, workers
    assert "imports" in workers.values()  # a lane of its own
    assert "*" in workers.values()  # and one for every queue: the suggester, exports
    for name in workers:
        # Each restarts when it dies; its jobs are resumed by the other meanwhile.
        assert COMPOSE["services"][name]["restart"] == "unless-stopped"
        assert COMPOSE["services"][name]["environment"]["TASKS_BACKEND"] == "database"
