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
