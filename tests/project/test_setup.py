"""The setup contract: settings from the environment, a deployable configuration,
migrations in step with the models, and a docker-compose file that agrees with them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A minimal environment: what another test exported must not change the verdict.
    clean_env = {k: os.environ[k] for k in ("PATH", "HOME", "DATABASE_URL", "LANG") if k in os.environ}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=300
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="annotator.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_runs_without_a_secret_key_for_local_development():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("value", "expected"), [(None, "1.1"), ("2", "2.0"), ("", "")])
def test_postgresql_connections_plan_for_data_in_memory_unless_told_otherwise(value, expected):
    env = {"DEBUG": "1", "DATABASE_URL": "postgres://annotator@db.invalid:5432/annotator"}
    if value is not None:
        env["PG_RANDOM_PAGE_COST"] = value
    code = (
        "from django.conf import settings; "
        "print('OPTIONS=' + settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''))"
    )
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("OPTIONS=")]
    assert line == "OPTIONS=" + (f"-c random_page_cost={expected} " if expected else "") + "-c jit=off"


@pytest.mark.parametrize(("value", "expected"), [(None, "-c jit=off"), ("0", "-c jit=off"), ("1", "")])
def test_postgresql_connections_compile_no_plans_unless_told_to(value, expected):
    env = {"DEBUG": "1", "DATABASE_URL": "postgres://annotator@db.invalid:5432/annotator", "PG_RANDOM_PAGE_COST": ""}
    if value is not None:
        env["PG_JIT"] = value
    code = (
        "from django.conf import settings; "
        "print('OPTIONS=' + settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''))"
    )
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("OPTIONS=")]
    assert line == "OPTIONS=" + expected


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_apps_connections_run_without_jit():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_options_given_in_the_database_url_are_kept():
    url = "postgres://annotator@db.invalid:5432/annotator?options=-c%20statement_timeout%3D5000"
    code = "from django.conf import settings; print('OPTIONS=' + settings.DATABASES['default']['OPTIONS']['options'])"
    result = run_manage("shell", "-c", code, DEBUG="1", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("OPTIONS=")]
    assert line == "OPTIONS=-c statement_timeout=5000 -c random_page_cost=1.1 -c jit=off"


@pytest.mark.parametrize(("value", "expected"), [(None, "True"), ("1", "True"), ("0", "None")])
def test_postgresql_parameters_are_bound_server_side_unless_a_bouncer_forbids(value, expected):
    url = "postgres://annotator@db.invalid:5432/annotator"
    options = "settings.DATABASES['default']['OPTIONS']"
    code = f"from django.conf import settings; print('BINDING=', {options}.get('server_side_binding'))"
    extra = {} if value is None else {"PG_PREPARED_STATEMENTS": value}
    result = run_manage("shell", "-c", code, DEBUG="1", DATABASE_URL=url, **extra)
    assert result.returncode == 0, result.stderr
    assert f"BINDING= {expected}" in result.stdout.splitlines()


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert "==" in line, f"{name}: {line} is not pinned"


def test_python_version_is_pinned_to_313():
    assert (ROOT / ".python-version").read_text().strip() == "3.13"


class TestDockerCompose:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    def test_has_database_web_and_two_workers(self):
        # One worker for imports alone, one for every queue (tests/jobs/test_compose.py).
        assert set(self.compose["services"]) == {"db", "web", "worker", "worker-imports"}

    def test_database_is_official_postgres_with_a_volume_and_health_check(self):
        db = self.compose["services"]["db"]
        assert db["image"].startswith("postgres:")
        assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
        assert "pg_isready" in " ".join(db["healthcheck"]["test"])

    def test_web_and_worker_reach_that_database(self):
        db = self.compose["services"]["db"]["environment"]
        for name in ("web", "worker", "worker-imports"):
            env = self.compose["services"][name]["environment"]
            parsed = dj_database_url.parse(env["DATABASE_URL"])
            assert parsed["ENGINE"] == "django.db.backends.postgresql"
            assert parsed["HOST"] == "db"
            assert parsed["PORT"] == 5432
            assert (parsed["NAME"], parsed["USER"], parsed["PASSWORD"]) == (
                db["POSTGRES_DB"],
                db["POSTGRES_USER"],
                db["POSTGRES_PASSWORD"],
            )
            assert env["DEBUG"] == "0"
            assert self.compose["services"][name]["depends_on"]["db"]["condition"] == "service_healthy"

    def test_web_serves_gunicorn_on_the_published_port(self):
        web = self.compose["services"]["web"]
        assert web["ports"] == ["8000:8000"]
        dockerfile = (ROOT / "Dockerfile").read_text()
        assert "gunicorn annotator.wsgi:application --bind 0.0.0.0:8000" in dockerfile
        assert "migrate" in dockerfile and "collectstatic" in dockerfile

    def test_workers_run_the_database_task_backend(self):
        for name in ("worker", "worker-imports"):
            worker = self.compose["services"][name]
            # db_worker, plus resuming the jobs of a worker that died.
            assert worker["command"][:3] == ["python", "manage.py", "worker"]
            assert worker["environment"]["TASKS_BACKEND"] == "database"
        assert "django_tasks_db" in settings.INSTALLED_APPS

    def test_settings_read_every_variable_compose_sets(self):
        source = (ROOT / "annotator" / "settings.py").read_text()
        for name in self.compose["services"]["web"]["environment"]:
            assert f'"{name}"' in source, f"settings.py does not read {name}"
